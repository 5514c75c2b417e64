"""Pages of the map: the map itself, posts, matches, suggestions and flags."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from orgs.models import Organization, OrganizationStatus
from orgs.selectors import organizations_of_member

from .forms import FlagForm, MapFilterForm, PostForm, ProposeForm, SuggestionForm
from .models import Match, MatchStatus, PostKind, ResourcePost
from .selectors import active_posts_of_user, matches_of_user, post_matches, posts_for_page, province_bounds
from .services.matches import match_decide, match_propose, match_withdraw
from .services.matching import suggested_matches
from .services.moderation import flag_create, suggestion_create
from .services.posts import post_close, post_create, post_update


def map_page(request):
    form = MapFilterForm(request.GET or None)
    form.is_valid()
    return render(request, "mapplatform/map.html", {"form": form, "province_bounds": province_bounds()})


def _apply_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else ("longitude" if field == "location" else None), errors)
    else:
        form.add_error(None, error)


def post_detail(request, pk):
    post = get_object_or_404(posts_for_page(), pk=pk)
    is_owner = request.user.has_perm("mapplatform.act_for_post", post)
    if post.is_hidden and not (is_owner or request.user.has_perm("mapplatform.moderate")):
        raise Http404(_("This post is not shown."))
    other_kind = PostKind.OFFER if post.kind == PostKind.NEED else PostKind.NEED
    my_posts = (active_posts_of_user(user=request.user, kind=other_kind)
                if request.user.is_authenticated and not is_owner else None)
    return render(request, "mapplatform/post_detail.html", {
        "post": post,
        "is_owner": is_owner,
        "suggestions": suggested_matches(post=post, limit=8) if is_owner and post.is_active else [],
        "propose_form": ProposeForm(my_posts=my_posts) if my_posts is not None and my_posts.exists() and post.is_active else None,
        "matches": post_matches(post=post, accepted_only=not is_owner),
        "flag_form": FlagForm(),
        "photos": post.photos.shown(),  # hidden photos are never shown, not even to the owners here
    })


@login_required
def post_new(request):
    organizations = list(organizations_of_member(user=request.user, published_only=True).order_by("name"))
    form = PostForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        slug = form.cleaned_data.get("organization") or ""
        organization = next((o for o in organizations if o.slug == slug), None)
        try:
            post = post_create(user=request.user, organization=organization, data=form.post_data(),
                               issue_fields=form.cleaned_data.get("issue_fields"))
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Posted. It is on the map now; suggested matches are below."))
            return redirect(post)
    return render(request, "mapplatform/post_form.html", {"form": form, "creating": True})


@login_required
def post_edit(request, pk):
    post = get_object_or_404(ResourcePost, pk=pk)
    if not request.user.has_perm("mapplatform.edit_post", post):
        raise PermissionDenied(_("Only the post's organization can change it."))
    # The form gets its own copy, so a rejected edit leaves the page's post as saved.
    form = PostForm(request.POST or None, instance=ResourcePost.objects.get(pk=post.pk))
    if request.method == "POST" and form.is_valid():
        try:
            post = post_update(post=post, user=request.user, data=form.post_data(),
                               issue_fields=form.cleaned_data.get("issue_fields"))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The post was saved."))
            return redirect(post)
    return render(request, "mapplatform/post_form.html", {"form": form, "post": post, "creating": False})


@login_required
@require_POST
def post_close_view(request, pk):
    post = get_object_or_404(ResourcePost, pk=pk)
    post_close(post=post, user=request.user)
    messages.success(request, _("The post is closed."))
    return redirect(post)


@login_required
@require_POST
def propose(request, pk):
    post = get_object_or_404(ResourcePost, pk=pk)
    other_kind = PostKind.OFFER if post.kind == PostKind.NEED else PostKind.NEED
    form = ProposeForm(request.POST, my_posts=active_posts_of_user(user=request.user, kind=other_kind))
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
        return redirect(post)
    mine = form.cleaned_data["mine"]
    need, offer = (post, mine) if post.kind == PostKind.NEED else (mine, post)
    try:
        match_propose(need=need, offer=offer, user=request.user, message=form.cleaned_data["message"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Proposal sent. The other side will accept or decline it."))
    return redirect(post)


@login_required
def matches_page(request):
    matches = matches_of_user(user=request.user)[:200]
    waiting, proposed, done = [], [], []
    for match in matches:
        if match.status != MatchStatus.PROPOSED:
            done.append(match)
            continue
        waiting_side = match.offer if match.need_confirmed_at else match.need
        if request.user.has_perm("mapplatform.act_for_post", waiting_side):
            waiting.append(match)
        else:
            proposed.append(match)
    return render(request, "mapplatform/matches.html", {"waiting": waiting, "proposed": proposed, "done": done})


@login_required
@require_POST
def match_action(request, pk, verb):
    match = get_object_or_404(Match, pk=pk)
    try:
        if verb == "accept":
            match_decide(match=match, user=request.user, accept=True)
            messages.success(request, _("Match accepted: it is now a matched case on the map."))
        elif verb == "decline":
            match_decide(match=match, user=request.user, accept=False)
            messages.success(request, _("Match declined."))
        else:
            match_withdraw(match=match, user=request.user)
            messages.success(request, _("Proposal withdrawn."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("mapplatform:matches")


@login_required
def suggest(request):
    form = SuggestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {key: form.cleaned_data[key] for key in ("name", "kind", "description", "website")}
        data["location"] = form.location()
        try:
            suggestion_create(user=request.user, data=data, issue_fields=form.cleaned_data["issue_fields"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Thank you! A moderator will check the suggestion and put it on the map."))
            return redirect("mapplatform:map")
    return render(request, "mapplatform/suggest.html", {"form": form})


@login_required
@require_POST
def flag(request, target, pk):
    if target == "post":
        item = get_object_or_404(ResourcePost, pk=pk)
        kwargs = {"post": item}
    elif target == "organization":
        item = get_object_or_404(Organization, pk=pk, status=OrganizationStatus.PUBLISHED)
        kwargs = {"organization": item}
    else:
        raise Http404
    form = FlagForm(request.POST)
    if form.is_valid():
        try:
            flag_create(user=request.user, reason=form.cleaned_data["reason"], comment=form.cleaned_data["comment"],
                        **kwargs)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you. A moderator will look at it."))
    else:
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    return redirect(item)
