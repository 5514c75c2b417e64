from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "orgs"
    verbose_name = _("Organizations")

    def ready(self):
        # How this app's rows move when two organizations merge (orgs/services/merge.py).
        from . import merging

        merging.register()
