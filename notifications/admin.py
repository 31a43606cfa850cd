from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fairtrade_portal.admin_csv import export_csv
from fairtrade_portal.admin_widgets import ModelAdmin

from .models import EmailOptOut, Reminder


@admin.register(Reminder)
class ReminderAdmin(ModelAdmin):
    list_display = ["created_at", "kind", "email", "status", "attempts", "sent_at", "last_error"]
    list_filter = ["status", "kind", "template"]
    search_fields = ["email", "key"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Reminder._meta.fields]
    actions = [export_csv, "retry_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Try the selected failed reminders again now"))
    def retry_now(self, request, queryset):
        count = queryset.filter(status=Reminder.Status.FAILED).update(
            status=Reminder.Status.PENDING, next_attempt_at=timezone.now(), attempts=0
        )
        from .tasks import dispatch_reminders

        dispatch_reminders.delay_on_commit()
        messages.success(request, _("%(count)s reminders will be tried again.") % {"count": count})


@admin.register(EmailOptOut)
class EmailOptOutAdmin(ModelAdmin):
    list_display = ["user", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["user__email"]
