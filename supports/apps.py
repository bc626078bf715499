from django.apps import AppConfig


class SupportsConfig(AppConfig):
    name = "supports"
    verbose_name = "Supports des séances"

    def ready(self):
        from supports import receivers

        receivers.connect()
