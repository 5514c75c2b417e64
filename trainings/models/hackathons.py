"""Hackathons: NGOs' challenges, makers' registrations, teams and their results."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.fields import BoundedTextField, WebsiteField
from common.validators import reject_html
from orgs.models import Organization

from .events import Event


class ChallengeOrigin(models.TextChoices):
    """Who has the problem: a member organization, or a village, school or person outside the platform."""

    ORGANIZATION = "organization", _("A member organization")
    VILLAGE = "village", _("A village")
    SCHOOL = "school", _("A school")
    PERSON = "person", _("A person")


class Challenge(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("hackathon"), on_delete=models.CASCADE, related_name="challenges")
    origin = models.CharField(_("from"), max_length=20, choices=ChallengeOrigin.choices,
                              default=ChallengeOrigin.ORGANIZATION)
    organization = models.ForeignKey(Organization, verbose_name=_("organization"), on_delete=models.CASCADE,
                                     related_name="hackathon_challenges", null=True, blank=True)
    origin_name = models.CharField(_("village, school or person"), max_length=200, blank=True,
                                   validators=[reject_html],
                                   help_text=_("Who has the problem, when it is not a member organization."))
    title = models.CharField(_("problem"), max_length=200, validators=[reject_html])
    description = BoundedTextField(_("what the organization needs"), max_length=3000, validators=[reject_html])
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"),
                                     on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["event", "created_at"]
        constraints = [
            # From a member organization, with that organization; otherwise with the name of who has it.
            models.CheckConstraint(
                condition=(models.Q(origin="organization") & models.Q(organization__isnull=False))
                | (~models.Q(origin="organization") & models.Q(organization__isnull=True) & ~models.Q(origin_name="")),
                name="challenge_origin_named",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def origin_label(self):
        """Who has the problem, as shown on the page."""
        return self.organization.name if self.organization_id else f"{self.origin_name} · {self.get_origin_display()}"


class HackathonRegistration(models.Model):
    event = models.ForeignKey(Event, verbose_name=_("hackathon"), on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("maker"), on_delete=models.CASCADE,
                             related_name="hackathon_registrations")
    skills = models.CharField(_("skills"), max_length=300, validators=[reject_html],
                              help_text=_("e.g. web development, design, data, video"))
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("maker registration")
        verbose_name_plural = _("maker registrations")
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="registration_once")]

    def __str__(self):
        return f"{self.user} @ {self.event}"


class Team(models.Model):
    challenge = models.ForeignKey(Challenge, verbose_name=_("challenge"), on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("team name"), max_length=100, validators=[reject_html])
    result_link = WebsiteField(_("result link"), blank=True)
    result_description = BoundedTextField(_("what the team made"), blank=True, max_length=3000,
                                          validators=[reject_html])
    ngo_will_use = models.BooleanField(_("the organization will use it"), null=True, blank=True)
    created_at = models.DateTimeField(_("formed"), auto_now_add=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["challenge", "created_at"]
        constraints = [models.UniqueConstraint(fields=["challenge", "name"], name="team_name_unique_in_challenge")]

    def __str__(self):
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members")
    registration = models.ForeignKey(HackathonRegistration, verbose_name=_("maker"), on_delete=models.CASCADE,
                                     related_name="memberships")
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        # A maker is in one team per hackathon (the registration is per hackathon).
        constraints = [models.UniqueConstraint(fields=["registration"], name="maker_in_one_team")]

    def __str__(self):
        return f"{self.registration.user} in {self.team}"
