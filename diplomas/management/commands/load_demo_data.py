from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from diplomas.demo import DEMO_PASSWORD, load_demo_data


class Command(BaseCommand):
    help = "Load demo people and memberships (only where DEMO_MODE is on)."

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "DEMO_MODE is off: demo data is only loaded where every page says it is a demo."
            )
        logins = load_demo_data()
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in logins:
            self.stdout.write(f"  {login.email:28} {login.description}")
