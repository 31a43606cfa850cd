"""Resources: files and links that staff and members share with the network – templates for
political decisions, work plans, information material, logos, presentations from network
meetings – searchable in Swedish (``fairtrade_portal.search``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fairtrade_portal.search import Searchable, SearchDocument, normalise, search_indexes
from fairtrade_portal.uploads import UploadTo

# The text taken out of a file for the search is capped: the search needs the words, not a
# whole book (a tsvector also has a limit of 1 MB), and a 10 MB spreadsheet of numbers would
# otherwise make every search slower for nothing.
MAX_EXTRACTED_CHARS = 100_000


class Tag(models.Model):
    """A word a resource is tagged with. One row per word, whatever its case or accents:
    ``key`` is the normalised name, so "Upphandling", "upphandling" and "UPPHANDLING" are one
    tag and a filter by tag finds them all."""

    name = models.CharField(_("name"), max_length=50)
    key = models.CharField(_("normalised name"), max_length=50, unique=True, editable=False)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.key = normalise(self.name)[:50]
        super().save(*args, **kwargs)


class Resource(Searchable):
    class Category(models.TextChoices):
        DECISION_TEMPLATE = "decision_template", _("Template for a political decision")
        WORK_PLAN = "work_plan", _("Work plan")
        INFORMATION = "information", _("Information material")
        LOGO = "logo", pgettext_lazy("resource category", "Logo")
        PRESENTATION = "presentation", _("Presentation from a network meeting")
        OTHER = "other", pgettext_lazy("resource category", "Other")

    class Extraction(models.TextChoices):
        NONE = "none", _("Nothing to extract")
        PENDING = "pending", _("Waiting")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    tags = models.ManyToManyField(Tag, blank=True, related_name="resources", verbose_name=_("tags"))
    organisation = models.ForeignKey(
        "diplomas.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("shared by organisation"),
        help_text=_("Empty: shared by Fairtrade Sverige."),
    )
    group = models.ForeignKey(
        "network.Group",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resources",
        verbose_name=_("group"),
        help_text=_("Empty: the whole network's library. A group's files are seen by its members."),
    )
    event = models.ForeignKey(
        "network.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("material of the event"),
        help_text=_("Slides, a recording or notes from this event: shown on its page."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="sv"
    )
    file = models.FileField(_("file"), upload_to=UploadTo("resources"), blank=True, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_type = models.CharField(
        _("file type"), max_length=10, blank=True, help_text=_("The file's extension, or empty.")
    )
    file_size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shared_resources",
        verbose_name=_("shared by"),
    )
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden resources are seen by staff only.")
    )
    extracted_text = models.TextField(_("text of the file"), blank=True, editable=False)
    extraction = models.CharField(
        _("text extraction"),
        max_length=16,
        choices=Extraction.choices,
        default=Extraction.NONE,
        editable=False,
    )
    created_at = models.DateTimeField(_("shared"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-created_at", "-pk"]
        indexes = [
            *search_indexes("network_resource"),
            models.Index(fields=["hidden", "-created_at"], name="network_resource_listing"),
        ]
        constraints = [
            # A file or a link, never both, never neither.
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(link="")) | (~Q(file="") & Q(link="")),
                name="network_resource_file_or_link",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_link(self) -> bool:
        return not self.file

    @property
    def is_logo(self) -> bool:
        return self.category == self.Category.LOGO

    def search_document(self) -> SearchDocument:
        tags = " ".join(tag.name for tag in self.tags.all())
        organisation = self.organisation.name if self.organisation_id else "Fairtrade Sverige"
        return SearchDocument(
            a=self.title,
            b=tags,
            c=f"{self.description}\n{organisation}",
            d=f"{self.original_name}\n{self.extracted_text}",
        )
