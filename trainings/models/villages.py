"""Future Village (未来村庄): villages on the map and the co-design projects that start in them.

A village is a place, not an organization: it has no members and no trust score, only a
moderation status. A project moves through its stages one step at a time, with a reason."""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.fields import BoundedTextField
from common.validators import reject_html
from orgs.models import Division, Organization

from .hackathons import Team


class VillageStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed, waiting for a moderator")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Village(models.Model):
    name = models.CharField(_("village name"), max_length=100, validators=[reject_html])
    county = models.ForeignKey(Division, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+",
                               limit_choices_to={"level": "county"})
    location = models.PointField(_("location"), srid=4326)
    description = BoundedTextField(_("short description"), max_length=1000, validators=[reject_html])
    status = models.CharField(_("status"), max_length=10, choices=VillageStatus.choices,
                              default=VillageStatus.PROPOSED)
    status_reason = models.CharField(_("reason for the status"), max_length=300, blank=True,
                                     validators=[reject_html])
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("proposed by"),
                                    on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    class Meta:
        verbose_name = _("village")
        verbose_name_plural = _("villages")
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "county"], name="village_status_county")]

    def __str__(self):
        return f"{self.name}（{self.county.name}）"

    def get_absolute_url(self):
        return reverse("trainings:village", kwargs={"pk": self.pk})


class ModeratedPhoto(models.Model):
    """A photo stored only as processed by common.images (upright, resized, EXIF and GPS stripped),
    which a moderator can hide with a reason (kept, not deleted)."""

    image = models.ImageField(_("photo"), upload_to="villages/")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="villages/", blank=True)
    is_hidden = models.BooleanField(_("hidden by a moderator"), default=False)
    hidden_reason = models.CharField(_("why it is hidden"), max_length=300, blank=True, validators=[reject_html])

    class Meta:
        abstract = True

    @property
    def thumbnail_url(self):
        return (self.thumbnail or self.image).url


class VillagePhoto(ModeratedPhoto):
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.CASCADE, related_name="photos")
    caption = models.CharField(_("caption"), max_length=200, blank=True, validators=[reject_html])
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.SET_NULL,
                                 null=True, related_name="+")

    class Meta:
        verbose_name = _("village photo")
        verbose_name_plural = _("village photos")
        ordering = ["village", "pk"]

    def __str__(self):
        return self.caption or self.image.name


class Stage(models.TextChoices):
    GATHERING = "gathering", _("Gathering the problem")
    CODESIGN = "codesign", _("Co-design")
    PROTOTYPE = "prototype", _("Prototype")
    BUILT = "built", _("Built in the village")
    FOLLOWUP = "followup", _("Follow-up")


STAGE_ORDER = [Stage.GATHERING, Stage.CODESIGN, Stage.PROTOTYPE, Stage.BUILT, Stage.FOLLOWUP]
# A project moves one step forward, or one step back (a prototype that failed goes back to
# co-design); every move has a reason and is kept in the history.
STAGE_TRANSITIONS = {
    stage: {STAGE_ORDER[index + step] for step in (-1, 1) if 0 <= index + step < len(STAGE_ORDER)}
    for index, stage in enumerate(STAGE_ORDER)
}


class ParticipantRole(models.TextChoices):
    VILLAGER = "villager", _("Villager")
    TEACHER = "teacher", _("Teacher")
    UNIVERSITY_STUDENT = "university", _("University student")
    SCHOOL_STUDENT = "highschool", _("High-school student")
    DESIGNER = "designer", _("Designer")
    ENGINEER = "engineer", _("Engineer")
    NGO_WORKER = "ngo", _("NGO worker")
    RESEARCHER = "researcher", _("Researcher")


class CoDesignProject(models.Model):
    village = models.ForeignKey(Village, verbose_name=_("village"), on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("title"), max_length=150, validators=[reject_html])
    problem = BoundedTextField(_("the problem, in the villagers' words"), max_length=3000, validators=[reject_html])
    raised_by = models.CharField(_("who raised it"), max_length=100, validators=[reject_html],
                                 help_text=_("e.g. the women of the village, the school's headteacher"))
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.GATHERING)
    call_open = models.BooleanField(_("open for participants"), default=True)
    roles_wanted = ArrayField(models.CharField(max_length=12, choices=ParticipantRole.choices),
                              verbose_name=_("roles wanted"), default=list, blank=True)
    skills_wanted = models.CharField(_("skills wanted"), max_length=300, blank=True, validators=[reject_html])
    outcomes = BoundedTextField(_("outcomes"), max_length=3000, blank=True, validators=[reject_html])
    organizations = models.ManyToManyField(Organization, verbose_name=_("NGOs involved"), blank=True,
                                           related_name="codesign_projects")
    teams = models.ManyToManyField(Team, verbose_name=_("hackathon teams involved"), blank=True,
                                   related_name="codesign_projects")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"),
                                   on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("started"), auto_now_add=True)

    class Meta:
        verbose_name = _("co-design project")
        verbose_name_plural = _("co-design projects")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=models.Q(stage__in=Stage.values), name="project_stage_known")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("trainings:project", kwargs={"pk": self.pk})

    @property
    def roles_wanted_labels(self):
        return [ParticipantRole(value).label for value in self.roles_wanted]

    @property
    def stage_number(self):
        return STAGE_ORDER.index(self.stage) + 1


class StageChange(models.Model):
    project = models.ForeignKey(CoDesignProject, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="stage_changes")
    from_stage = models.CharField(_("from"), max_length=10, choices=Stage.choices)
    to_stage = models.CharField(_("to"), max_length=10, choices=Stage.choices)
    reason = models.CharField(_("reason"), max_length=500, validators=[reject_html])
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["project", "changed_at", "pk"]

    def __str__(self):
        return f"{self.project}: {self.from_stage} → {self.to_stage}"


class ProjectParticipant(models.Model):
    project = models.ForeignKey(CoDesignProject, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                             related_name="codesign_participations")
    role = models.CharField(_("role"), max_length=12, choices=ParticipantRole.choices)
    skills = models.CharField(_("skills"), max_length=300, blank=True, validators=[reject_html])
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("project participant")
        verbose_name_plural = _("project participants")
        ordering = ["project", "joined_at"]
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="project_join_once")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class ProjectNeed(models.Model):
    """A need of the project posted on the map by an NGO involved; the post links back here."""

    project = models.ForeignKey(CoDesignProject, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="needs")
    post = models.OneToOneField("mapplatform.ResourcePost", verbose_name=_("map post"), on_delete=models.CASCADE,
                                related_name="codesign_project_link")

    class Meta:
        verbose_name = _("project need")
        verbose_name_plural = _("project needs")

    def __str__(self):
        return f"{self.project}: {self.post}"


# Outcomes are reported once the project has built something in the village.
OUTCOME_STAGES = (Stage.BUILT, Stage.FOLLOWUP)


class ProjectOutcome(ModeratedPhoto):
    """What the project built or changed, told by its team, with a photo if they have one."""

    project = models.ForeignKey(CoDesignProject, verbose_name=_("project"), on_delete=models.CASCADE,
                                related_name="reported_outcomes")
    stage = models.CharField(_("stage when reported"), max_length=10, choices=Stage.choices)
    text = BoundedTextField(_("what came of it"), max_length=2000, validators=[reject_html])
    image = models.ImageField(_("photo"), upload_to="projects/", blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to="projects/", blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.SET_NULL,
                                 null=True, related_name="+")
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("project outcome")
        verbose_name_plural = _("project outcomes")
        ordering = ["project", "-created_at", "-pk"]
        indexes = [models.Index(fields=["project", "-created_at"], name="outcome_project_recent")]
        constraints = [models.CheckConstraint(condition=models.Q(stage__in=[s.value for s in OUTCOME_STAGES]),
                                              name="outcome_after_building")]

    def __str__(self):
        return f"{self.project}: {self.text[:40]}"
