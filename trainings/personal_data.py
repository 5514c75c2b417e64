"""What the trainings app holds about a person: workshop applications with their attendance,
hackathon registrations with their teams, Future Village (villages proposed, projects started and
joined, stage moves, outcomes, photos) and the maker profile (registered with common.personal_data)."""

from django.utils.translation import gettext as _

from common.personal_data import register

from .models import (
    Application,
    ApplicationStatus,
    Challenge,
    CoDesignProject,
    HackathonRegistration,
    MakerProfile,
    ProjectOutcome,
    ProjectParticipant,
    StageChange,
    Village,
    VillagePhoto,
)

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


def export_future_village(user):
    def rows(queryset):
        return queryset.order_by("-pk")[:EXPORT_LIMIT]

    return {
        "villages_proposed": [
            {"name": village.name, "county": village.county.name, "description": village.description,
             "status": village.status, "proposed": _iso(village.created_at)}
            for village in rows(Village.objects.filter(proposed_by=user).select_related("county"))],
        "village_photos_added": [
            {"village": photo.village.name, "caption": photo.caption, "file": photo.image.name}
            for photo in rows(VillagePhoto.objects.filter(added_by=user).select_related("village"))],
        "projects_started": [
            {"title": project.title, "village": project.village.name, "problem": project.problem,
             "started": _iso(project.created_at)}
            for project in rows(CoDesignProject.objects.filter(created_by=user).select_related("village"))],
        "projects_joined": [
            {"project": participant.project.title, "role": participant.role, "skills": participant.skills,
             "joined": _iso(participant.joined_at)}
            for participant in rows(ProjectParticipant.objects.filter(user=user).select_related("project"))],
        "stage_moves": [
            {"project": change.project.title, "from": change.from_stage, "to": change.to_stage,
             "reason": change.reason, "moved": _iso(change.changed_at)}
            for change in rows(StageChange.objects.filter(changed_by=user).select_related("project"))],
        "outcomes_reported": [
            {"project": outcome.project.title, "text": outcome.text, "file": outcome.image.name or None,
             "reported": _iso(outcome.created_at)}
            for outcome in rows(ProjectOutcome.objects.filter(added_by=user).select_related("project"))],
    }


def erase_future_village(user):
    """Taking part is personal and goes; what the person wrote for a village or a project (the
    proposal, the problem, stage reasons, outcomes, photos) is the project's record and stays,
    without their name."""
    joined = ProjectParticipant.objects.filter(user=user).delete()[0]
    Village.objects.filter(proposed_by=user).update(proposed_by=None)
    VillagePhoto.objects.filter(added_by=user).update(added_by=None)
    CoDesignProject.objects.filter(created_by=user).update(created_by=None)
    StageChange.objects.filter(changed_by=user).update(changed_by=None)
    ProjectOutcome.objects.filter(added_by=user).update(added_by=None)
    return [_("Future Village projects you took part in: %(count)d, your place in them deleted.")
            % {"count": joined}] if joined else []


def export_maker_profile(user):
    profile = MakerProfile.objects.filter(user=user).select_related("province").prefetch_related("fields").first()
    if profile is None:
        return None
    return {"skills": profile.skills, "fields": [field.name for field in profile.fields.all()],
            "province": profile.province.name, "about": profile.about, "public": profile.is_public,
            "updated": _iso(profile.updated_at)}


def erase_maker_profile(user):
    deleted = MakerProfile.objects.filter(user=user).delete()[0]
    return [_("Your maker profile was deleted.")] if deleted else []


register(name="workshop_applications", export=export_applications, erase=erase_applications, order=40)
register(name="hackathons", export=export_hackathons, erase=erase_hackathons, order=40)
register(name="future_village", export=export_future_village, erase=erase_future_village, order=40)
register(name="maker_profile", export=export_maker_profile, erase=erase_maker_profile, order=40)
