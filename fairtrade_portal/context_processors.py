from django.conf import settings
from django.urls import translate_url


def portal(request):
    """Values every page needs: the demo flag and links to this page in each language."""
    path = request.get_full_path()
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "language_links": [
            {"code": code, "name": name, "url": translate_url(path, code)}
            for code, name in settings.LANGUAGES
        ],
    }
