"""Trainers run cohorts here: applications with eligibility flags, decisions in bulk within
capacity, the cohort's balance, attendance per day, rosters, alumni invited to speak."""

import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from common.lists import join_list

from . import admin_villages  # noqa: F401 - registers the Future Village admin
from .admin_certificates import issue_certificates_to_applications, issue_certificates_to_workshops
from .exports import RosterExport
from .forms import ApplicationAdminForm, EventAdminForm
from .models import (
    Application,
    ApplicationStatus,
    Attendance,
    Challenge,
    Event,
    HackathonRegistration,
    Instructor,
    Session,
    SpeakerInvitation,
    Team,
)
from .selectors import cohort, cohort_balance
from .services.applications import application_decide
from .services.cohort import alumni, attendance_record, speaker_invitation_accept, speaker_invite
from .services.eligibility import eligibility_flags
from .services.feedback import feedback_survey_create


class InstructorInline(admin.TabularInline):
    model = Instructor
    extra = 0


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    fields = ["starts_at", "ends_at", "title", "instructor", "case_study"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None:
            formset.form.base_fields["instructor"].queryset = obj.instructors.all()
        return formset


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    form = EventAdminForm
    prepopulated_fields = {"slug": ["title_en"]}
    list_display = ["title_zh", "kind", "city", "starts_on", "status", "capacity", "accepted_count", "cohort_ok"]
    list_filter = ["kind", "status"]
    search_fields = ["title_zh", "title_en", "city", "slug"]
    readonly_fields = ["balance", "attendance_links", "feedback_survey"]
    inlines = [InstructorInline, SessionInline]
    actions = ["export_roster_csv", "export_roster_xlsx", "create_feedback_survey", issue_certificates_to_workshops]

    @admin.display(description=_("accepted"))
    def accepted_count(self, event):
        return event.applications.filter(status=ApplicationStatus.ACCEPTED).count()

    @admin.display(boolean=True, description=_("cohort large enough"))
    def cohort_ok(self, event):
        """Flags, before decisions go out, a workshop whose accepted cohort is below its minimum."""
        return event.applications.filter(status=ApplicationStatus.ACCEPTED).count() >= event.min_cohort

    @admin.display(description=_("Balance of the accepted cohort"))
    def balance(self, event):
        if not event.pk:
            return "-"
        summary = cohort_balance(event=event)
        provinces = join_list(f"{name} {count}" for name, count in summary["provinces"]) or "-"
        fields = join_list(f"{name} {count}" for name, count in summary["fields"]) or "-"
        warning = ""
        if summary["accepted"] < event.min_cohort:
            warning = format_html(
                '<p class="errornote">{}</p>',
                _("Only %(accepted)s accepted: below the smallest cohort of %(minimum)s. Accept more or postpone "
                  "before the decisions go out.") % {"accepted": summary["accepted"], "minimum": event.min_cohort},
            )
        return format_html(
            "{}{} / {}<br><strong>{}</strong> {}<br><strong>{}</strong> {}",
            warning, summary["accepted"], summary["capacity"], _("By province:"), provinces, _("By field:"), fields,
        )

    @admin.display(description=_("Attendance"))
    def attendance_links(self, event):
        if not event.pk:
            return "-"
        today = timezone.localdate()
        # Days still to come are listed without a link: attendance is taken on the day or later.
        links = [
            format_html('<a href="{}">{}</a>', reverse("admin:trainings_event_attendance", args=[event.pk, day.isoformat()]),
                        day.isoformat())
            if day <= today else format_html('<span class="quiet">{}</span>', day.isoformat())
            for day in event.days()
        ]
        links.append(format_html('<a href="{}">{}</a>', reverse("trainings:check-in", args=[event.slug]),
                                 _("Check-in by phone")))
        return format_html(" · ".join(["{}"] * len(links)), *links)

    def get_urls(self):
        return [
            path("<int:event_id>/attendance/<str:day>/", self.admin_site.admin_view(self.attendance_view),
                 name="trainings_event_attendance"),
            *super().get_urls(),
        ]

    def attendance_view(self, request, event_id, day):
        event = get_object_or_404(Event, pk=event_id)
        if not request.user.has_perm("trainings.record_attendance"):
            raise PermissionDenied
        try:
            day = datetime.date.fromisoformat(day)
        except ValueError as exc:
            raise PermissionDenied from exc
        if day > timezone.localdate():
            self.message_user(request, _("%(day)s has not come yet: attendance is taken on the day or later.")
                              % {"day": day.isoformat()}, messages.ERROR)
            return redirect(reverse("admin:trainings_event_change", args=[event.pk]))
        participants = list(cohort(event=event))
        if request.method == "POST":
            present = {int(value) for value in request.POST.getlist("present") if value.isdigit()}
            try:
                attendance_record(event=event, day=day, present_ids=present, user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("Attendance saved."), messages.SUCCESS)
                return redirect(reverse("admin:trainings_event_change", args=[event.pk]))
        present_ids = set(Attendance.objects.filter(application__event=event, day=day, present=True)
                          .values_list("application_id", flat=True))
        return TemplateResponse(request, "admin/trainings/attendance.html", {
            **self.admin_site.each_context(request), "title": _("Attendance on %(day)s") % {"day": day.isoformat()},
            "event": event, "day": day, "participants": participants, "present_ids": present_ids,
            "opts": self.model._meta,
        })

    @admin.action(description=_("Export the roster (CSV for Excel)"), permissions=["view"])
    def export_roster_csv(self, request, queryset):
        return RosterExport(event=queryset.first(), request=request).response("csv")

    @admin.action(description=_("Export the roster (XLSX)"), permissions=["view"])
    def export_roster_xlsx(self, request, queryset):
        return RosterExport(event=queryset.first(), request=request).response("xlsx")

    @admin.action(description=_("Create the feedback questionnaire"), permissions=["change"])
    def create_feedback_survey(self, request, queryset):
        for event in queryset:
            survey = feedback_survey_create(event=event, user=request.user)
            self.message_user(request, _("Feedback questionnaire: %(survey)s") % {"survey": survey}, messages.SUCCESS)


class AlumniFilter(admin.SimpleListFilter):
    title = _("alumni")
    parameter_name = "alumni"

    def lookups(self, request, model_admin):
        return [("yes", _("Completed a workshop"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(pk__in=alumni().values("pk"))
        return queryset


class SpeakerForm(forms.Form):
    event = forms.ModelChoiceField(label=_("Later workshop"), queryset=Event.objects.none())
    message = forms.CharField(label=_("Message"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


def _decide(status, description):
    @admin.action(description=description, permissions=["change"])
    def action(modeladmin, request, queryset):
        done = 0
        refused = {}  # one message per reason, naming every application it refused
        for application in queryset.order_by("created_at"):
            try:
                application_decide(application=application, user=request.user, status=status)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                reason = " ".join(getattr(error, "messages", [str(error)]))
                refused.setdefault(reason, []).append(str(application.organization))
        for reason, names in refused.items():
            modeladmin.message_user(
                request,
                ngettext("%(count)s application not changed (%(names)s): %(reason)s",
                         "%(count)s applications not changed (%(names)s): %(reason)s", len(names))
                % {"count": len(names), "names": join_list(names), "reason": reason},
                messages.ERROR)
        if done:
            modeladmin.message_user(
                request,
                ngettext("%(count)s application updated.", "%(count)s applications updated.", done) % {"count": done},
                messages.SUCCESS,
            )

    action.__name__ = f"mark_{status}"
    return action


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    form = ApplicationAdminForm
    list_display = ["organization", "event", "province", "region", "region_ok", "field_ok", "position", "status",
                    "created_at"]
    list_filter = ["status", "event", AlumniFilter, "organization__province__region", "organization__province",
                   "organization__issue_fields__workshop_field"]
    search_fields = ["organization__name", "applicant__email", "job_title"]
    list_select_related = ["organization__province", "event", "applicant"]
    readonly_fields = ["event", "organization", "applicant", "status", "status_changed_at", "decided_by", "created_at"]
    actions = [
        _decide(ApplicationStatus.SHORTLISTED, pgettext_lazy("application decision", "Shortlist")),
        _decide(ApplicationStatus.ACCEPTED, _("Accept (within the places left)")),
        _decide(ApplicationStatus.WAITLISTED, pgettext_lazy("application decision", "Waitlist")),
        _decide(ApplicationStatus.DECLINED, pgettext_lazy("application decision", "Decline")),
        "invite_to_speak",
        issue_certificates_to_applications,
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("organization__issue_fields")

    @admin.display(description=_("province"), ordering="organization__province")
    def province(self, application):
        return application.organization.province.localized_name

    @admin.display(description=_("region"))
    def region(self, application):
        return application.organization.province.get_region_display()

    @admin.display(boolean=True, description=_("region eligible"))
    def region_ok(self, application):
        return eligibility_flags(application)["region"]

    @admin.display(boolean=True, description=_("field eligible"))
    def field_ok(self, application):
        return eligibility_flags(application)["field"]

    @admin.action(description=_("Invite alumni to speak at a later workshop"), permissions=["change"])
    def invite_to_speak(self, request, queryset):
        form = SpeakerForm(request.POST if "apply" in request.POST else None)
        form.fields["event"].queryset = Event.objects.filter(starts_on__gte=datetime.date.today(), kind="workshop")
        if not form.is_valid():
            return TemplateResponse(request, "admin/trainings/speaker_form.html", {
                **self.admin_site.each_context(request), "title": _("Invite alumni to speak"), "form": form,
                "queryset": queryset, "action": "invite_to_speak", "opts": self.model._meta,
            })
        for alumnus in queryset:
            try:
                speaker_invite(event=form.cleaned_data["event"], alumnus=alumnus, user=request.user,
                               message=form.cleaned_data["message"])
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{alumnus.organization}: {' '.join(getattr(error, 'messages', [str(error)]))}",
                                  messages.ERROR)
            else:
                self.message_user(request, _("Invited %(name)s.") % {"name": alumnus.organization}, messages.SUCCESS)
        return None


@admin.register(SpeakerInvitation)
class SpeakerInvitationAdmin(admin.ModelAdmin):
    list_display = ["alumnus", "event", "created_at", "accepted_at", "instructor"]
    list_select_related = ["alumnus__organization", "alumnus__event", "event", "instructor"]
    readonly_fields = ["accepted_at", "instructor"]
    actions = ["mark_accepted"]

    @admin.action(description=_("The alumnus accepted: add them as an instructor"), permissions=["change"])
    def mark_accepted(self, request, queryset):
        for invitation in queryset:
            try:
                instructor = speaker_invitation_accept(invitation=invitation, user=request.user)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return
            self.message_user(request, _("%(name)s is an instructor of %(event)s.")
                              % {"name": instructor.name, "event": invitation.event}, messages.SUCCESS)


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "origin", "organization", "origin_name", "event", "created_at"]
    list_select_related = ["organization", "event"]
    search_fields = ["title", "organization__name", "origin_name"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "challenge", "ngo_will_use"]
    list_select_related = ["challenge"]


@admin.register(HackathonRegistration)
class HackathonRegistrationAdmin(admin.ModelAdmin):
    list_display = ["user", "event", "skills", "created_at"]
    list_select_related = ["user", "event"]
