"""Remove the control characters stored before forms cleaned them (issue 8): line breaks and
tabs are kept, a vertical tab or form feed becomes a line break (a space in a one-line field)."""

from django.db import migrations

from fairtrade_portal.validators import clean_stored_text


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_two_factor_method")]

    operations = [migrations.RunPython(clean_stored_text("accounts"), migrations.RunPython.noop)]
