"""Contracts and their supplier follow-up: a contract with a supplier (under a requirement
package), its follow-up plan in steps (self-assessment → office audit → site audit → deviation
handling → corrective action plan → closed), the deviations found and their corrective actions,
and shared follow-up: one organisation follows a supplier up on behalf of the others that have
the same supplier (the same organisation number)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.uploads import UploadTo

from .packages import Package
from .requirements import Requirement
from .risks import Category


def luhn_ok(digits: str) -> bool:
    """The Luhn check of a Swedish organisation number's ten digits (the last is the check)."""
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def validate_organisation_number(value: str) -> None:
    """NNNNNN-NNNN with the Luhn check digit last, as Bolagsverket gives it."""
    if len(value) != 11 or value[6] != "-" or not (value[:6] + value[7:]).isdigit():
        raise ValidationError(
            _("An organisation number looks like 556677-8899 (six digits, a hyphen, four digits)."),
            code="format",
        )
    if not luhn_ok(value[:6] + value[7:]):
        raise ValidationError(
            _("The organisation number's last digit does not match: check it for a typo."),
            code="check_digit",
        )


class ValueBand(models.TextChoices):
    SMALL = "small", _("Under 700,000 SEK")
    MEDIUM = "medium", _("700,000 – 5 million SEK")
    LARGE = "large", _("5 – 50 million SEK")
    VERY_LARGE = "very_large", _("Over 50 million SEK")


class Contract(models.Model):
    organisation = models.ForeignKey(
        "diplomas.Organisation",
        on_delete=models.CASCADE,
        related_name="contracts",
        verbose_name=_("organisation"),
    )
    supplier_name = models.CharField(_("supplier"), max_length=200)
    supplier_number = models.CharField(
        _("organisation number"),
        max_length=11,
        validators=[validate_organisation_number],
        help_text=_("The supplier's Swedish organisation number, as 556677-8899."),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("category")
    )
    package = models.ForeignKey(
        Package,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("requirement package"),
    )
    starts_on = models.DateField(_("contract starts"))
    ends_on = models.DateField(_("contract ends"))
    value_band = models.CharField(
        _("value band"), max_length=16, choices=ValueBand.choices, blank=True
    )
    contact_name = models.CharField(_("contact at the supplier"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact's email address"), blank=True)
    contact_phone = models.CharField(_("contact's phone"), max_length=40, blank=True)
    covered_by = models.ForeignKey(
        "SharedFollowUp",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="covered_contracts",
        verbose_name=_("covered by shared follow-up"),
        help_text=_("Set only when the reuse rule holds."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["supplier_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="contract_ends_after_it_starts",
            ),
        ]
        indexes = [models.Index(fields=["supplier_number"], name="contract_supplier_number")]

    def __str__(self) -> str:
        return f"{self.supplier_name} ({self.organisation})"


class StepKind(models.TextChoices):
    # The fixed chain of a follow-up, in order.
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    OFFICE_AUDIT = "office_audit", _("Office audit")
    SITE_AUDIT = "site_audit", _("Site audit")
    DEVIATION_HANDLING = "deviation_handling", _("Deviation handling")
    CORRECTIVE_ACTION_PLAN = "corrective_action_plan", _("Corrective action plan")
    CLOSED = "closed", _("Closed")

    @classmethod
    def rank(cls, kind: str) -> int:
        return list(cls.values).index(kind)


AUDIT_KINDS = (StepKind.OFFICE_AUDIT, StepKind.SITE_AUDIT)


class StepResult(models.TextChoices):
    PENDING = "", _("Not done yet")
    NO_DEVIATIONS = "no_deviations", _("No deviations")
    DEVIATIONS = "deviations", _("Deviations found")


class Step(models.Model):
    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="steps", verbose_name=_("contract")
    )
    kind = models.CharField(_("step"), max_length=24, choices=StepKind.choices)
    planned_on = models.DateField(_("planned date"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
    )
    result = models.CharField(
        _("result"), max_length=16, choices=StepResult.choices, blank=True, default=""
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        verbose_name = _("follow-up step")
        verbose_name_plural = _("follow-up steps")
        ordering = ["planned_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(result="", done_on__isnull=True)
                | (~models.Q(result="") & models.Q(done_on__isnull=False)),
                name="followup_step_done_has_result_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.planned_on:%Y-%m-%d}"

    @property
    def done(self) -> bool:
        return self.done_on is not None


class StepDocument(models.Model):
    """A document of a step (an audit report, a self-assessment): internal to the organisation
    unless the shared follow-up allows the participants to read them."""

    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="documents", verbose_name=_("step")
    )
    file = models.FileField(_("file"), upload_to=UploadTo("procurement/followup"), max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up document")
        verbose_name_plural = _("follow-up documents")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MAJOR = "major", _("Major")
    CRITICAL = "critical", _("Critical")


class Deviation(models.Model):
    step = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="deviations", verbose_name=_("step")
    )
    requirement = models.ForeignKey(
        Requirement, on_delete=models.PROTECT, related_name="+", verbose_name=_("requirement")
    )
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    description = models.TextField(_("what was found"))
    corrective_action = models.TextField(_("agreed corrective action"))
    deadline = models.DateField(_("deadline of the corrective action"))
    closed_on = models.DateField(_("verified closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.requirement} – {self.get_severity_display()}"


class SharedFollowUp(models.Model):
    """A leading organisation's follow-up of its contract, shared with the organisations it
    invites (those with a contract with the same supplier)."""

    contract = models.OneToOneField(
        Contract,
        on_delete=models.CASCADE,
        related_name="shared",
        verbose_name=_("the leader's contract"),
    )
    summary = models.TextField(_("summary report"), blank=True)
    share_documents = models.BooleanField(
        _("participants read the documents"),
        default=False,
        help_text=_("Otherwise the documents stay internal to the leading organisation."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("shared follow-up")
        verbose_name_plural = _("shared follow-ups")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(self.contract)


class Participation(models.Model):
    shared = models.ForeignKey(
        SharedFollowUp,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("shared follow-up"),
    )
    organisation = models.ForeignKey(
        "diplomas.Organisation",
        on_delete=models.CASCADE,
        related_name="followup_participations",
        verbose_name=_("organisation"),
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["shared", "organisation"], name="followup_participation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.shared}"
