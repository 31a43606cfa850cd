from django import forms
from django.contrib import admin, messages
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from diplomas.forms import AttachmentField
from fairtrade_portal.admin_csv import export_csv
from fairtrade_portal.admin_widgets import ModelAdmin

from ..models import Resource, Tag
from ..services.resources import _queue_extraction, _store_file


@admin.register(Tag)
class TagAdmin(ModelAdmin):
    list_display = ["name", "key"]
    search_fields = ["name", "key"]


class ResourceAdminForm(forms.ModelForm):
    link = forms.URLField(
        label=_("link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )

    class Meta:
        model = Resource
        # Checkboxes, not the two-box selector, whose search icons fail axe (as the
        # requirement admin's categories).
        widgets = {"tags": forms.CheckboxSelectMultiple}
        fields = [
            "title",
            "description",
            "category",
            "tags",
            "organisation",
            "group",
            "event",
            "language",
            "file",
            "link",
            "hidden",
            "shared_by",
        ]

    def clean(self):
        cleaned = super().clean()
        if "file" in self.errors or "link" in self.errors:
            return cleaned
        upload = cleaned.get("file")  # False: "clear" was ticked
        has_file = bool(upload) or (upload is None and bool(self.instance.file))
        has_link = bool(cleaned.get("link"))
        if has_file and has_link:
            raise forms.ValidationError(_("Give a file or a link, not both."))
        if not has_file and not has_link:
            raise forms.ValidationError(_("Choose a file to share or give a link."))
        return cleaned


@admin.register(Resource)
class ResourceAdmin(ModelAdmin):
    form = ResourceAdminForm
    list_display = ["title", "category", "organisation", "file_type", "hidden", "created_at"]
    list_filter = ["category", "hidden", "language", "extraction"]
    search_fields = ["title", "description", "search_text"]
    autocomplete_fields = ["organisation", "shared_by", "event"]
    readonly_fields = ["original_name", "file_type", "file_size", "extraction", "created_at"]
    fields = [
        "title",
        "description",
        "category",
        "tags",
        "organisation",
        "event",
        "language",
        "file",
        "link",
        "hidden",
        "shared_by",
        *readonly_fields,
    ]
    actions = ["hide", "show", export_csv]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "file":
            # The same checks as every upload of the portal (size, extension, content).
            return AttachmentField(label=db_field.verbose_name)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("file")
        if upload and "file" in form.changed_data and hasattr(upload, "size"):
            _store_file(obj, upload)
            obj._queue = True
        if not change and obj.shared_by_id is None:
            obj.shared_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.search_refresh()
        if getattr(form.instance, "_queue", False):
            _queue_extraction(form.instance)

    @admin.action(description=_("Hide the chosen resources"))
    def hide(self, request, queryset):
        count = queryset.update(hidden=True)
        self.message_user(
            request,
            ngettext("%(count)d resource hidden.", "%(count)d resources hidden.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Show the chosen resources again"))
    def show(self, request, queryset):
        count = queryset.update(hidden=False)
        self.message_user(
            request,
            ngettext("%(count)d resource shown.", "%(count)d resources shown.", count)
            % {"count": count},
            messages.SUCCESS,
        )
