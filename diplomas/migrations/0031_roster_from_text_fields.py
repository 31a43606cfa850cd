"""Move the local group's chair and contact person from the two text fields of Organisation into
roster rows, and make the shipped local-group criteria read the roster. Plain ORM, so it runs
the same on SQLite and PostgreSQL."""

from django.db import migrations

from diplomas.seeds import seed_local_group

ROLES = (("group_chair", "chair"), ("group_contact", "contact"))


def roster_from_text_fields(apps, schema_editor) -> None:
    Organisation = apps.get_model("diplomas", "Organisation")
    GroupMember = apps.get_model("diplomas", "GroupMember")
    rows = []
    for organisation in Organisation.objects.exclude(group_chair="", group_contact="").iterator():
        for field, role in ROLES:
            name = " ".join(getattr(organisation, field).split())
            if not name or GroupMember.objects.filter(organisation=organisation, role=role).exists():
                continue
            # The text said who, not from where: "other" until the coordinator says the sector.
            rows.append(GroupMember(organisation=organisation, name=name, role=role, sector="other"))
    GroupMember.objects.bulk_create(rows)


def text_fields_from_roster(apps, schema_editor) -> None:
    Organisation = apps.get_model("diplomas", "Organisation")
    GroupMember = apps.get_model("diplomas", "GroupMember")
    for member in GroupMember.objects.filter(role__in=("chair", "contact")):
        field = "group_chair" if member.role == "chair" else "group_contact"
        Organisation.objects.filter(pk=member.organisation_id).update(**{field: member.name[:200]})


class Migration(migrations.Migration):
    dependencies = [("diplomas", "0030_group_members")]

    operations = [
        migrations.RunPython(roster_from_text_fields, text_fields_from_roster),
        migrations.RunPython(seed_local_group, migrations.RunPython.noop),
    ]
