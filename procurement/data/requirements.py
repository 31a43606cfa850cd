# ruff: noqa: E501 - data: one string a line reads better than a wrapped one
"""The starter requirements, written for the portal. Families of requirements that recur across
categories are written once with the product named; the others are written one by one. Each
entry becomes version 1 of a requirement; staff change them in the admin (new versions)."""

from __future__ import annotations

CORE = [
    "ILO-29",
    "ILO-87",
    "ILO-98",
    "ILO-100",
    "ILO-105",
    "ILO-111",
    "ILO-138",
    "ILO-155",
    "ILO-182",
    "ILO-187",
    "CRC-32",
]
FAIR_TERMS = ["FT-MINIMIPRIS", "FT-PREMIE", "FT-FORFINANSIERING", "FT-LANGSIKTIGHET"]

# (category code, Swedish product, English product, label examples)
FOOD = [
    ("KAF", "kaffe", "coffee", "Fairtrade"),
    ("TEA", "te", "tea", "Fairtrade"),
    ("KAK", "kakao och choklad", "cocoa and chocolate", "Fairtrade"),
    ("BAN", "bananer", "bananas", "Fairtrade"),
    ("SOC", "rörsocker", "cane sugar", "Fairtrade"),
    ("RIS", "ris", "rice", "Fairtrade"),
    ("BLO", "snittblommor", "cut flowers", "Fairtrade"),
]


# The Swedish "all" agrees with the product's gender and number.
ALL = {"KAK": "All", "BAN": "Alla", "BLO": "Alla"}


def _fair_trade_specification(code, sv, en, label):
    return {
        "identifier": f"FT-{code}-001",
        "categories": [code],
        "level": "basic",
        "kind": "specification",
        "title_sv": f"Rättvis handel: {sv}",
        "title_en": f"Fair trade: {en}",
        "text_sv": f"{ALL.get(code, 'Allt')} {sv} som levereras under avtalet ska vara producerat och handlat under villkor som uppfyller kriterierna för rättvis handel: minimipris och premie till producenterna, förfinansiering på begäran och långsiktiga handelsrelationer, samt ILO:s kärnkonventioner i odling och förädling.\n\nKraven anses uppfyllda för produkter märkta med {label} eller likvärdig märkning.",
        "text_en": f"All {en} delivered under the contract shall be produced and traded under conditions that meet the criteria of fair trade: a minimum price and a premium to the producers, pre-financing on request and long-term trading relations, and the ILO core conventions in growing and processing.\n\nThe requirement is met for products labelled {label} or an equivalent label.",
        "evidence_sv": f"Märkning ({label} eller likvärdig) på produkten eller i produktbladet. För annan likvärdig märkning eller annat bevis: en beskrivning av hur kriterierna följs upp av en oberoende part, med intyg från den parten.",
        "evidence_en": f"A label ({label} or equivalent) on the product or in the product sheet. For another equivalent label or other evidence: a description of how an independent party follows up the criteria, with a statement from that party.",
        "rationale_sv": f"Odlingen av {sv} bär höga risker för barnarbete, tvångsarbete och löner under en levnadslön (se riskmatrisen). Rättvisa handelsvillkor ger producenterna ett pris som täcker kostnaden och en premie för gemensamma investeringar.",
        "rationale_en": f"Growing {en} carries high risks of child labour, forced labour and wages below a living wage (see the risk matrix). Fair trading terms give the producers a price that covers the cost and a premium for shared investments.",
        "references": CORE + FAIR_TERMS,
    }


def _fair_terms_contract(code, sv, en, label):
    return {
        "identifier": f"FT-{code}-002",
        "categories": [code],
        "level": "advanced",
        "kind": "contract",
        "title_sv": f"Rättvisa handelsvillkor under hela avtalstiden: {sv}",
        "title_en": f"Fair trading terms for the whole contract: {en}",
        "text_sv": f"Leverantören ska under hela avtalstiden säkerställa att {sv} som levereras har köpts in med minimipris och premie till producentorganisationerna, att förfinansiering har erbjudits när producenterna har begärt det och att inköpen bygger på avtal eller inköpsplaner över minst två år.\n\nLeverantören ska varje år redovisa inköpt volym under dessa villkor och vilka producentorganisationer den kommer från.",
        "text_en": f"For the whole contract period the supplier shall ensure that the {en} delivered has been bought with a minimum price and a premium to the producer organisations, that pre-financing has been offered when the producers asked for it, and that the buying rests on contracts or sourcing plans of at least two years.\n\nEach year the supplier shall report the volume bought under these terms and the producer organisations it comes from.",
        "evidence_sv": "Årlig redovisning från leverantören med volymer och producentorganisationer, samt certifikat eller motsvarande från en oberoende kontrollorganisation. Den upphandlande organisationen får begära underlag inom 30 dagar.",
        "evidence_en": "A yearly report from the supplier with volumes and producer organisations, and a certificate or the like from an independent certification body. The contracting organisation may ask for documents within 30 days.",
        "rationale_sv": "Ett märke vid anbudstillfället räcker inte om sortimentet ändras under avtalstiden. Villkoret gör de rättvisa handelsvillkoren till en del av avtalet och ger underlag för uppföljning.",
        "rationale_en": "A label at the time of the tender is not enough if the range changes during the contract. The condition makes the fair trading terms part of the contract and gives grounds for follow-up.",
        "references": FAIR_TERMS,
    }


# (category code, Swedish product, English product)
NON_FOOD = [
    ("TEX", "textilier och arbetskläder", "textiles and workwear"),
    ("IKT", "IT-hårdvara", "ICT hardware"),
    ("HAN", "medicinska handskar", "medical gloves"),
    ("MED", "medicinska produkter", "medical supplies"),
    ("STE", "natursten", "natural stone"),
    ("SOL", "solpaneler", "solar panels"),
    ("LEK", "leksaker", "toys"),
    ("FRU", "frukt och grönt", "fruit and vegetables"),
]


def _basic_contract(code, sv, en, number="001"):
    return {
        "identifier": f"FT-{code}-{number}",
        "categories": [code],
        "level": "basic",
        "kind": "contract",
        "title_sv": f"Grundläggande arbetsvillkor i leverantörskedjan: {sv}",
        "title_en": f"Basic working conditions in the supply chain: {en}",
        "text_sv": f"Leverantören ska under avtalstiden säkerställa att {sv} som levereras är producerade under förhållanden som är förenliga med ILO:s åtta kärnkonventioner och konventionerna 155 och 187 om arbetsmiljö, artikel 32 i FN:s barnkonvention, arbetsrätten i tillverkningslandet och dess lagstiftning om arbetsmiljö, lön och social trygghet.\n\nOm avvikelser upptäcks ska leverantören åtgärda dem inom en tid som parterna kommer överens om.",
        "text_en": f"During the contract the supplier shall ensure that the {en} delivered are produced under conditions compatible with the eight ILO core conventions and conventions 155 and 187 on occupational safety and health, article 32 of the UN Convention on the Rights of the Child, and the labour law of the country of manufacture and its legislation on working environment, wages and social security.\n\nIf deviations are found, the supplier shall remedy them within a time the parties agree on.",
        "evidence_sv": "Leverantören ska på begäran inom 30 dagar visa en riskanalys för avtalets produkter, en uppförandekod som omfattar villkoren, och hur den följs upp hos underleverantörer (självvärdering, revisionsrapporter).",
        "evidence_en": "On request the supplier shall within 30 days show a risk analysis for the contract's products, a code of conduct covering the conditions, and how it is followed up with subcontractors (self-assessment, audit reports).",
        "rationale_sv": "Villkoret är en grundnivå som alla leverantörer kan uppfylla och som ger den upphandlande organisationen rätt att följa upp arbetsvillkoren under avtalstiden.",
        "rationale_en": "The condition is a basic level every supplier can meet, and it gives the contracting organisation the right to follow up working conditions during the contract.",
        "references": CORE,
    }


def _audit_contract(code, sv, en):
    return {
        "identifier": f"FT-{code}-002",
        "categories": [code],
        "level": "advanced",
        "kind": "contract",
        "title_sv": f"Revision och åtgärdsplan: {sv}",
        "title_en": f"Audit and action plan: {en}",
        "text_sv": f"Leverantören ska medverka till att den upphandlande organisationen, eller en oberoende part som den anlitar, kan granska arbetsvillkoren hos de fabriker som tillverkar {sv} under avtalet, med intervjuer av arbetstagare utan ledningens närvaro.\n\nFör varje avvikelse ska leverantören inom 60 dagar lämna en åtgärdsplan med ansvar och tidsplan, och redovisa när den är genomförd.",
        "text_en": f"The supplier shall help the contracting organisation, or an independent party it engages, to examine working conditions at the factories making the {en} under the contract, with interviews of workers without management present.\n\nFor every deviation the supplier shall within 60 days present an action plan with responsibilities and a timetable, and report when it is done.",
        "evidence_sv": "Revisionsrapport från oberoende part, leverantörens åtgärdsplan och uppföljningsrapport. Revisionsrapporter enligt en branschstandard eller likvärdigt godtas om de är högst ett år gamla.",
        "evidence_en": "An audit report from an independent party, the supplier's action plan and follow-up report. Audit reports under an industry standard or equivalent are accepted if at most one year old.",
        "rationale_sv": "I kategorier med höga risker i tillverkningen räcker inte en självvärdering. Granskning på plats med arbetarintervjuer och en åtgärdsplan leder till förbättringar.",
        "rationale_en": "In categories with high risks in manufacture a self-assessment is not enough. On-site examination with worker interviews and an action plan lead to improvements.",
        "references": ["ILO-29", "ILO-87", "ILO-98", "ILO-138", "ILO-155", "ILO-182"],
    }


SINGLE = [
    {
        "identifier": "FT-KAF-003",
        "categories": ["KAF"],
        "level": "spearhead",
        "kind": "award",
        "title_sv": "Tilldelning: premie över minimikraven för kaffe",
        "title_en": "Award: premium above the minimum for coffee",
        "text_sv": "Anbud där leverantören åtar sig att under avtalstiden betala en premie eller ett pris till producentorganisationerna som ligger över minimikraven i den märkning eller likvärdiga standard som anges, och redovisar beloppet per kilo, ges ett mervärde i utvärderingen.",
        "text_en": "A tender in which the supplier undertakes to pay, during the contract, a premium or a price to the producer organisations above the minimum of the stated label or equivalent standard, and states the amount per kilo, is given added value in the evaluation.",
        "evidence_sv": "Åtagande i anbudet med belopp per kilo och mottagande producentorganisationer; under avtalstiden kvitton eller avräkningar som visar betalningen.",
        "evidence_en": "An undertaking in the tender with the amount per kilo and the receiving producer organisations; during the contract, receipts or statements showing the payment.",
        "rationale_sv": "Minimipriset täcker inte alltid en levnadsinkomst för småbrukare. Ett tilldelningskriterium belönar leverantörer som går längre utan att utesluta andra.",
        "rationale_en": "The minimum price does not always cover a living income for smallholders. An award criterion rewards suppliers who go further without excluding others.",
        "references": ["FT-MINIMIPRIS", "FT-PREMIE"],
    },
    {
        "identifier": "FT-KAK-003",
        "categories": ["KAK"],
        "level": "spearhead",
        "kind": "contract",
        "title_sv": "System mot barnarbete i kakaoodlingen",
        "title_en": "A system against child labour in cocoa growing",
        "text_sv": "Leverantören ska säkerställa att kakao i de produkter som levereras kommer från producentorganisationer som har ett system för att upptäcka barnarbete i odlingen och hjälpa berörda barn tillbaka till skolan, med uppföljning av varje fall.\n\nLeverantören ska varje år redovisa hur många fall som upptäckts och åtgärdats.",
        "text_en": "The supplier shall ensure that the cocoa in the products delivered comes from producer organisations that have a system to detect child labour in growing and help the children concerned back to school, with a follow-up of every case.\n\nEach year the supplier shall report how many cases were found and remedied.",
        "evidence_sv": "Beskrivning av systemet, årlig rapport från producentorganisationen eller leverantören, och intyg från oberoende part.",
        "evidence_en": "A description of the system, a yearly report from the producer organisation or the supplier, and a statement from an independent party.",
        "rationale_sv": "Att förbjuda barnarbete räcker inte: barn som upptäcks behöver ett alternativ. System som följer upp varje fall minskar barnarbetet mätbart.",
        "rationale_en": "Banning child labour is not enough: children who are found need an alternative. Systems that follow up each case reduce child labour measurably.",
        "references": ["ILO-138", "ILO-182", "CRC-32"],
    },
    {
        "identifier": "FT-TEX-003",
        "categories": ["TEX", "IKT", "HAN", "MED", "LEK"],
        "level": "advanced",
        "kind": "qualification",
        "title_sv": "Leverantören arbetar med mänskliga rättigheter i kedjan",
        "title_en": "The supplier works on human rights in its chain",
        "text_sv": "Leverantören ska ha en process för tillbörlig aktsamhet för mänskliga rättigheter: en policy antagen av ledningen, en riskanalys av leverantörskedjan, åtgärder för de största riskerna, uppföljning av åtgärderna och en kanal där arbetstagare kan framföra klagomål.",
        "text_en": "The supplier shall have a human rights due diligence process: a policy adopted by management, a risk analysis of the supply chain, measures for the largest risks, a follow-up of the measures and a channel through which workers can raise grievances.",
        "evidence_sv": "Policy, senaste riskanalys och en sammanfattning av åtgärder och uppföljning. Medlemskap i ett branschinitiativ med motsvarande krav godtas som likvärdigt bevis.",
        "evidence_en": "The policy, the latest risk analysis and a summary of measures and follow-up. Membership of an industry initiative with corresponding requirements is accepted as equivalent evidence.",
        "rationale_sv": "Ett kvalificeringskrav säkerställer att bara leverantörer med förmåga att hantera riskerna får kontrakt. Processen följer FN:s vägledande principer för företag och mänskliga rättigheter.",
        "rationale_en": "A qualification requirement ensures that only suppliers able to handle the risks get the contract. The process follows the UN Guiding Principles on Business and Human Rights.",
        "references": ["ILO-29", "ILO-87", "ILO-138", "ILO-182"],
    },
    {
        "identifier": "FT-TEX-004",
        "categories": ["TEX"],
        "level": "spearhead",
        "kind": "award",
        "title_sv": "Tilldelning: levnadslön i sömnaden",
        "title_en": "Award: a living wage in sewing",
        "text_sv": "Anbud där leverantören visar att arbetstagarna i de fabriker som syr avtalets produkter får en lön som når en oberoende beräknad levnadslön, eller åtar sig en tidsplan för att nå dit under avtalstiden, ges ett mervärde i utvärderingen.",
        "text_en": "A tender in which the supplier shows that the workers in the factories sewing the contract's products earn a wage that reaches an independently calculated living wage, or commits to a timetable for reaching it during the contract, is given added value in the evaluation.",
        "evidence_sv": "Lönedata från fabrikerna jämförda med en namngiven beräkning av levnadslön, och tidsplan; under avtalstiden årlig uppföljning.",
        "evidence_en": "Wage data from the factories compared with a named living wage calculation, and a timetable; during the contract a yearly follow-up.",
        "rationale_sv": "Minimilönen i många tillverkningsländer räcker inte att leva på. Kriteriet belönar leverantörer som betalar en lön man kan leva på.",
        "rationale_en": "The minimum wage in many manufacturing countries is not enough to live on. The criterion rewards suppliers who pay a wage people can live on.",
        "references": ["ILO-100", "ILO-87", "ILO-98"],
    },
    {
        "identifier": "FT-IKT-003",
        "categories": ["IKT", "SOL"],
        "level": "spearhead",
        "kind": "award",
        "title_sv": "Tilldelning: ansvarsfulla mineraler",
        "title_en": "Award: responsible minerals",
        "text_sv": "Anbud där leverantören redovisar de smältverk som levererar tenn, tantal, volfram, guld och kobolt till produkterna, och visar att de granskats enligt OECD:s vägledning för ansvarsfulla leverantörskedjor för mineraler eller likvärdigt, ges ett mervärde i utvärderingen.",
        "text_en": "A tender in which the supplier lists the smelters supplying tin, tantalum, tungsten, gold and cobalt for the products, and shows they have been examined under the OECD guidance for responsible mineral supply chains or equivalent, is given added value in the evaluation.",
        "evidence_sv": "Lista över smältverk och intyg om granskning enligt OECD:s vägledning eller likvärdigt.",
        "evidence_en": "A list of smelters and statements of examination under the OECD guidance or equivalent.",
        "rationale_sv": "Mineraler från konfliktområden och småskaliga gruvor bär de högsta riskerna i elektronikens kedja. Spårbarhet till smältverket är det steg där granskning är möjlig.",
        "rationale_en": "Minerals from conflict areas and artisanal mines carry the highest risks of the electronics chain. Traceability to the smelter is the step where examination is possible.",
        "references": ["ILO-29", "ILO-182", "CRC-32"],
    },
    {
        "identifier": "FT-HAN-003",
        "categories": ["HAN", "IKT"],
        "level": "spearhead",
        "kind": "contract",
        "title_sv": "Inga rekryteringsavgifter för arbetstagare",
        "title_en": "No recruitment fees for workers",
        "text_sv": "Leverantören ska säkerställa att inga arbetstagare i tillverkningen av avtalets produkter har betalat avgifter för att få sitt arbete, och att avgifter som har betalats betalas tillbaka. Arbetstagare ska själva förvara sina pass och identitetshandlingar.",
        "text_en": "The supplier shall ensure that no worker making the contract's products has paid fees to get the job, and that fees that were paid are paid back. Workers shall keep their own passports and identity documents.",
        "evidence_sv": "Policy om att arbetsgivaren betalar rekryteringskostnaderna, revisionsrapport med arbetarintervjuer, och redovisning av återbetalningar.",
        "evidence_en": "A policy that the employer pays the recruitment costs, an audit report with worker interviews, and a report of repayments.",
        "rationale_sv": "Rekryteringsavgifter och beslagtagna pass är vanliga tecken på tvångsarbete bland migrantarbetare, till exempel i handsktillverkningen.",
        "rationale_en": "Recruitment fees and confiscated passports are common indicators of forced labour among migrant workers, for example in glove making.",
        "references": ["ILO-29", "ILO-105"],
    },
    {
        "identifier": "FT-STE-003",
        "categories": ["STE"],
        "level": "spearhead",
        "kind": "contract",
        "title_sv": "Spårbarhet till stenbrottet och skydd mot silikos",
        "title_en": "Traceability to the quarry and protection against silicosis",
        "text_sv": "Leverantören ska ange vilket stenbrott och vilken bearbetningsanläggning stenen kommer från, och säkerställa att arbetstagarna där har andningsskydd, vattenbegjutning mot damm och regelbundna hälsokontroller.",
        "text_en": "The supplier shall state which quarry and which processing site the stone comes from, and ensure that the workers there have respiratory protection, water spraying against dust and regular health checks.",
        "evidence_sv": "Ursprungsintyg per leverans, revisionsrapport från oberoende part med besök i brottet, och fotodokumentation.",
        "evidence_en": "A certificate of origin per delivery, an audit report from an independent party that visited the quarry, and photographs.",
        "rationale_sv": "Utan spårbarhet till brottet går det inte att följa upp några villkor. Silikos är den största hälsorisken i stenindustrin och går att förebygga.",
        "rationale_en": "Without traceability to the quarry no condition can be followed up. Silicosis is the largest health risk in the stone industry and can be prevented.",
        "references": ["ILO-155", "ILO-187", "ILO-138"],
    },
    {
        "identifier": "FT-SOL-003",
        "categories": ["SOL"],
        "level": "spearhead",
        "kind": "specification",
        "title_sv": "Spårbar polykisel",
        "title_en": "Traceable polysilicon",
        "text_sv": "Solpanelerna ska vara tillverkade av polykisel vars ursprung kan spåras till tillverkaren, och ingen del av kedjan från kvarts till panel får ligga i en region där statligt organiserat tvångsarbete har dokumenterats av FN eller ILO.",
        "text_en": "The solar panels shall be made of polysilicon whose origin can be traced to its maker, and no part of the chain from quartz to panel may lie in a region where state-organised forced labour has been documented by the UN or the ILO.",
        "evidence_sv": "Kartläggning av leverantörskedjan från kvarts till panel, med namngivna tillverkare, och intyg från oberoende part.",
        "evidence_en": "A map of the supply chain from quartz to panel, with named makers, and a statement from an independent party.",
        "rationale_sv": "I regioner med statligt organiserat tvångsarbete kan revisioner inte ge säkra svar; spårbarhet är det enda sättet att undvika risken.",
        "rationale_en": "In regions with state-organised forced labour audits cannot give reliable answers; traceability is the only way to avoid the risk.",
        "references": ["ILO-29", "ILO-105"],
    },
    {
        "identifier": "FT-FRU-002",
        "categories": ["FRU"],
        "level": "advanced",
        "kind": "specification",
        "title_sv": "Socialt granskad odling av frukt och grönt",
        "title_en": "Socially assessed growing of fruit and vegetables",
        "text_sv": "Frukt och grönt från länder med hög risk enligt riskmatrisen ska komma från odlingar där arbetsvillkoren har granskats av oberoende part, med särskild uppmärksamhet på migrantarbetare och mellanhänder som förmedlar arbete.",
        "text_en": "Fruit and vegetables from countries with high risk under the risk matrix shall come from farms where working conditions have been assessed by an independent party, with particular attention to migrant workers and intermediaries that broker work.",
        "evidence_sv": "Fairtrade, GLOBALG.A.P. med GRASP eller likvärdig märkning eller granskning, per odling.",
        "evidence_en": "Fairtrade, GLOBALG.A.P. with GRASP or an equivalent label or assessment, per farm.",
        "rationale_sv": "Riskerna för migrantarbetare finns också inom EU, och de syns inte i produkten. En social granskning per odling ger underlag.",
        "rationale_en": "The risks for migrant workers exist also within the EU, and they do not show in the product. A social assessment per farm gives evidence.",
        "references": ["ILO-29", "ILO-111", "ILO-155"],
    },
]


def requirements() -> list[dict]:
    rows = [_fair_trade_specification(*row) for row in FOOD]
    rows += [_fair_terms_contract(*row) for row in FOOD[:4]]
    rows += [_basic_contract(*row) for row in NON_FOOD]
    rows += [
        _audit_contract(*row) for row in NON_FOOD if row[0] in ("TEX", "IKT", "HAN", "STE", "SOL")
    ]
    rows += SINGLE
    return sorted(rows, key=lambda row: row["identifier"])
