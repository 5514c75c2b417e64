"""The trainer's phone page at the door: type or scan a participant's code, today is marked once."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApplicationStatus, Event, EventKind
from .services.checkin import attendance_check_in, checked_in_count


@login_required
def check_in(request, slug):
    event = get_object_or_404(Event, slug=slug, kind=EventKind.WORKSHOP)
    if not request.user.has_perm("trainings.check_in"):
        raise PermissionDenied(_("Only trainers check participants in."))
    today = timezone.localdate()
    context = {"event": event, "today": today, "is_workshop_day": today in event.days()}
    status = 200
    if request.method == "POST":
        try:
            application, created = attendance_check_in(event=event, code=request.POST.get("code", ""),
                                                       user=request.user)
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            context["code"] = request.POST.get("code", "")[:40]
            status = 400
        else:
            context["checked_in"] = application
            context["created"] = created
    context["count"] = checked_in_count(event=event, day=today)
    context["accepted"] = event.applications.filter(status=ApplicationStatus.ACCEPTED).count()
    return render(request, "trainings/check_in.html", context, status=status)
