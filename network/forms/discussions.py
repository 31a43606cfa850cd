"""The forms of the discussions: start a thread, reply, change a post, choose how new posts
are emailed; and staff's hide and move."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from diplomas.forms import AttachmentField

from ..models import DiscussionChoice, Thread, Topic
from ..models.discussions import MAX_BODY, MAX_TITLE

BODY_HELP = _(
    "Markdown: **bold**, “- ” starts a list item, a link is written [text](https://…). "
    "@ and an organisation's name (@Malmö, @Region Skåne) tells its coordinators. At most "
    "20 000 characters."
)


def _body_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
        error_messages={"required": _("Write something.")},
    )


def _clean_body(value: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Write something."))
    return value


class ReplyForm(forms.Form):
    body = _body_field(_("Your reply"))
    attachment = AttachmentField(label=_("Attach a file"))

    def clean_body(self):
        return _clean_body(self.cleaned_data["body"])


class ThreadForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=MAX_TITLE,
        error_messages={"required": _("Give the thread a title.")},
    )
    body = _body_field(_("Your post"))
    attachment = AttachmentField(label=_("Attach a file"))

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError(_("Give the thread a title."))
        return title

    def clean_body(self):
        return _clean_body(self.cleaned_data["body"])


class PostEditForm(forms.Form):
    body = _body_field(_("Your post"))

    def clean_body(self):
        return _clean_body(self.cleaned_data["body"])


class HidePostForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the post hidden?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The author is emailed this reason."),
        error_messages={"required": _("Say why the post is hidden: its author is told.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the post is hidden: its author is told."))
        return reason


class MoveThreadForm(forms.Form):
    topic = forms.ModelChoiceField(
        label=_("Move to the topic"),
        queryset=Topic.objects.none(),
        error_messages={"invalid_choice": _("Choose one of the topics.")},
    )

    def __init__(self, *args, thread: Thread, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = (
            Topic.objects.exclude(pk=thread.topic_id)
            .select_related("group")
            .order_by("group__name_sv", "order", "name_sv")
        )
        self.fields["topic"].label_from_instance = lambda topic: (
            f"{topic.name} ({topic.group.name})" if topic.group_id else topic.name
        )


class DeliveryForm(forms.Form):
    delivery = forms.ChoiceField(
        label=_("New posts in what I follow"),
        choices=DiscussionChoice.Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the two.")},
    )


__all__ = [
    "DeliveryForm",
    "HidePostForm",
    "MoveThreadForm",
    "PostEditForm",
    "ReplyForm",
    "ThreadForm",
]
