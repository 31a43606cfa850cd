"""Who is in the network: counties, organisations (municipalities and regions), memberships."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fairtrade_portal.search import normalise
from fairtrade_portal.uploads import UploadTo


class County(models.Model):
    """A Swedish county (län), by its SCB county code."""

    code = models.CharField(_("county code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", pgettext_lazy("organisation kind", "Municipality")
        REGION = "region", pgettext_lazy("organisation kind", "Region")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    code = models.CharField(
        _("official code"),
        max_length=4,
        unique=True,
        help_text=_("SCB municipality code (four digits) or county code (two digits)."),
    )
    name = models.CharField(_("name"), max_length=100)
    official_name = models.CharField(_("official name"), max_length=150)
    slug = models.SlugField(_("address name"), max_length=100, unique=True)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("county")
    )
    population = models.PositiveIntegerField(_("population"))
    population_year = models.PositiveSmallIntegerField(_("population year"))
    has_regional_duties = models.BooleanField(
        _("also has regional duties"),
        default=False,
        help_text=_(
            "A municipality that is also the region of its county (Region Gotland): one "
            "organisation, counted once."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    public_email = models.EmailField(_("public contact email"), blank=True)
    public_phone = models.CharField(_("public contact phone"), max_length=40, blank=True)
    goals = models.TextField(
        _("goals"), blank=True, help_text=_("What the organisation wants to achieve; public.")
    )
    # The names without accents, in lower case, for searching (see fairtrade_portal.search);
    # kept up to date by save().
    search_name = models.CharField(
        _("name for searching"), max_length=255, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="municipality", code__regex=r"^[0-9]{4}$")
                | models.Q(kind="region", code__regex=r"^[0-9]{2}$"),
                name="organisation_code_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.search_name = normalise(f"{self.name} {self.official_name}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "official_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def is_region(self) -> bool:
        return self.kind == self.Kind.REGION or self.has_regional_duties

    @cached_property
    def _local_group_leads(self) -> dict[str, GroupMember]:
        # One query for both the chair and the contact person, none when the roster has been
        # prefetched (``Prefetch("group_members")``).
        if "group_members" in getattr(self, "_prefetched_objects_cache", {}):
            rows = list(self.group_members.all())
        else:
            rows = list(self.group_members.exclude(role=GroupMember.Role.MEMBER))
        return {
            "chair": next((row for row in rows if row.is_chair), None),
            "contact": next((row for row in rows if row.is_contact), None),
        }

    @property
    def local_group_chair(self) -> GroupMember | None:
        """The chair of the local group (arbetsgrupp), from its roster."""
        return self._local_group_leads["chair"]

    @property
    def local_group_contact(self) -> GroupMember | None:
        """The contact person of the local group, from its roster."""
        return self._local_group_leads["contact"]


class Membership(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


def _translated(obj, field: str) -> str:
    """The Swedish or English text of a bilingual field, falling back to Swedish."""
    from django.utils.translation import get_language

    language = (get_language() or "sv")[:2]
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_sv")


class DiplomaKind(models.TextChoices):
    CITY = "city", "Fairtrade City"
    REGION = "region", "Fairtrade Region"


class FeeTier(models.Model):
    """The yearly fee by population, kept as data so Fairtrade Sverige can change it."""

    applies_to = models.CharField(_("applies to"), max_length=16, choices=Organisation.Kind.choices)
    min_population = models.PositiveIntegerField(_("from population"), default=0)
    max_population = models.PositiveIntegerField(
        _("up to population"), null=True, blank=True, help_text=_("Empty: no upper limit.")
    )
    fee_sek = models.PositiveIntegerField(_("yearly fee (SEK)"))

    class Meta:
        verbose_name = _("fee tier")
        verbose_name_plural = _("fee tiers")
        ordering = ["applies_to", "min_population"]

    def __str__(self) -> str:
        upper = f"–{self.max_population}" if self.max_population is not None else "+"
        return f"{self.get_applies_to_display()} {self.min_population}{upper}: {self.fee_sek} SEK"


class ReportDeadline(models.Model):
    """When the yearly report for a year is due. Years without a row fall back to the rule:
    the last day of February."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    due_date = models.DateField(_("due date"))

    class Meta:
        verbose_name = _("report deadline")
        verbose_name_plural = _("report deadlines")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.due_date:%Y-%m-%d}"


class Diploma(models.Model):
    class Status(models.TextChoices):
        APPLYING = "applying", _("Applying")
        DIPLOMATED = "diplomated", _("Diplomated")
        PAUSED = "paused", _("Paused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="diploma",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("diploma"), max_length=16, choices=DiplomaKind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.APPLYING
    )
    diplomated_since = models.DateField(_("diplomated since"), null=True, blank=True)
    next_report_due = models.DateField(_("next yearly report due"), null=True, blank=True)

    class Meta:
        verbose_name = _("diploma")
        verbose_name_plural = _("diplomas")
        ordering = ["organisation__name"]
        indexes = [models.Index(fields=["status", "next_report_due"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.organisation}"


class DiplomaStatusChange(models.Model):
    """Every change of a diploma's status, with who, when and why. Written only by
    ``services.diploma_change_status``."""

    diploma = models.ForeignKey(
        Diploma, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("diploma")
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=Diploma.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=Diploma.Status.choices)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-changed_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="status_change_has_reason")
        ]

    def __str__(self) -> str:
        before = self.get_from_status_display() if self.from_status else "–"
        return f"{self.diploma}: {before} → {self.get_to_status_display()}"


class CriteriaSet(models.Model):
    """A version of the criteria for one diploma kind, valid from a date.

    A draft is prepared in the admin (usually as a copy of the version in force) and is never
    used for new submissions nor shown publicly; publishing gives it a version name and a
    valid-from date. Once a submitted application or report uses a set, it is frozen: what an
    organisation answered must keep meaning what it meant."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    kind = models.CharField(_("diploma"), max_length=16, choices=DiplomaKind.choices)
    version = models.CharField(_("version"), max_length=20)
    valid_from = models.DateField(
        _("valid from"), null=True, blank=True, help_text=_("Set when the version is published.")
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PUBLISHED
    )
    source_note = models.TextField(
        _("source"), blank=True, help_text=_("Where the criteria come from, and who decided them.")
    )

    class Meta:
        verbose_name = _("criteria set")
        verbose_name_plural = _("criteria sets")
        ordering = ["kind", "-valid_from"]
        constraints = [
            # Drafts may share a working name; published versions are unique by name and date.
            models.UniqueConstraint(
                fields=["kind", "version"],
                condition=models.Q(state="published"),
                name="criteria_set_published_version_unique",
            ),
            models.UniqueConstraint(
                fields=["kind", "valid_from"],
                condition=models.Q(state="published"),
                name="criteria_set_published_date_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(state="draft") | models.Q(valid_from__isnull=False),
                name="criteria_set_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        if self.state == self.State.DRAFT:
            return f"{self.get_kind_display()} {self.version} ({self.get_state_display().lower()})"
        return f"{self.get_kind_display()} {self.version} ({self.valid_from:%Y-%m-%d})"

    @cached_property
    def is_frozen(self) -> bool:
        """Used by a submitted (not draft) application or report: nothing in it may change.
        The admin asks this in one place for the set, its criteria and their rows."""
        if self.pk is None:
            return False
        return (
            Submission.objects.filter(criteria_set=self)
            .exclude(status=Submission.Status.DRAFT)
            .exists()
        )


class Criterion(models.Model):
    class AnswerType(models.TextChoices):
        TEXT = "text", _("Text")
        NUMBER = "number", _("Number")
        YES_NO = "yes_no", _("Yes or no")
        PERCENT = "percent", _("Percentage")

    class Computed(models.TextChoices):
        NONE = "", _("Answered by the organisation")
        ACTIVITIES = "activities", _("Counted from the logged activities")
        REGION_SHARE = "region_share", _("Share of residents in diplomated municipalities")
        LOCAL_GROUP = "local_group", _("Read from the local group's roster")

    class AskedIn(models.TextChoices):
        BOTH = "both", _("Both yearly reports")
        LARGER = "larger", _("The larger yearly report only")
        SMALLER = "smaller", _("The smaller yearly report only")

    criteria_set = models.ForeignKey(
        CriteriaSet,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("criteria set"),
    )
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.SlugField(_("code"), max_length=40)
    title_sv = models.CharField(_("title (Swedish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    guidance_sv = models.TextField(_("guidance (Swedish)"))
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    evidence_sv = models.TextField(_("evidence asked for (Swedish)"), blank=True)
    evidence_en = models.TextField(_("evidence asked for (English)"), blank=True)
    answer_type = models.CharField(_("answer type"), max_length=16, choices=AnswerType.choices)
    computed = models.CharField(
        _("computed by the portal"), max_length=16, choices=Computed.choices, blank=True
    )
    requires_attachment = models.BooleanField(_("evidence must be attached"), default=False)
    is_purchase_share = models.BooleanField(
        _("is the share of fairly traded purchases"),
        default=False,
        help_text=_("Shown on the public page, year by year."),
    )
    asked_in = models.CharField(
        _("asked in"),
        max_length=16,
        choices=AskedIn.choices,
        default=AskedIn.BOTH,
        help_text=_(
            "Which of the alternating yearly reports asks this criterion. An application asks "
            "every criterion."
        ),
    )
    carries_over = models.BooleanField(
        _("carried over to the next report"),
        default=True,
        help_text=_(
            "A new yearly report starts from the last approved answer, for the coordinator to "
            "confirm or change. Off for what is new every year, such as what has changed."
        ),
    )

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["criteria_set", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_set", "number"], name="criterion_number_unique"
            ),
            models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def title(self) -> str:
        return _translated(self, "title")

    @property
    def guidance(self) -> str:
        return _translated(self, "guidance")

    @property
    def evidence(self) -> str:
        return _translated(self, "evidence")

    @staticmethod
    def asked_in_report(*, is_application: bool, is_larger_report: bool) -> list[str]:
        """The ``asked_in`` values a submission asks: every one for an application, else
        those of the larger or the smaller yearly report."""
        if is_application:
            return list(Criterion.AskedIn.values)
        size = Criterion.AskedIn.LARGER if is_larger_report else Criterion.AskedIn.SMALLER
        return [Criterion.AskedIn.BOTH, size]


class CriterionThreshold(models.Model):
    """The least value a criterion asks for, by the organisation's population (data, not code).
    For an activities criterion: the number of activities; for a percentage: the share."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="thresholds", verbose_name=_("criterion")
    )
    min_population = models.PositiveIntegerField(_("from population"), default=0)
    max_population = models.PositiveIntegerField(_("up to population"), null=True, blank=True)
    min_value = models.DecimalField(_("at least"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("threshold")
        verbose_name_plural = _("thresholds")
        ordering = ["criterion", "min_population"]

    def __str__(self) -> str:
        return f"{self.criterion.code} ≥ {self.min_value}"

    def applies_to(self, population: int) -> bool:
        return population >= self.min_population and (
            self.max_population is None or population <= self.max_population
        )


class Submission(models.Model):
    """An application (to become diplomated) or a yearly report, for one organisation and year."""

    class Kind(models.TextChoices):
        APPLICATION = "application", _("Application")
        YEARLY_REPORT = "yearly_report", _("Yearly report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(
        _("year"), help_text=_("For a yearly report: the year it reports on.")
    )
    criteria_set = models.ForeignKey(
        CriteriaSet, on_delete=models.PROTECT, related_name="+", verbose_name=_("criteria set")
    )
    is_larger_report = models.BooleanField(_("larger report"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("application or yearly report")
        verbose_name_plural = _("applications and yearly reports")
        ordering = ["-year", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "kind", "year"], name="submission_unique_per_year"
            )
        ]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: {self.organisation}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)

    def asked_criteria(self) -> models.QuerySet[Criterion]:
        """The criteria this application or report asks (its scope): an application asks
        them all; a yearly report those of its size, larger or smaller."""
        return self.criteria_set.criteria.filter(
            asked_in__in=Criterion.asked_in_report(
                is_application=self.kind == self.Kind.APPLICATION,
                is_larger_report=self.is_larger_report,
            )
        )


class Answer(models.Model):
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="answers", verbose_name=_("submission")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("criterion")
    )
    text = models.TextField(_("answer"), blank=True)
    number = models.DecimalField(
        _("number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    yes_no = models.BooleanField(_("yes or no"), null=True, blank=True)
    carried_over = models.BooleanField(
        _("carried over, not confirmed"),
        default=False,
        help_text=_(
            "Copied from the last approved report; the coordinator has not yet confirmed it "
            "unchanged or changed it."
        ),
    )
    snapshot = models.JSONField(
        _("what the portal read when it was submitted"),
        null=True,
        blank=True,
        help_text=_("For the local group: its roster (names, roles, sectors) at submission."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["criterion__number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "criterion"], name="answer_unique")
        ]

    def __str__(self) -> str:
        return f"{self.submission} – {self.criterion.code}"


def evidence_folder(instance: Attachment) -> str:
    submission = instance.answer.submission
    return f"evidence/{submission.organisation.code}/{submission.pk}"


def evidence_path(instance: Attachment, filename: str) -> str:
    """Kept for migration 0002, which names it; files are named by ``UploadTo`` now."""
    return UploadTo(evidence_folder)(instance, filename)


class Attachment(models.Model):
    answer = models.ForeignKey(
        Answer, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("answer")
    )
    file = models.FileField(_("file"), upload_to=UploadTo(evidence_folder), max_length=300)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("content type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ReviewComment(models.Model):
    """A reviewer's comment on a submission, on one criterion or on the whole."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="comments", verbose_name=_("submission")
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("criterion"),
        help_text=_("Empty: a comment on the whole."),
    )
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class SubmissionEvent(models.Model):
    """What happened to a submission, by whom and when: submitted, changes requested,
    approved. Written only by the services."""

    class Action(models.TextChoices):
        STARTED = "started", _("Started")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="events", verbose_name=_("submission")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), auto_now_add=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class Activity(models.Model):
    """An information or engagement activity an organisation held; counted by the yearly
    report instead of being asked for again."""

    class Kind(models.TextChoices):
        TALK = "talk", _("Talk or seminar")
        TASTING = "tasting", _("Tasting or fika")
        EXHIBITION = "exhibition", _("Exhibition or stand")
        SCHOOL = "school", _("School or youth activity")
        CAMPAIGN = "campaign", _("Campaign (e.g. Fairtrade Challenge)")
        DIGITAL = "digital", _("Digital or media")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("organisation"),
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    open_to_residents = models.BooleanField(_("open to residents"), default=True)
    partners = models.CharField(_("local partners"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("logged by"),
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["organisation", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class Invitation(models.Model):
    """An emailed invitation to join an organisation; it expires."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=16, choices=Membership.Role.choices)
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"


class CoordinatorRequest(models.Model):
    """A logged-in person asks to become coordinator (samordnare) of a municipality or region.
    Staff, or a coordinator the organisation already has, confirm or refuse it; only a
    confirmation makes anyone a coordinator. Changed only by the services."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a decision")
        CONFIRMED = "confirmed", _("Confirmed")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinator_requests",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="coordinator_requests",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role in the organisation"),
        max_length=200,
        help_text=_("For example environmental strategist or procurement officer."),
    )
    motivation = models.TextField(_("why"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    created = models.DateTimeField(_("asked"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)

    class Meta:
        verbose_name = _("coordinator request")
        verbose_name_plural = _("coordinator requests")
        ordering = ["-created", "-id"]
        constraints = [
            # One open request per person and organisation; asking again is a new row only
            # once the earlier one is decided or withdrawn.
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status="open"),
                name="coordinator_request_one_open",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="coordinator_request_refusal_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "created"])]

    def __str__(self) -> str:
        # Short: the admin's breadcrumbs show it among links.
        return f"{self.user} → {self.organisation}"


# --- the local group (arbetsgrupp) --------------------------------------------------------------


class GroupSector(models.TextChoices):
    """Where a person in the local group comes from."""

    MUNICIPAL_OFFICIAL = "official", _("Municipal or regional official")
    POLITICIAN = "politician", _("Elected politician")
    BUSINESS = "business", _("Business")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    FAITH = "faith", _("Faith community")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other")


class GroupMember(models.Model):
    """A person in an organisation's local group, with or without a portal account. The roster
    is what the public profile, the dashboard and the local-group criterion read."""

    class Role(models.TextChoices):
        # The codes sort as the roster is read: the chair, the contact person, the others. The
        # chair may also be the contact person (the handbook allows it, in small groups).
        CHAIR = "chair", _("Chair")
        CHAIR_AND_CONTACT = "chair_contact", _("Chair and contact person")
        CONTACT = "contact", _("Contact person")
        MEMBER = "member", pgettext_lazy("local group", "Member")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="group_members",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(
        _("role in the group"), max_length=16, choices=Role.choices, default=Role.MEMBER
    )
    sector = models.CharField(_("sector"), max_length=16, choices=GroupSector.choices)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_memberships",
        verbose_name=_("portal account"),
        help_text=_("When the person has an account in the portal and is a member of it."),
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("member of the local group")
        verbose_name_plural = _("local group")
        ordering = ["organisation", "role", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(role__in=["chair", "chair_contact"]),
                name="group_member_one_chair",
                violation_error_message=_("The local group already has a chair."),
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(role__in=["contact", "chair_contact"]),
                name="group_member_one_contact",
                violation_error_message=_("The local group already has a contact person."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(user__isnull=False),
                name="group_member_account_once",
                violation_error_message=_("This account is already on the roster."),
            ),
            models.CheckConstraint(condition=~models.Q(name=""), name="group_member_has_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()}, {self.organisation})"

    @staticmethod
    def roles_holding(role: str) -> tuple[str, ...]:
        """The roles whose holder counts as ``role``: the chair who is also the contact person
        is both the chair and the contact person."""
        if role in (GroupMember.Role.CHAIR, GroupMember.Role.CONTACT):
            return (role, GroupMember.Role.CHAIR_AND_CONTACT)
        return (role,)

    @property
    def is_chair(self) -> bool:
        return self.role in self.roles_holding(self.Role.CHAIR)

    @property
    def is_contact(self) -> bool:
        return self.role in self.roles_holding(self.Role.CONTACT)


class LocalGroupRequirement(models.Model):
    """What a local-group criterion asks of the roster, as data: at least ``min_count`` people,
    with the role (chair, contact person) and/or from the sector given. A row with neither is
    the least size of the group."""

    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.CASCADE,
        related_name="group_requirements",
        verbose_name=_("criterion"),
    )
    role = models.CharField(
        _("role in the group"), max_length=16, choices=GroupMember.Role.choices, blank=True
    )
    sector = models.CharField(_("sector"), max_length=16, choices=GroupSector.choices, blank=True)
    min_count = models.PositiveSmallIntegerField(_("at least"), default=1)

    class Meta:
        verbose_name = _("local group requirement")
        verbose_name_plural = _("local group requirements")
        ordering = ["criterion", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "role", "sector"], name="local_group_requirement_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(min_count__gte=1), name="local_group_requirement_at_least_one"
            ),
        ]

    def __str__(self) -> str:
        who = " – ".join(
            str(label)
            for label in (
                self.get_role_display() if self.role else "",
                self.get_sector_display() if self.sector else "",
            )
            if label
        )
        return f"{self.criterion.code}: ≥ {self.min_count} {who}".strip()
