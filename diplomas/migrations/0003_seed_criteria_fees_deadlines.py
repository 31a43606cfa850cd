from django.db import migrations

from diplomas.seeds import seed


class Migration(migrations.Migration):
    dependencies = [("diplomas", "0002_answer_feetier_reportdeadline_organisation_goals_and_more")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
