"""The news item's form in the admin: the image is checked like report evidence, and must be
a real JPEG or PNG (Pillow opens it)."""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from diplomas.forms import MAX_ATTACHMENT_BYTES, validate_attachment

from ..models import NewsItem

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")


def validate_image(upload) -> None:
    """Only JPEG and PNG; then the shared evidence check (size, extension, first bytes)."""
    extension = Path(upload.name).suffix.lower()
    if extension not in IMAGE_EXTENSIONS:
        raise ValidationError(
            _("Use a JPEG or PNG image (%(allowed)s).") % {"allowed": ", ".join(IMAGE_EXTENSIONS)}
        )
    validate_attachment(upload)


class NewsItemForm(forms.ModelForm):
    image = forms.ImageField(
        label=_("image"),
        required=False,
        validators=[validate_image],
        help_text=_("Optional. JPEG or PNG, at most %(max)s.")
        % {"max": filesizeformat(MAX_ATTACHMENT_BYTES)},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(IMAGE_EXTENSIONS)}),
    )

    class Meta:
        model = NewsItem
        fields = [
            "title_sv",
            "slug",
            "summary_sv",
            "body_sv",
            "title_en",
            "summary_en",
            "body_en",
            "image",
            "image_alt_sv",
            "image_alt_en",
            "audience",
            "published_at",
        ]
