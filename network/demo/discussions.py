"""Demo discussions for the quick start: three of the network's topics with a few threads, and
the samverkansgrupp's own topic with the thread "Nästa möte i samverkansgruppen", which the demo
coordinator follows – so a reply from the demo member is emailed to them (var/mail/)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from accounts.models import User

from ..models import Follow, Group, Post, Thread, Topic
from .groups import COLLABORATION

TOPICS = [
    {
        "slug": "upphandling",
        "order": 10,
        "name_sv": "Upphandling",
        "name_en": "Procurement",
        "description_sv": "Krav, uppföljning och leverantörer: fråga nätverket.",
        "description_en": "Requirements, follow-up and suppliers: ask the network.",
    },
    {
        "slug": "kommunikation",
        "order": 20,
        "name_sv": "Kommunikation",
        "name_en": "Communication",
        "description_sv": "Kampanjer, Fairtrade Challenge, sociala medier och pressmeddelanden.",
        "description_en": "Campaigns, Fairtrade Challenge, social media and press releases.",
    },
    {
        "slug": "arsrapporten",
        "order": 30,
        "name_sv": "Årsrapporten",
        "name_en": "The yearly report",
        "description_sv": "Frågor om kriterierna och hur årsrapporten fylls i.",
        "description_en": "Questions on the criteria and on filling in the yearly report.",
    },
]

GROUP_TOPIC = {
    "slug": "samverkansgruppen",
    "order": 0,
    "name_sv": "Samverkansgruppen",
    "name_en": "The collaboration group",
    "description_sv": "Samverkansgruppens egna diskussioner: möten, förslag och material.",
    "description_en": "The collaboration group's own discussions: meetings, ideas and material.",
}

COORDINATOR = "samordnare@demo.example"
MEMBER = "medlem@demo.example"
STAFF = "personal@demo.example"

# (topic, title, [(author, days ago, text), …]); the first post starts the thread.
THREADS = [
    (
        "upphandling",
        "Hur följer ni upp kaffeavtalet?",
        [
            (
                COORDINATOR,
                12,
                "Vi ska följa upp vårt kaffeavtal i vår. Hur gör ni – begär ni certifikat "
                "eller gör ni stickprov?",
            ),
            (
                STAFF,
                11,
                "Bra fråga! Se **kravbiblioteket** under Upphandling; där finns "
                "uppföljningsfrågor för kaffe. @Region Skåne har gjort en stickprovsmodell.",
            ),
            (MEMBER, 10, "Vi begär certifikaten en gång om året och gör ett stickprov."),
        ],
    ),
    (
        "kommunikation",
        "Idéer till Fairtrade Challenge",
        [
            (
                MEMBER,
                6,
                "Vi funderar på fika på biblioteken igen. Vad gjorde ni förra året?\n\n"
                "- fika\n- quiz\n- utställning",
            ),
            (COORDINATOR, 5, "@Malmö hade quiz på stadsbiblioteket – det blev fullt!"),
        ],
    ),
    (
        "arsrapporten",
        "Räknas skolornas fruktstunder till kriteriet om arbetsplatser?",
        [
            (COORDINATOR, 3, "Vi är osäkra på vart skolornas fruktstunder hör hemma."),
            (
                STAFF,
                2,
                "De räknas inte som arbetsplatser, men gärna som en aktivitet i rapporten.",
            ),
        ],
    ),
    (
        "samverkansgruppen",
        "Nästa möte i samverkansgruppen",
        [
            (
                STAFF,
                4,
                "Nästa möte är digitalt om tre veckor. Skriv här vad ni vill ta upp, så "
                "gör vi en dagordning.",
            ),
            (COORDINATOR, 3, "Jag vill gärna ta upp materialet till Fairtrade Challenge."),
        ],
    ),
]


def load_discussions() -> None:
    users = {user.email: user for user in User.objects.filter(email__endswith="@demo.example")}
    topics = {}
    for spec in TOPICS:
        spec = dict(spec)
        topic, _created = Topic.objects.get_or_create(slug=spec.pop("slug"), defaults=spec)
        topics[topic.slug] = topic
    group = Group.objects.filter(slug=COLLABORATION).first()
    if group is not None:
        spec = dict(GROUP_TOPIC)
        topic, _created = Topic.objects.get_or_create(
            slug=spec.pop("slug"), defaults={**spec, "group": group}
        )
        topics[topic.slug] = topic
    now = timezone.now()
    for slug, title, posts in THREADS:
        topic = topics.get(slug)
        if topic is None or Thread.objects.filter(topic=topic, title=title).exists():
            continue
        first_author, first_days, _text = posts[0]
        started = now - dt.timedelta(days=first_days)
        thread = Thread.objects.create(
            topic=topic,
            title=title,
            author=users.get(first_author),
            created_at=started,
            last_post_at=now - dt.timedelta(days=posts[-1][1]),
        )
        if thread.author is not None:  # the author follows their thread
            Follow.objects.get_or_create(user=thread.author, thread=thread)
        for email, days, text in posts:
            author = users.get(email)
            Post.objects.create(
                thread=thread,
                author=author,
                by_staff=bool(author and author.is_staff),
                body=text,
                created_at=started if days == first_days else now - dt.timedelta(days=days),
            )
    # The coordinator follows the group's meeting thread: the member's reply reaches them.
    meeting = Thread.objects.filter(title="Nästa möte i samverkansgruppen").first()
    if meeting is not None and COORDINATOR in users:
        Follow.objects.get_or_create(user=users[COORDINATOR], thread=meeting)
