"""One reminder mechanism for the whole portal.

Every reminder is a row under a unique key (what, for whom, which occasion), written *before*
anything is sent. A retry, a second worker, a re-run of the sweep or a lost task can therefore
never create a second one; sending claims the row first, and the row, not the queue, is the
source of truth, so a task lost with a Redis restart is picked up again by the next dispatch.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailKind(models.TextChoices):
    """Kinds of email people may turn off; REQUIRED ones go out regardless."""

    REPORT_REMINDERS = "report_reminders", _("Reminders before the yearly report is due")
    REVIEW_REMINDERS = "review_reminders", _("Reminders when changes asked for are not done")
    EVENT_REMINDERS = "event_reminders", _("Reminders of events I have registered for")
    FOLLOWUP_REMINDERS = "followup_reminders", _("Reminders of supplier follow-ups")
    DISCUSSION_POSTS = "discussion_posts", _("New posts in discussions I follow")
    MENTIONS = "mentions", _("Mentions of my organisation in discussions")
    REQUIRED = (
        "required",
        _(
            "Notices I must get (overdue report, account and security, my place at an event and "
            "messages about it)"
        ),
    )


OPTIONAL_KINDS = [kind for kind in EmailKind if kind != EmailKind.REQUIRED]


class Reminder(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Not sent: turned off by the recipient")

    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=EmailKind.choices)
    template = models.CharField(_("email template"), max_length=100)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    email = models.EmailField(_("email address"))
    language = models.CharField(_("language"), max_length=8, default=settings.LANGUAGE_CODE)
    context = models.JSONField(_("content"), default=dict)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.key


class EmailOptOut(models.Model):
    """A kind of email a person has turned off."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_opt_outs"
    )
    kind = models.CharField(_("kind"), max_length=32, choices=EmailKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("email turned off")
        verbose_name_plural = _("emails turned off")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="email_opt_out_unique"),
            models.CheckConstraint(
                condition=~models.Q(kind="required"), name="required_email_cannot_be_turned_off"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind}"
