from django.db import migrations


def load(apps, schema_editor):
    from network.content import shipped_chapters

    Chapter = apps.get_model("network", "HandbookChapter")
    if Chapter.objects.exists():
        return
    for shipped in shipped_chapters():
        Chapter.objects.create(
            number=shipped.number,
            slug=shipped.slug,
            title_sv=shipped.title_sv,
            body_sv=shipped.body_sv,
            title_en=shipped.title_en,
            body_en=shipped.body_en,
        )


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
