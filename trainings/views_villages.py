"""Future Village pages: villages, proposing one, co-design projects, joining, stages, needs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orgs.selectors import organizations_of_member

from .forms_villages import (
    HidePhotoForm,
    InvolveForm,
    JoinForm,
    NeedForm,
    OutcomeForm,
    ProjectForm,
    StageForm,
    VillageForm,
    VillageMapForm,
)
from .models import OUTCOME_STAGES, ProjectOutcome, VillagePhoto
from .selectors_villages import project_detail as project_detail_query
from .selectors_villages import village_visible, villages_on_map, villages_published
from .services.villages import (
    outcome_add,
    photo_set_hidden,
    project_involve_organization,
    project_join,
    project_move_stage,
    project_post_need,
    project_start,
    village_propose,
)


def _add_errors(form, error):
    if isinstance(error, PermissionDenied):
        form.add_error(None, str(error))
        return
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in error.messages:
            form.add_error(None, message)


def village_list(request):
    page = Paginator(villages_published(), 30).get_page(request.GET.get("page"))
    return render(request, "trainings/village_list.html", {"page": page})


def village_map_data(request):
    """The map's Future Village layer: published villages in the box, with their open projects,
    as GeoJSON (bounded by the box and MAP_VILLAGE_CAP). Bad parameters are a 400 with reasons."""
    form = VillageMapForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": {field: [str(e) for e in errors] for field, errors in form.errors.items()}},
                            status=400)
    villages, truncated = villages_on_map(bbox=form.cleaned_data["bbox"], stage=form.cleaned_data["stage"],
                                          role=form.cleaned_data["role"])
    features = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(village.location.x, 6), round(village.location.y, 6)]},
        "properties": {
            "id": village.pk, "name": village.name, "url": village.get_absolute_url(), "county": str(village.county),
            "projects": [{"title": project.title, "url": project.get_absolute_url(),
                          "stage": project.get_stage_display(), "roles": [str(r) for r in project.roles_wanted_labels]}
                         for project in village.open_projects],
        },
    } for village in villages]
    return JsonResponse({"type": "FeatureCollection", "features": features, "truncated": truncated})


@login_required
def village_new(request):
    form = VillageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            village = village_propose(user=request.user, name=data["name"], county=data["county"],
                                      location=data["location"], description=data["description"],
                                      photo=data.get("photo"), caption=data.get("caption", ""))
        except (ValidationError, PermissionDenied) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Thank you: a moderator will publish the village. You can already describe "
                                        "its problem."))
            return redirect(village)
    return render(request, "trainings/village_new.html", {"form": form}, status=400 if form.errors else 200)


def village_detail(request, pk):
    village = village_visible(pk=pk, user=request.user)
    if village is None:
        raise Http404(_("No such village."))
    projects = village.projects.order_by("-created_at")[:50]
    return render(request, "trainings/village_detail.html", {
        "village": village, "projects": projects, "can_moderate": request.user.has_perm("trainings.moderate_village")})


@login_required
def project_new(request, pk):
    village = village_visible(pk=pk, user=request.user)
    if village is None:
        raise Http404(_("No such village."))
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = project_start(village=village, user=request.user, data=form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The project is started. Share its page to find participants."))
            return redirect(project)
    return render(request, "trainings/project_new.html", {"village": village, "form": form},
                  status=400 if form.errors else 200)


def _my_organizations(project, user):
    """(the user's organizations involved in the project, those not yet involved): one query."""
    mine = list(organizations_of_member(user=user, published_only=True).order_by("name"))
    involved = {organization.pk for organization in project.organizations.all()}
    return ([o for o in mine if o.pk in involved], [o for o in mine if o.pk not in involved])


def project_detail(request, pk, join_form=None, stage_form=None, need_form=None, outcome_form=None,
                   involve_form=None, status=200):
    project = project_detail_query(pk=pk, user=request.user)
    if project is None:
        raise Http404(_("No such project."))
    participants = list(project.participants.all())
    can_manage = request.user.has_perm("trainings.manage_project", project)
    involved, not_involved = _my_organizations(project, request.user)
    context = {
        "project": project,
        "participants": participants,
        "stage_changes": list(project.stage_changes.all()),
        "stages": project.__class__._meta.get_field("stage").choices,
        "joined": request.user.is_authenticated and any(p.user_id == request.user.pk for p in participants),
        "join_form": join_form or JoinForm(project=project),
        "can_manage": can_manage,
        "can_moderate": request.user.has_perm("trainings.moderate_village"),
        "stage_form": stage_form or StageForm(project=project),
        "need_form": need_form or (NeedForm(organizations=involved) if involved else None),
        "outcome_form": outcome_form or (OutcomeForm() if can_manage and project.stage in OUTCOME_STAGES else None),
        "involve_form": involve_form or (InvolveForm(organizations=not_involved)
                                         if can_manage and not_involved else None),
    }
    return render(request, "trainings/project_detail.html", context, status=status)


def _project_form_post(request, pk, *, form_name, make_form, act, done):
    """Every form on a project's page has one shape: bind it, call the service, say so and go
    back to the page; or show the page again with the form's errors (400)."""
    project = project_detail_query(pk=pk, user=request.user)
    if project is None:
        raise Http404(_("No such project."))
    form = make_form(project)
    if form.is_valid():
        try:
            act(project, form.cleaned_data, form)
        except (ValidationError, PermissionDenied) as error:
            _add_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(project)
    return project_detail(request, pk, status=400, **{form_name: form})


@login_required
@require_POST
def project_join_view(request, pk):
    return _project_form_post(
        request, pk, form_name="join_form", done=_("You joined the project."),
        make_form=lambda project: JoinForm(request.POST, project=project),
        act=lambda project, data, form: project_join(project=project, user=request.user, role=data["role"],
                                                     skills=data["skills"]))


@login_required
@require_POST
def project_stage_view(request, pk):
    return _project_form_post(
        request, pk, form_name="stage_form", done=_("The project moved to its new stage."),
        make_form=lambda project: StageForm(request.POST, project=project),
        act=lambda project, data, form: project_move_stage(project=project, user=request.user,
                                                           to_stage=data["to_stage"], reason=data["reason"]))


@login_required
@require_POST
def project_need_view(request, pk):
    def post_need(project, data, form):
        fields = {key: data[key] for key in ("resource_type", "title", "description", "expires_on")}
        project_post_need(project=project, user=request.user, organization=form.organizations[data["organization"]],
                          data=fields)

    return _project_form_post(
        request, pk, form_name="need_form", done=_("The need is on the map."), act=post_need,
        make_form=lambda project: NeedForm(request.POST, organizations=_my_organizations(project, request.user)[0]))


@login_required
@require_POST
def project_outcome_view(request, pk):
    return _project_form_post(
        request, pk, form_name="outcome_form", done=_("The outcome is on the project's page."),
        make_form=lambda project: OutcomeForm(request.POST, request.FILES),
        act=lambda project, data, form: outcome_add(project=project, user=request.user, text=data["text"],
                                                    photo=data.get("photo")))


@login_required
@require_POST
def project_involve_view(request, pk):
    return _project_form_post(
        request, pk, form_name="involve_form", done=_("Your organization takes part in the project."),
        make_form=lambda project: InvolveForm(request.POST,
                                              organizations=_my_organizations(project, request.user)[1]),
        act=lambda project, data, form: project_involve_organization(
            project=project, user=request.user, organization=form.organizations[data["organization"]]))


PHOTO_KINDS = {"village": VillagePhoto, "outcome": ProjectOutcome}


@login_required
@require_POST
def photo_hide_view(request, kind, pk):
    """A moderator hides a photo (with a reason) or shows it again, from the page it is on."""
    model = PHOTO_KINDS.get(kind)
    photo = model.objects.filter(pk=pk).first() if model else None
    if photo is None or not photo.image:
        raise Http404(_("No such photo."))
    back = photo.village if kind == "village" else photo.project
    form = HidePhotoForm(request.POST)
    form.is_valid()
    try:
        photo_set_hidden(photo=photo, user=request.user, hidden=form.cleaned_data.get("hidden", False),
                         reason=form.cleaned_data.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The photo is hidden.") if photo.is_hidden else _("The photo is shown again."))
    return redirect(back)
