"""Moderators' admin for the map: flags, suggestions with possible duplicates, posts, matches."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Flag, FlagStatus, Match, ResourcePost, Suggestion
from .services.moderation import (
    flag_resolve,
    possible_duplicates,
    post_set_hidden,
    suggestion_publish,
    suggestion_reject,
)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


def _with_note(modeladmin, request, queryset, title, apply):
    """Ask for a reason on an intermediate page, then apply it to each selected row."""
    form = NoteForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return TemplateResponse(request, "admin/confirm_with_reason.html", {
            **modeladmin.admin_site.each_context(request), "title": title, "form": form, "queryset": queryset,
            "action": request.POST.get("action"), "opts": modeladmin.model._meta,
        })
    done = 0
    for obj in queryset:
        try:
            apply(obj, form.cleaned_data["note"])
            done += 1
        except (ValidationError, PermissionDenied) as error:
            modeladmin.message_user(request, f"{obj}: {' '.join(getattr(error, 'messages', [str(error)]))}",
                                    messages.ERROR)
    modeladmin.message_user(request, _("%(count)s done.") % {"count": done}, messages.SUCCESS)
    return None


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["__str__", "reason", "status", "flagged_by", "created_at", "target_link"]
    list_filter = ["status", "reason"]
    list_select_related = ["post", "organization", "flagged_by"]
    search_fields = ["comment", "post__title", "organization__name"]
    readonly_fields = ["post", "organization", "reason", "comment", "flagged_by", "status", "resolution_note",
                       "resolved_by", "resolved_at", "created_at"]
    actions = ["hide_items", "dismiss_flags"]

    @admin.display(description=_("Item"))
    def target_link(self, flag):
        target = flag.target
        return format_html('<a href="{}">{}</a>', target.get_absolute_url(), target) if target else ""

    @admin.action(description=_("Hide the flagged items (with a reason)"), permissions=["change"])
    def hide_items(self, request, queryset):
        return _with_note(self, request, queryset.filter(status=FlagStatus.OPEN), _("Hide the flagged items"),
                          lambda flag, note: flag_resolve(flag=flag, user=request.user, hide=True, note=note))

    @admin.action(description=_("Dismiss the selected flags"), permissions=["change"])
    def dismiss_flags(self, request, queryset):
        return _with_note(self, request, queryset.filter(status=FlagStatus.OPEN), _("Dismiss the flags"),
                          lambda flag, note: flag_resolve(flag=flag, user=request.user, hide=False, note=note))

    def has_add_permission(self, request):
        return False


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "status", "suggested_by", "created_at"]
    list_filter = ["status", "kind", "province__region"]
    search_fields = ["name"]
    list_select_related = ["province", "suggested_by"]
    readonly_fields = ["suggested_by", "province", "status", "reviewed_by", "organization", "created_at",
                       "duplicates"]
    actions = ["publish", "reject"]

    @admin.display(description=_("Possible duplicates (similar name nearby)"))
    def duplicates(self, suggestion):
        found = possible_duplicates(suggestion=suggestion)
        if not found:
            return _("None found")
        return format_html_join(mark_safe("<br>"), '<a href="{}">{}</a> ({})',
                                ((o.get_absolute_url(), o.name, o.get_status_display()) for o in found))

    @admin.action(description=_("Publish on the map"), permissions=["change"])
    def publish(self, request, queryset):
        for suggestion in queryset:
            try:
                organization = suggestion_publish(suggestion=suggestion, user=request.user)
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{suggestion}: {' '.join(getattr(error, 'messages', [str(error)]))}",
                                  messages.ERROR)
            else:
                self.message_user(request, _("Published %(name)s.") % {"name": organization.name}, messages.SUCCESS)

    @admin.action(description=_("Reject (with a reason)"), permissions=["change"])
    def reject(self, request, queryset):
        return _with_note(self, request, queryset, _("Reject the suggestions"),
                          lambda suggestion, note: suggestion_reject(suggestion=suggestion, user=request.user, note=note))


@admin.register(ResourcePost)
class ResourcePostAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "resource_type", "organization", "status", "expires_on", "is_hidden"]
    list_filter = ["kind", "resource_type", "status", "province__region"]
    search_fields = ["title", "organization__name"]
    list_select_related = ["organization"]
    # Posts change on their owners' pages; moderators only hide or restore them (actions).
    readonly_fields = [field.name for field in ResourcePost._meta.fields] + ["issue_fields"]
    actions = ["hide_posts", "restore_posts"]

    @admin.display(boolean=True, description=_("hidden"))
    def is_hidden(self, post):
        return post.is_hidden

    @admin.action(description=_("Hide the selected posts (with a reason)"), permissions=["change"])
    def hide_posts(self, request, queryset):
        return _with_note(self, request, queryset, _("Hide posts"),
                          lambda post, note: post_set_hidden(post=post, user=request.user, hidden=True, reason=note))

    @admin.action(description=_("Show the selected posts again"), permissions=["change"])
    def restore_posts(self, request, queryset):
        for post in queryset:
            post_set_hidden(post=post, user=request.user, hidden=False)
        self.message_user(request, _("Restored."), messages.SUCCESS)


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["need", "offer"]
    search_fields = ["need__title", "offer__title"]
    readonly_fields = [field.name for field in Match._meta.fields]

    def has_add_permission(self, request):
        return False

from . import admin_photos  # noqa: E402,F401  (photos on posts, issue 15)
