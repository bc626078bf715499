from django.apps import AppConfig


class InscriptionsConfig(AppConfig):
    name = "inscriptions"
    verbose_name = "Inscriptions"

    def ready(self):
        from inscriptions import backends  # noqa: F401 — connects the login-throttling signals
