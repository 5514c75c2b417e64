"""Applying, deciding within capacity, withdrawing with the waitlist moving up."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.integrity import save_or_refuse
from common.outbox import delay_on_commit

from ..models import APPLICATION_TRANSITIONS, Application, ApplicationStatus, Event
from ..tasks import send_application_decision
from .eligibility import eligibility_problems


@transaction.atomic
def application_submit(*, event, organization, user, data):
    """A verified member applies for their organization; an ineligible one is told exactly why."""
    if not user.has_perm("trainings.apply_for_organization", organization):
        raise PermissionDenied(_("Only verified members of the organization can apply for it."))
    problems = eligibility_problems(event=event, organization=organization, position=data.get("position"))
    if problems:
        raise ValidationError(problems)
    application = Application(event=event, organization=organization, applicant=user, **data)
    application.full_clean(exclude=["event", "organization", "applicant"], validate_constraints=False)
    save_or_refuse(application, _("This organization has already applied to this workshop."))
    return application


def _set_status(application, status, user):
    application.status = status
    application.status_changed_at = timezone.now()
    application.decided_by = user
    application.save(update_fields=["status", "status_changed_at", "decided_by"])
    # One email per decision, sent after the commit (a rolled-back decision sends nothing).
    delay_on_commit(send_application_decision, application.pk, status)


def _accepted_count(event):
    return event.applications.filter(status=ApplicationStatus.ACCEPTED).count()


@transaction.atomic
def application_decide(*, application, user, status):
    """A trainer moves an application; accepting beyond the workshop's places is refused."""
    if not user.has_perm("trainings.decide_application"):
        raise PermissionDenied(_("Only trainers decide applications."))
    # Lock the workshop first: two trainers accepting at once cannot both take the last place.
    event = Event.objects.select_for_update().get(pk=application.event_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if status not in APPLICATION_TRANSITIONS[application.status] or status == ApplicationStatus.WITHDRAWN:
        raise ValidationError(
            _("An application that is %(current)s cannot become %(new)s.")
            % {"current": application.get_status_display(), "new": ApplicationStatus(status).label}
        )
    if status == ApplicationStatus.ACCEPTED and _accepted_count(event) >= event.capacity:
        raise ValidationError(
            _("The workshop is full: %(capacity)s places are taken. Waitlist the application instead.")
            % {"capacity": event.capacity}
        )
    _set_status(application, status, user)
    return application


@transaction.atomic
def application_withdraw(*, application, user):
    """The applicant (or a member of the organization) withdraws; a freed place goes to the first
    on the waitlist."""
    event = Event.objects.select_for_update().get(pk=application.event_id)
    application = Application.objects.select_for_update().select_related("organization").get(pk=application.pk)
    if not (application.applicant_id == user.pk or user.has_perm("trainings.apply_for_organization",
                                                                  application.organization)):
        raise PermissionDenied(_("Only the applicant's organization can withdraw the application."))
    if ApplicationStatus.WITHDRAWN not in APPLICATION_TRANSITIONS[application.status]:
        raise ValidationError(_("This application can no longer be withdrawn."))
    was_accepted = application.status == ApplicationStatus.ACCEPTED
    _set_status(application, ApplicationStatus.WITHDRAWN, user)
    promoted = None
    if was_accepted and not event.is_past and _accepted_count(event) < event.capacity:
        promoted = (
            event.applications.select_for_update()
            .filter(status=ApplicationStatus.WAITLISTED)
            .order_by("status_changed_at", "pk")
            .first()
        )
        if promoted is not None:
            _set_status(promoted, ApplicationStatus.ACCEPTED, None)
    return application, promoted
