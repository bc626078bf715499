from django.apps import AppConfig


class AutomneConfig(AppConfig):
    name = "automne"
    verbose_name = "Site"
