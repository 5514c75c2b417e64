"""Pages for following an area: one's subscriptions, follow, edit, delete, and the unsubscribe link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import AreaSubscription
from .selectors import subscriptions_of_user
from .services.subscriptions import (
    BadUnsubscribeToken,
    subscription_create,
    subscription_delete,
    subscription_from_token,
    subscription_unsubscribe,
    subscription_update,
)
from .subscription_forms import SubscriptionForm


def _apply_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields and field != "box" else None, errors)
    else:
        form.add_error(None, error)


@login_required
def subscriptions(request):
    return render(request, "mapplatform/subscriptions.html", {
        "subscriptions": subscriptions_of_user(user=request.user),
        "may_follow": request.user.has_perm("mapplatform.follow_area"),
    })


@login_required
def follow_new(request):
    form = SubscriptionForm(request.POST or None, initial=SubscriptionForm.initial_from_query(request.GET))
    if request.method == "POST" and form.is_valid():
        try:
            subscription_create(user=request.user, data=form.subscription_data(),
                                issue_fields=form.cleaned_data["issue_fields"])
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("You follow this area now. New needs, offers and organizations in it will come by email."))
            return redirect("mapplatform:subscriptions")
    return render(request, "mapplatform/follow_form.html", {
        "form": form, "creating": True, "may_follow": request.user.has_perm("mapplatform.follow_area")})


@login_required
def follow_edit(request, pk):
    subscription = get_object_or_404(AreaSubscription.objects.select_related("division__parent"), pk=pk)
    if not request.user.has_perm("mapplatform.change_subscription", subscription):
        raise PermissionDenied(_("This is not your subscription."))
    form = SubscriptionForm(request.POST or None, initial=SubscriptionForm.initial_from_subscription(subscription))
    if request.method == "POST" and form.is_valid():
        try:
            subscription_update(subscription=subscription, user=request.user, data=form.subscription_data(),
                                issue_fields=form.cleaned_data["issue_fields"])
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Saved."))
            return redirect("mapplatform:subscriptions")
    return render(request, "mapplatform/follow_form.html", {"form": form, "creating": False, "may_follow": True})


@login_required
@require_POST
def follow_delete(request, pk):
    subscription = get_object_or_404(AreaSubscription, pk=pk)
    subscription_delete(subscription=subscription, user=request.user)
    messages.success(request, _("You no longer follow %(place)s.") % {"place": subscription.place_name})
    return redirect("mapplatform:subscriptions")


# No login and no CSRF token: the signed token is the proof, and mail programs send the one-click
# POST of RFC 8058 (List-Unsubscribe-Post) without a cookie or a form.
@csrf_exempt
def unsubscribe(request, token):
    try:
        if request.method == "POST":
            place = subscription_unsubscribe(token=token)
            return render(request, "mapplatform/unsubscribe.html", {"done": True, "place": place})
        subscription = subscription_from_token(token)
    except BadUnsubscribeToken as error:
        return render(request, "mapplatform/unsubscribe.html", {"error": error.message}, status=400)
    return render(request, "mapplatform/unsubscribe.html", {"subscription": subscription, "token": token})
