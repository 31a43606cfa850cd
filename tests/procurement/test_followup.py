"""Contracts and supplier follow-up: recording a contract and its plan, bad input, shared
follow-up under the reuse rule, the reminders through the sweep, the access matrix and the
query counts of the lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from notifications.models import EmailKind, EmailOptOut, Reminder
from notifications.services import reminders_sweep
from procurement.models import (
    Contract,
    Deviation,
    Level,
    Participation,
    SharedFollowUp,
    Step,
    StepDocument,
    StepKind,
)
from procurement.services import followup as services
from procurement.services import packages as package_services
from tests.conftest import log_in_counted, make_organisation
from tests.procurement.test_goals import GOAL_URLS

from .factories import category, new_version, requirement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_library")]

TODAY = dt.date.today()
NUMBER = "556677-8899"  # a valid organisation number (Luhn)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def coffee(db):
    return [
        requirement("FT-KAF-001", level=Level.BASIC),
        requirement("FT-KAF-002", level=Level.ADVANCED),
    ]


def coffee_package(organisation, requirements, name="Kaffe"):
    return package_services.package_create(
        organisation=organisation,
        name=name,
        procurement_date=None,
        language="sv",
        requirements=list(requirements),
        by=None,
    )


def make_contract(organisation, requirements, *, number=NUMBER, supplier="Kaffebolaget AB"):
    package = coffee_package(organisation, requirements, name=f"Kaffe {organisation.name}")
    return services.contract_create(
        organisation=organisation,
        supplier_name=supplier,
        supplier_number=number,
        category=category("KAF"),
        package=package,
        starts_on=days(-400),
        ends_on=days(700),
    )


@pytest.fixture
def contract(malmo, coffee, coordinator):
    contract = make_contract(malmo, coffee)
    step = services.step_save(
        contract=contract,
        kind=StepKind.OFFICE_AUDIT,
        planned_on=days(-30),
        responsible=coordinator,
        result="deviations",
        done_on=days(-20),
        summary="Revision på kontoret.",
    )
    services.deviation_add(
        step=step,
        requirement=coffee[1],
        severity="major",
        description="Inga långsiktiga avtal.",
        corrective_action="Teckna avtal med kooperativen.",
        deadline=days(-5),
    )
    services.document_add(
        step=step, upload=SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 rapport"), by=coordinator
    )
    return contract


@pytest.fixture
def shared(contract, lund, coffee):
    """Malmö leads; Lund has the same supplier and is invited."""
    lund_contract = make_contract(lund, coffee)
    shared = services.share(
        contract=contract, summary="Sammanfattning.", share_documents=False, invite=[lund]
    )
    return shared, lund_contract


def url(name, contract, *args):
    return reverse(f"procurement_org:{name}", args=[contract.organisation.slug, contract.pk, *args])


# --- recording a contract and its plan ----------------------------------------------------------


def _contract_data(contract, **changes):
    data = {
        "supplier_name": contract.supplier_name,
        "supplier_number": contract.supplier_number,
        "category": contract.category_id,
        "package": contract.package_id,
        "starts_on": contract.starts_on.isoformat(),
        "ends_on": contract.ends_on.isoformat(),
        "value_band": contract.value_band,
        "contact_name": "Karin Kaffe",
        "contact_email": "",
        "contact_phone": "",
    }
    data.update(changes)
    return data


def test_a_coordinator_changes_a_contract_and_a_period_that_leaves_a_step_out_is_refused(
    client, contract, coordinator
):
    client.force_login(coordinator)
    change = url("contract_change", contract)
    response = client.post(change, _contract_data(contract, starts_on=days(-10).isoformat()))
    assert "planerade utanför den här perioden" in response.content.decode()
    contract.refresh_from_db()
    assert contract.starts_on == days(-400)

    response = client.post(change, _contract_data(contract, supplier_name="Kaffebolaget Syd AB"))
    assert response.status_code == 302
    contract.refresh_from_db()
    assert contract.supplier_name == "Kaffebolaget Syd AB"
    assert contract.contact_name == "Karin Kaffe"


def test_a_shared_follow_ups_organisation_number_stays(client, shared, coordinator):
    shared, _lund_contract = shared
    contract = shared.contract
    client.force_login(coordinator)
    response = client.post(
        url("contract_change", contract), _contract_data(contract, supplier_number="556036-0793")
    )
    assert "organisationsnumret ligger fast" in response.content.decode()
    contract.refresh_from_db()
    assert contract.supplier_number == NUMBER


def contract_data(the_package, **changes):
    data = {
        "supplier_name": "Rosteriet AB",
        "supplier_number": "556036-0793",
        "category": category("KAF").pk,
        "package": the_package.pk,
        "starts_on": days(-10).isoformat(),
        "ends_on": days(365).isoformat(),
        "value_band": "medium",
        "contact_name": "Rut Rostare",
        "contact_email": "rut@rosteriet.example",
        "contact_phone": "",
    }
    data.update(changes)
    return data


def test_a_coordinator_records_a_contract_and_plans_its_follow_up(
    client, malmo, coffee, coordinator, member
):
    package = coffee_package(malmo, coffee)
    client.force_login(coordinator)
    response = client.post(
        reverse("procurement_org:contract_new", args=[malmo.slug]), contract_data(package)
    )
    contract = Contract.objects.get()
    assert response.status_code == 302 and response.url == url("contract", contract)
    assert contract.supplier_number == "556036-0793"

    response = client.post(
        url("step_new", contract),
        {"kind": "self_assessment", "planned_on": days(10).isoformat(), "responsible": member.pk},
    )
    assert response.status_code == 302
    step = Step.objects.get()
    assert step.responsible == member and not step.done

    page = client.get(url("contract", contract)).text
    assert "Rosteriet AB" in page and "Självskattning" in page


def test_a_number_typed_without_the_hyphen_is_stored_with_it(client, malmo, coffee, coordinator):
    package = coffee_package(malmo, coffee)
    client.force_login(coordinator)
    client.post(
        reverse("procurement_org:contract_new", args=[malmo.slug]),
        contract_data(package, supplier_number="5560360793"),
    )
    assert Contract.objects.get().supplier_number == "556036-0793"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"supplier_number": "556036-0794"}, "supplier_number", "sista siffra"),
        ({"supplier_number": "55603-60793"}, "supplier_number", "556677-8899"),
        ({"supplier_number": "abcdef-ghij"}, "supplier_number", "556677-8899"),
        ({"ends_on": days(-20).isoformat()}, "ends_on", "kan inte sluta innan"),
        ({"starts_on": "2026-02-30"}, "starts_on", "giltigt datum"),
        ({"package": "999999"}, "package", "giltigt"),
    ],
)
def test_bad_contract_input_is_a_field_error_and_nothing_is_saved(
    client, malmo, coffee, coordinator, changes, field, message
):
    package = coffee_package(malmo, coffee)
    client.force_login(coordinator)
    response = client.post(
        reverse("procurement_org:contract_new", args=[malmo.slug]),
        contract_data(package, **changes),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert not Contract.objects.exists()


def test_another_organisations_package_cannot_be_chosen(client, malmo, lund, coffee, coordinator):
    theirs = coffee_package(lund, coffee, name="Lunds")
    client.force_login(coordinator)
    response = client.post(
        reverse("procurement_org:contract_new", args=[malmo.slug]), contract_data(theirs)
    )
    assert "package" in response.context["form"].errors
    assert not Contract.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"planned_on": days(800).isoformat()}, "planned_on"),
        ({"planned_on": days(-500).isoformat()}, "planned_on"),
        ({"result": "no_deviations"}, "done_on"),
        ({"result": "no_deviations", "done_on": days(3).isoformat()}, "done_on"),
        ({"done_on": days(-3).isoformat()}, "result"),
        ({"kind": "audit"}, "kind"),
    ],
)
def test_a_step_outside_the_contract_period_or_half_done_is_refused(
    client, contract, coordinator, data, field
):
    client.force_login(coordinator)
    before = list(Step.objects.values_list("pk", "planned_on", "result"))
    post = {"kind": "site_audit", "planned_on": days(30).isoformat(), **data}
    response = client.post(url("step_new", contract), post)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "avtalsperioden" in str(response.context["form"].errors) or field != "planned_on"
    assert list(Step.objects.values_list("pk", "planned_on", "result")) == before


def test_an_upload_that_is_not_what_it_says_is_refused(client, contract, coordinator):
    client.force_login(coordinator)
    step = contract.steps.get()
    response = client.post(
        url("step", contract, step.pk),
        {
            "kind": step.kind,
            "planned_on": step.planned_on.isoformat(),
            "result": step.result,
            "done_on": step.done_on.isoformat(),
            "document": SimpleUploadedFile("rapport.pdf", b"MZ not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "document" in response.context["form"].errors
    assert StepDocument.objects.count() == 1


def test_a_coordinator_removes_a_document_uploaded_by_mistake(
    client, contract, coordinator, django_capture_on_commit_callbacks
):
    document = StepDocument.objects.get()
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    step_page = url("step", contract, document.step_id)
    client.force_login(coordinator)
    page = client.get(step_page).text
    remove = url("document_delete", contract, document.pk)
    assert f'action="{remove}"' in page and "rapport.pdf" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove, follow=True)
    assert response.redirect_chain[-1][0] == step_page
    assert "Filen rapport.pdf har tagits bort." in response.text
    assert not StepDocument.objects.exists()
    assert not storage.exists(name)
    assert client.get(url("document", contract, document.pk)).status_code == 404


def test_a_deviation_names_a_requirement_of_the_package_and_a_deadline_in_the_period(
    client, contract, coordinator
):
    client.force_login(coordinator)
    step = contract.steps.get()
    other = requirement("FT-KAF-009")
    data = {
        "requirement": other.pk,
        "severity": "minor",
        "description": "x",
        "corrective_action": "y",
        "deadline": days(900).isoformat(),
    }
    response = client.post(url("deviation_new", contract, step.pk), data)
    assert set(response.context["form"].errors) == {"requirement", "deadline"}
    assert Deviation.objects.count() == 1

    data.update(requirement=contract.package.items.first().requirement_id, deadline=days(20))
    assert client.post(url("deviation_new", contract, step.pk), data).status_code == 302
    assert Deviation.objects.count() == 2


def test_closing_a_corrective_action(client, contract, coordinator):
    client.force_login(coordinator)
    deviation = Deviation.objects.get()
    assert "Försenad" in client.get(url("contract", contract)).text
    response = client.post(url("deviation_close", contract, deviation.pk))
    assert response.status_code == 302
    deviation.refresh_from_db()
    assert deviation.closed_on == TODAY


# --- shared follow-up and the reuse rule ------------------------------------------------------


def test_the_leader_invites_only_organisations_with_the_same_supplier(
    client, contract, coordinator, lund, coffee
):
    goteborg = make_organisation("1480", "Göteborg", county_name="Västra Götalands län")
    make_contract(lund, coffee)
    make_contract(goteborg, coffee, number="556036-0793")  # another supplier
    client.force_login(coordinator)
    form = client.get(url("share", contract)).context["form"]
    assert list(form.fields["invite"].queryset) == [lund]

    response = client.post(
        url("share", contract), {"summary": "Klart.", "invite": [lund.pk, goteborg.pk]}
    )
    assert "invite" in response.context["form"].errors  # Göteborg is not a choice
    assert not SharedFollowUp.objects.exists()

    client.post(url("share", contract), {"summary": "Klart.", "invite": [lund.pk]})
    shared = SharedFollowUp.objects.get()
    assert [p.organisation for p in shared.participations.all()] == [lund]


def test_a_participant_sees_steps_results_and_summary_but_not_the_internal_documents(
    client, shared, other_coordinator, lund
):
    shared, _lund_contract = shared
    client.force_login(other_coordinator)
    page_url = reverse("procurement_org:shared", args=[lund.slug, shared.pk])
    page = client.get(page_url).text
    assert "Sammanfattning." in page and "Kontorsrevision" in page
    assert "Inga långsiktiga avtal." in page
    assert "rapport.pdf" not in page
    document = StepDocument.objects.get()
    doc_url = reverse("procurement_org:shared_document", args=[lund.slug, shared.pk, document.pk])
    assert client.get(doc_url).status_code == 404

    SharedFollowUp.objects.filter(pk=shared.pk).update(share_documents=True)
    assert "rapport.pdf" in client.get(page_url).text
    response = client.get(doc_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_participant_relies_on_the_shared_follow_up_when_the_rule_holds(
    client, shared, other_coordinator
):
    shared, lund_contract = shared
    client.force_login(other_coordinator)
    coverage = url("coverage", lund_contract, shared.pk)
    page = client.get(coverage).text
    assert "Återanvändningsregeln gäller" in page
    response = client.post(coverage)
    assert response.status_code == 302
    lund_contract.refresh_from_db()
    assert lund_contract.covered_by == shared
    assert "Täckt av gemensam uppföljning" in client.get(url("contract", lund_contract)).text


def test_marking_covered_is_refused_with_the_reasons_when_the_rule_fails(
    client, shared, other_coordinator, coffee
):
    shared, lund_contract = shared
    # Lund's package now asks for a newer version of FT-KAF-002 than Malmö's follow-up used,
    # and for a requirement Malmö's package does not have.
    new_version(coffee[1])
    package_services.package_update(package=lund_contract.package)
    extra = requirement("FT-KAF-003", level=Level.SPEARHEAD)
    lund_contract.package.items.create(requirement=extra, version=extra.current, position=9)
    client.force_login(other_coordinator)
    response = client.post(url("coverage", lund_contract, shared.pk))
    assert response.status_code == 400
    page = response.text
    assert "FT-KAF-002: en äldre version där (v1, er v2)" in page
    assert "FT-KAF-003: finns inte i den gemensamma uppföljningens kravpaket" in page
    lund_contract.refresh_from_db()
    assert lund_contract.covered_by is None


def test_an_audit_three_years_old_is_refused(client, shared, other_coordinator, contract):
    shared, lund_contract = shared
    contract.steps.update(done_on=dt.date(TODAY.year - 3, TODAY.month, 1))
    with pytest.raises(services.ReuseRefused) as refused:
        services.cover(contract=lund_contract, shared=shared)
    assert not refused.value.verdict.audit_recent
    lund_contract.refresh_from_db()
    assert lund_contract.covered_by is None


def test_an_organisation_not_invited_cannot_rely_on_it(client, contract, lund, coffee):
    shared = services.share(contract=contract, summary="", share_documents=False, invite=[])
    lund_contract = make_contract(lund, coffee)
    with pytest.raises(ValueError):
        services.cover(contract=lund_contract, shared=shared)


# --- reminders --------------------------------------------------------------------------------


def sweep(day):
    from notifications.tasks import dispatch_reminders

    reminders_sweep(today=day)
    dispatch_reminders()


def test_a_step_due_in_14_days_and_then_overdue_reminds_the_responsible_once(
    contract, member, coordinator
):
    member.language = "en"
    member.save()
    services.deviation_close(deviation=Deviation.objects.get(), on=TODAY)
    step = services.step_save(
        contract=contract, kind=StepKind.SITE_AUDIT, planned_on=days(14), responsible=member
    )
    sweep(TODAY - dt.timedelta(days=1))  # 15 days before: nothing yet
    assert not Reminder.objects.filter(kind=EmailKind.FOLLOWUP_REMINDERS).exists()
    sweep(TODAY)
    sweep(TODAY)
    sweep(days(5))
    assert [m.subject for m in mail.outbox] == ["Due in 14 days: Site audit of Kaffebolaget AB"]
    assert mail.outbox[0].to == [member.email]
    sweep(days(15))
    sweep(days(16))
    assert [m.subject for m in mail.outbox][1:] == ["Overdue: Site audit of Kaffebolaget AB"]
    assert f"/organisationer/malmo/upphandling/avtal/{contract.pk}/" in mail.outbox[1].body

    # Done steps remind nobody.
    Step.objects.filter(pk=step.pk).update(result="no_deviations", done_on=days(15))
    Reminder.objects.all().delete()
    sweep(days(17))
    assert len(mail.outbox) == 2


def test_an_overdue_corrective_action_reminds_the_coordinators_once_unless_turned_off(
    contract, coordinator, member, other_coordinator
):
    from diplomas.models import Membership
    from tests.conftest import make_user

    second = make_user("kim@malmo.example", "Kim Samordnare")
    Membership.objects.create(
        user=second, organisation=contract.organisation, role=Membership.Role.COORDINATOR
    )
    EmailOptOut.objects.create(user=second, kind=EmailKind.FOLLOWUP_REMINDERS)
    sweep(TODAY)
    sweep(days(1))
    subjects = [(m.to, m.subject) for m in mail.outbox]
    assert subjects == [([coordinator.email], "Försenad åtgärd: Kaffebolaget AB, FT-KAF-002")]
    assert "Teckna avtal med kooperativen." in mail.outbox[0].body


# --- the category team's page and the staff overview -------------------------------------------


def test_a_category_team_lists_the_shared_follow_ups_in_its_category(
    client, network, shared, member
):
    from network.models import Group, GroupMembership

    team = Group.objects.create(
        slug="kaffe", kind=Group.Kind.CATEGORY_TEAM, name_sv="Kaffeteamet", category=category("KAF")
    )
    GroupMembership.objects.create(group=team, user=member)
    client.force_login(member)
    page = client.get(reverse("network:group", args=[team.slug])).text
    assert "Gemensamma uppföljningar i kategorin" in page
    assert "Kaffebolaget AB" in page and "leds av Malmö" in page


def test_staff_see_every_supplier_followed_up_and_by_whom(client, shared, staff):
    client.force_login(staff)
    page = client.get(reverse("procurement:supplier_overview")).text
    assert page.count("Kaffebolaget AB") == 2
    assert "Leder" in page and "Lund" in page


# --- access -----------------------------------------------------------------------------------

PERSONAS = ["anonymous", "outsider", "member", "coordinator", "other_coordinator", "staff"]
LOGIN, REFUSED, NOT_FOUND, OK, DONE, WRONG = 302, 403, 404, 200, 302, 405
# Malmö's contract; Lund (other_coordinator) takes part in Malmö's shared follow-up.
MATRIX = {
    "contracts": ("GET", [LOGIN, NOT_FOUND, OK, OK, NOT_FOUND, OK]),
    "contract_new": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND]),
    "contract": ("GET", [LOGIN, NOT_FOUND, OK, OK, NOT_FOUND, OK]),
    "contract_change": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND]),
    "step_new": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND]),
    "step": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND]),
    "deviation_new": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND]),
    "deviation_close": ("POST", [LOGIN, NOT_FOUND, NOT_FOUND, DONE, NOT_FOUND, NOT_FOUND]),
    "document": ("GET", [LOGIN, NOT_FOUND, OK, OK, NOT_FOUND, OK]),
    "document_delete": ("POST", [LOGIN, NOT_FOUND, NOT_FOUND, DONE, NOT_FOUND, NOT_FOUND]),
    "share": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, NOT_FOUND]),
    "coverage": ("GET", [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK]),
    "shared": ("GET", [LOGIN, NOT_FOUND, OK, OK, OK, OK]),
    "shared_document": ("GET", [LOGIN, NOT_FOUND, OK, OK, NOT_FOUND, OK]),
}


def _path(name, contract, shared, lund_contract, member_of_lund):
    step = contract.steps.get()
    if name == "contracts" or name == "contract_new":
        return reverse(f"procurement_org:{name}", args=[contract.organisation.slug])
    if name in {"step", "deviation_new"}:
        return url(name, contract, step.pk)
    if name == "deviation_close":
        return url(name, contract, Deviation.objects.get().pk)
    if name in {"document", "document_delete"}:
        return url(name, contract, StepDocument.objects.get().pk)
    if name == "coverage":  # Lund's contract against Malmö's shared follow-up
        return url(name, lund_contract, shared.pk)
    slug = lund_contract.organisation.slug if member_of_lund else contract.organisation.slug
    if name == "shared":
        return reverse("procurement_org:shared", args=[slug, shared.pk])
    if name == "shared_document":
        return reverse(
            "procurement_org:shared_document", args=[slug, shared.pk, StepDocument.objects.get().pk]
        )
    return url(name, contract)


def test_the_matrix_covers_every_follow_up_url():
    from fairtrade_portal.access import declared_urls

    names = {
        url.name.split(":")[1]
        for url in declared_urls()
        if (url.name or "").startswith("procurement_org:")
    }
    # The goals and figures under …/mal/ have their own matrix (tests/procurement/test_goals.py).
    assert names - GOAL_URLS == set(MATRIX)


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("persona", PERSONAS)
def test_follow_up_urls_answer_each_persona(
    persona_client, shared, member, outsider, coordinator, other_coordinator, staff, name, persona
):
    shared, lund_contract = shared
    contract = shared.contract
    method, expected = MATRIX[name]
    path = _path(name, contract, shared, lund_contract, persona == "other_coordinator")
    client = persona_client(persona)
    response = client.get(path) if method == "GET" else client.post(path)
    assert response.status_code == expected[PERSONAS.index(persona)], path
    if method == "POST":
        assert client.get(path).status_code in (WRONG, LOGIN, NOT_FOUND)


def test_the_staff_overview_is_for_staff_only(client, member, staff):
    path = reverse("procurement:supplier_overview")
    assert client.get(path).status_code == LOGIN
    client.force_login(member)
    assert client.get(path).status_code == REFUSED
    client.force_login(staff)
    assert client.get(path).status_code == OK


def test_a_malmo_member_does_not_see_the_shared_follow_up_through_lunds_address(
    client, shared, member, lund
):
    shared, _lund_contract = shared
    client.force_login(member)
    assert (
        client.get(reverse("procurement_org:shared", args=[lund.slug, shared.pk])).status_code
        == 404
    )


def test_a_coverage_page_of_a_follow_up_one_is_not_invited_to_is_404(
    client, contract, lund, coffee, other_coordinator
):
    shared = services.share(contract=contract, summary="", share_documents=False, invite=[])
    lund_contract = make_contract(lund, coffee)
    client.force_login(other_coordinator)
    assert client.get(url("coverage", lund_contract, shared.pk)).status_code == 404
    assert client.post(url("coverage", lund_contract, shared.pk)).status_code == 404


# --- query counts -----------------------------------------------------------------------------


def _more_contracts(organisation, requirements, count):
    for index in range(count):
        contract = make_contract(organisation, requirements, supplier=f"Leverantör {index}")
        step = services.step_save(
            contract=contract, kind=StepKind.SELF_ASSESSMENT, planned_on=days(3)
        )
        services.deviation_add(
            step=step,
            requirement=requirements[0],
            severity="minor",
            description="x",
            corrective_action="y",
            deadline=days(-1),
        )


@pytest.mark.parametrize("count", [1, 8])
def test_the_contract_list_runs_the_same_queries_at_any_size(
    client, network, contract, member, coffee, count, django_assert_num_queries
):
    _more_contracts(contract.organisation, coffee, count)
    log_in_counted(client, member)
    path = reverse("procurement_org:contracts", args=[contract.organisation.slug])
    with django_assert_num_queries(6):  # with the intranet menu's membership check
        response = client.get(path)
    assert response.text.count("Leverantör ") == count


@pytest.mark.parametrize("count", [1, 8])
def test_the_contract_page_runs_the_same_queries_at_any_size(
    client, network, contract, member, coffee, count, django_assert_num_queries
):
    step = contract.steps.get()
    for index in range(count):
        services.step_save(contract=contract, kind=StepKind.SITE_AUDIT, planned_on=days(index))
        services.deviation_add(
            step=step,
            requirement=coffee[0],
            severity="minor",
            description=f"Fynd {index}",
            corrective_action="y",
            deadline=days(1),
        )
    log_in_counted(client, member)
    with django_assert_num_queries(11):
        response = client.get(url("contract", contract))
    assert response.text.count("Fynd ") == count


@pytest.mark.parametrize("count", [1, 8])
def test_the_staff_overview_runs_the_same_queries_at_any_size(
    client, shared, staff, coffee, count, django_assert_num_queries
):
    _more_contracts(shared[0].contract.organisation, coffee, count)
    log_in_counted(client, staff)
    with django_assert_num_queries(6):
        response = client.get(reverse("procurement:supplier_overview"))
    assert response.text.count("Leverantör ") == count


@pytest.mark.parametrize("count", [1, 8])
def test_the_shared_page_runs_the_same_queries_at_any_size(
    client, shared, other_coordinator, lund, count, django_assert_num_queries
):
    shared, _lund_contract = shared
    for index in range(count):
        organisation = make_organisation(f"0{index}14", f"Kommun {index}")
        Participation.objects.create(shared=shared, organisation=organisation)
    log_in_counted(client, other_coordinator)
    with django_assert_num_queries(9):
        response = client.get(reverse("procurement_org:shared", args=[lund.slug, shared.pk]))
    assert response.text.count("Kommun ") == count


@pytest.mark.parametrize("count", [1, 6])
def test_the_category_team_page_runs_the_same_queries_at_any_size(
    client, network, contract, coffee, member, count, django_assert_num_queries
):
    from network.models import Group, GroupMembership

    for index in range(count):
        other = make_organisation(f"0{index}15", f"Kommun {index}")
        theirs = make_contract(other, coffee, supplier=f"Leverantör {index}")
        services.share(contract=theirs, summary="", share_documents=False, invite=[])
    team = Group.objects.create(
        slug="kaffe", kind=Group.Kind.CATEGORY_TEAM, name_sv="Kaffeteamet", category=category("KAF")
    )
    GroupMembership.objects.create(group=team, user=member)
    client.force_login(member)
    client.get("/grupper/")  # the session and the language settle
    # The group page's queries, one of them the shared follow-ups in the team's category.
    with django_assert_num_queries(14):
        response = client.get(reverse("network:group", args=[team.slug]))
    assert response.text.count("Leverantör ") == count


def test_the_leader_reads_its_shared_follow_up_with_several_participants(
    client, shared, coordinator, malmo, coffee
):
    shared, _lund_contract = shared
    goteborg = make_organisation("1480", "Göteborg", county_name="Västra Götalands län")
    make_contract(goteborg, coffee)
    services.share(contract=shared.contract, summary="", share_documents=False, invite=[goteborg])
    client.force_login(coordinator)
    page = client.get(reverse("procurement_org:shared", args=[malmo.slug, shared.pk])).text
    assert "Göteborg, Lund" in page
