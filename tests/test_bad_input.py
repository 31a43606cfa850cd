"""Input classes that once answered 500 or stored what no page can show (issue 8), each fixed
in one place: ``fairtrade_portal/validators.py`` (addresses, dates, control characters, installed
on every form field by ``fairtrade_portal/inputs.py``) and ``fairtrade_portal/uploads.py``
(the names uploads are stored under)."""

import datetime as dt
from pathlib import Path
from urllib.parse import unquote

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from diplomas import services
from diplomas.models import Activity, Attachment, Invitation, Organisation
from fairtrade_portal.uploads import stored_name
from fairtrade_portal.validators import clean_stored_text
from network.models import PrintOrder

pytestmark = pytest.mark.django_db

# Passes Django's EmailValidator; IDNA cannot encode a label of 63 non-ASCII letters.
UNSENDABLE = "fuzz@" + "ä" * 63 + ".se"
REFUSED = "Det går inte att skicka e-post till den här adressen"


def _refused(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSED in html
    return html


# --- 1. addresses mail cannot be sent to -----------------------------------------------------


def test_the_contact_form_refuses_an_address_mail_cannot_reach(client):
    response = client.post(
        reverse("contact"),
        {"name": "Kim", "email": UNSENDABLE, "organisation": "", "message": "Hur börjar vi?"},
    )
    _refused(response)
    assert mail.outbox == []


def test_a_handbook_order_with_such_an_address_is_not_stored(client):
    data = {
        "organisation": "Lunds kommun",
        "quantity": "25",
        "contact_name": "Lisa Lund",
        "email": UNSENDABLE,
        "street": "Stortorget 1",
        "postal_code": "22223",
        "city": "Lund",
    }
    _refused(client.post(reverse("network:order"), data))
    assert not PrintOrder.objects.exists()
    assert mail.outbox == []


def test_signup_with_such_an_address_stores_no_account(client):
    password = "ett långt och bra lösenord"
    response = client.post(
        reverse("account_signup"),
        {"email": UNSENDABLE, "password1": password, "password2": password},
    )
    _refused(response)
    assert not User.objects.exists()
    assert mail.outbox == []


def test_a_password_reset_for_such_an_address_answers_with_a_message(client):
    _refused(client.post(reverse("account_reset_password"), {"email": UNSENDABLE}))
    assert mail.outbox == []


def test_adding_such_an_address_stores_nothing(client, member):
    client.force_login(member)
    _refused(client.post(reverse("account_email"), {"action_add": "", "email": UNSENDABLE}))
    assert list(EmailAddress.objects.values_list("email", flat=True)) == [member.email]
    assert mail.outbox == []


def test_inviting_such_an_address_stores_no_invitation(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("diplomas:members", kwargs={"slug": "malmo"}),
        {"email": UNSENDABLE, "role": "member"},
    )
    _refused(response)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_international_domain_that_can_be_encoded_is_accepted(client, coordinator, malmo):
    services.invitation_send(
        organisation=malmo, email="kim@räksmörgås.se", role="member", by=coordinator
    )
    assert Invitation.objects.get().email == "kim@räksmörgås.se"


def test_the_services_refuse_such_an_address_before_storing_a_row(coordinator, malmo):
    from django.core.exceptions import ValidationError

    from network import services as network_services

    with pytest.raises(ValidationError):
        services.invitation_send(
            organisation=malmo, email=UNSENDABLE, role="member", by=coordinator
        )
    with pytest.raises(ValidationError):
        network_services.print_order_place(
            data={
                "organisation": "Lund",
                "quantity": 1,
                "contact_name": "Lisa",
                "email": UNSENDABLE,
                "street": "Stortorget 1",
                "postal_code": "222 23",
                "city": "Lund",
            },
            language="sv",
        )
    assert not Invitation.objects.exists() and not PrintOrder.objects.exists()


class FailingMailServer:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("421 try again later")


def test_a_mail_server_that_fails_after_the_order_is_stored_is_not_a_500(
    client, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_bad_input.FailingMailServer"
    data = {
        "organisation": "Lunds kommun",
        "quantity": "2",
        "contact_name": "Lisa Lund",
        "email": "lisa@lund.example",
        "street": "Stortorget 1",
        "postal_code": "22223",
        "city": "Lund",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("network:order"), data)
    assert response.status_code == 302
    assert PrintOrder.objects.count() == 1


# --- 2. file names longer than the file system allows ----------------------------------------


@pytest.fixture
def application(criteria, malmo, coordinator):
    return services.submission_start(organisation=malmo, by=coordinator)


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n%%EOF\n", "application/pdf")


@pytest.mark.parametrize("name", ["ä" * 140 + ".pdf", "a" * 251 + ".pdf"])
def test_a_long_file_name_is_stored_with_the_answers_posted_beside_it(
    client, application, coordinator, name
):
    client.force_login(coordinator)
    criterion = application.criteria_set.criteria.get(code="ambition")
    url = reverse("diplomas:submission", kwargs={"slug": "malmo", "pk": application.pk})
    for attempt in (1, 2):  # twice: the second must not collide with the first
        response = client.post(
            url,
            {
                "action": "save",
                f"c{criterion.pk}": f"Vårt beslut {attempt}",
                f"f{criterion.pk}": _pdf(name),
            },
        )
        assert response.status_code == 302
    assert application.answers.get(criterion=criterion).text == "Vårt beslut 2"
    first, second = Attachment.objects.order_by("pk")
    assert first.file.name != second.file.name
    for attachment in (first, second):
        stored = Path(attachment.file.name).name
        assert stored.endswith(".pdf") and stored.isascii()
        assert len(stored.encode()) <= 64
        assert attachment.original_name.endswith(".pdf")
        assert attachment.original_name.startswith(name[:100])
        download = client.get(
            reverse("diplomas:attachment", kwargs={"slug": "malmo", "pk": attachment.pk})
        )
        assert download.status_code == 200
        assert attachment.original_name in unquote(download["Content-Disposition"])


def test_stored_names_are_safe_ascii_keep_the_extension_and_lose_the_folders():
    assert stored_name("../../etc/Årsrapport 2025 (slutlig).PDF").startswith(
        "arsrapport-2025-slutlig-"
    )
    assert stored_name("..\\..\\x.pdf").startswith("x-")
    assert stored_name("ä" * 140 + ".pdf").endswith(".pdf")
    assert stored_name("noextension").startswith("noextension-")
    assert stored_name(".pdf.exe.").startswith("pdf-exe-")


# --- 3. dates no one means -------------------------------------------------------------------


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "1999-12-31"])
def test_an_activity_on_a_date_no_one_means_is_refused_with_the_range(client, coordinator, date):
    client.force_login(coordinator)
    response = client.post(
        reverse("diplomas:activities", kwargs={"slug": "malmo"}),
        {"date": date, "title": "Fika", "kind": "tasting", "open_to_residents": "on"},
    )
    assert response.status_code == 200
    assert "Ange ett datum mellan 1 januari 2000 och" in response.content.decode()
    assert not Activity.objects.exists()


def test_the_admin_lists_activities_stored_on_far_dates(client, staff, malmo):
    for day in (dt.date(9999, 12, 31), dt.date(1, 1, 1)):
        Activity.objects.create(organisation=malmo, date=day, title=f"Fel {day.year}", kind="other")
    client.force_login(staff)
    url = reverse("admin:diplomas_activity_changelist")
    for query in (
        {},
        {"date__year": "9999"},
        {"date__year": "9999", "date__month": "12"},
        {"date__year": "9999", "date__month": "12", "date__day": "31"},
        {"date__year": "1"},
    ):
        response = client.get(url, query)
        assert response.status_code == 200, query
    assert "Fel 9999" in client.get(url, {"date__year": "9999"}).content.decode()


# --- 4. control characters -------------------------------------------------------------------


def test_control_characters_are_removed_from_what_a_form_stores(client, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("diplomas:activities", kwargs={"slug": "malmo"}),
        {
            "date": "2026-05-02",
            "title": "Fika\x0bi\x00 parken\x1b",
            "kind": "tasting",
            "partners": "Kyrkan\x85",
            "description": "Rad ett\x0bRad två\r\nRad tre\tmed tabb\x07\x9f",
        },
    )
    activity = Activity.objects.get()
    assert activity.title == "Fika i parken"
    assert activity.partners == "Kyrkan"
    assert activity.description == "Rad ett\nRad två\r\nRad tre\tmed tabb"


def test_the_admin_and_allauth_forms_clean_control_characters_too(client, staff, malmo):
    client.force_login(staff)
    page = client.get(reverse("admin:diplomas_organisation_change", args=[malmo.pk]))
    form = page.context["adminform"].form
    assert form.fields["goals"].clean("Mål\x0bett\x1b") == "Mål\nett"

    from allauth.account.forms import LoginForm

    login = LoginForm().fields
    assert login["login"].clean("pia@fairtrade.example\x0b") == "pia@fairtrade.example"
    assert login["password"].clean("x\x0b") == "x\x0b"  # a password is taken as typed


def test_the_migration_cleans_the_text_already_stored(malmo, member):
    Organisation.objects.filter(pk=malmo.pk).update(
        goals="Mål ett\x0bMål två\x1f\x9f", public_phone="040\x0b34 10 00"
    )
    User.objects.filter(pk=member.pk).update(name="Mats\x07 Medlem")
    for app_label in ("diplomas", "accounts", "network", "notifications"):
        clean_stored_text(app_label)(apps, None)
    malmo.refresh_from_db()
    member.refresh_from_db()
    assert malmo.goals == "Mål ett\nMål två"
    assert malmo.public_phone == "040 34 10 00"
    assert member.name == "Mats Medlem"
