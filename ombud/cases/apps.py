from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "ombud.cases"
    label = "cases"
    verbose_name = "Cases"
