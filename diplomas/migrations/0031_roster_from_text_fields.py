"""Move the local group's chair and contact person from the two text fields of Organisation into
roster rows, and make the shipped local-group criteria read the roster. Plain ORM, so it runs
the same on SQLite and PostgreSQL."""

from django.db import migrations

from diplomas.seeds import seed_local_group


def roster_from_text_fields(apps, schema_editor) -> None:
    Organisation = apps.get_model("diplomas", "Organisation")
    GroupMember = apps.get_model("diplomas", "GroupMember")
    rows = []
    organisations = Organisation.objects.exclude(group_chair="", group_contact="")
    for organisation in organisations.iterator():
        if GroupMember.objects.filter(organisation=organisation).exists():
            continue  # a roster already kept is not overwritten
        chair = " ".join(organisation.group_chair.split())
        contact = " ".join(organisation.group_contact.split())
        if chair and chair.casefold() == contact.casefold():
            people = [(chair, "chair_contact")]  # one person in both roles
        else:
            people = [(name, role) for name, role in ((chair, "chair"), (contact, "contact"))]
        rows += [
            # The text said who, not from where: "other" until the coordinator says the sector.
            GroupMember(organisation=organisation, name=name, role=role, sector="other")
            for name, role in people
            if name
        ]
    GroupMember.objects.bulk_create(rows)


def text_fields_from_roster(apps, schema_editor) -> None:
    Organisation = apps.get_model("diplomas", "Organisation")
    GroupMember = apps.get_model("diplomas", "GroupMember")
    fields = {
        "chair": ["group_chair"],
        "contact": ["group_contact"],
        "chair_contact": ["group_chair", "group_contact"],
    }
    for member in GroupMember.objects.filter(role__in=fields):
        Organisation.objects.filter(pk=member.organisation_id).update(
            **{field: member.name[:200] for field in fields[member.role]}
        )


class Migration(migrations.Migration):
    dependencies = [("diplomas", "0030_group_members")]

    operations = [
        migrations.RunPython(roster_from_text_fields, text_fields_from_roster),
        migrations.RunPython(seed_local_group, migrations.RunPython.noop),
    ]
