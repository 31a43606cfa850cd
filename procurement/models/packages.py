"""Requirement packages: a chosen set of requirement versions for one procurement, saved for an
organisation, with the documents rendered from it. An item pins the version it was built with;
when the requirement gets a newer one, the package is outdated until it is updated."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.uploads import UploadTo

from .requirements import Requirement, RequirementVersion


class Package(models.Model):
    organisation = models.ForeignKey(
        "diplomas.Organisation",
        on_delete=models.CASCADE,
        related_name="requirement_packages",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("procurement"), max_length=200)
    procurement_date = models.DateField(_("date of the procurement"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=settings.LANGUAGES, default="sv"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("requirement package")
        verbose_name_plural = _("requirement packages")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class PackageItem(models.Model):
    package = models.ForeignKey(
        Package, on_delete=models.CASCADE, related_name="items", verbose_name=_("package")
    )
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="+", verbose_name=_("requirement")
    )
    version = models.ForeignKey(
        RequirementVersion,
        on_delete=models.PROTECT,
        related_name="package_items",
        verbose_name=_("version"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("requirement in a package")
        verbose_name_plural = _("requirements in the package")
        ordering = ["position", "requirement__identifier"]
        constraints = [
            models.UniqueConstraint(fields=["package", "requirement"], name="package_item_unique"),
        ]

    def __str__(self) -> str:
        return str(self.version)

    @property
    def outdated(self) -> bool:
        return self.requirement.current_id != self.version_id


class PackageDocument(models.Model):
    """A document rendered from a package as it was; kept when the package is updated."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", _("Word (DOCX)")

    package = models.ForeignKey(
        Package, on_delete=models.CASCADE, related_name="documents", verbose_name=_("package")
    )
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    file = models.FileField(_("file"), upload_to=UploadTo("procurement/packages"))
    versions = models.CharField(
        _("versions"),
        max_length=2000,
        help_text=_("The requirement versions it was rendered from, as FT-KAF-003 v2, …"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("package document")
        verbose_name_plural = _("package documents")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.package} – {self.get_format_display()} {self.created_at:%Y-%m-%d}"
