"""The funders' list as CSV (UTF-8 with BOM) or XLSX."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

EXPORT_LIMIT = 5000  # a funder's export is a shortlist of the sector, not a dump of it


def _rows(organizations):
    yield [_("Organization"), _("Kind"), _("Province"), _("Region"), _("Overall"), _("Grade"), _("Confidence"),
           _("Public trust"), _("Financial management"), _("Social influence"), _("Profile")]
    for organization in organizations[:EXPORT_LIMIT]:
        score = organization.trust_score_detail
        yield [organization.name, organization.get_kind_display(), organization.province.name,
               organization.province.get_region_display(), score.overall, score.grade, str(score.confidence_label),
               score.public_trust, score.financial, score.influence, organization.get_absolute_url()]


def funders_csv(organizations):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    csv.writer(buffer).writerows(_rows(organizations))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ngo20-evaluated-{timezone.localdate().isoformat()}.csv"'
    return response


def funders_xlsx(organizations):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Evaluated organizations")[:31])
    for row in _rows(organizations):
        sheet.append([float(value) if hasattr(value, "as_tuple") else value for value in row])
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="ngo20-evaluated-{timezone.localdate().isoformat()}.xlsx"'
    workbook.save(response)
    return response
