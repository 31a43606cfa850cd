"""Headers that protect the reader on every response."""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers, patch_cache_control

# Every browser feature the portal does not use, turned off for it and anything it could embed.
# Only features Chromium knows: an unknown name is reported as an error in the console.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


class ReaderProtectionMiddleware:
    """Permissions-Policy on everything, and ``Cache-Control: private, no-store`` on whatever a
    logged-in person is shown (their pages, evidence downloads): neither a shared cache nor the
    back button on a shared computer may show one person's page to another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        return response
