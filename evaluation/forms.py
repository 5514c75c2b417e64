from django import forms
from django.utils.translation import gettext_lazy as _

from orgs.models import Division, IssueField, OrganizationKind, Region

from .labels import confidence_choices
from .method import GRADES, SCORED_KINDS

SCORE_CHOICES = [(value, str(value)) for value in range(1, 6)]
SORTS = [("overall", _("Overall score")), ("public_trust", _("Public trust")),
         ("financial", _("Financial management")), ("influence", _("Social influence")),
         ("transparency", _("Transparency index"))]
TRANSPARENCY_MINIMA = [("", _("Any transparency")), ("25", _("Transparency index 25 or more")),
                       ("50", _("Transparency index 50 or more")), ("75", _("Transparency index 75 or more"))]


class RatingForm(forms.Form):
    public_trust = forms.TypedChoiceField(label=_("Public trust"), choices=SCORE_CHOICES, coerce=int,
                                          widget=forms.RadioSelect)
    financial = forms.TypedChoiceField(label=_("Financial management"), choices=SCORE_CHOICES, coerce=int,
                                       widget=forms.RadioSelect)
    influence = forms.TypedChoiceField(label=_("Social influence"), choices=SCORE_CHOICES, coerce=int,
                                       widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class FundersFilterForm(forms.Form):
    # Only these kinds get a score (method.SCORED_KINDS); offering the others would list nothing.
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[
        ("", _("All kinds")), *[(value, label) for value, label in OrganizationKind.choices if value in SCORED_KINDS]])
    field = forms.ModelChoiceField(label=_("Issue field"), required=False, queryset=IssueField.objects.all(),
                                   to_field_name="slug", empty_label=_("All issue fields"))
    province = forms.ModelChoiceField(label=_("Province"), required=False,
                                      queryset=Division.objects.filter(level="province"), empty_label=_("All provinces"))
    region = forms.ChoiceField(label=_("Region"), required=False, choices=[("", _("All regions")), *Region.choices])
    grade = forms.MultipleChoiceField(label=_("Grade"), required=False, choices=[(g, g) for g, _floor in GRADES],
                                      widget=forms.CheckboxSelectMultiple)
    confidence = forms.MultipleChoiceField(label=_("Confidence"), required=False,
                                           choices=confidence_choices(),
                                           widget=forms.CheckboxSelectMultiple)
    transparency_min = forms.TypedChoiceField(label=_("Transparency index"), required=False, coerce=int,
                                              empty_value=None, choices=TRANSPARENCY_MINIMA)
    alumni = forms.BooleanField(label=_("Workshop alumni only"), required=False)
    has_credit_code = forms.BooleanField(label=_("Has a unified social credit code"), required=False)
    charity = forms.BooleanField(label=_("Charitable organizations only"), required=False)
    public_fundraising = forms.BooleanField(label=_("Has public fundraising status"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)
