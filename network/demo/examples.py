"""Demo good examples and monitoring items for the quick start (written for the demo; the
organisations are real, what they did here is made up)."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import User
from diplomas.models import Organisation

from ..models import (
    GoodExample,
    GoodExampleComment,
    GoodExampleImage,
    MonitoringFeed,
    MonitoringItem,
    Theme,
)

EXAMPLES = [
    (
        "1280",
        "Fairtrade-fika i alla stadsdelar",
        Theme.CAMPAIGNS,
        "Under Fairtrade Challenge bjöd vi in till fika i tio stadsdelar samtidigt.\n\n"
        "## Så gjorde vi\n\n- Bibliotek och fritidsgårdar stod värd\n- Butikerna skänkte kaffe\n"
        "- Vi räknade deltagarna till årsrapporten\n",
        (46, 125, 50),
    ),
    (
        "1281",
        "Krav på etisk handel i kaffeupphandlingen",
        Theme.PROCUREMENT,
        "Lund ställde krav på ILO:s kärnkonventioner i avtalet för kaffe och te.\n\n"
        "Vi följde upp med en egen granskning efter ett år.",
        (21, 101, 192),
    ),
    (
        "0180",
        "Skolor som arbetar med rättvis handel",
        Theme.SCHOOLS,
        "Tolv skolor tog fram lektioner om kakao tillsammans med elevråden.",
        (194, 24, 91),
    ),
    (
        "1480",
        "Politiskt beslut i kommunfullmäktige",
        Theme.POLITICS,
        "Göteborg tog ett nytt beslut om att fortsätta som Fairtrade City med mål för 2030.",
        (93, 64, 55),
    ),
    (
        "0380",
        "Arbetsgruppen bjöd in lokala företag",
        Theme.WORKPLACES,
        "Arbetsgruppen i Uppsala ordnade frukostmöten för företag om fairtrade på jobbet.",
        (0, 121, 107),
    ),
    (
        "0580",
        "Sociala medier under Fairtrade Challenge",
        Theme.COMMUNICATION,
        "Linköping delade en film om dagen under kampanjveckan och nådde många nya.",
        (106, 27, 154),
    ),
]

MONITORING = [
    ("Rapport om kakaoodling och barnarbete", "human_rights", "Swedwatch"),
    ("Ny vägledning om hållbar upphandling", "procurement", "Upphandlingsmyndigheten"),
    ("EU:s direktiv om tillbörlig aktsamhet", "human_rights", "Europeiska kommissionen"),
    ("Kaffepriset på världsmarknaden stiger", "procurement", "Fairtrade International"),
    ("Kommuner som ställer sociala krav", "procurement", "Sveriges Kommuner och Regioner"),
    ("Studie om arbetsvillkor i textilindustrin", "human_rights", "Clean Clothes Campaign"),
    ("Kampanjmaterial för Fairtrade Challenge", "campaigns", "Fairtrade Sverige"),
    ("Så når ni unga i sociala medier", "campaigns", "Fairtrade Sverige"),
    ("Bananodlare och klimatförändringar", "human_rights", "Fairtrade International"),
    ("Uppföljning av avtal med leverantörer", "procurement", "Upphandlingsmyndigheten"),
    ("Världshandelsdagen: idéer för evenemang", "campaigns", "World Fair Trade Organization"),
]


def _png(colour: tuple[int, int, int], text: str) -> bytes:
    image = Image.new("RGB", (480, 270), colour)
    ImageDraw.Draw(image).text((20, 120), text[:40], fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def load_good_examples_and_monitoring() -> None:
    _examples()
    _monitoring()


def _examples() -> None:
    if GoodExample.objects.exists():
        return
    staff = User.objects.filter(is_staff=True).first()
    sara = User.objects.filter(email="samordnare@demo.example").first()
    mats = User.objects.filter(email="medlem@demo.example").first()
    codes = [example[0] for example in EXAMPLES]
    organisations = {o.code: o for o in Organisation.objects.filter(code__in=codes)}
    now = timezone.now()
    for number, (code, title, theme, text, colour) in enumerate(EXAMPLES):
        organisation = organisations.get(code)
        if organisation is None:
            continue
        mine = code == "1280"
        example = GoodExample.objects.create(
            organisation=organisation,
            author=sara if mine else None,
            contact_person=sara if mine else None,
            contact_text="" if mine else f"Samordnaren i {organisation.name}",
            title=title,
            text=text,
            theme=theme,
            status=GoodExample.Status.APPROVED,
            submitted_at=now - dt.timedelta(days=40 - number),
            approved_at=now - dt.timedelta(days=30 - number),
            approved_by=staff,
        )
        picture = GoodExampleImage(
            example=example, alt_text=f"Bild från {organisation.name}: {title}", filename="bild.png"
        )
        picture.image.save("bild.png", ContentFile(_png(colour, title)), save=True)
    malmo = organisations.get("1280")
    if malmo is not None:
        GoodExample.objects.create(
            organisation=malmo,
            author=sara,
            contact_person=sara,
            title="Fairtrade-märkt fotboll i skolidrotten",
            text="Vi bytte till Fairtrade-märkta bollar i alla grundskolor.",
            theme=Theme.PROCUREMENT,
            status=GoodExample.Status.SUBMITTED,
            submitted_at=now - dt.timedelta(days=1),
        )
    first = GoodExample.objects.filter(status=GoodExample.Status.APPROVED).last()
    comments = (
        (mats, "Vi provar det här i höst!"),
        (sara, "Hör av er om ni vill ha vår checklista."),
    )
    for user, text in comments:
        if user is not None and first is not None:
            GoodExampleComment.objects.create(example=first, author=user, text=text)


def _monitoring() -> None:
    if not MonitoringItem.objects.exists():
        today = timezone.localdate()
        for number, (title, theme, source) in enumerate(MONITORING):
            MonitoringItem.objects.create(
                title=title,
                url=f"https://example.org/omvarld/{number + 1}",
                source=source,
                comment="Demo: en länk som Fairtrade Sverige har valt ut för nätverket.",
                theme=theme,
                published_on=today - dt.timedelta(days=3 * number),
            )
    MonitoringFeed.objects.get_or_create(
        name="Demo: flöde som inte hämtas",
        defaults={
            "url": "https://feeds.example.invalid/omvarld.xml",
            "theme": Theme.HUMAN_RIGHTS,
            "active": False,
        },
    )
