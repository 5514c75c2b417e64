"""The roster of a workshop as CSV (UTF-8 with BOM, for Excel) or XLSX."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .selectors import cohort


def roster_rows(event):
    days = event.days()
    header = [_("Organization"), _("Province"), _("Region"), _("Issue fields"), _("Participant"), _("Email"),
              _("Position"), _("Job title")] + [day.isoformat() for day in days]
    rows = [header]
    for application in cohort(event=event):
        organization = application.organization
        present = {record.day for record in application.attendance.all() if record.present}
        rows.append([
            organization.name,
            organization.province.name,
            organization.province.get_region_display(),
            "、".join(field.name for field in organization.issue_fields.all()),
            str(application.applicant) if application.applicant else _("a former participant"),
            application.applicant.email if application.applicant else "",
            application.get_position_display(),
            application.job_title,
            *[("✓" if day in present else "") for day in days],
        ])
    return rows


def roster_csv(event):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # byte order mark: Excel reads UTF-8 and shows the Chinese
    csv.writer(buffer).writerows(roster_rows(event))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-roster.csv"'
    return response


def roster_xlsx(event):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Roster")[:31]
    for row in roster_rows(event):
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-roster.xlsx"'
    workbook.save(response)
    return response
