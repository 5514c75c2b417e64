"""Photos of a need or offer: the owners' page to add and remove them."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _, gettext_lazy

from common.images import validate_photo

from .models import PostPhoto, ResourcePost
from .services.photos import post_photo_remove, post_photos_add


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class PostPhotosForm(forms.Form):
    photos = MultipleFileField(label=gettext_lazy("Photos"), help_text=gettext_lazy(
        "JPEG, PNG, WebP or GIF. Photos are resized and their location data (GPS) is removed."))

    def clean_photos(self):
        photos = self.cleaned_data["photos"]
        errors = []
        for upload in photos:
            try:
                validate_photo(upload)  # an early, per-file message; the service checks again
            except ValidationError as error:
                errors.extend(f"{upload.name}: {message}" for message in error.messages)
        if errors:
            raise ValidationError(errors)
        return photos


@login_required
def post_photos(request, pk):
    post = get_object_or_404(ResourcePost, pk=pk)
    if not request.user.has_perm("mapplatform.edit_post", post):
        raise PermissionDenied(_("Only the post's organization can change it."))
    form = PostPhotosForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "remove" in request.POST:
        photo = get_object_or_404(PostPhoto, pk=request.POST.get("remove"), post=post)
        try:
            post_photo_remove(photo=photo, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The photo was removed."))
        return redirect("mapplatform:post-photos", pk=post.pk)
    if request.method == "POST" and form.is_valid():
        try:
            added = post_photos_add(post=post, user=request.user, uploads=form.cleaned_data["photos"])
        except ValidationError as error:
            form.add_error("photos" if hasattr(error, "error_dict") and "photos" in error.error_dict else None,
                           error.error_dict.get("photos", error) if hasattr(error, "error_dict") else error)
        else:
            messages.success(request, _("Photos added: %(count)d.") % {"count": len(added)})
            return redirect(post)
    photos = list(post.photos.order_by("pk"))
    return render(request, "mapplatform/post_photos.html", {
        "post": post, "form": form, "photos": photos, "max": settings.POST_PHOTOS_MAX,
        "room": max(settings.POST_PHOTOS_MAX - len(photos), 0),
    }, status=400 if form.errors else 200)
