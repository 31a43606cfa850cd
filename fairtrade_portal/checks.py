from django.core.checks import Error, Tags, register

from .access import unguarded_urls


@register(Tags.urls, Tags.security)
def check_every_url_declares_access(app_configs, **kwargs):
    return [
        Error(
            f"URL {url} has no access rule.",
            hint="Wrap the view in fairtrade_portal.access.access(get=..., post=...).",
            id="portal.E001",
        )
        for url in unguarded_urls()
    ]
