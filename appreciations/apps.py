from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AppreciationsConfig(AppConfig):
    name = "appreciations"
    verbose_name = gettext_lazy("Évaluations des séances et de l'école")

    def ready(self):
        from appreciations import receivers

        receivers.connect()
