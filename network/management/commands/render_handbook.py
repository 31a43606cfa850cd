from django.conf import settings
from django.core.management.base import BaseCommand

from network import services


class Command(BaseCommand):
    help = "Render the printable handbook in every language, unless it is up to date."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="render even if unchanged")

    def handle(self, *args, force=False, **options):
        for language, _name in settings.LANGUAGES:
            render = services.handbook_render(language=language, force=force)
            if render is None:
                self.stdout.write(f"{language}: up to date")
            else:
                self.stdout.write(f"{language}: {render.status} ({render.pages or 0} pages)")
