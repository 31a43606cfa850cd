""" "Was this page useful?": one row per page asked about, and the answers to it.

A page is named by its kind and a key (a chapter's slug, a news item's id): the widget signs
them with the page's title and address (network.feedback.sign_page), so an answer can only be
given to a page the portal showed, and the admin can name and link it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

COMMENT_MAX_LENGTH = 1000


class FeedbackPage(models.Model):
    class Kind(models.TextChoices):
        HANDBOOK = "handbook", _("Handbook chapter")
        NEWS = "news", _("News")
        RESOURCE = "resource", _("Resource")
        GOOD_EXAMPLE = "good_example", _("Good example")

    kind = models.CharField(_("kind of page"), max_length=16, choices=Kind.choices)
    key = models.CharField(_("page"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    path = models.CharField(_("address"), max_length=500)
    first_answer_at = models.DateTimeField(_("first answer"), auto_now_add=True)

    class Meta:
        verbose_name = _("page feedback")
        verbose_name_plural = _("page feedback")
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="feedback_page_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class FeedbackAnswer(models.Model):
    page = models.ForeignKey(
        FeedbackPage, on_delete=models.CASCADE, related_name="answers", verbose_name=_("page")
    )
    useful = models.BooleanField(_("useful"))
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("answered"), auto_now_add=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_at"], name="feedback_answer_created")]

    def __str__(self) -> str:
        return f"{self.page}: {_('yes') if self.useful else _('no')}"
