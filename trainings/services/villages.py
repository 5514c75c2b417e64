"""Future Village: proposing and publishing villages, co-design projects, joining, stages, needs."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.emails import site_url
from common.images import attach_photo
from common.integrity import save_or_refuse
from mapplatform.models import PostKind
from mapplatform.services.posts import post_create
from orgs.models import Division
from orgs.models.organizations import location_is_valid, point_is_in_province

from ..models import (
    OUTCOME_STAGES,
    STAGE_TRANSITIONS,
    CoDesignProject,
    ParticipantRole,
    ProjectNeed,
    ProjectOutcome,
    ProjectParticipant,
    Stage,
    StageChange,
    Village,
    VillagePhoto,
    VillageStatus,
)


@transaction.atomic
def village_propose(*, user, name, county, location, description, photo=None, caption=""):
    """Anyone verified proposes a village; it shows once a moderator publishes it."""
    if not user.has_perm("trainings.propose_village"):
        raise PermissionDenied(_("Verify your email address before proposing a village."))
    if county is None or county.level != "county":
        raise ValidationError({"county": _("Choose the county the village is in.")})
    if location is None or not location_is_valid(location):
        raise ValidationError({"location": _("Place the village on the map.")})
    province = Division.objects.get(code=county.province_code)
    if not point_is_in_province(location, province):
        raise ValidationError({"location": _("The point is outside %(province)s.") % {"province": province.name}})
    village = Village(name=name, county=county, location=location, description=description, proposed_by=user)
    village.full_clean()
    village.save()
    if photo is not None:
        village_photo = VillagePhoto(village=village, caption=caption, added_by=user)
        attach_photo(village_photo, photo)  # upright, resized, EXIF/GPS stripped; refuses non-photos
        village_photo.full_clean()
        village_photo.save()
    return village


@transaction.atomic
def village_moderate(*, village, user, status, reason=""):
    """A moderator publishes or hides a village (hiding needs a reason)."""
    if not user.has_perm("trainings.moderate_village"):
        raise PermissionDenied(_("Only moderators publish or hide villages."))
    if status not in VillageStatus.values:
        raise ValidationError(_("Unknown status."))
    if status == VillageStatus.HIDDEN and not reason.strip():
        raise ValidationError(_("Say why the village is hidden."))
    Village.objects.filter(pk=village.pk).update(status=status, status_reason=reason.strip()[:300])
    village.refresh_from_db()
    return village


def _visible_to(village, user):
    return village.status == VillageStatus.PUBLISHED or (user.is_authenticated and village.proposed_by_id == user.pk)


@transaction.atomic
def project_start(*, village, user, data, organizations=()):
    """A verified person starts a co-design project in a published village (or the one they proposed)."""
    if not user.has_perm("trainings.start_project"):
        raise PermissionDenied(_("Verify your email address before starting a project."))
    if not _visible_to(village, user):
        raise ValidationError(_("Projects start in published villages."))
    roles = data.get("roles_wanted") or []
    if set(roles) - set(ParticipantRole.values):
        raise ValidationError({"roles_wanted": _("Unknown role.")})
    project = CoDesignProject(village=village, created_by=user, stage=Stage.GATHERING, **data)
    project.full_clean()
    project.save()
    if organizations:
        project.organizations.set(organizations)
    return project


@transaction.atomic
def project_join(*, project, user, role, skills=""):
    """Join a project's open call in one of the roles it asks for, with one's skills."""
    if not user.has_perm("trainings.join_project"):
        raise PermissionDenied(_("Verify your email address before joining a project."))
    if not project.call_open or project.village.status != VillageStatus.PUBLISHED:
        raise ValidationError(_("This project is not looking for participants now."))
    if role not in ParticipantRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    if project.roles_wanted and role not in project.roles_wanted:
        raise ValidationError({"role": _("This project asks for: %(roles)s.") % {
            "roles": "、".join(str(label) for label in project.roles_wanted_labels)}})
    participant = ProjectParticipant(project=project, user=user, role=role, skills=skills.strip())
    participant.full_clean(exclude=["project", "user"], validate_constraints=False)
    save_or_refuse(participant, _("You have already joined this project."))
    return participant


@transaction.atomic
def project_move_stage(*, project, user, to_stage, reason):
    """Move one step forward or back, with a reason kept in the stage history."""
    if not user.has_perm("trainings.manage_project", project):
        raise PermissionDenied(_("Only the project's team moves its stage."))
    project = CoDesignProject.objects.select_for_update().get(pk=project.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the project moves to this stage.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    if to_stage not in STAGE_TRANSITIONS.get(project.stage, set()):
        raise ValidationError({"to_stage": _("A project at “%(current)s” can move only one step forward or back.")
                               % {"current": project.get_stage_display()}})
    StageChange.objects.create(project=project, from_stage=project.stage, to_stage=to_stage, reason=reason,
                               changed_by=user)
    project.stage = to_stage
    project.save(update_fields=["stage"])
    return project


@transaction.atomic
def project_post_need(*, project, user, organization, data):
    """An NGO involved in the project posts one of its needs on the map, at the village."""
    if not project.organizations.filter(pk=organization.pk).exists():
        raise ValidationError(_("Only an NGO involved in the project posts its needs."))
    link = _("Future Village co-design project: %(url)s") % {"url": site_url(project.get_absolute_url())}
    description = "\n\n".join(part for part in (str(data.get("description") or "").strip(), link) if part)
    data = {**data, "kind": PostKind.NEED, "location": project.village.location, "description": description}
    post = post_create(user=user, organization=organization, data=data)
    ProjectNeed.objects.create(project=project, post=post)
    return post


@transaction.atomic
def project_involve_organization(*, project, user, organization):
    """A member of the project's team involves an NGO they are an approved member of; its members
    can then post the project's needs on the map."""
    if not user.has_perm("trainings.manage_project", project):
        raise PermissionDenied(_("Join the project before involving your organization."))
    if not user.has_perm("trainings.involve_organization", organization):
        raise PermissionDenied(_("Only members of an organization involve it in a project."))
    project.organizations.add(organization)
    return project


@transaction.atomic
def outcome_add(*, project, user, text, photo=None):
    """The team tells what the project built or changed, once it is built in the village, with a
    photo stored through common.images (resized, EXIF and GPS stripped)."""
    if not user.has_perm("trainings.manage_project", project):
        raise PermissionDenied(_("Only the project's team reports its outcomes."))
    project = CoDesignProject.objects.select_for_update().get(pk=project.pk)
    if project.stage not in OUTCOME_STAGES:
        raise ValidationError(_("Outcomes are reported once the project is built in the village."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Say what came of the project.")})
    outcome = ProjectOutcome(project=project, stage=project.stage, text=text, added_by=user)
    if photo is not None:
        try:
            attach_photo(outcome, photo)
        except ValidationError as error:
            raise ValidationError({"photo": error.messages}) from error
    outcome.full_clean()
    outcome.save()
    return outcome


@transaction.atomic
def photo_set_hidden(*, photo, user, hidden, reason=""):
    """A moderator hides a village photo or an outcome's photo (with a reason), or shows it again.
    The file is kept: hiding is a status, not a delete."""
    if not user.has_perm("trainings.moderate_village"):
        raise PermissionDenied(_("Only moderators hide photos."))
    reason = (reason or "").strip()
    if hidden and not reason:
        raise ValidationError({"reason": _("Say why the photo is hidden.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep the reason under 300 characters.")})
    type(photo).objects.filter(pk=photo.pk).update(is_hidden=hidden, hidden_reason=reason if hidden else "")
    photo.refresh_from_db()
    return photo
