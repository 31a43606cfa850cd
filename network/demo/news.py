"""A dozen demo news items: public and members-only, one in the future, one with an image,
some translated into English. Written for the demo; the events in them are made up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.files import File
from django.utils import timezone

IMAGE = Path(__file__).resolve().parent / "news-fika.png"

# (slug, days ago (negative: in the future), members only, Swedish title, summary, body,
#  English title, summary, body)
ITEMS = [
    (
        "valkommen-till-intranatet",
        40,
        False,
        "Välkommen till nätverkets nya portal",
        "Portalen samlar diplomeringen, handboken och nätverkets intranät på ett ställe.",
        "Nu finns ansökan, årsrapporten, handboken och nyheterna på samma plats.\n\n"
        "## Vad är nytt?\n\n- nyheter som flöde\n- resurser och goda exempel för medlemmar\n",
        "Welcome to the network's new portal",
        "The portal brings the diploma, the handbook and the network's intranet together.",
        "The application, the yearly report, the handbook and the news are now in one place.",
    ),
    (
        "fairtrade-fika-2026",
        30,
        False,
        "Fairtrade-fika i hela landet",
        "Under fairtradeveckan bjöd kommuner och regioner på rättvis fika.",
        "Många arbetsgrupper ordnade fika med rättvisemärkt kaffe, te och bananer.\n\n"
        "Tack till alla som deltog!",
        "Fairtrade coffee breaks all over Sweden",
        "During the Fairtrade week municipalities and regions offered fair coffee breaks.",
        "Many local groups served Fairtrade coffee, tea and bananas. Thanks to everyone!",
    ),
    (
        "nya-kriterier-remiss",
        25,
        True,
        "Synpunkter på kriterierna inför nästa år",
        "Fairtrade Sverige vill höra vad samordnarna tycker om kriterierna.",
        "Skicka dina synpunkter till oss senast den sista i månaden.\n\n"
        "Vi sammanställer dem inför nätverksträffen.",
        "",
        "",
        "",
    ),
    (
        "natverkstraff-var",
        21,
        True,
        "Nätverksträff i vår",
        "Välkommen till nätverkets digitala träff för samordnare och arbetsgrupper.",
        "Vi går igenom årsrapporten, upphandling och kommunikation.\n\nAnmälan öppnar snart.",
        "Network meeting this spring",
        "Join the network's online meeting for coordinators and local groups.",
        "We go through the yearly report, procurement and communication.",
    ),
    (
        "upphandling-kaffe",
        18,
        False,
        "Ställ krav när ni köper kaffe",
        "Handboken har ett nytt avsnitt om hållbar upphandling av kaffe och te.",
        "Läs kapitlet om upphandling i handboken och använd kraven i era egna underlag.",
        "",
        "",
        "",
    ),
    (
        "arsrapporten-tips",
        14,
        True,
        "Tips inför årsrapporten",
        "Så gör du årsrapporten enklare: logga aktiviteter under året.",
        "Aktiviteter som loggas löpande räknas automatiskt i årsrapporten.\n\n"
        "Kontrollera också att arbetsgruppen har ordförande och kontaktperson.",
        "Tips for the yearly report",
        "Make the yearly report easier: log activities through the year.",
        "Activities you log through the year are counted in the yearly report.",
    ),
    (
        "ny-diplomerad-kommun",
        10,
        False,
        "Ännu en kommun blir Fairtrade City",
        "Nätverket växer: ännu en kommun har fått diplomet.",
        "Grattis till den nya diplomerade kommunen och dess arbetsgrupp!",
        "",
        "",
        "",
    ),
    (
        "kommunikationsmaterial",
        7,
        True,
        "Nytt kommunikationsmaterial för medlemmar",
        "Affischer och mallar för sociala medier finns nu för nätverkets medlemmar.",
        "Materialet får användas av kommuner och regioner med diplom.",
        "",
        "",
        "",
    ),
    (
        "skolor-och-rattvis-handel",
        5,
        False,
        "Skolor som arbetar med rättvis handel",
        "Flera kommuner samarbetar med skolor kring etisk konsumtion.",
        "Elever har gjort utställningar om kakao och bananer.",
        "Schools working with fair trade",
        "Several municipalities work with schools on ethical consumption.",
        "Pupils have made exhibitions about cocoa and bananas.",
    ),
    (
        "regioner-i-natverket",
        3,
        False,
        "Regionerna i nätverket",
        "Fairtrade Region kopplar ihop regionens arbete med kommunerna i länet.",
        "En region med diplom stöttar kommunerna i länet och köper själv rättvist.",
        "",
        "",
        "",
    ),
    (
        "samverkansgruppen-moter",
        1,
        True,
        "Samverkansgruppen har träffats",
        "Anteckningar från samverkansgruppens senaste möte finns nu för medlemmar.",
        "Gruppen diskuterade nästa års nätverksträffar och upphandlingsstödet.",
        "",
        "",
        "",
    ),
    (
        "fairtradeveckan-nasta-ar",
        -14,
        False,
        "Fairtradeveckan nästa år",
        "Datum och tema för nästa fairtradevecka.",
        "Det här inlägget publiceras om två veckor.",
        "",
        "",
        "",
    ),
]


def load_news() -> None:
    """Create the demo news once (idempotent: by slug)."""
    from network.models import NewsItem

    now = timezone.now()
    for slug, days, members, t_sv, s_sv, b_sv, t_en, s_en, b_en in ITEMS:
        if NewsItem.objects.filter(slug=slug).exists():
            continue
        item = NewsItem(
            slug=slug,
            title_sv=t_sv,
            summary_sv=s_sv,
            body_sv=b_sv,
            title_en=t_en,
            summary_en=s_en,
            body_en=b_en,
            audience=NewsItem.Audience.MEMBERS if members else NewsItem.Audience.PUBLIC,
            published_at=now - dt.timedelta(days=days),
        )
        if slug == "fairtrade-fika-2026":
            item.image_alt_sv = "Tre koppar kaffe och en banan på ett bord."
            item.image_alt_en = "Three cups of coffee and a banana on a table."
            with IMAGE.open("rb") as handle:
                item.image.save("fairtrade-fika.png", File(handle), save=False)
        item.save()
