from django.apps import AppConfig


class CahierConfig(AppConfig):
    name = "cahier"
    verbose_name = "Cahier réflexif"

    def ready(self):
        from cahier import receivers

        receivers.connect()
