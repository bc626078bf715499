from django.apps import AppConfig


class AppreciationsConfig(AppConfig):
    name = "appreciations"
    verbose_name = "Évaluations des séances et de l'école"

    def ready(self):
        from appreciations import receivers

        receivers.connect()
