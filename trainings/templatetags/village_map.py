"""{% village_map_filters %}: the Future Village layer's filters on the resource map."""

from django import template

from ..forms_villages import VillageMapForm

register = template.Library()


@register.inclusion_tag("trainings/_village_map_filters_form.html", takes_context=True)
def village_map_filters(context):
    request = context.get("request")
    query = request.GET if request is not None else {}
    form = VillageMapForm(initial={"stage": query.get("village_stage", ""), "role": query.get("village_role", "")},
                          auto_id="village-layer-%s")
    return {"form": form}
