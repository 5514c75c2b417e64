"""Forms of the talent pool: a maker's profile, the search, a message to a maker."""

from django import forms
from django.utils.translation import gettext_lazy as _

from orgs.models import Division, IssueField


class MakerProfileForm(forms.Form):
    display_name = forms.CharField(label=_("Name shown on your profile"), max_length=100)
    skills = forms.CharField(label=_("Skills"), max_length=300,
                             help_text=_("e.g. web development, product design, data, video"))
    fields = forms.ModelMultipleChoiceField(label=_("Issue fields you care about"), required=False,
                                            queryset=IssueField.objects.all(), widget=forms.CheckboxSelectMultiple)
    province = forms.ModelChoiceField(label=_("Province"), queryset=Division.objects.filter(level="province"))
    about = forms.CharField(label=_("About me"), max_length=1000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    is_public = forms.BooleanField(label=_("Show my profile in the talent pool"), required=False, initial=True)


class MakerSearchForm(forms.Form):
    skill = forms.CharField(label=_("Skill"), max_length=50, required=False)
    province = forms.ModelChoiceField(label=_("Province"), required=False, empty_label=_("All provinces"),
                                      queryset=Division.objects.filter(level="province"))


class MakerContactForm(forms.Form):
    message = forms.CharField(label=_("Your message"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Your email address is given to the maker so they can answer."))
