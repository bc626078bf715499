from django.apps import AppConfig


class CahierConfig(AppConfig):
    name = "cahier"
    verbose_name = "Cahier réflexif"
