from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class IntervenantsConfig(AppConfig):
    name = "intervenants"
    verbose_name = gettext_lazy("Espace des intervenant·e·s")

    def ready(self):
        from intervenants import receivers

        receivers.connect()
