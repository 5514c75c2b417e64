"""Forms for following an area: the place (division or map box), narrowing, frequency; the feed's filter."""

from django import forms
from django.contrib.gis.geos import Polygon
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgs.models import Division, IssueField

from .forms import LAYERS, MapFilterForm, MapViewForm
from .models import DigestFrequency, PostKind, ResourceType


def parse_bbox(value):
    """'west,south,east,north' → a checked tuple, or ValidationError (shared with the map's form)."""
    form = MapViewForm({"bbox": value})
    form.is_valid()
    if "bbox" in form.errors:
        raise forms.ValidationError(form.errors["bbox"])
    return form.cleaned_data["bbox"]


class SubscriptionForm(forms.Form):
    """Follow a province, city or county, or the box the map showed; the most precise choice wins."""

    province = forms.ModelChoiceField(label=_("Province"), required=False,
                                      queryset=Division.objects.filter(level="province"), empty_label=_("---"))
    city = forms.ModelChoiceField(label=_("City"), required=False,
                                  queryset=Division.objects.none(), empty_label=_("All of the province"))
    county = forms.ModelChoiceField(label=_("County"), required=False,
                                    queryset=Division.objects.none(), empty_label=_("All of the city"))
    bbox = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)
    issue_fields = forms.ModelMultipleChoiceField(
        label=_("Issue fields"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=IssueField.objects.order_by("position"), help_text=_("None chosen: every field."))
    resource_types = forms.MultipleChoiceField(
        label=_("Resources"), required=False, widget=forms.CheckboxSelectMultiple, choices=ResourceType.choices,
        help_text=_("None chosen: every kind of resource."))
    needs = forms.BooleanField(label=_("New needs"), required=False, initial=True)
    offers = forms.BooleanField(label=_("New offers"), required=False, initial=True)
    organizations = forms.BooleanField(label=_("New organizations"), required=False, initial=True)
    frequency = forms.ChoiceField(label=_("Email me"), choices=DigestFrequency.choices, widget=forms.RadioSelect,
                                  initial=DigestFrequency.WEEKLY)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        province, city = self._selected("province"), self._selected("city")
        # Only the chosen province's cities and the chosen city's (or province's) counties are
        # listed; mapplatform/js/follow.js reloads them when the choice changes.
        self.fields["city"].queryset = Division.objects.filter(level="city", parent_id=province)
        self.fields["county"].queryset = Division.objects.filter(level="county").filter(
            Q(parent_id=city) | Q(parent_id=province) if city else Q(parent_id=province))

    def _selected(self, name):
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        value = getattr(value, "pk", value)
        return str(value)[:6] if value else None

    @classmethod
    def initial_from_query(cls, query):
        """Initial values from a map or directory filter in the query string."""
        initial = {}
        for name in ("province", "city", "county"):
            if query.get(name, "").isdigit():
                initial[name] = query[name][:6]
        if query.get("bbox"):
            initial["bbox"] = query["bbox"][:100]
        if query.get("field"):
            initial["issue_fields"] = list(IssueField.objects.filter(slug=query["field"][:40]))
        if query.get("resource_type") in ResourceType.values:
            initial["resource_types"] = [query["resource_type"]]
        if query.get("post_kind") in PostKind.values:
            initial["needs"] = query["post_kind"] == PostKind.NEED
            initial["offers"] = query["post_kind"] == PostKind.OFFER
        return initial

    @classmethod
    def initial_from_subscription(cls, subscription):
        division = subscription.division
        initial = {
            "issue_fields": list(subscription.issue_fields.all()),
            "resource_types": subscription.resource_types,
            "needs": subscription.needs, "offers": subscription.offers,
            "organizations": subscription.organizations, "frequency": subscription.frequency,
        }
        if subscription.box is not None:
            initial["bbox"] = ",".join(f"{value:.5f}" for value in subscription.box.extent)
        chain = []
        while division is not None:
            chain.append(division)
            division = division.parent
        for division in chain:
            initial[division.level] = division.code
        return initial

    def clean_bbox(self):
        value = self.cleaned_data.get("bbox")
        return parse_bbox(value) if value else None

    def clean(self):
        cleaned = super().clean()
        division = cleaned.get("county") or cleaned.get("city") or cleaned.get("province")
        if division is None and not cleaned.get("bbox") and "bbox" not in self.errors:
            raise forms.ValidationError(_("Choose a province, city or county, or follow the area shown on the map."))
        if not (cleaned.get("needs") or cleaned.get("offers") or cleaned.get("organizations")):
            raise forms.ValidationError(_("Follow at least one of needs, offers or new organizations."))
        cleaned["division"] = division
        return cleaned

    @property
    def box_text(self):
        """The followed box as text, for the page (when no division is chosen)."""
        value = self.data.get("bbox") if self.is_bound else self.initial.get("bbox")
        try:
            west, south, east, north = parse_bbox(value) if value else (None,) * 4
        except forms.ValidationError:
            return ""
        if west is None:
            return ""
        return _("%(west).2f–%(east).2f°E, %(south).2f–%(north).2f°N") % {
            "west": west, "east": east, "south": south, "north": north}

    def subscription_data(self):
        data = self.cleaned_data
        division = data["division"]
        return {
            "division": division,
            "box": None if division is not None else Polygon.from_bbox(data["bbox"]),
            "resource_types": list(data["resource_types"]),
            "needs": data["needs"], "offers": data["offers"], "organizations": data["organizations"],
            "frequency": data["frequency"],
        }


class FeedFilterForm(MapFilterForm):
    """A map filter for the feed: the map's filters, the layer, and optionally the visible box."""

    layer = forms.ChoiceField(choices=LAYERS, required=False)
    bbox = forms.CharField(required=False, max_length=100)

    def clean_layer(self):
        return self.cleaned_data.get("layer") or "posts"

    def clean_bbox(self):
        value = self.cleaned_data.get("bbox")
        return parse_bbox(value) if value else None
