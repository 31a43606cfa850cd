"""Load the starter library into the database (migration 0005). Works on historical models, so
it repeats the few lines of ``Requirement.search_document`` it needs. Idempotent: what exists
(by code or ID) is left as it is, so staff edits survive."""

from __future__ import annotations

from fairtrade_portal.search import SearchDocument, _vector, normalise

from .categories import CATEGORIES
from .references import REFERENCES
from .requirements import requirements

RATINGS = {"H": "high", "M": "medium_high", "L": "low", "U": "unknown"}
STAGES = ["raw_material", "processing", "manufacture"]
AREAS = ["human_rights", "workers_rights", "environment", "corruption"]
SOURCES_NOTE = (
    "Startvärden från Fairtrade Sverige, byggda på offentliga källor (se procurement/data/"
    "SOURCES.md): ILO:s och FN:s rapporter, Fairtrade Internationals standarder och offentliga "
    "riskanalyser för upphandling. Granskas av personalen."
)


def load_starter_library(apps, connection) -> None:
    Category = apps.get_model("procurement", "Category")
    RiskCell = apps.get_model("procurement", "RiskCell")
    Reference = apps.get_model("procurement", "Reference")
    Requirement = apps.get_model("procurement", "Requirement")
    Version = apps.get_model("procurement", "RequirementVersion")

    categories = {}
    for number, data in enumerate(CATEGORIES, start=1):
        values = {k: v for k, v in data.items() if k not in ("code", "matrix")}
        category, created = Category.objects.get_or_create(
            code=data["code"], defaults={**values, "number": number, "sources": SOURCES_NOTE}
        )
        categories[data["code"]] = category
        if not created:
            continue
        RiskCell.objects.bulk_create(
            RiskCell(
                category=category,
                stage=stage,
                area=area,
                rating=RATINGS[rating],
                note_sv=note_sv,
                note_en=note_en,
            )
            for stage in STAGES
            for area, (rating, note_sv, note_en) in zip(AREAS, data["matrix"][stage], strict=True)
        )

    references = {}
    for code, kind, number, title_sv, title_en, source in REFERENCES:
        references[code], _ = Reference.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "number": number,
                "title_sv": title_sv,
                "title_en": title_en,
                "source": source,
            },
        )

    for data in requirements():
        if Requirement.objects.filter(identifier=data["identifier"]).exists():
            continue
        requirement = Requirement.objects.create(identifier=data["identifier"])
        requirement.categories.set([categories[code] for code in data["categories"]])
        fields = {
            k: v for k, v in data.items() if k not in ("identifier", "categories", "references")
        }
        version = Version.objects.create(requirement=requirement, number=1, **fields)
        version.references.set([references[code] for code in data["references"]])
        requirement.current = version
        document = SearchDocument(
            a=f"{version.title_sv} {version.title_en}",
            b=" ".join(
                [requirement.identifier]
                + [f"{categories[c].name_sv} {categories[c].name_en}" for c in data["categories"]]
                + list(data["references"])
            ),
            c=f"{version.text_sv} {version.text_en}",
            d=" ".join(
                [
                    version.evidence_sv,
                    version.evidence_en,
                    version.rationale_sv,
                    version.rationale_en,
                ]
            ),
        )
        values = {"current": version, "search_text": normalise(" \n ".join(document))}
        if connection.vendor == "postgresql":
            values["search_vector"] = _vector(document)
        Requirement.objects.filter(pk=requirement.pk).update(**values)
