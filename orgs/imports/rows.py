"""Checking one row of an import: resolve places, kinds and issue fields, validate like the profile
form does, and say what is wrong in the importer's language."""

import re
from decimal import Decimal, InvalidOperation

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from common import credit_codes

from ..models import (
    Division,
    DivisionLevel,
    IssueField,
    Organization,
    OrganizationKind,
    OrganizationStatus,
    RegistrationStatus,
)
from ..models.organizations import CREDIT_CODE_BODY_KIND
from ..search import normalize
from .columns import BY_KEY

_SPLIT_FIELDS = re.compile(r"[,，、;；/|\n]+")
TEXT_FIELDS = ("name", "name_en", "address", "contact_name", "contact_phone", "contact_email", "website",
               "description")
# The registration type a credit code's first two characters mean.
_BODY_KIND_REGISTRATION = {f"5{kind}": registration for registration, kind in CREDIT_CODE_BODY_KIND.items()}


def _choice_lookup(choices):
    lookup = {}
    for value, label in choices:
        for text in (value, str(label)):
            lookup[text.strip().lower()] = value
    return lookup


class RowChecker:
    """Holds the reference data in memory (a few thousand divisions, the issue fields) so a row
    costs no lookups of its own; one per job, in the job's language."""

    def __init__(self):
        self.divisions = {}
        self.by_name = {}  # (level, name) -> [divisions]
        for division in Division.objects.only("code", "name", "name_en", "level", "parent", "centroid"):
            self.divisions[division.code] = division
            for name in {division.name, division.name_en}:
                if name:
                    self.by_name.setdefault((division.level, name.lower()), []).append(division)
        self.issue_fields = {}
        for issue_field in IssueField.objects.all():
            for name in (issue_field.name_zh, issue_field.name_en, issue_field.slug):
                self.issue_fields[normalize(name).strip()] = issue_field.pk
        self.kinds = _choice_lookup(OrganizationKind.choices)
        self.kinds.update({"ngo": OrganizationKind.NGO, "草根ngo": OrganizationKind.NGO, "草根": OrganizationKind.NGO,
                           "社会组织": OrganizationKind.NGO, "基金会": OrganizationKind.FOUNDATION,
                           "企业": OrganizationKind.CSR, "政府": OrganizationKind.GOVERNMENT,
                           "高校": OrganizationKind.ACADEMIC, "媒体": OrganizationKind.OTHER,
                           "其他": OrganizationKind.OTHER})
        self.registrations = _choice_lookup(RegistrationStatus.choices)
        self.registrations.update({"社会团体": RegistrationStatus.SOCIAL_GROUP,
                                   "社会服务机构": RegistrationStatus.SOCIAL_SERVICE,
                                   "民办非企业单位": RegistrationStatus.SOCIAL_SERVICE,
                                   "民非": RegistrationStatus.SOCIAL_SERVICE,
                                   "基金会": RegistrationStatus.FOUNDATION,
                                   "工商注册": RegistrationStatus.BUSINESS, "挂靠": RegistrationStatus.AFFILIATED,
                                   "未注册": RegistrationStatus.UNREGISTERED, "未登记": RegistrationStatus.UNREGISTERED})

    # Places --------------------------------------------------------------------------------
    def _division(self, text, level, parent=None):
        """The division named (or coded) `text` at `level`, inside `parent` if given; or an error."""
        if text.isdigit():
            division = self.divisions.get(text)
            if division is None or division.level != level:
                return None, _("There is no %(level)s with the code %(code)s.") % {
                    "level": DivisionLevel(level).label, "code": text}
            matches = [division]
        else:
            matches = self.by_name.get((level, text.lower()), [])
            if not matches and level == DivisionLevel.PROVINCE:
                # 四川 for 四川省, 广西 for 广西壮族自治区.
                matches = [d for (lvl, name), ds in self.by_name.items() if lvl == level and name.startswith(text.lower())
                           for d in ds] if len(text) >= 2 else []
        if parent is not None:
            matches = [d for d in matches if self._inside(d, parent)]
        if not matches:
            if parent is not None:
                return None, _("%(name)s is not a %(level)s of %(parent)s.") % {
                    "name": text, "level": DivisionLevel(level).label, "parent": parent.name}
            return None, _("No %(level)s is called %(name)s.") % {"level": DivisionLevel(level).label, "name": text}
        if len(matches) > 1:
            return None, _("Several places are called %(name)s: give the city, or the 6-digit code.") % {"name": text}
        return matches[0], None

    def _inside(self, division, parent):
        while division is not None:
            if division.code == parent.code:
                return True
            division = self.divisions.get(division.parent_id) if division.parent_id else None
        return False

    # One row -------------------------------------------------------------------------------
    def check(self, values):
        """Returns (organization not saved, issue field ids, errors as [(column key, message)])."""
        errors = []
        fields = {key: values.get(key, "") for key in TEXT_FIELDS}
        if not fields["name"]:
            errors.append(("name", _("The name is missing.")))
        kind = values.get("kind", "").strip().lower()
        fields["kind"] = self.kinds.get(kind) if kind else OrganizationKind.NGO
        if fields["kind"] is None:
            errors.append(("kind", _("Unknown kind of organization: %(value)s.") % {"value": values["kind"]}))
            fields["kind"] = OrganizationKind.NGO

        province = city = county = None
        if not values.get("province"):
            errors.append(("province", _("The province is missing.")))
        else:
            province, error = self._division(values["province"], DivisionLevel.PROVINCE)
            if error:
                errors.append(("province", error))
        if province is not None and values.get("city"):
            city, error = self._division(values["city"], DivisionLevel.CITY, province)
            if error:
                errors.append(("city", error))
        if province is not None and values.get("county"):
            county, error = self._division(values["county"], DivisionLevel.COUNTY, city or province)
            if error:
                errors.append(("county", error))
            elif city is None and county.parent_id != province.code:
                city = self.divisions.get(county.parent_id)

        location = None
        longitude, latitude = values.get("longitude", ""), values.get("latitude", "")
        if longitude or latitude:
            try:
                x, y = Decimal(longitude.replace("，", ".")), Decimal(latitude.replace("，", "."))
                if not (73 <= x <= 136 and 3 <= y <= 54):
                    raise InvalidOperation
                location = Point(float(x), float(y), srid=4326)
            except (InvalidOperation, ValueError):
                errors.append(("longitude", _("Give the longitude and latitude as numbers in China "
                                              "(e.g. 104.08 and 30.66), or leave both empty.")))
        # No point given: the seat of the most precise place (in its province by construction, so
        # the model's point-in-province query is skipped, and no "close by" check is made from it).
        at_seat = location is None and province is not None

        code = credit_codes.normalize(values.get("credit_code", ""))
        registration = values.get("registration_status", "").strip()
        if registration:
            fields["registration_status"] = self.registrations.get(registration.lower())
            if fields["registration_status"] is None:
                errors.append(("registration_status", _("Unknown registration type: %(value)s.") % {
                    "value": registration}))
                fields["registration_status"] = RegistrationStatus.UNREGISTERED
        elif code and credit_codes.is_well_formed(code):
            fields["registration_status"] = _BODY_KIND_REGISTRATION.get(
                code[:2], RegistrationStatus.BUSINESS if code[0] == "9" else RegistrationStatus.AFFILIATED)
        fields["credit_code"] = code

        year = values.get("founded_year", "")
        if year:
            if year.isdigit():
                fields["founded_year"] = int(year)
            else:
                errors.append(("founded_year", _("The year founded must be a year such as 2012.")))

        issue_ids = []
        for name in filter(None, (part.strip() for part in _SPLIT_FIELDS.split(values.get("issue_fields", "")))):
            pk = self.issue_fields.get(normalize(name).strip())
            if pk is None:
                errors.append(("issue_fields", _("Unknown issue field: %(name)s.") % {"name": name}))
            elif pk not in issue_ids:
                issue_ids.append(pk)

        organization = Organization(**fields, province=province, city=city, county=county, location=location,
                                    status=OrganizationStatus.DRAFT)
        already = {column for column, _message in errors}
        try:
            organization.full_clean(exclude=["slug", "province", "city", "county"], validate_unique=False,
                                    validate_constraints=False)
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                column = field_name if field_name in BY_KEY else ("longitude" if field_name == "location" else "name")
                if column not in already:
                    errors.extend((column, message) for message in messages)
        if at_seat:
            organization.location = (county or city or province).centroid
        organization.location_is_seat = at_seat and (county or city) is not None
        return organization, issue_ids, errors
