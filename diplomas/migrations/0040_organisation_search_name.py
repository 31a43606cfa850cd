"""A normalised name for searching without accents or case (goteborg finds Göteborg)."""

import unicodedata

from django.db import migrations, models


def normalise(text: str) -> str:
    # A frozen copy of fairtrade_portal.search.normalise: a migration must not change when the
    # code does.
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


def fill_search_names(apps, schema_editor):
    Organisation = apps.get_model("diplomas", "Organisation")
    for organisation in Organisation.objects.only("pk", "name", "official_name"):
        Organisation.objects.filter(pk=organisation.pk).update(
            search_name=normalise(f"{organisation.name} {organisation.official_name}")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("diplomas", "0032_remove_organisation_group_text_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="search_name",
            field=models.CharField(
                blank=True, editable=False, max_length=255, verbose_name="name for searching"
            ),
        ),
        migrations.RunPython(fill_search_names, migrations.RunPython.noop),
    ]
