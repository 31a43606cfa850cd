from django.db import migrations


def load(apps, schema_editor):
    from network.content import load_shipped_chapters

    load_shipped_chapters(apps.get_model("network", "HandbookChapter"))


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
