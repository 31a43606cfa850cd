# ruff: noqa: E501 - the demo texts are kept as written, one sentence a line
"""Demo events, around the day the demo is loaded: an upcoming national network meeting the
demo member can register for, a training that is full (with a waiting list), a public theme
meeting (on the home page), a past conference with materials, and a meeting of the
samverkansgrupp (skipped if the group is missing). Idempotent: an event whose address name
exists is left alone. The texts are written for the demo."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import User

from ..models import Event, Group, Registration, Resource
from ..models.events import EVENT_TIME_ZONE


def _at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=EVENT_TIME_ZONE)


def _events(group: Group | None) -> list[dict]:
    events = [
        {
            "slug": "natverkstraff-vinter",
            "kind": Event.Kind.NETWORK_MEETING,
            "title_sv": "Nationell digital nätverksträff",
            "title_en": "National digital network meeting",
            "description_sv": "Demo: Fairtrade Sveriges nationella nätverksträff för alla Fairtrade City och Fairtrade Region.\n\n## Program\n\n- Nytt från Fairtrade Sverige\n- Så går det med årsrapporterna\n- Goda exempel från Malmö och Lund\n- Frågor och samtal i mindre grupper",
            "description_en": "Demo: Fairtrade Sweden's national network meeting for every Fairtrade City and Fairtrade Region.\n\n## Programme\n\n- News from Fairtrade Sweden\n- How the yearly reports are going\n- Good examples from Malmö and Lund\n- Questions and talks in smaller groups",
            "start": _at(14, 9),
            "end": _at(14, 11, 30),
            "online": True,
            "meeting_link": "https://meet.example/demo-natverkstraff",
            "audience": Event.Audience.MEMBERS,
        },
        {
            "slug": "utbildning-upphandling",
            "kind": Event.Kind.TRAINING,
            "title_sv": "Utbildning: ställ hållbara krav i upphandlingen",
            "description_sv": "Demo: en halvdag om krav på kaffe, te, kakao och bananer i förfrågningsunderlag, med övningar. Platserna är få: är utbildningen full kommer du på väntelistan.",
            "start": _at(21, 13),
            "end": _at(21, 16, 30),
            "online": False,
            "address": "Fairtrade Sverige\nMedborgarplatsen 3\n118 26 Stockholm",
            "capacity": 2,
            "registration_deadline": _at(18, 23, 59),
            "audience": Event.Audience.MEMBERS,
        },
        {
            "slug": "tematraff-kakao",
            "kind": Event.Kind.THEME_MEETING,
            "title_sv": "Tematräff: kakao och barnarbete",
            "title_en": "Theme meeting: cocoa and child labour",
            "description_sv": "Demo: en öppen tematräff om riskerna i kakaons leveranskedja och vad kommuner kan kräva. Alla med ett konto kan anmäla sig.",
            "description_en": "Demo: an open theme meeting on the risks in the cocoa supply chain and what municipalities can ask for. Anyone with an account may register.",
            "start": _at(30, 14),
            "end": _at(30, 15, 30),
            "online": True,
            "meeting_link": "https://meet.example/demo-kakao",
            "audience": Event.Audience.PUBLIC,
        },
        {
            "slug": "konferens-fjol",
            "kind": Event.Kind.CONFERENCE,
            "title_sv": "Fairtrade-konferensen",
            "description_sv": "Demo: den årliga konferensen för nätverket, med föredrag, workshoppar och utdelning av diplom. Materialet från dagen finns här för dem som var anmälda.",
            "start": _at(-60, 9),
            "end": _at(-60, 16),
            "online": False,
            "address": "Malmö Live\nDag Hammarskjölds torg 4\n211 18 Malmö",
            "capacity": 200,
            "audience": Event.Audience.MEMBERS,
        },
    ]
    if group is not None:
        events.append(
            {
                "slug": "samverkansgruppen-mote",
                "kind": Event.Kind.NETWORK_MEETING,
                "title_sv": "Samverkansgruppens möte",
                "description_sv": "Demo: samverkansgruppens digitala möte. Bara gruppens medlemmar ser det.",
                "start": _at(10, 10),
                "end": _at(10, 11),
                "online": True,
                "meeting_link": "https://meet.example/demo-samverkan",
                "audience": Event.Audience.GROUP,
                "group": group,
            }
        )
    return events


def load_events() -> None:
    group = Group.objects.filter(slug="samverkansgruppen").first()
    users = {user.email: user for user in User.objects.filter(email__endswith="@demo.example")}
    for spec in _events(group):
        slug = spec.pop("slug")
        if Event.objects.filter(slug=slug).exists():
            continue
        event = Event.objects.create(slug=slug, **spec)
        _demo_registrations(event, users)


def _register(event: Event, user: User | None, status: str, **extra) -> None:
    if user is not None:
        Registration.objects.get_or_create(
            event=event, user=user, defaults={"status": status, **extra}
        )


def _demo_registrations(event: Event, users: dict[str, User]) -> None:
    registered, waiting = Registration.Status.REGISTERED, Registration.Status.WAITING
    if event.slug == "utbildning-upphandling":
        # Full: the demo member who registers goes on the waiting list.
        _register(event, users.get("samordnare@demo.example"), registered, needs="Vegetarisk lunch")
        _register(event, users.get("personal@demo.example"), registered)
        _register(event, users.get("ny@demo.example"), waiting)
    elif event.slug == "konferens-fjol":
        _register(event, users.get("medlem@demo.example"), registered, attended=True)
        _register(event, users.get("samordnare@demo.example"), registered, attended=True)
        resource, created = Resource.objects.get_or_create(
            title="Inspelning från Fairtrade-konferensen",
            defaults={
                "description": "Demo: inspelningen av konferensens förmiddag.",
                "category": Resource.Category.PRESENTATION,
                "link": "https://video.example/demo-konferens",
                "event": event,
                "shared_by": users.get("personal@demo.example"),
            },
        )
        if created:
            resource.search_refresh()
    elif event.slug == "samverkansgruppen-mote":
        _register(event, users.get("samordnare@demo.example"), registered)
