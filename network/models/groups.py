"""Groups: spaces with their own members, discussions, files and events – the national
collaboration group (samverkansgruppen), category teams and project groups.

Everything that belongs to a group (a thread, a file, an event with the group as its audience)
is invisible to people outside the group: the selectors in ``network.selectors.groups`` are the
one place that decides it, and staff (Fairtrade Sverige) see every group.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from procurement.models._text import text_in, text_language


class Group(models.Model):
    class Kind(models.TextChoices):
        COLLABORATION = "collaboration", _("Collaboration group")
        CATEGORY_TEAM = "category_team", _("Category team")
        PROJECT = "project", _("Project group")

    slug = models.SlugField(
        _("address name"),
        max_length=80,
        unique=True,
        help_text=_("Part of the group's address, after /grupper/."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_sv = models.CharField(_("name (Swedish)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    description_sv = models.TextField(
        _("description (Swedish)"), blank=True, help_text=_("Markdown. HTML is removed when shown.")
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    category = models.ForeignKey(
        "procurement.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("risk category"),
        help_text=_("Category teams only: the category the team works with."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="GroupMembership",
        through_fields=("group", "user"),
        related_name="network_groups",
        verbose_name=_("members"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name_sv"]
        constraints = [
            # A category team has a category; other groups have none.
            models.CheckConstraint(
                condition=Q(kind="category_team", category__isnull=False)
                | (~Q(kind="category_team") & Q(category__isnull=True)),
                name="network_group_category_only_for_teams",
            )
        ]

    def __str__(self) -> str:
        return self.name_sv

    def clean(self):
        if self.kind == self.Kind.CATEGORY_TEAM and not self.category_id:
            raise ValidationError({"category": _("A category team needs a risk category.")})
        if self.kind != self.Kind.CATEGORY_TEAM and self.category_id:
            raise ValidationError({"category": _("Only a category team has a risk category.")})

    def text_language(self, field: str = "name", language: str | None = None) -> str:
        return text_language(self, field, language)

    def text_in(self, field: str, language: str | None = None) -> str:
        return text_in(self, field, language)

    @property
    def name(self) -> str:
        return self.text_in("name")


class GroupMembership(models.Model):
    """A person in a group. The group's admins (and staff) add and remove its members."""

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="network_group_memberships",
        verbose_name=_("person"),
    )
    is_admin = models.BooleanField(
        _("group admin"), default=False, help_text=_("Group admins add and remove members.")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("group membership")
        verbose_name_plural = _("group memberships")
        ordering = ["group", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="network_group_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.user}"
