"""The requirement library in the admin. A requirement's change form shows its current version's
fields, prefilled; saving publishes a new version only when one of them changed, and then a
"what changed" note is required. Old versions are listed, read only: they never change."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.admin_widgets import ModelAdmin, TabularInline

from ..models import Level, Reference, Requirement, RequirementKind, RequirementVersion
from ..services.requirements import (
    VERSION_FIELDS,
    requirement_publish_version,
    version_changes,
)

TEXTAREA = forms.Textarea(attrs={"rows": 5, "cols": 80})


class RequirementAdminForm(forms.ModelForm):
    level = forms.ChoiceField(label=_("level"), choices=Level.choices)
    kind = forms.ChoiceField(label=_("kind"), choices=RequirementKind.choices)
    title_sv = forms.CharField(label=_("title (Swedish)"), max_length=200)
    title_en = forms.CharField(label=_("title (English)"), max_length=200, required=False)
    text_sv = forms.CharField(
        label=_("requirement text (Swedish)"), widget=TEXTAREA, help_text=_("The text to paste.")
    )
    text_en = forms.CharField(
        label=_("requirement text (English)"), widget=TEXTAREA, required=False
    )
    evidence_sv = forms.CharField(label=_("how to verify (Swedish)"), widget=TEXTAREA)
    evidence_en = forms.CharField(
        label=_("how to verify (English)"), widget=TEXTAREA, required=False
    )
    rationale_sv = forms.CharField(label=_("rationale (Swedish)"), widget=TEXTAREA)
    rationale_en = forms.CharField(label=_("rationale (English)"), widget=TEXTAREA, required=False)
    references = forms.ModelMultipleChoiceField(
        label=_("references"),
        queryset=Reference.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    change_note_sv = forms.CharField(
        label=_("what changed (Swedish)"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        required=False,
        help_text=_(
            "Required when you change the version's fields: readers see it in the history."
        ),
    )
    change_note_en = forms.CharField(
        label=_("what changed (English)"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        required=False,
    )

    class Meta:
        model = Requirement
        fields = ["identifier", "categories"]
        # Checkboxes, not the two-box selector: 15 categories fit, and it passes axe.
        widgets = {"categories": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.current if self.instance.pk else None
        if current is not None:
            for name in VERSION_FIELDS:
                self.initial.setdefault(name, getattr(current, name))
            self.initial.setdefault("references", list(current.references.all()))

    def version_fields(self) -> dict:
        fields = {name: self.cleaned_data.get(name, "") for name in VERSION_FIELDS}
        fields["references"] = list(self.cleaned_data.get("references") or [])
        return fields

    def changes(self) -> list[str]:
        current = self.instance.current if self.instance.pk else None
        return version_changes(current, self.version_fields())

    def clean(self):
        cleaned = super().clean()
        if (
            self.instance.pk
            and self.instance.current_id
            and not self.errors
            and self.changes()
            and not (cleaned.get("change_note_sv") or "").strip()
        ):
            self.add_error(
                "change_note_sv",
                _(
                    "Say what changed: saving publishes a new version, and the note is shown "
                    "in its history."
                ),
            )
        return cleaned


class VersionInline(TabularInline):
    model = RequirementVersion
    extra = 0
    can_delete = False
    fields = ["number", "published_at", "published_by", "level", "change_note_sv", "page"]
    readonly_fields = fields
    ordering = ["-number"]
    verbose_name_plural = _("published versions (they never change)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("public page"))
    def page(self, version):
        url = reverse(
            "procurement:requirement_version",
            kwargs={"identifier": version.requirement.identifier, "number": version.number},
        )
        return format_html(
            '<a href="{}">{} v{}</a>', url, version.requirement.identifier, version.number
        )


@admin.register(Requirement)
class RequirementAdmin(ModelAdmin):
    form = RequirementAdminForm
    list_display = ["identifier", "title", "level", "kind", "version"]
    search_fields = ["identifier", "current__title_sv", "current__title_en"]
    list_filter = ["categories", "current__level", "current__kind"]
    list_select_related = ["current"]
    inlines = [VersionInline]
    fieldsets = [
        (None, {"fields": ["identifier", "categories"]}),
        (
            _("The current version: change a field and saving publishes a new version"),
            {
                "fields": [
                    "level",
                    "kind",
                    "title_sv",
                    "title_en",
                    "text_sv",
                    "text_en",
                    "evidence_sv",
                    "evidence_en",
                    "rationale_sv",
                    "rationale_en",
                    "references",
                ]
            },
        ),
        (_("What changed"), {"fields": ["change_note_sv", "change_note_en"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The ID is stable: links, packages and tender papers quote it.
        return ["identifier"] if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # a new requirement: its first version needs no note
            return self.fieldsets[:2]
        return self.fieldsets

    @admin.display(description=_("title"), ordering="current__title_sv")
    def title(self, requirement):
        return requirement.current.title_sv if requirement.current else "–"

    @admin.display(description=_("level"))
    def level(self, requirement):
        return requirement.current.get_level_display() if requirement.current else "–"

    @admin.display(description=_("kind"))
    def kind(self, requirement):
        return requirement.current.get_kind_display() if requirement.current else "–"

    @admin.display(description=_("version"))
    def version(self, requirement):
        return requirement.current.number if requirement.current else "–"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        requirement = form.instance
        if not change or requirement.current_id is None or form.changes():
            version = requirement_publish_version(
                requirement=requirement,
                by=request.user,
                change_note_sv=form.cleaned_data.get("change_note_sv", ""),
                change_note_en=form.cleaned_data.get("change_note_en", ""),
                **form.version_fields(),
            )
            messages.success(
                request,
                _("Version %(number)s of %(id)s is published.")
                % {"number": version.number, "id": requirement.identifier},
            )
        else:
            requirement.search_refresh()  # the categories may have changed
            messages.info(request, _("The version's fields did not change: no new version."))


@admin.register(Reference)
class ReferenceAdmin(ModelAdmin):
    list_display = ["code", "kind", "title_sv", "source"]
    list_filter = ["kind"]
    search_fields = ["code", "title_sv", "title_en"]
