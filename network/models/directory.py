"""The member directory (/katalog/): what each person lets the network's other members see of
their contact details. Without a row (the default) the directory shows the person's name,
organisation and role only."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{4,38}$",
    _("Write the phone number with digits, spaces and hyphens, e.g. 040-34 10 00."),
)


class DirectoryEntry(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="directory_entry",
        verbose_name=_("person"),
    )
    title = models.CharField(
        _("title"), max_length=100, blank=True, help_text=_("Your title, e.g. miljöstrateg.")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[phone_validator])
    show_email = models.BooleanField(_("show my email address"), default=False)
    show_phone = models.BooleanField(_("show my phone number"), default=False)
    show_title = models.BooleanField(_("show my title"), default=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("member directory entry")
        verbose_name_plural = _("member directory entries")

    def __str__(self) -> str:
        return str(self.user)

    def shown(self) -> dict[str, str]:
        """What the directory shows beside the name: only what the person chose, and only
        what they filled in."""
        return {
            "email": self.user.email if self.show_email else "",
            "phone": self.phone if self.show_phone else "",
            "title": self.title if self.show_title else "",
        }
