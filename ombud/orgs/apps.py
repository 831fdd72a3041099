from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "ombud.orgs"
    label = "orgs"
    verbose_name = "Organizations and access"
