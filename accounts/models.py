"""The portal's user: identified by email address, with a name and a preferred language."""

from __future__ import annotations

import hashlib

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


# The one account that stands for every erased person on what stays with the organisation
# (submitted reports, evidence, decisions): shown as "former member", it cannot log in.
FORMER_MEMBER_EMAIL = "former-member@fairtradecity.invalid"


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the emails the portal sends you."),
    )
    is_staff = models.BooleanField(
        _("Fairtrade Sverige staff"),
        default=False,
        help_text=_("Staff can log in to the admin."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        if self.is_former_member:
            return str(_("former member"))
        return self.name or self.email

    @property
    def is_former_member(self) -> bool:
        return self.email == FORMER_MEMBER_EMAIL

    def get_full_name(self) -> str:
        return str(self) if self.is_former_member else self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email

    @property
    def has_two_factor(self) -> bool:
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(user=self, type=Authenticator.Type.TOTP).exists()


class TwoFactorMethod(Authenticator):
    """allauth's authenticators under the portal's words, so the admin lists them with the
    accounts ("Tvåfaktorsmetoder") instead of in a section called "MFA"."""

    class Meta:
        proxy = True
        verbose_name = _("two-factor method")
        verbose_name_plural = _("two-factor methods")


def data_export_path(instance: DataExport, filename: str) -> str:
    # A folder named by a digest of the link's secret, not by the secret itself: a listing of
    # the storage does not hand out download links, and the name is plain hex.
    folder = hashlib.sha256(instance.token.encode()).hexdigest()[:32]
    return f"data-exports/{folder}/{filename}"


class DataExport(models.Model):
    """A person's request for everything the portal holds about them: built by a job into a
    ZIP archive, downloadable by that person for DATA_EXPORT_VALID_DAYS (GDPR art. 15 and 20),
    then deleted by the retention job."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="data_exports",
        verbose_name=_("person"),
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(_("file"), upload_to=data_export_path, max_length=200, blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)
    ready_at = models.DateTimeField(_("ready"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))

    class Meta:
        verbose_name = _("export of personal data")
        verbose_name_plural = _("exports of personal data")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at
