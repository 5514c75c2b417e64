from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "trainings"
    verbose_name = _("Workshops")

    def ready(self):
        # Future Village shows on pages of the apps below, which may not import trainings: it
        # registers itself in their extension points.
        from mapplatform.layers import MapLayer, register_map_layer
        from orgs.places import PlaceSection, register_place_section

        from .selectors_villages import future_village_in_place

        register_map_layer(MapLayer(
            key="villages", label=_("Future Village"), data_url_name="trainings:village-map-data",
            script="trainings/js/village-layer.js", controls_template="trainings/_village_map_filters.html"))
        register_place_section(PlaceSection(
            key="future_village", template="trainings/_place_section.html", context=future_village_in_place, order=60))
        # How this app's rows move when two organizations merge (orgs/services/merge.py).
        from . import merging

        merging.register()
