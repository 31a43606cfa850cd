"""Demo data for the member directory and "Was this page useful?" (made up, like all demo data):
the demo coordinator shows email and phone, the demo member their title; a few answers with
comments on handbook chapters. Idempotent: runs on every `make run`."""

from __future__ import annotations

from accounts.models import User

from ..models import DirectoryEntry, FeedbackAnswer, FeedbackPage, HandbookChapter

CHOICES = {
    "samordnare@demo.example": {
        "title": "Miljöstrateg",
        "phone": "040-34 10 00",
        "show_title": True,
        "show_phone": True,
        "show_email": True,
    },
    "medlem@demo.example": {"title": "Föreningsaktiv", "show_title": True},
}

# (chapter number, useful, comment)
ANSWERS = [
    (1, True, ""),
    (1, True, "Tydlig introduktion, bra att skicka till nya politiker."),
    (1, False, "Jag saknar en tidslinje för hur lång tid ansökan tar."),
    (2, True, ""),
    (2, False, "Kriterierna för regioner kunde stå i en egen tabell."),
    (3, True, "Exemplen från andra kommuner hjälpte oss mycket."),
]


def load_directory_demo() -> None:
    for user in User.objects.filter(email__in=CHOICES):
        if not DirectoryEntry.objects.filter(user=user).exists():
            DirectoryEntry.objects.create(user=user, **CHOICES[user.email])
    if FeedbackPage.objects.filter(kind=FeedbackPage.Kind.HANDBOOK).exists():
        return
    chapters = {c.number: c for c in HandbookChapter.objects.filter(published=True)}
    for number, useful, comment in ANSWERS:
        chapter = chapters.get(number)
        if chapter is None:
            continue
        page, _created = FeedbackPage.objects.get_or_create(
            kind=FeedbackPage.Kind.HANDBOOK,
            key=chapter.slug,
            defaults={"title": chapter.title_sv, "path": f"/handbok/{chapter.slug}/"},
        )
        FeedbackAnswer.objects.create(page=page, useful=useful, comment=comment, language="sv")
