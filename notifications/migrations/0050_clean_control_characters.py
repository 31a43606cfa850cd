"""Remove the control characters stored before forms cleaned them (issue 8): line breaks and
tabs are kept, a vertical tab or form feed becomes a line break (a space in a one-line field)."""

from django.db import migrations

from fairtrade_portal.validators import clean_stored_text


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(clean_stored_text("notifications"), migrations.RunPython.noop)]
