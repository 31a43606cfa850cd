from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("network/news/_personal_feed.html", takes_context=True)
def personal_feed_section(context) -> dict:
    """The account page's section about the person's personal news feed."""
    from ..models import PersonalFeed

    feed = PersonalFeed.objects.filter(user=context["user"]).first()
    return {
        "feed_url": settings.SITE_URL + reverse("network:news_personal", args=[feed.token])
        if feed
        else "",
        # The same secret address, for the calendar of the events the person registered for.
        "calendar_url": settings.SITE_URL
        + reverse("network:events_personal_calendar", args=[feed.token])
        if feed
        else "",
        "csrf_token": context.get("csrf_token"),
    }
