"""Changes to the news: a person's personal feed address."""

from __future__ import annotations

from django.db import transaction

from ..models import PersonalFeed


@transaction.atomic
def personal_feed_renew(*, user) -> PersonalFeed:
    """Give ``user`` a new personal feed address; the old one (if any) stops working at once."""
    PersonalFeed.objects.filter(user=user).delete()
    return PersonalFeed.objects.create(
        user=user, key=PersonalFeed.new_key(), secret=PersonalFeed.new_secret()
    )
