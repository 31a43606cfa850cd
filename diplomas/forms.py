from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import (
    Activity,
    CoordinatorRequest,
    Criterion,
    Diploma,
    GroupMember,
    Membership,
    Organisation,
    Submission,
)

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# Evidence may be PDFs, office documents and images. The first bytes must match the extension,
# so a renamed program or script is refused even when its name looks harmless.
_PDF = (b"%PDF-",)
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
ATTACHMENT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": _PDF,
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".odt": _ZIP,
    ".ods": _ZIP,
    ".odp": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
    ".ppt": _OLE,
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}
_ZIP_MARKERS = {
    ".docx": "[Content_Types].xml",
    ".xlsx": "[Content_Types].xml",
    ".pptx": "[Content_Types].xml",
    ".odt": "mimetype",
    ".ods": "mimetype",
    ".odp": "mimetype",
}


def validate_attachment(upload) -> None:
    extension = Path(upload.name).suffix.lower()
    if not extension:
        raise ValidationError(
            _(
                "The file name has no extension (such as .pdf), so its type is unknown. Use PDF, "
                "office documents or images (%(allowed)s)."
            )
            % {"allowed": ", ".join(sorted(ATTACHMENT_SIGNATURES))}
        )
    if extension not in ATTACHMENT_SIGNATURES:
        raise ValidationError(
            _(
                "Files of type %(ext)s cannot be attached. Use PDF, office documents or images "
                "(%(allowed)s)."
            )
            % {"ext": extension, "allowed": ", ".join(sorted(ATTACHMENT_SIGNATURES))}
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(MAX_ATTACHMENT_BYTES)}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(sig) for sig in ATTACHMENT_SIGNATURES[extension]):
        raise ValidationError(
            _(
                "The file's content does not match its name (%(ext)s). Save it again as %(ext)s "
                "and attach it anew."
            )
            % {"ext": extension}
        )
    if extension in _ZIP_MARKERS:
        try:
            with zipfile.ZipFile(upload) as archive:
                ok = _ZIP_MARKERS[extension] in archive.namelist()
        except zipfile.BadZipFile:
            ok = False
        upload.seek(0)
        if not ok:
            raise ValidationError(
                _(
                    "The file's content does not match its name (%(ext)s). Save it again as "
                    "%(ext)s and attach it anew."
                )
                % {"ext": extension}
            )


def _without_trailing_zeros(number: Decimal | None) -> Decimal | None:
    """42.50 as 42.5: numbers are stored with two decimals, but a share is entered with one,
    and a field shown with more decimals than it accepts would refuse its own value."""
    if number is None:
        return None
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


class AttachmentField(forms.FileField):
    default_validators = [validate_attachment]

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text",
            _("PDF, office document or image, at most %(max)s.")
            % {"max": filesizeformat(MAX_ATTACHMENT_BYTES)},
        )
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = ",".join(sorted(ATTACHMENT_SIGNATURES))


class SubmissionForm(forms.Form):
    """One field (and one attachment field) per criterion the organisation answers itself."""

    def __init__(self, *args, submission: Submission, rows: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.submission = submission
        self.rows = rows
        for row in rows:
            criterion: Criterion = row["criterion"]
            answer = row["answer"]
            # A purchase share read from the goals and figures is not asked again.
            asked = not criterion.computed and row["check"].from_figures is None
            if asked:
                self.fields[f"c{criterion.pk}"] = self._answer_field(criterion, answer)
            row["confirm_field"] = None
            if asked and answer is not None and answer.carried_over:
                self.fields[f"k{criterion.pk}"] = forms.BooleanField(
                    label=_("The answer carried over still holds (confirm it unchanged)"),
                    required=False,
                )
                row["confirm_field"] = f"k{criterion.pk}"
            self.fields[f"f{criterion.pk}"] = AttachmentField(
                label=_("Attach evidence for criterion %(number)s") % {"number": criterion.number}
            )
            row["answer_field"] = f"c{criterion.pk}" if asked else None
            row["file_field"] = f"f{criterion.pk}"

    @staticmethod
    def _answer_field(criterion: Criterion, answer) -> forms.Field:
        label = _("Your answer")
        kind = criterion.answer_type
        if kind == Criterion.AnswerType.TEXT:
            return forms.CharField(
                label=label,
                required=False,
                max_length=10_000,
                widget=forms.Textarea(attrs={"rows": 5}),
                initial=answer.text if answer else "",
            )
        if kind == Criterion.AnswerType.YES_NO:
            return forms.TypedChoiceField(
                label=label,
                required=False,
                choices=[("", _("Not answered")), ("yes", _("Yes")), ("no", _("No"))],
                coerce=lambda v: {"yes": True, "no": False}.get(v),
                empty_value=None,
                initial={True: "yes", False: "no"}.get(answer.yes_no if answer else None, ""),
            )
        if kind == Criterion.AnswerType.PERCENT:
            return forms.DecimalField(
                label=_("Share in percent"),
                required=False,
                min_value=0,
                max_value=100,
                decimal_places=1,
                initial=_without_trailing_zeros(answer.number) if answer else None,
            )
        return forms.DecimalField(
            label=label,
            required=False,
            min_value=0,
            max_digits=12,
            decimal_places=2,
            initial=_without_trailing_zeros(answer.number) if answer else None,
        )

    def answer_values(self) -> dict[int, dict]:
        """The answers to save by criterion id. A carried-over answer stops being marked as
        carried over when the coordinator confirms it or changes it."""
        values = {}
        for row in self.rows:
            criterion = row["criterion"]
            if criterion.computed or row["answer_field"] is None:
                continue
            value = self.cleaned_data.get(f"c{criterion.pk}")
            if criterion.answer_type == Criterion.AnswerType.TEXT:
                fields = {"text": (value or "").strip()}
            elif criterion.answer_type == Criterion.AnswerType.YES_NO:
                fields = {"yes_no": value}
            else:
                fields = {"number": value}
            answer = row["answer"]
            if answer is not None and answer.carried_over:
                ((name, new),) = fields.items()
                old = getattr(answer, name)
                changed = (old or "").strip() != new if name == "text" else old != new
                if changed or self.cleaned_data.get(row["confirm_field"]):
                    fields["carried_over"] = False
            values[criterion.pk] = fields
        return values

    def uploads(self) -> list[tuple[Criterion, object]]:
        return [
            (row["criterion"], self.cleaned_data[f"f{row['criterion'].pk}"])
            for row in self.rows
            if self.cleaned_data.get(f"f{row['criterion'].pk}")
        ]


class OrganisationProfileForm(forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "website",
            "public_email",
            "public_phone",
            "goals",
        ]
        widgets = {"goals": forms.Textarea(attrs={"rows": 5})}


class GroupMemberForm(forms.ModelForm):
    """A person on the local group's roster. The portal account, when linked, is one of the
    organisation's members."""

    class Meta:
        model = GroupMember
        fields = ["name", "role", "sector", "email", "phone", "user"]
        help_texts = {
            "role": _(
                "The names of the chair and the contact person are shown on the public page "
                "once the organisation is diplomated."
            ),
            "email": _("Optional. Seen only by the organisation's members."),
            "phone": _("Optional. Seen only by the organisation's members."),
            "user": _("Optional: link the person's account when they are a member in the portal."),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        user_field = self.fields["user"]
        user_field.queryset = user_field.queryset.filter(
            memberships__organisation=organisation
        ).order_by("name", "email")
        user_field.empty_label = _("No portal account")
        user_field.label_from_instance = lambda user: (
            f"{user.name} ({user.email})" if user.name else user.email
        )


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["date", "title", "kind", "open_to_residents", "partners", "description"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)  # as Invitation.email
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )


class DiplomaStatusForm(forms.ModelForm):
    """The admin's form for a diploma: a change of status needs a reason."""

    reason = forms.CharField(
        label=_("Reason for a change of status"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the status changes. Kept in the diploma's history."),
    )

    class Meta:
        model = Diploma
        fields = ["organisation", "kind", "status", "diplomated_since", "next_report_due"]

    def clean(self):
        cleaned = super().clean()
        if (
            self.instance.pk
            and "status" in self.changed_data
            and not (cleaned.get("reason") or "").strip()
        ):
            self.add_error("reason", _("Give a reason for the change of status."))
        return cleaned


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name of the municipality or region"),
        max_length=100,
        required=False,
        help_text=_("Capitals and accents do not matter: goteborg finds Göteborg."),
    )


class CoordinatorRequestForm(forms.ModelForm):
    class Meta:
        model = CoordinatorRequest
        fields = ["role", "motivation"]
        labels = {"role": _("Your role"), "motivation": _("Why do you want to be coordinator?")}
        help_texts = {
            "role": _("Your job or task, for example environmental strategist."),
            "motivation": _(
                "A few sentences for Fairtrade Sverige: what you do in the organisation and what "
                "you want to do as coordinator."
            ),
        }
        widgets = {"motivation": forms.Textarea(attrs={"rows": 5})}


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the refusal"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required. The person is told it by email."),
    )
