"""Extra layers of the resource map, contributed by the apps above mapplatform.

mapplatform may not import trainings, yet the map shows Future Village's villages. A higher app
registers a MapLayer here from its AppConfig.ready(); the map page renders every registered
layer's controls and static script (no inline script, CSP) through {% extra_map_layers %}. The
layer's script draws its own data, asked from the higher app's bounded endpoint, onto
window.ngo20.resourceMap and its layer control.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class MapLayer:
    key: str  # unique, used in element ids and the page's query string
    label: str  # lazy translated name in the layer control
    data_url_name: str  # URL name of a GeoJSON endpoint taking bbox=west,south,east,north
    script: str  # static path of the script that draws the layer
    controls_template: str = ""  # optional partial with the layer's own filters


_layers: dict[str, MapLayer] = {}


def register_map_layer(layer):
    """Add (or replace, on a reload) a layer; called from an AppConfig.ready()."""
    _layers[layer.key] = layer


def extra_map_layers():
    return list(_layers.values())
