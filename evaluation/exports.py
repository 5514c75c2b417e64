"""The funders' list as a download (CSV or XLSX, through common.exports)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.exports import Column, Export, Sheet

from .labels import confidence_label

EXPORT_LIMIT = 5000  # a funder's export is a shortlist of the sector, not a dump of it


class FundersExport(Export):
    """The evaluated organizations a funder filtered, best first, with their trust scores."""

    columns = [
        Column(_("Organization"), width=30), Column(_("Kind")), Column(_("Province")), Column(_("Region")),
        Column(_("Overall")), Column(_("Grade")), Column(_("Confidence")), Column(_("Public trust")),
        Column(_("Financial management")), Column(_("Social influence")),
        Column(_("Transparency index")), Column(_("Transparency: basic information")),
        Column(_("Transparency: financial information")), Column(_("Transparency: projects")),
        Column(_("Transparency: donors")),
        Column(_("Registration")), Column(_("Unified social credit code"), width=22), Column(_("Charitable organization")),
        Column(_("Public fundraising")), Column(_("Civil-affairs evaluation")),
        Column(_("Profile"), width=40, link=True),
    ]

    def __init__(self, *, organizations, request=None):
        super().__init__(request=request)
        self.organizations = organizations
        self.filename = f"ngo20-evaluated-{timezone.localdate().isoformat()}"

    def sheets(self):
        yield Sheet(title=_("Evaluated organizations"), columns=self.columns, rows=self._rows())

    def _rows(self):
        for organization in self.organizations[:EXPORT_LIMIT]:
            score = organization.trust_score_detail
            yield [organization.name, organization.get_kind_display(), organization.province.localized_name,
                   organization.province.get_region_display(), score.overall, score.grade,
                   confidence_label(score.confidence),
                   score.public_trust, score.financial, score.influence,
                   score.transparency_index, score.transparency_basic, score.transparency_financial,
                   score.transparency_projects, score.transparency_donors,
                   organization.get_registration_status_display(), organization.credit_code,
                   (organization.charity_recognized_year or _("Yes")) if organization.charity_recognized else _("No"),
                   _("Yes") if organization.public_fundraising else _("No"),
                   f"{organization.evaluation_grade} ({organization.evaluation_year})"
                   if organization.evaluation_grade else "",
                   organization.get_absolute_url()]
