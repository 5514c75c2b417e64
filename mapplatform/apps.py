from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MapplatformConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mapplatform"
    verbose_name = _("Resource map")
