"""The members' form for a disclosure: the common fields, and the structured facts of its kind.

The form only turns what was typed into the stored shape (lines into lists); the service checks
it (evaluation.disclosure_details), so the admin and any other writer meet the same rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.validators import ATTACHMENT_MAX_BYTES, validate_attachment

from .disclosure_details import DOCUMENT_KINDS, FINANCE_FIELDS, FINANCE_LABELS, UNDATED_KINDS
from .models import DisclosureKind, DisclosureStatus

MONEY_WIDGET = forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 1})


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _split(line):
    """"Name, role" or "Name，role" (a Chinese comma too): the name, and the rest."""
    for separator in (",", "，", "、"):
        if separator in line:
            name, rest = line.split(separator, 1)
            return name.strip(), rest.strip()
    return line.strip(), ""


class DisclosureForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year covered"), required=False, min_value=1949, max_value=2100,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    published_on = forms.DateField(label=_("Publication date"), widget=forms.DateInput(attrs={"type": "date"}))
    file = forms.FileField(label=_("File"), required=False, validators=[validate_attachment],
                           help_text=_("PDF, JPEG or PNG, at most 10 MB."),
                           widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))

    def __init__(self, *args, kind, instance=None, **kwargs):
        self.kind = kind
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {"title": instance.title, "year": instance.year,
                                 "published_on": instance.published_on, **self.initial_details(instance.details)}
        super().__init__(*args, **kwargs)
        if kind in UNDATED_KINDS:
            self.fields["year"].help_text = _("Optional for this kind.")
        else:
            self.fields["year"].required = True
        if kind in DOCUMENT_KINDS and not (instance and instance.file):
            self.fields["file"].required = True
        self.fields["file"].widget.attrs["data-max-bytes"] = ATTACHMENT_MAX_BYTES
        for name, field in self.detail_fields().items():
            self.fields[name] = field

    # --- the facts of each kind ---------------------------------------------------------------
    def detail_fields(self):
        if self.kind == DisclosureKind.FINANCE_SUMMARY:
            return {name: forms.IntegerField(label=FINANCE_LABELS[name], min_value=0, widget=MONEY_WIDGET)
                    for name in FINANCE_FIELDS}
        if self.kind == DisclosureKind.GOVERNANCE:
            return {"members": forms.CharField(
                label=_("Board and governance members"), widget=forms.Textarea(attrs={"rows": 5}),
                help_text=_("One a line: name, role (for example 张三, 理事长)."))}
        if self.kind == DisclosureKind.PROJECT:
            return {
                "budget": forms.IntegerField(label=_("Budget (yuan)"), min_value=0, widget=MONEY_WIDGET),
                "start": forms.DateField(label=_("Starts"), widget=forms.DateInput(attrs={"type": "date"})),
                "end": forms.DateField(label=_("Ends"), widget=forms.DateInput(attrs={"type": "date"})),
                "place": forms.CharField(label=_("Place"), max_length=200),
                "beneficiaries": forms.CharField(label=_("Beneficiaries"), max_length=1000,
                                                 widget=forms.Textarea(attrs={"rows": 2})),
                "outcomes": forms.CharField(label=_("Outcomes"), max_length=3000,
                                            widget=forms.Textarea(attrs={"rows": 4})),
            }
        if self.kind == DisclosureKind.DONORS:
            return {
                "donors": forms.CharField(label=_("Major donors"), widget=forms.Textarea(attrs={"rows": 5}),
                                          help_text=_("One a line: name, amount in yuan (the amount is optional).")),
                "consent": forms.BooleanField(label=_("Every donor listed agreed to be named here.")),
            }
        return {}

    @staticmethod
    def initial_details(details):
        details = dict(details or {})
        if "members" in details:
            details["members"] = "\n".join(
                f"{row['name']}, {row['role']}" if row.get("role") else row["name"] for row in details["members"])
        if "donors" in details:
            details["donors"] = "\n".join(
                f"{row['name']}, {row['amount']}" if row.get("amount") is not None else row["name"]
                for row in details["donors"])
        return details

    def details(self):
        """The facts in the stored shape, for the service to check."""
        data = self.cleaned_data
        if self.kind == DisclosureKind.FINANCE_SUMMARY:
            return {name: data.get(name) for name in FINANCE_FIELDS}
        if self.kind == DisclosureKind.GOVERNANCE:
            return {"members": [dict(zip(("name", "role"), _split(line))) for line in _lines(data.get("members"))]}
        if self.kind == DisclosureKind.PROJECT:
            return {"budget": data.get("budget"), "start": data["start"].isoformat() if data.get("start") else None,
                    "end": data["end"].isoformat() if data.get("end") else None, "place": data.get("place"),
                    "beneficiaries": data.get("beneficiaries"), "outcomes": data.get("outcomes")}
        if self.kind == DisclosureKind.DONORS:
            donors = []
            for line in _lines(data.get("donors")):
                name, amount = _split(line)
                amount = amount.replace(",", "").replace("元", "").strip()
                donors.append({"name": name, "amount": int(amount) if amount.isdigit() else (amount or None)})
            return {"donors": donors, "consent": bool(data.get("consent"))}
        return {}

    def service_arguments(self):
        data = self.cleaned_data
        return {"title": data["title"], "year": data.get("year"), "published_on": data["published_on"],
                "details": self.details(), "file": data.get("file") or None}

    def add_service_errors(self, error):
        """Put the service's errors on the fields they name (or on the form)."""
        for field, messages in getattr(error, "message_dict", {None: error.messages}).items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class ReviewForm(forms.Form):
    status = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        (DisclosureStatus.VERIFIED, _("Verified")), (DisclosureStatus.REJECTED, _("Rejected"))])
    reason = forms.CharField(label=_("Reason (required to reject)"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))
