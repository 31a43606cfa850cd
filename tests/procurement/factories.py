"""Requirements for tests: categories, references and requirements with versions.

A new version is made as the admin will publish one: a RequirementVersion with the next number,
set as the requirement's current one. (The library's own service does the same in the admin.)
"""

from __future__ import annotations

from procurement.models import (
    Category,
    Level,
    Reference,
    Requirement,
    RequirementKind,
    RequirementVersion,
)

CATEGORIES = {
    "KAF": ("kaffe", "Kaffe", "Coffee"),
    "KAK": ("kakao", "Kakao", "Cocoa"),
    "TEX": ("textil", "Textil och arbetskläder", "Textiles and workwear"),
}


def category(code: str = "KAF") -> Category:
    slug, name_sv, name_en = CATEGORIES.get(code, (code.lower(), code, code))
    return Category.objects.get_or_create(
        code=code,
        defaults={
            "slug": slug,
            "name_sv": name_sv,
            "name_en": name_en,
            "description_sv": f"{name_sv} köps av många kommuner.",
            "risks_sv": "Tvångsarbete och barnarbete förekommer.",
            "labels_sv": "Fairtrade eller likvärdigt.",
        },
    )[0]


def reference(code: str = "ILO-29") -> Reference:
    return Reference.objects.get_or_create(
        code=code,
        defaults={
            "kind": Reference.Kind.ILO,
            "title_sv": f"{code}: konventionen om tvångsarbete",
            "title_en": f"{code}: the Forced Labour Convention",
            "source": "ILO",
        },
    )[0]


def requirement(
    identifier: str = "FT-KAF-001",
    *,
    categories: tuple[str, ...] | None = None,
    level: str = Level.BASIC,
    kind: str = RequirementKind.SPECIFICATION,
    title_sv: str = "",
    text_sv: str = "",
    references: tuple[str, ...] = ("ILO-29",),
    search: bool = False,
) -> Requirement:
    codes = categories or (identifier.split("-")[1],)
    req = Requirement.objects.create(identifier=identifier)
    req.categories.add(*[category(code) for code in codes])
    version = RequirementVersion.objects.create(
        requirement=req,
        number=1,
        level=level,
        kind=kind,
        title_sv=title_sv or f"Krav {identifier}",
        title_en=f"Requirement {identifier}",
        text_sv=text_sv or f"Leverantören ska garantera villkoren i {identifier}.",
        text_en=f"The supplier shall guarantee the terms of {identifier}.",
        evidence_sv="Fairtrade-märkning eller likvärdig märkning.",
        evidence_en="The Fairtrade label or an equivalent label.",
        rationale_sv="Minskar risken för tvångsarbete.",
        rationale_en="Lowers the risk of forced labour.",
    )
    version.references.set([reference(code) for code in references])
    req.current = version
    req.save(update_fields=["current"])
    if search:
        req.search_refresh()
    return req


def new_version(
    req: Requirement,
    *,
    change_note_sv: str = "Texten är skärpt.",
    change_note_en: str = "The text is stricter.",
    **fields,
) -> RequirementVersion:
    old = req.current
    values = {
        name: getattr(old, name)
        for name in (
            "level",
            "kind",
            "title_sv",
            "title_en",
            "text_sv",
            "text_en",
            "evidence_sv",
            "evidence_en",
            "rationale_sv",
            "rationale_en",
        )
    }
    values.update(fields)
    version = RequirementVersion.objects.create(
        requirement=req,
        number=old.number + 1,
        change_note_sv=change_note_sv,
        change_note_en=change_note_en,
        **values,
    )
    version.references.set(old.references.all())
    req.current = version
    req.save(update_fields=["current"])
    return version
