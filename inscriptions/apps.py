from django.apps import AppConfig


class InscriptionsConfig(AppConfig):
    name = "inscriptions"
    verbose_name = "Inscriptions"

    def ready(self):
        from inscriptions import receivers

        receivers.connect()
