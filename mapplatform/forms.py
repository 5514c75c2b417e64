"""Forms: the map's filters (shared by the page and the API), posts, matches, suggestions, flags."""

import datetime
from decimal import Decimal

from django import forms
from django.contrib.gis.geos import Point
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.widgets import DateInput
from orgs.models import Division, IssueField, OrganizationKind, Region

from .models import FlagReason, PostKind, ResourcePost, ResourceType, Suggestion

LAYERS = [("orgs", _("Organizations")), ("posts", _("Needs and offers"))]


class MapFilterForm(forms.Form):
    """What the map shows. Lives in the URL, so a filtered map is a shareable link."""

    org_kind = forms.ChoiceField(label=_("Kind of organization"), required=False,
                                 choices=[("", _("All kinds")), *OrganizationKind.choices])
    field = forms.ModelChoiceField(label=_("Issue field"), required=False, queryset=IssueField.objects.all(),
                                   to_field_name="slug", empty_label=_("All issue fields"))
    province = forms.ModelChoiceField(label=_("Province"), required=False,
                                      queryset=Division.objects.filter(level="province"),
                                      empty_label=_("All provinces"))
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices])
    resource_type = forms.ChoiceField(label=_("Resource"), required=False,
                                      choices=[("", _("All resources")), *ResourceType.choices])
    post_kind = forms.ChoiceField(label=_("Needs or offers"), required=False,
                                  choices=[("", _("Needs and offers")), *PostKind.choices])


class MapViewForm(MapFilterForm):
    """Filters plus the visible box and zoom, for the data requests."""

    layer = forms.ChoiceField(choices=LAYERS, required=False)
    bbox = forms.CharField(required=True, max_length=100)
    zoom = forms.IntegerField(min_value=0, max_value=20, required=False)

    def clean_bbox(self):
        try:
            west, south, east, north = (float(part) for part in self.cleaned_data["bbox"].split(","))
        except ValueError as exc:
            raise forms.ValidationError(_("Give the box as west,south,east,north in degrees.")) from exc
        if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
            raise forms.ValidationError(_("The box is outside the valid range of longitude and latitude."))
        if west >= east or south >= north:
            raise forms.ValidationError(_("West must be less than east, and south less than north."))
        return west, south, east, north

    def clean_layer(self):
        return self.cleaned_data.get("layer") or "orgs"

    def clean_zoom(self):
        zoom = self.cleaned_data.get("zoom")
        return 5 if zoom is None else zoom


class LocationFields(forms.Form):
    """Longitude and latitude typed or set by a click on the map, checked for range."""

    longitude = forms.DecimalField(label=_("Longitude"), required=False, min_value=Decimal("-180"),
                                   max_value=Decimal("180"), max_digits=10, decimal_places=6)
    latitude = forms.DecimalField(label=_("Latitude"), required=False, min_value=Decimal("-90"),
                                  max_value=Decimal("90"), max_digits=9, decimal_places=6)

    def location(self):
        longitude, latitude = self.cleaned_data.get("longitude"), self.cleaned_data.get("latitude")
        if longitude is None or latitude is None:
            return None
        return Point(float(longitude), float(latitude), srid=4326)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("longitude") is None) != (cleaned.get("latitude") is None):
            raise forms.ValidationError(_("Give both longitude and latitude, or neither."))
        return cleaned


class PostForm(LocationFields, forms.ModelForm):
    organization = forms.ChoiceField(label=_("Posted for"))

    class Meta:
        model = ResourcePost
        fields = ["kind", "resource_type", "title", "description", "quantity", "unit", "expires_on", "issue_fields"]
        widgets = {
            "expires_on": DateInput(),
            "description": forms.Textarea(attrs={"rows": 5}),
            "issue_fields": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organizations=(), allow_individual=True, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(organization.slug, organization.name) for organization in organizations]
        if allow_individual:
            choices.append(("", _("Myself (an offer of goods or volunteering)")))
        self.fields["organization"].choices = choices
        self.fields["organization"].required = False
        self.fields["issue_fields"].queryset = IssueField.objects.order_by("position")
        self.fields["issue_fields"].required = False
        self.fields["issue_fields"].help_text = _("Empty: the organization's own issue fields.")
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("expires_on", timezone.localdate() + datetime.timedelta(days=60))
        if self.instance.pk:
            del self.fields["organization"]
            if not self.is_bound:
                self.initial["longitude"] = round(Decimal(self.instance.location.x), 6)
                self.initial["latitude"] = round(Decimal(self.instance.location.y), 6)

    def post_data(self):
        data = {key: self.cleaned_data.get(key) for key in
                ("kind", "resource_type", "title", "description", "quantity", "unit", "expires_on")}
        location = self.location()
        if location is not None or self.instance.pk:
            data["location"] = location
        return data


class ProposeForm(forms.Form):
    mine = forms.ModelChoiceField(label=_("Your post"), queryset=ResourcePost.objects.none())
    message = forms.CharField(label=_("Message"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, my_posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mine"].queryset = my_posts


class SuggestionForm(LocationFields, forms.ModelForm):
    class Meta:
        model = Suggestion
        fields = ["name", "kind", "issue_fields", "description", "website"]
        widgets = {"issue_fields": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        if self.location() is None and not self.errors:
            raise forms.ValidationError(_("Place the organization on the map, or type its coordinates."))
        return cleaned


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=FlagReason.choices)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=500)
