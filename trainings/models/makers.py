"""Maker profiles: the talent pool of people who took part in hackathons or Future Village
projects. Public, with no contact details: NGOs write to a maker through the platform."""

from django.conf import settings
from django.db import models

from common.fields import BoundedTextField
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.validators import reject_html
from orgs.models import Division, IssueField


class MakerProfile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("maker"), on_delete=models.CASCADE,
                                related_name="maker_profile")
    skills = models.CharField(_("skills"), max_length=300, validators=[reject_html],
                              help_text=_("e.g. web development, product design, data, video"))
    fields = models.ManyToManyField(IssueField, verbose_name=_("issue fields"), blank=True, related_name="+")
    province = models.ForeignKey(Division, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+",
                                 limit_choices_to={"level": "province"})
    about = BoundedTextField(_("about me"), max_length=1000, blank=True, validators=[reject_html])
    is_public = models.BooleanField(_("show in the talent pool"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("maker profile")
        verbose_name_plural = _("maker profiles")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["is_public", "province"], name="maker_public_province")]

    def __str__(self):
        return self.user.display_name or str(_("A maker"))

    def get_absolute_url(self):
        return reverse("trainings:maker", kwargs={"pk": self.pk})
