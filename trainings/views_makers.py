"""Talent pool pages: search makers by skill and region, a maker's page, editing one's profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _


from .forms_makers import MakerContactForm, MakerProfileForm, MakerSearchForm
from .models import MakerProfile
from .selectors_makers import maker_page, makers_search
from .services.makers import maker_contact, maker_profile_save


def maker_list(request):
    form = MakerSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    profiles = makers_search(skill=filters.get("skill", ""), province=filters.get("province"))
    page = Paginator(profiles, 20).get_page(request.GET.get("page"))
    query = urlencode({key: value for key, value in request.GET.items() if key != "page"})
    return render(request, "trainings/maker_list.html", {"form": form, "page": page, "query": query})


def _errors(form, error):
    if isinstance(error, PermissionDenied) or not hasattr(error, "error_dict"):
        for message in getattr(error, "messages", [str(error)]):
            form.add_error(None, message)
    else:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)


def maker_detail(request, pk):
    profile = maker_page(pk=pk)
    if profile is None:
        raise Http404(_("No such maker profile."))
    form = MakerContactForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if form.is_valid():
            try:
                maker_contact(profile=profile, sender=request.user, message=form.cleaned_data["message"])
            except (ValidationError, PermissionDenied) as error:
                _errors(form, error)
            else:
                messages.success(request, _("Your message was sent to the maker."))
                return redirect(profile)
        status = 400
    return render(request, "trainings/maker_detail.html", {"profile": profile, "form": form}, status=status)


@login_required
def maker_edit(request):
    profile = MakerProfile.objects.filter(user=request.user).first()
    initial = {"display_name": request.user.display_name, "is_public": True}
    if profile is not None:
        initial.update(skills=profile.skills, province=profile.province, about=profile.about,
                       is_public=profile.is_public, fields=list(profile.fields.all()))
    form = MakerProfileForm(request.POST or None, initial=initial)
    if not request.user.has_perm("trainings.keep_maker_profile"):
        raise PermissionDenied(_("Maker profiles are for people who took part in a hackathon or a Future Village "
                                 "project."))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            profile = maker_profile_save(user=request.user, display_name=data["display_name"], fields=data["fields"],
                                         data={key: data[key] for key in ("skills", "province", "about", "is_public")})
        except (ValidationError, PermissionDenied) as error:
            _errors(form, error)
        else:
            messages.success(request, _("Your maker profile is saved."))
            return redirect(profile) if profile.is_public else redirect("trainings:maker-edit")
    return render(request, "trainings/maker_edit.html", {"form": form, "profile": profile},
                  status=400 if form.errors else 200)
