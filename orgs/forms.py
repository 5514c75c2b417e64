"""Forms for the directory, the profile editor and claims."""

from decimal import Decimal

from django import forms
from django.contrib.gis.geos import Point
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import (
    Division,
    IssueField,
    Membership,
    Organization,
    OrganizationKind,
    Region,
)
from .services.organizations import PROFILE_FIELDS
from .services.policies import policy_consent_record


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *OrganizationKind.choices]
    )
    field = forms.ModelChoiceField(
        label=_("Issue field"),
        required=False,
        queryset=IssueField.objects.all(),
        to_field_name="slug",
        empty_label=_("All issue fields"),
    )
    province = forms.ModelChoiceField(
        label=_("Province"),
        required=False,
        queryset=Division.objects.filter(level="province"),
        empty_label=_("All provinces"),
    )
    region = forms.ChoiceField(
        label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices]
    )


class DivisionSelect(forms.Select):
    """A select whose options carry the division's seat, so the map can move there."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-lon"] = f"{instance.centroid.x:.6f}"
            option["attrs"]["data-lat"] = f"{instance.centroid.y:.6f}"
            option["attrs"]["data-level"] = instance.level
        return option


class OrganizationForm(forms.ModelForm):
    """The profile editor. The point is typed or placed on the map as longitude/latitude."""

    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        min_value=Decimal("-180"),
        max_value=Decimal("180"),
        max_digits=10,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "0.000001"}),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        min_value=Decimal("-90"),
        max_value=Decimal("90"),
        max_digits=9,
        decimal_places=6,
        widget=forms.NumberInput(attrs={"step": "0.000001"}),
    )

    class Meta:
        model = Organization
        fields = [field for field in PROFILE_FIELDS if field != "location"] + ["issue_fields"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "issue_fields": forms.CheckboxSelectMultiple,
            "province": DivisionSelect,
            "city": DivisionSelect,
            "county": DivisionSelect,
        }

    FIELDSETS = [
        (_("About"), ["kind", "name", "name_en", "slug", "description", "issue_fields"]),
        (
            _("Registration and team"),
            [
                "registration_status",
                "registration_year",
                "credit_code",
                "charity_recognized",
                "charity_recognized_year",
                "public_fundraising",
                "evaluation_grade",
                "evaluation_year",
                "founded_year",
                "staff_full_time",
                "staff_part_time",
                "volunteers",
                "service_area",
            ],
        ),
        (
            _("Contact"),
            ["contact_name", "contact_email", "contact_phone", "website", "weibo", "wechat", "logo"],
        ),
    ]
    PLACE_FIELDS = ["province", "city", "county", "address"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Optional: leave empty and one is made from the name. Letters, digits and hyphens."
        )
        self.fields["province"].queryset = Division.objects.filter(level="province")
        province_code = self._selected("province")
        city_code = self._selected("city")
        # Only the chosen province's cities and the chosen city's counties are listed; the
        # browser reloads them when the choice changes (orgs/js/profile-editor.js).
        self.fields["city"].queryset = Division.objects.filter(level="city", parent_id=province_code)
        self.fields["county"].queryset = Division.objects.filter(level="county").filter(
            Q(parent_id=city_code) | Q(parent_id=province_code)
            if city_code
            else Q(parent_id=province_code)
        )
        self.fields["issue_fields"].queryset = IssueField.objects.order_by("position")
        if self.instance.location is not None and not self.is_bound:
            self.initial["longitude"] = round(Decimal(self.instance.location.x), 6)
            self.initial["latitude"] = round(Decimal(self.instance.location.y), 6)

    def clean_slug(self):
        # An emptied web address on an existing profile keeps the current one (links stay valid);
        # a new profile gets one made from its name.
        slug = self.cleaned_data.get("slug")
        if not slug and self.instance.pk:
            return self.instance.slug
        return slug

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def place_fields(self):
        return [self[name] for name in self.PLACE_FIELDS]

    def _selected(self, name):
        if self.is_bound:
            return (self.data.get(self.add_prefix(name)) or "")[:6] or None
        return getattr(self.instance, f"{name}_id", None) or self.initial.get(name)

    def clean(self):
        cleaned = super().clean()
        longitude, latitude = cleaned.get("longitude"), cleaned.get("latitude")
        if (longitude is None) != (latitude is None):
            raise forms.ValidationError(
                _("Give both longitude and latitude, or neither (the division's seat is used).")
            )
        if longitude is not None:
            cleaned["location"] = Point(float(longitude), float(latitude), srid=4326)
        else:
            cleaned["location"] = None
        self.instance.location = cleaned["location"]
        return cleaned

    def _update_errors(self, errors):
        # The model checks the point as "location"; on this form it is typed as coordinates.
        error_dict = getattr(errors, "error_dict", None)
        if error_dict and "location" in error_dict:
            error_dict.setdefault("longitude", []).extend(error_dict.pop("location"))
        super()._update_errors(errors)

    def profile_data(self):
        data = {key: self.cleaned_data.get(key) for key in PROFILE_FIELDS if key in self.cleaned_data}
        data["location"] = self.cleaned_data.get("location")
        if self.cleaned_data.get("logo") is False:  # "clear" ticked
            data["logo"] = ""
        return data


class ClaimForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}


class StatusReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class PolicyConsentForm(forms.Form):
    """One box for the privacy policy and the terms in force; unticked, nothing is recorded."""

    agree = forms.BooleanField(
        label=_("I have read and agree to the privacy policy and the terms of use."),
        error_messages={"required": _("Tick the box to agree to the privacy policy and the terms of use.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agree"].help_text = format_html(
            '<a href="{}" target="_blank">{}</a> · <a href="{}" target="_blank">{}</a>',
            reverse("orgs:policy", args=["privacy"]), _("Privacy policy"),
            reverse("orgs:policy", args=["terms"]), _("Terms of use"),
        )


class SignupConsentForm(PolicyConsentForm):
    """allauth's sign-up form gets the consent box (ACCOUNT_SIGNUP_FORM_CLASS); the consent is
    recorded with the new account, with its time and the versions shown."""

    def signup(self, request, user):
        policy_consent_record(user=user)
