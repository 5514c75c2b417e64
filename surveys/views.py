"""Pages of the surveys app: the list, answering (as a member or by invitation), results, exports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from orgs.models import Organization
from orgs.selectors import organizations_of_member

from .answers import form_value, stored_value, visible_question_ids
from .exports import ResponsesExport
from .models import QuestionType, Survey, SurveyKind, SurveyStatus
from .selectors import (
    BREAKDOWNS,
    response_rate,
    responses_of_user_organizations,
    survey_breakdown,
    survey_questions,
    survey_results,
    survey_trends,
    surveys_open,
    surveys_with_results,
)
from .services.responding import (
    Respondent,
    SurveyClosed,
    invitation_for_token,
    response_open,
    response_save_draft,
    response_submit,
)

BREAKDOWN_CHOICES = [
    ("region", gettext_lazy("Region")),
    ("kind", gettext_lazy("Kind of organization")),
    ("field", gettext_lazy("Issue field")),
]


def survey_list(request):
    surveys = list(surveys_open())
    rows = []
    if request.user.is_authenticated:
        organizations = list(organizations_of_member(user=request.user).order_by("name")[:20])
        responses = responses_of_user_organizations(user=request.user, surveys=surveys)
        for survey in surveys:
            rows.append(
                (survey, [(organization, responses.get((survey.pk, organization.pk))) for organization in organizations])
            )
    else:
        rows = [(survey, []) for survey in surveys]
    return render(
        request,
        "surveys/list.html",
        {"rows": rows, "with_results": surveys_with_results(user=request.user)[:30]},
    )


def _raw_answers(post, questions):
    """What the browser sent for each question: a list for multiple choice, else text."""
    raw = {}
    for question in questions:
        name = f"q-{question.key}"
        if question.type == QuestionType.MULTIPLE:
            if name in post or f"{name}-present" in post:
                raw[question.key] = post.getlist(name)
        elif name in post:
            raw[question.key] = post.get(name)
    return raw


def _respond(request, *, survey, organization, respondent, autosave_url):
    try:
        response = response_open(survey=survey, organization=organization, respondent=respondent)
    except SurveyClosed as error:
        return render(request, "surveys/closed.html", {"survey": survey, "message": error.messages[0]}, status=410)
    questions = survey_questions(survey=survey)
    errors = {}
    sent = {}
    if request.method == "POST":
        sent = _raw_answers(request.POST, questions)
        try:
            if request.POST.get("action") == "submit":
                response_submit(
                    response=response,
                    respondent=respondent,
                    raw_answers=sent,
                    show_on_profile=request.POST.get("show_on_profile") == "on"
                    if survey.kind == SurveyKind.ANNUAL
                    else None,
                )
                messages.success(request, _("Thank you: the answers were submitted. You can change them until the survey closes."))
                return redirect(request.path)
            errors = response_save_draft(response=response, respondent=respondent, raw_answers=sent)
            if not errors:
                messages.success(request, _("Draft saved. You can come back to it from any device."))
                return redirect(request.path)
        except SurveyClosed as error:
            return render(request, "surveys/closed.html", {"survey": survey, "message": error.messages[0]}, status=410)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        response.refresh_from_db()
    stored = {answer.question_id: stored_value(answer) for answer in response.answers.all()}
    visible = visible_question_ids(questions, stored)
    items = []
    for question in questions:
        if question.key in sent and question.key in errors:
            value = sent[question.key]  # show what the person typed, with the error beside it
        else:
            value = form_value(question, stored.get(question.pk))
        items.append(
            {
                "question": question,
                "value": value,
                "values": value if isinstance(value, list) else [value],
                "errors": errors.get(question.key, []),
                "hidden": question.pk not in visible,
                "scale_points": range(question.scale_min, question.scale_max + 1)
                if question.type == QuestionType.SCALE
                else (),
            }
        )
    return render(
        request,
        "surveys/respond.html",
        {
            "survey": survey,
            "organization": organization,
            "response": response,
            # "Draft saved" only once something was: a response just opened has no answers yet.
            "draft_saved": not response.is_submitted and bool(stored),
            "items": items,
            "form_errors": errors.get("__all__", []),
            "has_errors": bool(errors),
            "autosave_url": autosave_url,
            "closes_at": survey.closes_at,
        },
        status=400 if errors else 200,
    )


@login_required
def respond_as_member(request, slug, org_slug):
    survey = get_object_or_404(Survey.objects.exclude(status=SurveyStatus.DRAFT), slug=slug)
    organization = get_object_or_404(Organization, slug=org_slug)
    respondent = Respondent(user=request.user)
    return _respond(
        request,
        survey=survey,
        organization=organization,
        respondent=respondent,
        autosave_url=request.path + "autosave/",
    )


def _invitation_or_404(token):
    try:
        return invitation_for_token(token)
    except PermissionDenied as error:
        raise Http404(str(error)) from error


def respond_by_invitation(request, token):
    invitation = _invitation_or_404(token)
    return _respond(
        request,
        survey=invitation.survey,
        organization=invitation.organization,
        respondent=Respondent(user=request.user, invitation=invitation),
        autosave_url=request.path + "autosave/",
    )


def _autosave(request, *, survey, organization, respondent):
    try:
        response = response_open(survey=survey, organization=organization, respondent=respondent)
        errors = response_save_draft(
            response=response, respondent=respondent, raw_answers=_raw_answers(request.POST, survey_questions(survey=survey))
        )
    except PermissionDenied as error:
        return JsonResponse({"error": str(error)}, status=403)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=409)
    saved_at = formats.time_format(timezone.localtime(), "H:i")
    return JsonResponse({"saved_at": saved_at, "errors": errors}, status=400 if errors else 200)


@require_POST
def autosave_as_member(request, slug, org_slug):
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Please sign in again.")}, status=403)
    survey = get_object_or_404(Survey, slug=slug)
    organization = get_object_or_404(Organization, slug=org_slug)
    return _autosave(request, survey=survey, organization=organization, respondent=Respondent(user=request.user))


@require_POST
def autosave_by_invitation(request, token):
    invitation = _invitation_or_404(token)
    return _autosave(
        request,
        survey=invitation.survey,
        organization=invitation.organization,
        respondent=Respondent(user=request.user, invitation=invitation),
    )


def results(request, slug):
    survey = get_object_or_404(Survey.objects.exclude(status=SurveyStatus.DRAFT), slug=slug)
    if not request.user.has_perm("surveys.view_results", survey):
        raise PermissionDenied(_("The results of this survey are not public."))
    dimension = request.GET.get("by") if request.GET.get("by") in BREAKDOWNS else None
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "rate": response_rate(survey=survey),
            "results": survey_results(survey=survey),
            "dimension": dimension,
            "dimensions": BREAKDOWN_CHOICES,
            "breakdown": survey_breakdown(survey=survey, dimension=dimension) if dimension else {},
            "trends": survey_trends(survey=survey),
            "can_export": request.user.has_perm("surveys.export_responses", survey),
        },
    )


@login_required
def export(request, slug, file_format):
    survey = get_object_or_404(Survey, slug=slug)
    if not request.user.has_perm("surveys.export_responses", survey):
        raise PermissionDenied(_("You are not allowed to export responses."))
    personal = request.user.has_perm("surveys.export_personal_data")
    return ResponsesExport(survey=survey, personal=personal, request=request).response(file_format)
