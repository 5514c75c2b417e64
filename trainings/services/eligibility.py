"""Who may apply to a workshop, and exactly why not."""

from django.utils.translation import gettext as _

from common.lists import join_list

from orgs.models import OrganizationStatus, Region, WorkshopField

from ..models import Application, Position


def eligibility_problems(*, event, organization, position=None, today=None):
    """Everything that stops this organization applying, each said plainly (empty: eligible)."""
    problems = []
    if not event.is_workshop:
        problems.append(_("This event takes no applications; register for the hackathon instead."))
        return problems
    if not event.window_is_open(today):
        problems.append(
            _("Applications are open from %(start)s to %(end)s.")
            % {"start": event.applications_open_on.isoformat(), "end": event.applications_close_on.isoformat()}
        )
    if organization.status != OrganizationStatus.PUBLISHED:
        problems.append(_("The organization's profile must be published first."))
    region = organization.province.region
    if event.eligible_regions and region not in event.eligible_regions:
        allowed = join_list(Region(value).label for value in event.eligible_regions)
        problems.append(
            _("%(province)s is in the %(region)s region; this workshop is for organizations in: %(allowed)s.")
            % {"province": organization.province, "region": Region(region).label, "allowed": allowed}
        )
    if event.eligible_fields:
        fields = set(organization.issue_fields.exclude(workshop_field="").values_list("workshop_field", flat=True))
        if not fields & set(event.eligible_fields):
            allowed = join_list(WorkshopField(value).label for value in event.eligible_fields)
            problems.append(
                _("The organization's issue fields do not include any of this workshop's fields: %(allowed)s. "
                  "Add your fields to the profile if they are missing.") % {"allowed": allowed}
            )
    if position is not None and position not in Position.values:
        problems.append(_("The applicant must be the organization's chief operating officer or second in command."))
    if Application.objects.filter(event=event, organization=organization).exists():
        problems.append(_("This organization has already applied to this workshop."))
    return problems


def eligibility_flags(application):
    """Region and field checks for the trainers' list, from data already loaded."""
    event, organization = application.event, application.organization
    region_ok = not event.eligible_regions or organization.province.region in event.eligible_regions
    fields = {field.workshop_field for field in organization.issue_fields.all() if field.workshop_field}
    field_ok = not event.eligible_fields or bool(fields & set(event.eligible_fields))
    return {"region": region_ok, "field": field_ok}
