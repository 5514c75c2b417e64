"""Future Village pages: villages, proposing one, co-design projects, joining, stages, needs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orgs.models import MembershipStatus

from .forms_villages import JoinForm, NeedForm, ProjectForm, StageForm, VillageForm, VillageMapForm
from .selectors_villages import project_detail as project_detail_query
from .selectors_villages import village_visible, villages_on_map, villages_published
from .services.villages import project_join, project_move_stage, project_post_need, project_start, village_propose


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
    return render(request, "trainings/village_detail.html", {"village": village, "projects": projects})


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


def _involved_organizations(project, user):
    if not user.is_authenticated:
        return []
    return [organization for organization in project.organizations.all()
            if organization.memberships.filter(user=user, status=MembershipStatus.APPROVED).exists()]


def project_detail(request, pk, join_form=None, stage_form=None, need_form=None, status=200):
    project = project_detail_query(pk=pk, user=request.user)
    if project is None:
        raise Http404(_("No such project."))
    participants = list(project.participants.all())
    organizations = _involved_organizations(project, request.user)
    context = {
        "project": project,
        "participants": participants,
        "stage_changes": list(project.stage_changes.all()),
        "stages": project.__class__._meta.get_field("stage").choices,
        "joined": request.user.is_authenticated and any(p.user_id == request.user.pk for p in participants),
        "join_form": join_form or JoinForm(project=project),
        "can_manage": request.user.has_perm("trainings.manage_project", project),
        "stage_form": stage_form or StageForm(project=project),
        "need_form": need_form or (NeedForm(organizations=organizations) if organizations else None),
    }
    return render(request, "trainings/project_detail.html", context, status=status)


@login_required
@require_POST
def project_join_view(request, pk):
    project = project_detail_query(pk=pk, user=request.user)
    if project is None:
        raise Http404(_("No such project."))
    form = JoinForm(request.POST, project=project)
    if form.is_valid():
        try:
            project_join(project=project, user=request.user, role=form.cleaned_data["role"],
                         skills=form.cleaned_data["skills"])
        except (ValidationError, PermissionDenied) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("You joined the project."))
            return redirect(project)
    return project_detail(request, pk, join_form=form, status=400)


@login_required
@require_POST
def project_stage_view(request, pk):
    project = project_detail_query(pk=pk, user=request.user)
    if project is None:
        raise Http404(_("No such project."))
    form = StageForm(request.POST, project=project)
    if form.is_valid():
        try:
            project_move_stage(project=project, user=request.user, to_stage=form.cleaned_data["to_stage"],
                               reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The project moved to its new stage."))
            return redirect(project)
    return project_detail(request, pk, stage_form=form, status=400)


@login_required
@require_POST
def project_need_view(request, pk):
    project = project_detail_query(pk=pk, user=request.user)
    if project is None:
        raise Http404(_("No such project."))
    form = NeedForm(request.POST, organizations=_involved_organizations(project, request.user))
    if form.is_valid():
        data = {key: form.cleaned_data[key] for key in ("resource_type", "title", "description", "expires_on")}
        try:
            project_post_need(project=project, user=request.user,
                              organization=form.organizations[form.cleaned_data["organization"]], data=data)
        except (ValidationError, PermissionDenied) as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The need is on the map."))
            return redirect(project)
    return project_detail(request, pk, need_form=form, status=400)
