"""The form members and staff share or change a resource with."""

from __future__ import annotations

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from diplomas.forms import AttachmentField

from ..models import Group, Resource
from ..selectors.groups import groups_for
from ..selectors.resources import can_see_logos, sharing_organisations
from ..services.resources import MAX_TAGS, tag_names


class ResourceForm(forms.ModelForm):
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Words that describe it, separated by commas (at most 10)."),
    )
    file = AttachmentField(label=_("File"))
    link = forms.URLField(
        label=_("Or a link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("An address starting with https:// (or http://), instead of a file."),
    )

    class Meta:
        model = Resource
        fields = ["title", "description", "category", "tags", "organisation", "group", "language"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        organisation = self.fields["organisation"]
        organisation.queryset = sharing_organisations(user)
        if user.is_staff:
            organisation.required = False
            organisation.empty_label = _("Fairtrade Sverige")
        else:
            organisation.required = True
            organisation.empty_label = None
        organisation.help_text = _("The organisation in whose name it is shared.")
        # Only the groups the person is in (staff: every group); a file of a group is seen
        # by the group's members only.
        group = self.fields["group"]
        groups = groups_for(user)
        if self.instance.group_id:  # kept where it is, even if the sharer has left the group
            groups = groups | Group.objects.filter(pk=self.instance.group_id)
        group.queryset = groups.distinct().order_by("name_sv")
        group.required = False
        group.empty_label = _("The whole network")
        group.help_text = _("Share it only with one of your groups, or with the whole network.")
        if not self.instance.group_id and not groups.exists():
            del self.fields["group"]  # in no group: nothing to choose
        self.fields["description"].max_length = 2000
        if self.instance.pk:
            self.fields["tags"].initial = ", ".join(t.name for t in self.instance.tags.all())
            if self.instance.link:
                self.fields["link"].initial = self.instance.link
            if self.instance.file:
                self.fields["file"].help_text = _(
                    "Now: %(name)s. Choose a file only to replace it."
                ) % {"name": self.instance.original_name}

    def clean_category(self):
        category = self.cleaned_data["category"]
        if category == Resource.Category.LOGO and not can_see_logos(self.user):
            raise forms.ValidationError(
                _(
                    "Logos are shared only by organisations that hold the diploma. Choose "
                    "another category."
                )
            )
        return category

    def clean_tags(self):
        names = tag_names(self.cleaned_data["tags"])
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(
                _("Use at most %(max)s tags.") % {"max": MAX_TAGS}, code="too_many"
            )
        return ", ".join(names)

    def clean(self):
        cleaned = super().clean()
        upload, link = cleaned.get("file"), cleaned.get("link")
        if "file" in self.errors or "link" in self.errors:
            return cleaned
        if upload and link:
            raise forms.ValidationError(_("Give a file or a link, not both."))
        has_file = bool(self.instance.pk and self.instance.file)
        if not upload and not link and not has_file:
            raise forms.ValidationError(_("Choose a file to share or give a link."))
        return cleaned
