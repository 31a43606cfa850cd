"""One word for each thing: what the Swedish interface, the emails and the admin call things
(the README's glossary)."""

from __future__ import annotations

import gettext
import re
from decimal import Decimal
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from diplomas.models import Criterion, Diploma
from diplomas.rules import check_criterion
from diplomas.templatetags.diplomas_format import check_threshold, check_value
from tests.conftest import make_organisation

# Words the glossary replaces, with the word to use instead.
NOT_OUR_WORDS = {
    r"\bstyrgrupp": "arbetsgrupp",
    r"\bpausad": "vilande",
    r"tvåstegsverifiering": "tvåfaktorsautentisering",
    r"\bepost": "e-post",
    r"\bMFA\b": "tvåfaktorsautentisering",
}


def catalogue_ids() -> set[str]:
    """Every message id the portal and django-allauth translate."""
    files = [
        *Path(settings.BASE_DIR, "locale").glob("sv/LC_MESSAGES/django.mo"),
        Path(allauth.__file__).parent / "locale/sv/LC_MESSAGES/django.mo",
    ]
    ids = set()
    for path in files:
        with path.open("rb") as handle:
            catalogue = gettext.GNUTranslations(handle)._catalog
        ids.update(key for key in catalogue if isinstance(key, str) and key and "\x04" not in key)
    return ids


def test_the_swedish_interface_uses_the_glossarys_words():
    offending = []
    with translation.override("sv"):
        for msgid in catalogue_ids():
            text = translation.gettext(msgid)
            for pattern, instead in NOT_OUR_WORDS.items():
                if re.search(pattern, text, flags=re.IGNORECASE):
                    offending.append(f"{text!r}: say {instead}")
    assert offending == []


def test_the_home_page_speaks_of_the_local_group_as_arbetsgrupp(client, db):
    body = client.get("/").content.decode()
    assert "arbetsgruppen" in body
    assert "styrgrupp" not in body


@pytest.mark.django_db
def test_allauths_emails_name_the_portal_not_the_host(client, settings):
    settings.SITE_URL = "https://fairtradecity.example"
    response = client.post(
        reverse("account_signup"),
        {
            "email": "ny@example.se",
            "password1": "ett-langt-losenord-123",
            "password2": "ett-langt-losenord-123",
        },
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    # Greeted and signed by the portal and its public address, not by the request's host.
    assert message.body.splitlines()[0] == "Hej från Fairtrade City-portalen!"
    assert "Tack för att du använder Fairtrade City-portalen!\nfairtradecity.example" in (
        message.body
    )
    assert "epost" not in message.body.lower().replace("e-post", "")


def test_the_swedish_admin_has_one_accounts_section_and_no_mfa(client, staff):
    client.force_login(staff)
    body = client.get("/admin/").content.decode()
    sections = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', body)
    assert sections.count("Konton") == 1, sections
    assert "E-postadresser" in sections
    assert "MFA" not in body
    assert "Authenticator" not in body
    assert "Tvåfaktorsmetoder" in body
    changelist = client.get(reverse("admin:accounts_twofactormethod_changelist"))
    assert changelist.status_code == 200
    assert str(staff) in changelist.content.decode()


def test_shares_are_written_with_a_percent_sign(criteria):
    region = make_organisation("12", "Region Skåne", population=1_400_000)
    criterion = Criterion.objects.prefetch_related("thresholds").get(
        code="residents-share", criteria_set__kind="region"
    )
    met = check_criterion(criterion, organisation=region, computed_value=Decimal("57.10"))
    short = check_criterion(criterion, organisation=region, computed_value=Decimal("12.50"))
    with translation.override("sv"):
        assert check_value(met) == "57,1\u00a0%"
        assert check_threshold(met) == "25\u00a0%"
        assert short.missing == "12,5\u00a0% av 25\u00a0% uppnått"
    with translation.override("en"):
        assert check_value(met) == "57.1\u00a0%"


def test_a_paused_diploma_is_vilande_in_swedish():
    with translation.override("sv"):
        assert str(Diploma.Status.PAUSED.label) == "Vilande"
