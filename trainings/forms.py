from django import forms
from django.utils.translation import gettext_lazy as _

from orgs.models import Region, WorkshopField

from .models import Application, Challenge, ChallengeOrigin, Event, HackathonRegistration, Position


class ApplicationForm(forms.ModelForm):
    organization = forms.ChoiceField(label=_("Organization"))

    class Meta:
        model = Application
        fields = ["position", "job_title", "motivation", "internet_use"]
        widgets = {
            "position": forms.RadioSelect,
            "motivation": forms.Textarea(attrs={"rows": 4}),
            "internet_use": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {organization.slug: organization for organization in organizations}
        self.fields["organization"].choices = [(slug, o.name) for slug, o in self.organizations.items()]
        # A required choice has no empty "---------" option to pick.
        self.fields["position"].choices = Position.choices
        self.order_fields(["organization", "position", "job_title", "motivation", "internet_use"])

    def selected_organization(self):
        return self.organizations.get(self.cleaned_data.get("organization"))


class EventAdminForm(forms.ModelForm):
    """The workshop form in the admin: eligible regions and fields as tick boxes."""

    eligible_regions = forms.MultipleChoiceField(label=_("eligible regions"), choices=Region.choices, required=False,
                                                 widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: every region."))
    eligible_fields = forms.MultipleChoiceField(label=_("eligible issue fields"), choices=WorkshopField.choices,
                                                required=False, widget=forms.CheckboxSelectMultiple,
                                                help_text=_("None ticked: every field."))

    class Meta:
        model = Event
        fields = "__all__"  # noqa: DJ007 (an admin form: the admin's fieldsets choose the fields)


class ApplicationAdminForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = "__all__"  # noqa: DJ007 (an admin form: the admin's fieldsets choose the fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "position" in self.fields:
            self.fields["position"].choices = Position.choices


class ChallengeForm(forms.ModelForm):
    """A problem for the makers: from one of the user's organizations, or from a village, school or
    person (named) that is not on the platform."""

    organization = forms.ChoiceField(label=_("Whose problem"))

    class Meta:
        model = Challenge
        fields = ["origin_name", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {organization.slug: organization for organization in organizations}
        others = [(f"origin:{value}", label) for value, label in ChallengeOrigin.choices
                  if value != ChallengeOrigin.ORGANIZATION]
        self.fields["organization"].choices = [(slug, o.name) for slug, o in self.organizations.items()] + others
        self.order_fields(["organization", "origin_name", "title", "description"])

    def submit_kwargs(self):
        """organization, origin and origin_name for challenge_submit."""
        choice = self.cleaned_data["organization"]
        if choice.startswith("origin:"):
            return {"organization": None, "origin": choice.split(":", 1)[1],
                    "origin_name": self.cleaned_data.get("origin_name", "")}
        return {"organization": self.organizations[choice]}


class RegistrationForm(forms.ModelForm):
    class Meta:
        model = HackathonRegistration
        fields = ["skills"]


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Team name"), max_length=100)


class ResultForm(forms.Form):
    link = forms.URLField(label=_("Result link"), required=False, max_length=200, assume_scheme="https")
    description = forms.CharField(label=_("What the team made"), required=False, max_length=3000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
