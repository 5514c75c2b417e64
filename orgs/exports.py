"""The directory as a download (CSV or XLSX, through common.exports): the organizations the
visitor sees with the filters they chose, in the same order, capped at DIRECTORY_EXPORT_MAX_ROWS.
Public identity only: no contact person, email, phone or address."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.exports import Column, Export, Sheet


def directory_export_cap():
    return settings.DIRECTORY_EXPORT_MAX_ROWS


class DirectoryExport(Export):
    columns = [
        Column(_("Organization"), width=30), Column(_("Name (English)"), width=30), Column(_("Kind")),
        Column(_("Issue fields"), width=30), Column(_("Province")), Column(_("City")), Column(_("County")),
        Column(_("Registration")), Column(_("Unified social credit code"), width=22), Column(_("Year founded")),
        Column(_("Website"), width=30), Column(_("Trust grade")), Column(_("Profile"), width=40, link=True),
    ]

    def __init__(self, *, parts, request=None):
        """`parts`: the ranked querysets of orgs.selectors.organization_search, in order."""
        super().__init__(request=request)
        self.parts = parts
        self.filename = f"ngo20-directory-{timezone.localdate().isoformat()}"

    def sheets(self):
        yield Sheet(title=_("Directory of organizations"), columns=self.columns, rows=self._rows())

    def _organizations(self):
        left = directory_export_cap()
        for part in self.parts:
            if left <= 0:
                return
            for organization in part.select_related("trust_summary")[:left].iterator(chunk_size=500):
                left -= 1
                yield organization

    def _rows(self):
        for organization in self._organizations():
            yield [
                organization.name, organization.name_en, organization.get_kind_display(),
                "; ".join(field.name for field in organization.issue_fields.all()),
                organization.province.localized_name if organization.province_id else "",
                organization.city.localized_name if organization.city_id else "",
                organization.county.localized_name if organization.county_id else "",
                organization.get_registration_status_display(), organization.credit_code,
                organization.founded_year, organization.website,
                getattr(getattr(organization, "trust_summary", None), "grade", ""),
                organization.get_absolute_url(),
            ]
