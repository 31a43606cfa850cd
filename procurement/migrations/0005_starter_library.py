"""The starter library: 15 risk categories with their matrices, the references and the starter
requirements (procurement/data/; sources in procurement/data/SOURCES.md)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from procurement.data.load import load_starter_library

    load_starter_library(apps, schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("procurement", "0002_version_published_by")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
