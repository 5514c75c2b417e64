"""Who may apply, decide, take attendance, and take part in hackathons."""

import rules

from orgs.rules import is_moderator, is_org_member, is_trainer, is_verified

can_apply_for_organization = is_verified & is_org_member
can_decide = is_verified & is_trainer

rules.add_perm("trainings.apply_for_organization", can_apply_for_organization)
rules.add_perm("trainings.decide_application", can_decide)
rules.add_perm("trainings.record_attendance", can_decide)
rules.add_perm("trainings.invite_alumni", can_decide)
rules.add_perm("trainings.submit_challenge", can_apply_for_organization)
rules.add_perm("trainings.register_as_maker", is_verified)
rules.add_perm("trainings.issue_certificate", can_decide)
rules.add_perm("trainings.check_in", can_decide)


@rules.predicate
def is_certificate_holder(user, certificate):
    return certificate is not None and user.is_authenticated and certificate.application.applicant_id == user.pk


rules.add_perm("trainings.download_certificate", is_certificate_holder | can_decide)


@rules.predicate
def is_project_team(user, project):
    """The person who started the project, or someone who joined it."""
    if project is None or not user.is_authenticated:
        return False
    return project.created_by_id == user.pk or project.participants.filter(user=user).exists()


rules.add_perm("trainings.propose_village", is_verified)
rules.add_perm("trainings.moderate_village", is_verified & is_moderator)
rules.add_perm("trainings.start_project", is_verified)
rules.add_perm("trainings.join_project", is_verified)
rules.add_perm("trainings.manage_project", is_verified & (is_project_team | is_moderator))
# The object is the organization: its approved members involve it in a project they are part of.
rules.add_perm("trainings.involve_organization", is_verified & is_org_member)


@rules.predicate
def has_made_something(user):
    """Took part in a hackathon or a Future Village project: may keep a maker profile."""
    if not user.is_authenticated:
        return False
    return user.hackathon_registrations.exists() or user.codesign_participations.exists()


rules.add_perm("trainings.keep_maker_profile", is_verified & has_made_something)
rules.add_perm("trainings.contact_maker", is_verified)
