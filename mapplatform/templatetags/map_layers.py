"""{% extra_map_layers %}: the controls and scripts of the layers other apps add to the map."""

from django import template

from ..layers import extra_map_layers as registered_layers

register = template.Library()


@register.inclusion_tag("mapplatform/_extra_layers.html", takes_context=True)
def extra_map_layers(context):
    return {"layers": registered_layers(), "request": context.get("request")}
