"""The signed-in person's own data: download and delete, and their display name."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..services.accounts import DISPLAY_NAME_MAX, user_data_export, user_delete, user_display_name_set


class DeleteAccountForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Your password"), max_length=256, widget=forms.PasswordInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class DisplayNameForm(forms.Form):
    display_name = forms.CharField(
        label=gettext_lazy("Display name"), max_length=DISPLAY_NAME_MAX, required=False,
        help_text=gettext_lazy("Shown on public pages (hackathon teams, comments, posts) instead of your email "
                               "address, which is never shown. Leave empty to appear as “user” and a number."),
    )


@login_required
def data_download(request):
    data = user_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="ngo20-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        lines = user_delete(user=user)
        return render(request, "orgs/account_deleted.html", {"lines": lines})
    return render(request, "orgs/delete_account.html", {"form": form})


@login_required
def display_name(request):
    form = DisplayNameForm(request.POST or None, initial={"display_name": request.user.display_name})
    if request.method == "POST" and form.is_valid():
        try:
            user_display_name_set(user=request.user, display_name=form.cleaned_data["display_name"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("Your display name was saved."))
            return redirect("orgs:dashboard")
    return render(request, "orgs/display_name.html", {"form": form})
