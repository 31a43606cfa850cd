"""Good examples in the admin: for editing and hiding what is published. Reviewing is quicker on
the site (/goda-exempel/granska/), where staff read the example as members will see it."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.admin_widgets import ModelAdmin

from .. import services
from ..forms.examples import validate_image
from ..models import GoodExample, GoodExampleComment, GoodExampleImage


class GoodExampleImageForm(forms.ModelForm):
    """Staff's uploads pass the same checks as the coordinators'."""

    class Meta:
        model = GoodExampleImage
        fields = ["image", "alt_text", "position"]

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image and hasattr(image, "content_type"):  # a new upload
            validate_image(image)
        return image


class GoodExampleImageInline(admin.TabularInline):
    model = GoodExampleImage
    form = GoodExampleImageForm
    extra = 0
    fields = ["image", "alt_text", "position"]


@admin.register(GoodExample)
class GoodExampleAdmin(ModelAdmin):
    list_display = ["title", "organisation", "status", "theme", "submitted_at", "approved_at"]
    list_filter = ["status", "theme"]
    search_fields = ["title", "organisation__name"]
    list_select_related = ["organisation"]
    raw_id_fields = ["author", "contact_person", "approved_by", "criterion"]
    readonly_fields = ["created_at", "updated_at", "submitted_at", "approved_at", "approved_by"]
    exclude = ["saved_by"]
    inlines = [GoodExampleImageInline]
    actions = ["approve"]

    @admin.action(description=_("Publish the selected examples waiting for review"))
    def approve(self, request, queryset):
        published = 0
        for example in queryset.filter(status=GoodExample.Status.SUBMITTED):
            try:
                services.good_example_approve(example=example, by=request.user)
            except ValidationError:
                continue
            published += 1
        messages.success(request, _("%(n)s examples published.") % {"n": published})


@admin.register(GoodExampleComment)
class GoodExampleCommentAdmin(ModelAdmin):
    list_display = ["example", "author", "created_at"]
    list_select_related = ["example", "author"]
    raw_id_fields = ["example", "author"]
    search_fields = ["text"]
