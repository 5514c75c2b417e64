"""Hackathons: NGOs submit challenges, makers register and team up, teams record results."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.integrity import save_or_refuse

from ..models import (
    Challenge,
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
def challenge_submit(*, event, organization, user, title, description):
    _check_hackathon(event)
    if not user.has_perm("trainings.submit_challenge", organization):
        raise PermissionDenied(_("Only verified members of the organization can submit its problems."))
    challenge = Challenge(event=event, organization=organization, submitted_by=user, title=title,
                          description=description)
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
    if not user.has_perm("trainings.submit_challenge", team.challenge.organization):
        raise PermissionDenied(_("Only the organization that posed the challenge can say this."))
    if not team.result_link and not team.result_description:
        raise ValidationError(_("The team has not recorded a result yet."))
    team.ngo_will_use = will_use
    team.save(update_fields=["ngo_will_use"])
    return team
