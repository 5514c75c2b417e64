"""The roster of a workshop as a download (CSV or XLSX, through common.exports)."""

from django.utils.translation import gettext_lazy as _

from common.exports import Column, Export, Sheet
from common.lists import join_list

from .selectors import cohort


class RosterExport(Export):
    """Who takes part in a workshop, their organization, and a column per day for attendance."""

    def __init__(self, *, event, request=None):
        super().__init__(request=request)
        self.event = event
        self.filename = f"{event.slug}-roster"

    def sheets(self):
        days = self.event.days()
        columns = [
            Column(_("Organization"), width=30), Column(_("Province")), Column(_("Region")),
            Column(_("Issue fields"), width=24), Column(_("Participant"), width=20), Column(_("Email"), width=28),
            Column(_("Position")), Column(_("Job title")), *[Column(day.isoformat()) for day in days],
        ]
        yield Sheet(title=_("Roster"), columns=columns, rows=self._rows(days))

    def _rows(self, days):
        for application in cohort(event=self.event):
            organization = application.organization
            present = {record.day for record in application.attendance.all() if record.present}
            yield [
                organization.name,
                organization.province.localized_name,
                organization.province.get_region_display(),
                join_list(field.name for field in organization.issue_fields.all()),
                str(application.applicant) if application.applicant else _("a former participant"),
                application.applicant.email if application.applicant else "",
                application.get_position_display(),
                application.job_title,
                *[("✓" if day in present else "") for day in days],
            ]
