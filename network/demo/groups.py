"""The demo's groups: the national collaboration group (samverkansgruppen), a category team and a
project group. The demo member and the demo coordinator are in the collaboration group, so a
newcomer logged in as either sees a group space with its own discussions, files and events; the
coordinator is its group admin."""

from __future__ import annotations

from accounts.models import User
from procurement.models import Category

from ..models import Group, GroupMembership

COLLABORATION = "samverkansgruppen"

GROUPS = [
    {
        "slug": COLLABORATION,
        "kind": Group.Kind.COLLABORATION,
        "name_sv": "Samverkansgruppen",
        "name_en": "The national collaboration group",
        "description_sv": (
            "Den nationella samverkansgruppen: sju kommuner, en region och Fairtrade Sverige. "
            "Gruppen förbereder nätverksträffarna, samlar frågor från nätverket och testar nya "
            "material innan de delas med alla."
        ),
        "description_en": (
            "The national collaboration group: seven municipalities, one region and Fairtrade "
            "Sverige. The group prepares the network meetings, gathers questions from the "
            "network and tries new material before it is shared with everyone."
        ),
        "members": [
            ("samordnare@demo.example", True),
            ("medlem@demo.example", False),
            ("personal@demo.example", True),
        ],
    },
    {
        "slug": "kategoriteam-kaffe",
        "kind": Group.Kind.CATEGORY_TEAM,
        "category": "KAF",
        "name_sv": "Kategoriteam kaffe",
        "name_en": "Category team coffee",
        "description_sv": (
            "Vi delar uppföljningen av de gemensamma kaffeleverantörerna och jämför krav "
            "inför nästa upphandling."
        ),
        "description_en": (
            "We share the follow-up of the common coffee suppliers and compare requirements "
            "before the next tender."
        ),
        "members": [("samordnare@demo.example", True), ("personal@demo.example", False)],
    },
    {
        "slug": "fairtrade-challenge-2027",
        "kind": Group.Kind.PROJECT,
        "name_sv": "Fairtrade Challenge 2027",
        "name_en": "Fairtrade Challenge 2027",
        "description_sv": "Projektgruppen som planerar nätverkets gemensamma Fairtrade Challenge.",
        "description_en": "The working group planning the network's joint Fairtrade Challenge.",
        "members": [("personal@demo.example", True)],
    },
]


def load_groups() -> None:
    users = {user.email: user for user in User.objects.filter(email__endswith="@demo.example")}
    staff = users.get("personal@demo.example")
    categories = {category.code: category for category in Category.objects.all()}
    for spec in GROUPS:
        spec = dict(spec)
        members = spec.pop("members")
        code = spec.pop("category", None)
        if code:
            if code not in categories:
                continue  # the procurement library is not loaded
            spec["category"] = categories[code]
        group, _created = Group.objects.get_or_create(slug=spec.pop("slug"), defaults=spec)
        for email, is_admin in members:
            if email in users:
                GroupMembership.objects.get_or_create(
                    group=group,
                    user=users[email],
                    defaults={"is_admin": is_admin, "added_by": staff},
                )
