from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from accounts.models import User
from diplomas.forms import MAX_ATTACHMENT_BYTES, validate_attachment
from diplomas.models import CriteriaSet, Criterion, Organisation

from ..models import GoodExample, GoodExampleComment, Theme
from ..models.examples import MAX_COMMENT

IMAGE_EXTENSIONS = (".jpeg", ".jpg", ".png")
IMAGE_SLOTS = 3


def validate_image(upload) -> None:
    """The report evidence's checks (extension, size, first bytes), then Pillow reads it: a
    file that only starts like a PNG is refused too."""
    if Path(upload.name).suffix.lower() not in IMAGE_EXTENSIONS:
        raise ValidationError(_("Use a JPEG or PNG image (.jpg, .jpeg, .png)."))
    validate_attachment(upload)
    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("The file is not an image that can be shown.")) from None
    finally:
        upload.seek(0)


class CriterionChoice(forms.ModelChoiceField):
    def label_from_instance(self, criterion: Criterion) -> str:
        return f"{criterion.criteria_set.get_kind_display()}: {criterion.number}. {criterion.title}"


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        return user.name or user.email


class GoodExampleForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(
        label=_("What did you do, and what worked?"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=GoodExample._meta.get_field("text").max_length,
        help_text=GoodExample._meta.get_field("text").help_text,
    )
    criterion = CriterionChoice(
        label=_("Criterion"), queryset=Criterion.objects.none(), required=False
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=[("", "–"), *Theme.choices], required=False)
    contact_person = PersonChoice(
        label=_("Contact person"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Someone of your organisation whom others can ask."),
    )
    contact_text = forms.CharField(
        label=_("Or another contact"),
        max_length=300,
        required=False,
        help_text=_("E.g. a name and an email address outside the portal."),
    )

    def __init__(self, *args, organisations, example: GoodExample | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.example = example
        self.only_organisation = organisations[0] if len(organisations) == 1 else None
        organisations = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        self.fields["organisation"].queryset = organisations.order_by("name")
        if example is not None or organisations.count() == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = (
                example.organisation_id if example else organisations.first().pk
            )
        self.fields["criterion"].queryset = (
            Criterion.objects.filter(criteria_set__state=CriteriaSet.State.PUBLISHED)
            .select_related("criteria_set")
            .order_by("criteria_set__kind", "-criteria_set__valid_from", "number")
        )
        self.fields["contact_person"].queryset = (
            User.objects.filter(memberships__organisation__in=organisations)
            .distinct()
            .order_by("name")
        )
        existing = list(example.images.all()) if example else []
        if existing:
            self.fields["remove_images"] = forms.MultipleChoiceField(
                label=_("Remove images"),
                choices=[(str(i.pk), i.alt_text) for i in existing],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        for n in range(1, IMAGE_SLOTS + 1):
            self.fields[f"image_{n}"] = forms.FileField(
                label=_("Image %(n)s") % {"n": n},
                required=False,
                validators=[validate_image],
                help_text=_("JPEG or PNG, at most %(max)s.")
                % {"max": filesizeformat(MAX_ATTACHMENT_BYTES)},
                widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMAGE_EXTENSIONS)}),
            )
            self.fields[f"alt_{n}"] = forms.CharField(
                label=_("Description of image %(n)s") % {"n": n},
                max_length=300,
                required=False,
                help_text=_("Required with an image: what it shows, for those who cannot see it."),
            )

    def clean(self):
        data = super().clean()
        if self.example is not None:
            data["organisation"] = self.example.organisation
        elif not data.get("organisation"):
            if self.only_organisation is None:
                self.add_error("organisation", _("Choose the organisation."))
            data["organisation"] = self.only_organisation
        if not data.get("criterion") and not data.get("theme"):
            self.add_error("theme", _("Choose the criterion or the theme the example is about."))
        person = data.get("contact_person")
        organisation = data.get("organisation")
        if person and organisation and not person.memberships.filter(organisation=organisation):
            self.add_error("contact_person", _("Choose a person of the organisation."))
        for n in range(1, IMAGE_SLOTS + 1):
            if data.get(f"image_{n}") and not (data.get(f"alt_{n}") or "").strip():
                self.add_error(f"alt_{n}", _("Describe what the image shows."))
        return data

    def images(self) -> list[tuple[object, str]]:
        return [
            (self.cleaned_data[f"image_{n}"], self.cleaned_data[f"alt_{n}"].strip())
            for n in range(1, IMAGE_SLOTS + 1)
            if self.cleaned_data.get(f"image_{n}")
        ]

    def remove_image_ids(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data.get("remove_images", [])]


class CommentForm(forms.ModelForm):
    class Meta:
        model = GoodExampleComment
        fields = ["text"]
        labels = {"text": _("Your comment")}
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "maxlength": MAX_COMMENT})}
        help_texts = {"text": _("Plain text, at most 2 000 characters.")}

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("Write a comment."))
        return text


class SendBackForm(forms.Form):
    message = forms.CharField(
        label=_("What should the author change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


class ThemeFilterForm(forms.Form):
    theme = forms.ChoiceField(
        label=_("Theme"), choices=[("", _("All themes")), *Theme.choices], required=False
    )
