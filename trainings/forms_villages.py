"""Forms of Future Village: proposing a village, starting and joining a project, moving its stage."""

import datetime

from django import forms
from django.contrib.gis.geos import Point
from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from common.images import validate_photo
from mapplatform.forms import MapViewForm
from mapplatform.models import ResourceType
from orgs.models import Division

from .models import STAGE_TRANSITIONS, ParticipantRole, Stage


def county_from_text(value):
    """A county named as people write it: 蒲江县, or with its province (四川省蒲江县) when the name is shared."""
    value = "".join(value.split())
    counties = list(Division.objects.filter(level="county", name=value)[:5])
    if not counties:
        for province in Division.objects.filter(level="province"):
            if value.startswith(province.name) and len(value) > len(province.name):
                counties = list(Division.objects.filter(level="county", name=value[len(province.name):],
                                                        code__startswith=province.code[:2])[:5])
                break
    return counties


def photo_help():
    return _("JPEG, PNG, WebP or GIF, at most %(limit)s MB. Where it was taken is removed from the file.") % {
        "limit": settings.PHOTO_MAX_BYTES // 1024 // 1024}


class VillageForm(forms.Form):
    name = forms.CharField(label=_("Village name"), max_length=100)
    county = forms.CharField(label=_("County or district"), max_length=60,
                             help_text=_("e.g. 蒲江县; add the province if the name is shared: 四川省蒲江县"))
    description = forms.CharField(label=_("Short description"), max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    longitude = forms.DecimalField(label=_("Longitude"), required=False, max_digits=9, decimal_places=6,
                                   help_text=_("Empty: the county seat."))
    latitude = forms.DecimalField(label=_("Latitude"), required=False, max_digits=8, decimal_places=6)
    photo = forms.FileField(label=_("Photo"), required=False, validators=[validate_photo],
                            help_text=lazy(lambda: photo_help(), str)())
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)

    def clean_county(self):
        counties = county_from_text(self.cleaned_data["county"])
        if not counties:
            raise forms.ValidationError(_("No county or district has this name. Check how it is written."))
        if len(counties) > 1:
            raise forms.ValidationError(_("Several counties have this name: write the province first, e.g. 四川省蒲江县."))
        return counties[0]

    def clean(self):
        data = super().clean()
        longitude, latitude = data.get("longitude"), data.get("latitude")
        if (longitude is None) != (latitude is None):
            raise forms.ValidationError(_("Give both longitude and latitude, or neither."))
        county = data.get("county")
        if county is not None:
            data["location"] = (Point(float(longitude), float(latitude), srid=4326) if longitude is not None
                                else county.centroid)
        return data


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150)
    problem = forms.CharField(label=_("The problem, in the villagers' words"), max_length=3000,
                              widget=forms.Textarea(attrs={"rows": 5}))
    raised_by = forms.CharField(label=_("Who raised it"), max_length=100,
                                help_text=_("e.g. the women of the village, the school's headteacher"))
    roles_wanted = forms.MultipleChoiceField(label=_("Roles wanted"), choices=ParticipantRole.choices,
                                             widget=forms.CheckboxSelectMultiple, required=False)
    skills_wanted = forms.CharField(label=_("Skills wanted"), max_length=300, required=False)


class JoinForm(forms.Form):
    role = forms.ChoiceField(label=_("Your role"))
    skills = forms.CharField(label=_("Your skills"), max_length=300, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        roles = project.roles_wanted or ParticipantRole.values
        self.fields["role"].choices = [(value, ParticipantRole(value).label) for value in roles]


class StageForm(forms.Form):
    to_stage = forms.ChoiceField(label=_("Move to"))
    reason = forms.CharField(label=_("Why"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        order = list(Stage)
        self.fields["to_stage"].choices = [(stage.value, stage.label) for stage in order
                                           if stage in STAGE_TRANSITIONS[project.stage]]


class NeedForm(forms.Form):
    organization = forms.ChoiceField(label=_("Posted by"))
    resource_type = forms.ChoiceField(label=_("What is needed"), choices=[
        (ResourceType.VOLUNTEERS, ResourceType.VOLUNTEERS.label), (ResourceType.GOODS, ResourceType.GOODS.label),
        (ResourceType.FUNDING, ResourceType.FUNDING.label), (ResourceType.SKILLS, ResourceType.SKILLS.label)])
    title = forms.CharField(label=_("Title"), max_length=150)
    description = forms.CharField(label=_("Description"), max_length=4000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    expires_on = forms.DateField(label=_("Open until"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {str(organization.pk): organization for organization in organizations}
        self.fields["organization"].choices = [(pk, o.name) for pk, o in self.organizations.items()]
        self.fields["expires_on"].initial = timezone.localdate() + datetime.timedelta(days=60)


class VillageMapForm(forms.Form):
    """The map layer's request: the visible box and the layer's own filters (also shown on the map
    page, named village_stage and village_role there so they never mix with the map's filters)."""

    bbox = forms.CharField(required=True, max_length=100)
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All stages")), *Stage.choices])
    role = forms.ChoiceField(label=_("Role wanted"), required=False,
                             choices=[("", _("All roles")), *ParticipantRole.choices])

    clean_bbox = MapViewForm.clean_bbox


class OutcomeForm(forms.Form):
    text = forms.CharField(label=_("What came of it"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What was built or changed in the village, and how it is used."))
    photo = forms.FileField(label=_("Photo"), required=False, validators=[validate_photo])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].help_text = photo_help()


class InvolveForm(forms.Form):
    organization = forms.ChoiceField(label=_("Your organization"))

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = {str(organization.pk): organization for organization in organizations}
        self.fields["organization"].choices = [(pk, o.name) for pk, o in self.organizations.items()]


class HidePhotoForm(forms.Form):
    hidden = forms.BooleanField(required=False)
    reason = forms.CharField(label=_("Why hide it"), max_length=300, required=False)
