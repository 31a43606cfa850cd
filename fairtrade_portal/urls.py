from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views, wellknown

# The admin login goes through allauth, so it has the same rate limits and two-factor stage.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Fairtrade City Portal")
admin.site.site_title = _("Fairtrade City Portal")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(".well-known/security.txt", wellknown.security_txt, name="security_txt"),
    path("favicon.ico", wellknown.favicon, name="favicon"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("kontakt/", views.contact, name="contact"),
    path("personuppgifter/", views.privacy, name="privacy"),
    path("konto/", include("accounts.urls")),
    path("", include("diplomas.urls")),
    path("", include("notifications.urls")),
    path("", include("network.urls")),
    path("upphandling/", include("procurement.urls")),
    path("organisationer/<slug:slug>/", include("procurement.urls_organisation")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=False,
)

handler400 = "fairtrade_portal.views.bad_request"
handler403 = "fairtrade_portal.views.permission_denied"
handler404 = "fairtrade_portal.views.page_not_found"
handler500 = "fairtrade_portal.views.server_error"
