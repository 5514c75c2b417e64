"""RSS and Atom feeds of the map, for any map filter: the newest needs and offers (or organizations)
that the map with the same query string shows. Bounded: the newest FEED_SIZE items."""

from django.contrib.gis.geos import Polygon
from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .selectors import organizations_on_map, posts_on_map
from .subscription_forms import FeedFilterForm

FEED_SIZE = 50


def _filters_text(filters):
    parts = [str(value) for key in ("province", "field") if (value := filters.get(key))]
    form = FeedFilterForm()
    for key in ("region", "org_kind", "resource_type", "post_kind"):
        if value := filters.get(key):
            parts.append(str(dict(form.fields[key].choices).get(value, value)))
    return " · ".join(parts)


class MapFeed(Feed):
    """Parsed filters are the feed's object; a bad filter is answered with a 400 by `map_feed`."""

    def get_object(self, request):
        return {"filters": request.feed_filters, "query": request.GET.urlencode()}

    def title(self, obj):
        filters = obj["filters"]
        what = _("New organizations") if filters["layer"] == "orgs" else _("New needs and offers")
        text = _filters_text(filters)
        return f"{_('NGO 2.0')}: {what}" + (f" ({text})" if text else "")

    def link(self, obj):
        return reverse("mapplatform:map") + (f"?{obj['query']}" if obj["query"] else "")

    def description(self, obj):
        return _("The newest items on the NGO 2.0 map with this filter.")

    subtitle = description

    def items(self, obj):
        filters = obj["filters"]
        if filters["layer"] == "orgs":
            queryset = organizations_on_map(filters=filters).select_related("province", "county").order_by(
                "-created_at", "-id")
        else:
            queryset = posts_on_map(filters=filters).select_related("organization", "author").order_by(
                "-created_at", "-id")
        if filters.get("bbox"):
            queryset = queryset.filter(location__within=Polygon.from_bbox(filters["bbox"]))
        return queryset[:FEED_SIZE]

    def item_title(self, item):
        if hasattr(item, "title"):
            return f"[{item.get_kind_display()} · {item.get_resource_type_display()}] {item.title}"
        return item.name

    def item_description(self, item):
        if hasattr(item, "title"):
            return f"{item.owner_name}: {item.description[:500]}"
        place = item.county or item.province
        return f"{place}: {item.description[:500]}"

    def item_pubdate(self, item):
        return item.created_at

    def item_categories(self, item):
        if hasattr(item, "title"):
            return [item.get_kind_display(), item.get_resource_type_display()]
        return [item.get_kind_display()]


class AtomMapFeed(MapFeed):
    feed_type = Atom1Feed


rss_feed = MapFeed()
atom_feed = AtomMapFeed()


def _feed_view(feed):
    def view(request):
        form = FeedFilterForm(request.GET)
        if not form.is_valid():
            errors = "; ".join(f"{key}: {' '.join(messages)}" for key, messages in form.errors.items())
            return HttpResponseBadRequest(_("This map filter is not valid: %(errors)s") % {"errors": errors},
                                          content_type="text/plain; charset=utf-8")
        request.feed_filters = form.cleaned_data
        return feed(request)

    return view


map_feed_rss = _feed_view(rss_feed)
map_feed_atom = _feed_view(atom_feed)
