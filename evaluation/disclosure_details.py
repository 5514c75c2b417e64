"""The structured facts of each kind of disclosure, checked in one place.

`Disclosure.details` is JSON; the service runs `details_clean(kind, details)` before every save,
whoever writes (the members' pages, the admin, an import), so the index and the compare page can
read the figures without second-guessing them. Money is whole yuan (元), as integers.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.validators import reject_html

from .models.disclosures import DisclosureKind

# Kinds that are a document: a file is required and there are no structured facts.
DOCUMENT_KINDS = frozenset({DisclosureKind.ANNUAL_REPORT, DisclosureKind.AUDITED_ACCOUNTS,
                            DisclosureKind.REGISTRATION_CERTIFICATE, DisclosureKind.CHARTER})
# Kinds without a year: the charter and the certificate hold until replaced.
UNDATED_KINDS = frozenset({DisclosureKind.REGISTRATION_CERTIFICATE, DisclosureKind.CHARTER})

FINANCE_FIELDS = ("total_income", "donation_income", "government_purchase_income", "programme_expense",
                  "administrative_expense", "fundraising_expense")
FINANCE_LABELS = {
    "total_income": _("Total income (yuan)"),
    "donation_income": _("of which donations (yuan)"),
    "government_purchase_income": _("of which government purchase of services (yuan)"),
    "programme_expense": _("Programme expenses (yuan)"),
    "administrative_expense": _("Administrative expenses (yuan)"),
    "fundraising_expense": _("Fundraising expenses (yuan)"),
}
MONEY_MAX = 10**13  # ten trillion yuan: more than any organization, less than a bigint overflows
LIST_MAX = 100  # board members or donors in one item
NAME_MAX = 100
TEXT_MAX = 3000


def _money(value):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MONEY_MAX:
        raise ValidationError(_("Give a whole number of yuan, 0 or more."), code="money")
    return value


def _text(value, limit, *, required=True):
    if not isinstance(value, str):
        value = "" if value is None else str(value)
    value = value.strip()
    if required and not value:
        raise ValidationError(_("This field is required."), code="required")
    if len(value) > limit:
        raise ValidationError(_("Write at most %(limit)d characters.") % {"limit": limit}, code="max_length")
    reject_html(value)
    return value


def _date(value):
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except (TypeError, ValueError) as exc:
        raise ValidationError(_("Enter a valid date."), code="date") from exc


def _collect(details, cleaners):
    """Run each field's cleaner; raise every error at once, keyed by field."""
    if not isinstance(details, dict):
        raise ValidationError(_("The details are not in the expected form."), code="shape")
    cleaned, errors = {}, {}
    for name, cleaner in cleaners.items():
        try:
            value = cleaner(details.get(name))
        except ValidationError as error:
            errors[name] = error.messages
        else:
            if value is not None:
                cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def _finance(details):
    cleaned = _collect(details, {name: _money for name in FINANCE_FIELDS})
    parts = cleaned["donation_income"] + cleaned["government_purchase_income"]
    if parts > cleaned["total_income"]:
        raise ValidationError({"total_income": [
            _("Donations and government purchase of services cannot add up to more than the total income.")]})
    return cleaned


def _people(rows, *, with_role=False, with_amount=False):
    if not isinstance(rows, list) or not rows:
        raise ValidationError(_("List at least one name."), code="required")
    if len(rows) > LIST_MAX:
        raise ValidationError(_("List at most %(limit)d names.") % {"limit": LIST_MAX}, code="too_many")
    cleaned = []
    for row in rows:
        if not isinstance(row, dict):
            raise ValidationError(_("The details are not in the expected form."), code="shape")
        person = {"name": _text(row.get("name"), NAME_MAX)}
        if with_role:
            person["role"] = _text(row.get("role"), NAME_MAX, required=False)
        if with_amount and row.get("amount") not in (None, ""):
            person["amount"] = _money(row.get("amount"))
        cleaned.append(person)
    return cleaned


def _governance(details):
    return _collect(details, {"members": lambda rows: _people(rows, with_role=True)})


def _project(details):
    cleaned = _collect(details, {
        "budget": _money,
        "start": _date,
        "end": _date,
        "place": lambda value: _text(value, 200),
        "beneficiaries": lambda value: _text(value, 1000),
        "outcomes": lambda value: _text(value, TEXT_MAX),
    })
    if cleaned["end"] < cleaned["start"]:
        raise ValidationError({"end": [_("The project cannot end before it starts.")]})
    return cleaned


def _consent(value):
    if value is not True:
        raise ValidationError(_("List donors only with their agreement, and confirm it."), code="consent")
    return True


def _donors(details):
    return _collect(details, {"donors": lambda rows: _people(rows, with_amount=True), "consent": _consent})


CLEANERS = {
    DisclosureKind.FINANCE_SUMMARY: _finance,
    DisclosureKind.GOVERNANCE: _governance,
    DisclosureKind.PROJECT: _project,
    DisclosureKind.DONORS: _donors,
}


def details_clean(kind, details):
    """The details of a `kind` item as stored: checked, trimmed, with nothing extra. Raises
    ValidationError keyed by detail name. Document kinds carry no details."""
    cleaner = CLEANERS.get(kind)
    return cleaner(details or {}) if cleaner else {}
