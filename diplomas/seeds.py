"""Seed data for the rules the portal applies: today's criteria, the fee tiers and deadlines.

Loaded by a data migration; afterwards Fairtrade Sverige edits them in the admin. The criteria
texts and guidance are written for this portal in our own words, summarising the requirements
for Fairtrade City and Fairtrade Region as Fairtrade Sverige describes them. The activity
thresholds by population are starting values for Fairtrade Sverige to confirm; the fee tiers are
those Fairtrade Sverige states for the yearly fee (2026). What the local-group criteria ask of
the group's roster (``LOCAL_GROUP_REQUIREMENTS``) reads the criteria's own words – a chair and a
contact person for Fairtrade City, a contact person for Fairtrade Region – and adds, for Fairtrade
City, one municipal official and one elected politician as the "representatives of the
municipality": starting values for Fairtrade Sverige to confirm, like the activity thresholds.
"""

from __future__ import annotations

import calendar
import datetime as dt

CRITERIA_SOURCE = (
    "Summarised in the portal's own words from Fairtrade Sverige's criteria for Fairtrade City "
    "and Fairtrade Region as in force 2026. Activity thresholds by population are starting "
    "values to be confirmed by Fairtrade Sverige."
)

# The local-group criteria read the group's roster. Their guidance as first seeded (when the group
# was described in words) and as it is now, (Swedish, English); a migration replaces the first
# by the second only where nobody has edited it since.
LOCAL_GROUP_GUIDANCE = {
    "local-group": (
        (
            "Arbetsgruppen leder arbetet lokalt. Den har representanter från kommunen och gärna "
            "från det lokala näringslivet och civilsamhället (föreningar, kyrkor, skolor). Ange "
            "vilka som ingår, vem som är ordförande och vem som är kontaktperson.",
            "The local group leads the work locally. It has members from the municipality and, "
            "ideally, from local business and civil society (associations, churches, schools). "
            "List who takes part, who chairs the group and who is the contact person.",
        ),
        (
            "Arbetsgruppen leder arbetet lokalt. Den har representanter från kommunen och gärna "
            "från det lokala näringslivet och civilsamhället (föreningar, kyrkor, skolor). Håll "
            "listan under Arbetsgrupp aktuell: portalen läser där vilka som ingår, vem som är "
            "ordförande och vem som är kontaktperson.",
            "The local group leads the work locally. It has members from the municipality and, "
            "ideally, from local business and civil society (associations, churches, schools). "
            "Keep the roster under Local group up to date: the portal reads from it who takes "
            "part, who chairs the group and who is the contact person.",
        ),
    ),
    "group": (
        (
            "Ange vilka som ingår i regionens arbetsgrupp och vem som är kontaktperson.",
            "List who takes part in the region's working group and who is the contact person.",
        ),
        (
            "Håll listan under Arbetsgrupp aktuell: portalen läser där vilka som ingår i "
            "regionens arbetsgrupp och vem som är kontaktperson.",
            "Keep the roster under Local group up to date: the portal reads from it who takes "
            "part in the region's working group and who is the contact person.",
        ),
    ),
}

# What each shipped local-group criterion asks of the roster: (role, sector, at least).
LOCAL_GROUP_REQUIREMENTS = {
    ("city", "local-group"): [
        ("chair", "", 1),
        ("contact", "", 1),
        ("", "official", 1),
        ("", "politician", 1),
    ],
    ("region", "group"): [("contact", "", 1)],
}

# (code, answer_type, computed, requires_attachment, is_purchase_share,
#  title_sv, title_en, guidance_sv, guidance_en, evidence_sv, evidence_en, thresholds)
# thresholds: list of (min_population, max_population, min_value)
CITY_CRITERIA = [
    (
        "ambition",
        "text",
        "",
        True,
        False,
        "Ambitionen i kommunens styrdokument",
        "The ambition in the municipality's steering documents",
        "Beskriv var kommunen har skrivit in sin ambition att arbeta för etisk konsumtion och "
        "rättvis handel, till exempel i en policy, ett program eller ett beslut i "
        "kommunfullmäktige eller kommunstyrelsen. Ange när beslutet togs.",
        "Describe where the municipality has written down its ambition to work for ethical "
        "consumption and fair trade, for example in a policy, a programme or a decision of the "
        "municipal council or executive board. Say when it was decided.",
        "Bifoga beslutet eller den del av styrdokumentet där ambitionen står.",
        "Attach the decision or the part of the steering document that states the ambition.",
        [],
    ),
    (
        "local-group",
        "text",
        "local_group",
        False,
        False,
        "En lokal arbetsgrupp med ordförande och kontaktperson",
        "A local group with a chair and a contact person",
        LOCAL_GROUP_GUIDANCE["local-group"][1][0],
        LOCAL_GROUP_GUIDANCE["local-group"][1][1],
        "",
        "",
        [],
    ),
    (
        "work-plan",
        "yes_no",
        "",
        True,
        False,
        "En årlig handlingsplan antagen av arbetsgruppen",
        "A yearly work plan adopted by the local group",
        "Arbetsgruppen gör varje år en handlingsplan med mål och aktiviteter för året: "
        "information, engagemang och ökade inköp av rättvisemärkta produkter.",
        "Every year the local group adopts a work plan with goals and activities for the year: "
        "information, engagement and buying more fairly traded products.",
        "Bifoga årets handlingsplan.",
        "Attach this year's work plan.",
        [],
    ),
    (
        "activities",
        "number",
        "activities",
        False,
        False,
        "Informations- och engagemangsaktiviteter varje år",
        "Information and engagement activities every year",
        "Kommunen och arbetsgruppen ordnar aktiviteter som sprider kunskap om etisk konsumtion "
        "och rättvis handel till invånare och arbetsplatser. Portalen räknar de aktiviteter ni "
        "har loggat under året; logga dem under Aktiviteter.",
        "The municipality and the local group hold activities that spread knowledge of ethical "
        "consumption and fair trade to residents and workplaces. The portal counts the "
        "activities you logged during the year; log them under Activities.",
        "",
        "",
        [(0, 29_999, 2), (30_000, 99_999, 3), (100_000, None, 4)],
    ),
    (
        "purchasing",
        "percent",
        "",
        False,
        True,
        "Inköp av rättvisemärkta produkter som ökar över tid",
        "Buying fairly traded products, and more over time",
        "Kommunen köper rättvisemärkta produkter, till exempel kaffe, te, kakao och bananer, "
        "och ökar andelen över tid. Ange hur stor andel (i procent av inköpsvärdet) av det "
        "kaffe, te, kakao och de bananer kommunen köpte under året som var rättvisemärkt.",
        "The municipality buys fairly traded products, for example coffee, tea, cocoa and "
        "bananas, and raises their share over time. Give the share (in percent of purchase "
        "value) of the coffee, tea, cocoa and bananas the municipality bought during the year "
        "that was fairly traded.",
        "Underlag från inköpsstatistik eller leverantörernas rapporter, om ni har det.",
        "Figures from purchasing statistics or supplier reports, if you have them.",
        [],
    ),
    (
        "changes",
        "text",
        "",
        False,
        False,
        "Vad som har förändrats sedan förra rapporten",
        "What has changed since the last report",
        "Berätta kort vad som har hänt i arbetet sedan förra årsrapporten: nya beslut, "
        "förändringar i arbetsgruppen, nya samarbeten eller sådant som gick sämre än planerat. "
        "Har inget förändrats, skriv det.",
        "Tell briefly what has happened in the work since the last yearly report: new "
        "decisions, changes in the local group, new partners, or what went less well than "
        "planned. If nothing has changed, say so.",
        "",
        "",
        [],
    ),
]

REGION_CRITERIA = [
    (
        "council-decision",
        "text",
        "",
        True,
        False,
        "Beslut i regionfullmäktige",
        "A decision by the regional council",
        "Regionfullmäktige har beslutat att regionen ska arbeta för att bli och förbli "
        "Fairtrade Region. Ange datum och paragraf.",
        "The regional council has decided that the region will work to become and remain a "
        "Fairtrade Region. Give the date and the minute number.",
        "Bifoga protokollsutdraget.",
        "Attach the extract of the minutes.",
        [],
    ),
    (
        "group",
        "text",
        "local_group",
        False,
        False,
        "En arbetsgrupp med kontaktperson",
        "A working group with a contact person",
        LOCAL_GROUP_GUIDANCE["group"][1][0],
        LOCAL_GROUP_GUIDANCE["group"][1][1],
        "",
        "",
        [],
    ),
    (
        "purchasing-goals",
        "yes_no",
        "",
        True,
        False,
        "Inköpsmål och handlingsplan",
        "Purchasing goals and an action plan",
        "Regionen har mål för inköp av etiskt certifierade och rättvisemärkta produkter och en "
        "handlingsplan för hur målen ska nås.",
        "The region has goals for buying ethically certified and fairly traded products and an "
        "action plan for reaching them.",
        "Bifoga målen och handlingsplanen.",
        "Attach the goals and the action plan.",
        [],
    ),
    (
        "residents-share",
        "percent",
        "region_share",
        False,
        False,
        "Minst en fjärdedel av invånarna bor i Fairtrade City-kommuner",
        "At least a quarter of the residents live in Fairtrade City municipalities",
        "Portalen räknar ut andelen av länets invånare som bor i kommuner som är diplomerade "
        "Fairtrade City, från SCB:s befolkningssiffror. Ni behöver inte svara själva.",
        "The portal computes the share of the county's residents who live in municipalities "
        "diplomated as Fairtrade City, from SCB's population figures. You need not answer.",
        "",
        "",
        [(0, None, 25)],
    ),
    (
        "regional-activities",
        "number",
        "activities",
        False,
        False,
        "Minst två regionala informationsaktiviteter per år",
        "At least two regional information activities a year",
        "Regionen ordnar varje år minst två informationsaktiviteter om etisk konsumtion och "
        "rättvis handel. Portalen räknar de aktiviteter ni har loggat under året.",
        "Every year the region holds at least two information activities on ethical "
        "consumption and fair trade. The portal counts the activities you logged during the year.",
        "",
        "",
        [(0, None, 2)],
    ),
    (
        "purchase-share",
        "percent",
        "",
        False,
        True,
        "Andel rättvisemärkta inköp",
        "Share of fairly traded purchases",
        "Ange hur stor andel (i procent av inköpsvärdet) av det kaffe, te, kakao och de bananer "
        "regionen köpte under året som var rättvisemärkt.",
        "Give the share (in percent of purchase value) of the coffee, tea, cocoa and bananas "
        "the region bought during the year that was fairly traded.",
        "",
        "",
        [],
    ),
    (
        "changes",
        "text",
        "",
        False,
        False,
        "Vad som har förändrats sedan förra rapporten",
        "What has changed since the last report",
        "Berätta kort vad som har hänt i arbetet sedan förra årsrapporten: nya beslut, "
        "förändringar i arbetsgruppen, nya samarbeten eller sådant som gick sämre än planerat. "
        "Har inget förändrats, skriv det.",
        "Tell briefly what has happened in the work since the last yearly report: new "
        "decisions, changes in the local group, new partners, or what went less well than "
        "planned. If nothing has changed, say so.",
        "",
        "",
        [],
    ),
]

# Which of the alternating yearly reports asks each criterion, by its code (an application asks
# them all). The smaller report asks what changed, the activities and the purchase share; the
# larger adds the steering documents or political decisions, the work plan and the local group.
# The region's resident share is computed by the portal and asks nothing, so both reports show
# it. A code not named here is asked in both.
ASKED_IN = {
    # Fairtrade City
    "ambition": "larger",
    "local-group": "larger",
    "work-plan": "larger",
    "activities": "both",
    "purchasing": "both",
    "changes": "both",
    # Fairtrade Region
    "council-decision": "larger",
    "group": "larger",
    "purchasing-goals": "larger",
    "residents-share": "both",
    "regional-activities": "both",
    "purchase-share": "both",
}


def _has_field(model, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())


# Criteria that ask what is new each year: a new report does not start from last year's answer.
NOT_CARRIED_OVER = {"changes"}


def apply_carries_over(Criterion, criteria=None) -> None:
    """Turn ``carries_over`` off for NOT_CARRIED_OVER (default: on every criterion)."""
    criteria = Criterion.objects.all() if criteria is None else criteria
    criteria.filter(code__in=NOT_CARRIED_OVER).update(carries_over=False)


def apply_asked_in(Criterion, criteria=None) -> None:
    """Set ``asked_in`` from ASKED_IN on the given criteria (default: all). Used by the seed
    and by the migration that introduced the field."""
    criteria = Criterion.objects.all() if criteria is None else criteria
    for code, asked_in in ASKED_IN.items():
        criteria.filter(code=code).update(asked_in=asked_in)


# (applies_to, min_population, max_population, fee_sek)
FEE_TIERS = [
    ("municipality", 0, 9_999, 5_000),
    ("municipality", 10_000, 29_999, 10_000),
    ("municipality", 30_000, 59_999, 15_000),
    ("municipality", 60_000, 99_999, 20_000),
    ("municipality", 100_000, None, 25_000),
    ("region", 0, None, 25_000),
]


def seed(apps, schema_editor=None) -> None:
    CriteriaSet = apps.get_model("diplomas", "CriteriaSet")
    Criterion = apps.get_model("diplomas", "Criterion")
    CriterionThreshold = apps.get_model("diplomas", "CriterionThreshold")
    FeeTier = apps.get_model("diplomas", "FeeTier")
    ReportDeadline = apps.get_model("diplomas", "ReportDeadline")

    for kind, criteria in (("city", CITY_CRITERIA), ("region", REGION_CRITERIA)):
        defaults = {"valid_from": dt.date(2026, 1, 1), "source_note": CRITERIA_SOURCE}
        if _has_field(CriteriaSet, "state"):  # added after the first seed (migration 0020)
            defaults["state"] = "published"
        criteria_set, created = CriteriaSet.objects.get_or_create(
            kind=kind, version="2026", defaults=defaults
        )
        if not created:
            continue
        for number, row in enumerate(criteria, start=1):
            (
                code,
                answer_type,
                computed,
                attachment,
                share,
                t_sv,
                t_en,
                g_sv,
                g_en,
                e_sv,
                e_en,
                thresholds,
            ) = row
            criterion = Criterion.objects.create(
                criteria_set=criteria_set,
                number=number,
                code=code,
                answer_type=answer_type,
                computed=computed,
                requires_attachment=attachment,
                is_purchase_share=share,
                title_sv=t_sv,
                title_en=t_en,
                guidance_sv=g_sv,
                guidance_en=g_en,
                evidence_sv=e_sv,
                evidence_en=e_en,
            )
            for low, high, value in thresholds:
                CriterionThreshold.objects.create(
                    criterion=criterion, min_population=low, max_population=high, min_value=value
                )
        if _has_field(Criterion, "asked_in"):  # added after the first seed (migration 0020)
            apply_asked_in(Criterion, Criterion.objects.filter(criteria_set=criteria_set))
        if _has_field(Criterion, "carries_over"):  # added after the first seed (migration 0042)
            apply_carries_over(Criterion, Criterion.objects.filter(criteria_set=criteria_set))
    try:
        apps.get_model("diplomas", "LocalGroupRequirement")
    except LookupError:
        pass  # the migration that seeded the criteria first ran before the roster existed
    else:
        seed_local_group(apps)
    if not FeeTier.objects.exists():
        for applies_to, low, high, fee in FEE_TIERS:
            FeeTier.objects.create(
                applies_to=applies_to, min_population=low, max_population=high, fee_sek=fee
            )
    # The rule: the yearly report is due on the last day of February. Rows for the coming years
    # make the deadline editable data; a later year without a row follows the same rule.
    for year in range(2026, 2031):
        ReportDeadline.objects.get_or_create(
            year=year, defaults={"due_date": dt.date(year, 2, calendar.monthrange(year, 2)[1])}
        )


def seed_local_group(apps, schema_editor=None) -> None:
    """Make the shipped local-group criteria read the roster, with what they ask of it.
    Loading twice changes nothing; guidance or requirements edited in the admin are kept."""
    Criterion = apps.get_model("diplomas", "Criterion")
    LocalGroupRequirement = apps.get_model("diplomas", "LocalGroupRequirement")
    for (kind, code), requirements in LOCAL_GROUP_REQUIREMENTS.items():
        (old_sv, old_en), (new_sv, new_en) = LOCAL_GROUP_GUIDANCE[code]
        for criterion in Criterion.objects.filter(
            criteria_set__kind=kind, criteria_set__version="2026", code=code
        ):
            if not criterion.computed:
                criterion.computed = "local_group"
            if criterion.guidance_sv == old_sv:
                criterion.guidance_sv = new_sv
            if criterion.guidance_en == old_en:
                criterion.guidance_en = new_en
            criterion.save(update_fields=["computed", "guidance_sv", "guidance_en"])
            if not LocalGroupRequirement.objects.filter(criterion=criterion).exists():
                LocalGroupRequirement.objects.bulk_create(
                    LocalGroupRequirement(
                        criterion=criterion, role=role, sector=sector, min_count=count
                    )
                    for role, sector, count in requirements
                )
