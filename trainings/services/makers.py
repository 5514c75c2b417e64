"""The talent pool: makers keep a public profile; NGOs find them by skill and region and write to
them through the platform (no address is shown)."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.emails import site_url
from common.ratelimits import rate_limit
from common.tasks import send_email_once
from common.transactions import on_commit_delay

from ..models import MakerProfile

PROFILE_FIELDS = ("skills", "province", "about", "is_public")


@transaction.atomic
def maker_profile_save(*, user, display_name, data, fields=()):
    """Create or update the user's maker profile; the display name is the only name shown."""
    if not user.has_perm("trainings.keep_maker_profile"):
        raise PermissionDenied(_("Maker profiles are for people who took part in a hackathon or a Future Village "
                                 "project."))
    display_name = (display_name or "").strip()
    if not display_name:
        raise ValidationError({"display_name": _("Choose the name shown on your profile.")})
    profile = MakerProfile.objects.filter(user=user).first() or MakerProfile(user=user)
    for key in PROFILE_FIELDS:
        if key in data:
            setattr(profile, key, data[key])
    profile.full_clean(exclude=["user"])
    user.display_name = display_name[:100]
    user.save(update_fields=["display_name"])
    profile.save()
    profile.fields.set(fields)
    return profile


def maker_contact(*, profile, sender, message):
    """Send the maker a message from a verified person; the maker decides whether to answer."""
    if not sender.has_perm("trainings.contact_maker"):
        raise PermissionDenied(_("Verify your email address before writing to a maker."))
    rate_limit(group="maker_contact", key=sender.pk)
    if not profile.is_public:
        raise ValidationError(_("This maker's profile is not public."))
    if profile.user_id == sender.pk:
        raise ValidationError(_("This is your own profile."))
    message = (message or "").strip()
    if not message:
        raise ValidationError({"message": _("Write your message.")})
    if len(message) > 2000:
        raise ValidationError({"message": _("Keep the message under 2000 characters.")})
    name = sender.display_name or _("A user of NGO 2.0")
    body = _(
        "%(name)s wrote to you through your maker profile on NGO 2.0:\n\n%(message)s\n\n"
        "To answer, write to %(email)s. Your own address has not been shown to them.\n%(url)s"
    ) % {"name": name, "message": message, "email": sender.email, "url": site_url(profile.get_absolute_url())}
    key = f"maker-contact:{profile.pk}:{uuid.uuid4().hex}"
    on_commit_delay(send_email_once, key=key, to=profile.user.email,
                    subject=_("%(name)s wrote to you on NGO 2.0") % {"name": name}, body=body)
