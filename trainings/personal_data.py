"""What the trainings app holds about a person: workshop applications with their attendance, and
hackathon registrations with their teams (registered with common.personal_data)."""

from django.utils.translation import gettext as _

from common.personal_data import register

from .models import Application, ApplicationStatus, Challenge, HackathonRegistration

EXPORT_LIMIT = 5000


def _iso(value):
    return value.isoformat() if value else None


def export_applications(user):
    applications = (Application.objects.filter(applicant=user).select_related("event", "organization")
                    .prefetch_related("attendance").order_by("-pk")[:EXPORT_LIMIT])
    return [
        {"workshop": str(application.event), "organization": application.organization.name,
         "position": application.position, "job_title": application.job_title,
         "motivation": application.motivation, "internet_use": application.internet_use,
         "status": application.status, "applied": _iso(application.created_at),
         "attendance": [{"day": _iso(row.day), "present": row.present} for row in application.attendance.all()]}
        for application in applications
    ]


def export_hackathons(user):
    registrations = (HackathonRegistration.objects.filter(user=user).select_related("event")
                     .prefetch_related("memberships__team__challenge").order_by("-pk")[:EXPORT_LIMIT])
    challenges = Challenge.objects.filter(submitted_by=user).select_related("event", "organization").order_by("-pk")
    return {
        "registrations": [
            {"hackathon": str(registration.event), "skills": registration.skills,
             "registered": _iso(registration.created_at),
             "teams": [{"team": membership.team.name, "challenge": membership.team.challenge.title}
                       for membership in registration.memberships.all()]}
            for registration in registrations
        ],
        "challenges_submitted": [
            {"hackathon": str(challenge.event), "organization": challenge.organization.name, "title": challenge.title,
             "description": challenge.description, "submitted": _iso(challenge.created_at)}
            for challenge in challenges[:EXPORT_LIMIT]
        ],
    }


def erase_applications(user):
    """An accepted application is the organization's training record (attendance, alumni): it stays
    without the applicant. Every other application is deleted."""
    mine = Application.objects.filter(applicant=user)
    removable = mine.exclude(status=ApplicationStatus.ACCEPTED)
    deleted = removable.count()
    removable.delete()
    kept = mine.update(applicant=None)
    lines = []
    if deleted:
        lines.append(_("Workshop applications deleted: %(count)d.") % {"count": deleted})
    if kept:
        lines.append(_("Accepted workshop places kept as your organization's training record, without your name: "
                       "%(count)d.") % {"count": kept})
    return lines


def erase_hackathons(user):
    registrations = HackathonRegistration.objects.filter(user=user)
    count = registrations.count()
    registrations.delete()  # and the team memberships
    Challenge.objects.filter(submitted_by=user).update(submitted_by=None)
    return [_("Hackathon registrations deleted: %(count)d.") % {"count": count}] if count else []


register(name="workshop_applications", export=export_applications, erase=erase_applications, order=40)
register(name="hackathons", export=export_hackathons, erase=erase_hackathons, order=40)
