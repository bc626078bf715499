from django.apps import AppConfig


class IntervenantsConfig(AppConfig):
    name = "intervenants"
    verbose_name = "Espace des intervenant·e·s"

    def ready(self):
        from intervenants import receivers

        receivers.connect()
