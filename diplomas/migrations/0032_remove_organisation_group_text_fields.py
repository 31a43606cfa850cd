"""The chair and the contact person now live on the roster (0031 moved them)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("diplomas", "0031_roster_from_text_fields")]

    operations = [
        migrations.RemoveField(model_name="organisation", name="group_chair"),
        migrations.RemoveField(model_name="organisation", name="group_contact"),
    ]
