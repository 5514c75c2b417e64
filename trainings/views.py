"""Public pages of the trainings app: workshops, applying, my applications, figures, hackathons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orgs.selectors import organizations_of_member
from common.charts import bar_chart

from .forms import (
    ApplicationForm,
    ChallengeForm,
    RegistrationForm,
    ResultForm,
    TeamForm,
)
from .models import (
    Application,
    Challenge,
    Event,
    EventKind,
    Team,
)
from .selectors import (
    applications_of,
    event_page,
    events_past,
    events_shown,
    events_upcoming,
    program_figures,
)
from .services.applications import application_submit, application_withdraw
from .services.eligibility import eligibility_problems
from .services.hackathons import (
    challenge_submit,
    maker_register,
    team_form,
    team_join,
    team_mark_adoption,
    team_record_result,
)


def _member_organizations(user):
    return list(organizations_of_member(user=user, published_only=True).select_related("province").order_by("name"))


def event_list(request):
    past = Paginator(events_past(), 20).get_page(request.GET.get("page"))
    return render(request, "trainings/list.html", {"upcoming": events_upcoming()[:20], "past": past})


def event_detail(request, slug):
    event = get_object_or_404(events_shown(), slug=slug)
    context = {"event": event, **event_page(event=event, user=request.user)}
    organizations = _member_organizations(request.user)
    if event.kind == EventKind.WORKSHOP:
        context["eligibility"] = [
            (organization, eligibility_problems(event=event, organization=organization)) for organization in organizations
        ]
        context["can_apply"] = any(not problems for _organization, problems in context["eligibility"])
    else:
        context["registration_form"] = RegistrationForm()
        # Anyone signed in can bring a problem (from a village, school or person); members also their NGO's.
        context["challenge_form"] = ChallengeForm(organizations=organizations) if request.user.is_authenticated else None
        context["team_form"] = TeamForm()
        # Who may record a team's result (its members) and say whether it is used (the challenge's NGO).
        context["my_team_ids"] = set(
            Team.objects.filter(challenge__event=event, members__registration__user=request.user).values_list(
                "pk", flat=True)) if request.user.is_authenticated else set()
        context["my_organization_ids"] = {organization.pk for organization in organizations}
        context["result_form"] = ResultForm()
    return render(request, "trainings/event.html", context)


@login_required
def apply(request, slug):
    event = get_object_or_404(Event, slug=slug, kind=EventKind.WORKSHOP)
    organizations = _member_organizations(request.user)
    if not organizations:
        raise PermissionDenied(_("Apply for an organization you are a member of: claim or add it first."))
    form = ApplicationForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            application_submit(event=event, organization=form.selected_organization(), user=request.user,
                               data={key: form.cleaned_data[key] for key in ("position", "job_title", "motivation",
                                                                              "internet_use")})
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Application submitted. You can follow its status here."))
            return redirect("trainings:my-applications")
    return render(request, "trainings/apply.html", {"event": event, "form": form}, status=400 if form.errors else 200)


@login_required
def my_applications(request):
    return render(request, "trainings/my_applications.html", {"applications": applications_of(user=request.user)})


@login_required
@require_POST
def withdraw(request, pk):
    application = get_object_or_404(Application, pk=pk)
    try:
        application_withdraw(application=application, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The application was withdrawn."))
    return redirect("trainings:my-applications")


def figures(request):
    data = program_figures()
    charts = {
        "per_year": bar_chart(items=[(str(row["year"]), row["ngos"] + row["foundations"] + row["others"])
                                     for row in data["per_year"]],
                              title=_("Organizations trained per year"), id_prefix="per-year", show_title=False),
        "per_province": bar_chart(items=data["per_province"][:15], title=_("Organizations trained per province"),
                                  id_prefix="per-province", show_title=False),
        "per_field": bar_chart(items=data["per_field"], title=_("Organizations trained per issue field"),
                               id_prefix="per-field", show_title=False),
    }
    return render(request, "trainings/figures.html", {"figures": data, "charts": charts})


def _hackathon_action(request, event, action, success):
    try:
        action()
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, success)
    return redirect(event)


@login_required
@require_POST
def register(request, slug):
    event = get_object_or_404(Event, slug=slug, kind=EventKind.HACKATHON)
    form = RegistrationForm(request.POST)
    skills = form.data.get("skills", "")
    return _hackathon_action(request, event, lambda: maker_register(event=event, user=request.user, skills=skills),
                             _("You are registered. Join or form a team on a challenge."))


@login_required
@require_POST
def challenge_new(request, slug):
    event = get_object_or_404(Event, slug=slug, kind=EventKind.HACKATHON)
    form = ChallengeForm(request.POST, organizations=_member_organizations(request.user))
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect(event)
    return _hackathon_action(request, event, lambda: challenge_submit(
        event=event, user=request.user, title=form.cleaned_data["title"],
        description=form.cleaned_data["description"], **form.submit_kwargs()), _("The challenge was submitted."))


@login_required
@require_POST
def team_new(request, pk):
    challenge = get_object_or_404(Challenge, pk=pk)
    form = TeamForm(request.POST)
    name = form.data.get("name", "").strip()
    return _hackathon_action(request, challenge.event, lambda: team_form(challenge=challenge, user=request.user,
                                                                           name=name), _("Team formed."))


@login_required
@require_POST
def team_join_view(request, pk):
    team = get_object_or_404(Team, pk=pk)
    return _hackathon_action(request, team.challenge.event, lambda: team_join(team=team, user=request.user),
                             _("You joined the team."))


@login_required
@require_POST
def team_result(request, pk):
    team = get_object_or_404(Team, pk=pk)
    form = ResultForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect(team.challenge.event)
    return _hackathon_action(request, team.challenge.event, lambda: team_record_result(
        team=team, user=request.user, link=form.cleaned_data["link"], description=form.cleaned_data["description"]),
        _("The result was recorded."))


@login_required
@require_POST
def team_adoption(request, pk):
    team = get_object_or_404(Team, pk=pk)
    will_use = request.POST.get("will_use") == "yes"
    return _hackathon_action(request, team.challenge.event, lambda: team_mark_adoption(
        team=team, user=request.user, will_use=will_use), _("Thank you: the team will see your answer."))
