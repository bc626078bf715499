from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class SupportsConfig(AppConfig):
    name = "supports"
    verbose_name = gettext_lazy("Supports des séances")

    def ready(self):
        from supports import receivers

        receivers.connect()
