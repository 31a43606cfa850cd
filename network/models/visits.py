"""When each person last visited the portal, for "new since your last visit" on the home page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LastVisit(models.Model):
    """When a person was last seen on the portal, and since when "new since your last visit"
    counts. ``seen_at`` is written at most every few minutes (network.middleware); a pause of
    more than an hour starts a new visit, which moves ``since`` to the end of the previous one.
    Within one visit ``since`` stays put, so the block does not empty itself on the page that
    shows it, nor on the next page."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="last_visit",
        verbose_name=_("person"),
    )
    seen_at = models.DateTimeField(_("last seen"))
    since = models.DateTimeField(_("new since"))

    class Meta:
        verbose_name = _("last visit")
        verbose_name_plural = _("last visits")

    def __str__(self) -> str:
        return str(self.user)
