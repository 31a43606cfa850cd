from django.core.management.base import BaseCommand

from diplomas.reference_data import load_reference_data


class Command(BaseCommand):
    help = "Load or update the 290 Swedish municipalities, 21 counties and their regions."

    def handle(self, *args, **options):
        result = load_reference_data()
        self.stdout.write(
            f"Loaded {result.counties} counties, {result.municipalities} municipalities and "
            f"{result.regions} regions (Region Gotland is the municipality 0980)."
        )
