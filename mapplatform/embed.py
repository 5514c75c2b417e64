"""The map that partners embed in their own pages: the filter they choose, and the one route the
site lets other sites frame (EMBED_FRAME_ANCESTORS); every other page stays unframeable."""

from functools import wraps
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_exempt

from .forms import MapFilterForm

# The filters a partner may fix for an embedded map (the rest of the map's filters stay open).
EMBED_FILTERS = ("province", "field", "resource_type", "post_kind")


class EmbedFilterForm(MapFilterForm):
    """The map's own filter form, cut down to what a partner chooses for an embedded map."""

    height = forms.IntegerField(label=_("Height in pixels"), required=False, min_value=240, max_value=1200,
                                initial=480)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in (*EMBED_FILTERS, "height"):
                del self.fields[name]

    def query(self):
        """The chosen filters as a query string for /embed/map/ (empty values left out)."""
        values = {}
        for name in EMBED_FILTERS:
            value = self.cleaned_data.get(name)
            if value:
                values[name] = getattr(value, "slug", None) or getattr(value, "pk", None) or value
        return urlencode(values)


def frame_ancestors():
    """The CSP frame-ancestors sources for the embeddable routes: any site ("*"), or this site
    and the listed origins."""
    origins = [origin.strip() for origin in settings.EMBED_FRAME_ANCESTORS if origin.strip()]
    if not origins or "*" in origins:
        return ["*"]
    return ["'self'", *origins]


def allow_framing(view):
    """Lets other sites show this view in an <iframe>: no X-Frame-Options, and a CSP whose
    frame-ancestors comes from settings.EMBED_FRAME_ANCESTORS instead of the site's 'none'."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response._csp_replace = {"frame-ancestors": frame_ancestors()}  # read by django-csp's middleware
        return response

    return xframe_options_exempt(wrapped)
