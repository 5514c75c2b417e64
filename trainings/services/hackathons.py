"""Hackathons: NGOs submit challenges, makers register and team up, teams record results."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.integrity import save_or_refuse

from ..models import (
    Challenge,
    ChallengeOrigin,
    EventKind,
    EventStatus,
    HackathonRegistration,
    Team,
    TeamMember,
)


def _check_hackathon(event):
    if event.kind != EventKind.HACKATHON or event.status != EventStatus.PUBLISHED:
        raise ValidationError(_("This is not an open hackathon."))


@transaction.atomic
def challenge_submit(*, event, user, title, description, organization=None, origin=ChallengeOrigin.ORGANIZATION,
                     origin_name=""):
    """A member submits their organization's problem; any verified user may bring one from a
    village, school or person that is not on the platform (named in origin_name)."""
    _check_hackathon(event)
    if organization is not None:
        if not user.has_perm("trainings.submit_challenge", organization):
            raise PermissionDenied(_("Only verified members of the organization can submit its problems."))
        origin, origin_name = ChallengeOrigin.ORGANIZATION, ""
    else:
        if not user.has_perm("trainings.register_as_maker"):
            raise PermissionDenied(_("Verify your email address before submitting a challenge."))
        if origin == ChallengeOrigin.ORGANIZATION:
            raise ValidationError({"organization": _("Choose the organization, or say it is a village, school or person.")})
        if not (origin_name or "").strip():
            raise ValidationError({"origin_name": _("Name the village, school or person who has the problem.")})
    challenge = Challenge(event=event, organization=organization, origin=origin, origin_name=(origin_name or "").strip(),
                          submitted_by=user, title=title, description=description)
    challenge.full_clean()
    challenge.save()
    return challenge


@transaction.atomic
def maker_register(*, event, user, skills):
    _check_hackathon(event)
    if not user.has_perm("trainings.register_as_maker"):
        raise PermissionDenied(_("Verify your email address before registering."))
    registration = HackathonRegistration(event=event, user=user, skills=skills)
    registration.full_clean(validate_constraints=False)
    save_or_refuse(registration, _("You are already registered for this hackathon."))
    return registration


def _registration(event, user):
    registration = HackathonRegistration.objects.filter(event=event, user=user).first()
    if registration is None:
        raise ValidationError(_("Register for the hackathon first."))
    return registration


def _join(team, registration):
    save_or_refuse(TeamMember(team=team, registration=registration),
                   _("You are already in a team at this hackathon."))


@transaction.atomic
def team_form(*, challenge, user, name):
    registration = _registration(challenge.event, user)
    team = Team(challenge=challenge, name=name)
    team.full_clean(validate_constraints=False)
    save_or_refuse(team, _("A team with this name already works on this challenge."))
    _join(team, registration)
    return team


@transaction.atomic
def team_join(*, team, user):
    _join(team, _registration(team.challenge.event, user))
    return team


@transaction.atomic
def team_record_result(*, team, user, link, description):
    if not team.members.filter(registration__user=user).exists():
        raise PermissionDenied(_("Only the team's members record its result."))
    team.result_link, team.result_description = link, description
    team.full_clean()
    team.save(update_fields=["result_link", "result_description"])
    return team


@transaction.atomic
def team_mark_adoption(*, team, user, will_use):
    """The NGO that posed the challenge says whether it will use the team's result."""
    challenge = team.challenge
    allowed = (user.has_perm("trainings.submit_challenge", challenge.organization) if challenge.organization_id
               else challenge.submitted_by_id == user.pk)  # who brought a village's problem answers for it
    if not allowed:
        raise PermissionDenied(_("Only the organization that posed the challenge can say this."))
    if not team.result_link and not team.result_description:
        raise ValidationError(_("The team has not recorded a result yet."))
    team.ngo_will_use = will_use
    team.save(update_fields=["ngo_will_use"])
    return team
