from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = "Programme"

    def ready(self):
        from programme import receivers

        receivers.connect()
