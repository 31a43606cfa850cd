"""A good example travels from one municipality to another, in the browser.

Sara, coordinator of Malmö, shares what worked, with a photo, and sends it for review. Pia at
Fairtrade Sverige opens the review queue on the site and publishes it. Olle, coordinator of
Lund, finds it among the good examples, sees the photo and comments; he saves it to his list.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from network.models import GoodExample

from .helpers import follow, submit
from .test_diploma_journey import expect_message, use_session_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_shared_example_is_reviewed_published_and_commented(
    page,
    check_page,
    settings,
    live_server,
    tmp_path,
    network,
    coordinator,
    other_coordinator,
    staff,
):
    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "fika.png"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (0, 110, 60)).save(buffer, format="PNG")
    photo.write_bytes(buffer.getvalue())

    # 1. Sara shares a good example with a photo. ---------------------------------------------
    use_session_of(page, live_server.url, coordinator)
    page.goto("/goda-exempel/")
    check_page()
    follow(page, check_page, page.get_by_role("link", name="Dela ett gott exempel"))
    page.get_by_label("Rubrik").fill("Fairtrade-fika i alla stadsdelar")
    page.get_by_label("Vad gjorde ni, och vad fungerade?").fill(
        "Biblioteken bjöd på **fika** under Fairtrade Challenge."
    )
    page.locator("#id_theme").select_option(label="Evenemang och kampanjer")
    page.locator("#id_image_1").set_input_files(photo)
    page.get_by_label("Beskrivning av bild 1").fill("Besökare fikar på stadsbiblioteket")
    submit(page, check_page, page.get_by_role("button", name="Skicka för granskning"))
    expect_message(page, "Skickat för granskning")
    example = GoodExample.objects.get()
    assert example.status == GoodExample.Status.SUBMITTED

    # 2. Pia publishes it from the review queue. -----------------------------------------------
    use_session_of(page, live_server.url, staff)
    page.goto("/goda-exempel/granska/")
    check_page()
    follow(page, check_page, page.get_by_role("link", name="Fairtrade-fika i alla stadsdelar"))
    submit(page, check_page, page.get_by_role("button", name="Publicera", exact=True))
    expect_message(page, "Exemplet är publicerat")

    # 3. Olle in Lund reads it, sees the photo, comments and saves it. -------------------------
    use_session_of(page, live_server.url, other_coordinator)
    page.goto("/goda-exempel/")
    check_page()
    follow(page, check_page, page.get_by_role("link", name="Fairtrade-fika i alla stadsdelar"))
    photo_shown = page.get_by_role("img", name="Besökare fikar på stadsbiblioteket")
    expect(photo_shown).to_be_visible()
    assert photo_shown.evaluate("img => img.naturalWidth") == 64
    page.get_by_label("Din kommentar").fill("Vi gör samma sak i Lund i höst!")
    submit(page, check_page, page.get_by_role("button", name="Publicera kommentaren"))
    expect(page.locator("#comments")).to_contain_text("Vi gör samma sak i Lund i höst!")
    submit(page, check_page, page.get_by_role("button", name="Spara i min lista"))
    follow(page, check_page, page.get_by_role("link", name="Mina sparade exempel").first)
    expect(page.locator("main")).to_contain_text("Fairtrade-fika i alla stadsdelar")
