from django.apps import AppConfig


class RemisesConfig(AppConfig):
    name = "remises"
    verbose_name = "Remise et évaluation du cahier"
