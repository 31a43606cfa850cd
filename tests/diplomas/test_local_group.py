"""The local group (arbetsgrupp) as a roster: coordinators keep it, members read it, the public
profile and the dashboard name its chair and contact person, and the local-group criterion
reads it – live while a report is a draft, frozen once it is submitted."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from diplomas import rules, selectors, services
from diplomas.models import (
    Answer,
    Criterion,
    Diploma,
    GroupMember,
    LocalGroupRequirement,
    Membership,
    Organisation,
    Submission,
)
from tests.conftest import make_user
from tests.diplomas.factories import city_answers

pytestmark = pytest.mark.django_db

ROSTER = reverse("diplomas:local_group", kwargs={"slug": "malmo"})


def person(organisation, name, role="member", sector="official", **extra) -> GroupMember:
    return GroupMember.objects.create(
        organisation=organisation, name=name, role=role, sector=sector, **extra
    )


def edit_url(member: GroupMember) -> str:
    return reverse(
        "diplomas:group_member_edit", kwargs={"slug": member.organisation.slug, "pk": member.pk}
    )


def full_group(organisation) -> None:
    person(organisation, "Anna Ordförande", "chair", "politician")
    person(organisation, "Erik Kontakt", "contact", "official")
    person(organisation, "Kim Kyrka", "member", "faith")


# --- keeping the roster ----------------------------------------------------------------------


def test_a_coordinator_adds_changes_and_removes_a_person(client, coordinator, malmo):
    client.force_login(coordinator)
    response = client.post(
        ROSTER,
        {
            "name": " Anna Ordförande ",
            "role": "chair",
            "sector": "politician",
            "email": "anna@malmo.example",
            "phone": "040-34 10 00",
            "user": "",
        },
    )
    assert response.status_code == 302
    anna = GroupMember.objects.get(organisation=malmo)
    assert (anna.name, anna.role, anna.sector) == ("Anna Ordförande", "chair", "politician")
    page = client.get(ROSTER).content.decode()
    assert "Anna Ordförande har lagts till i arbetsgruppen." in page
    assert "Förtroendevald politiker" in page and "040-34 10 00" in page

    response = client.post(
        edit_url(anna),
        {"name": "Anna Ordförande", "role": "member", "sector": "politician", "user": ""},
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.role == "member" and anna.email == ""

    response = client.post(edit_url(anna), {"action": "delete"})
    assert response.status_code == 302
    assert not GroupMember.objects.exists()
    assert "Anna Ordförande har tagits bort ur arbetsgruppen." in client.get(ROSTER).text


def test_a_person_can_be_linked_to_a_members_account(client, coordinator, member, malmo):
    client.force_login(coordinator)
    page = client.get(ROSTER).content.decode()
    assert "Mats Medlem (mats@malmo.example)" in page
    client.post(
        ROSTER, {"name": "Mats Medlem", "role": "member", "sector": "business", "user": member.pk}
    )
    assert GroupMember.objects.get().user == member


def test_only_an_account_of_the_organisation_can_be_linked(
    client, coordinator, other_coordinator, malmo
):
    client.force_login(coordinator)
    response = client.post(
        ROSTER,
        {"name": "Olle Annan", "role": "member", "sector": "other", "user": other_coordinator.pk},
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.text
    assert not GroupMember.objects.exists()


def test_a_second_chair_is_refused_with_a_message_and_nothing_changes(client, coordinator, malmo):
    person(malmo, "Anna Ordförande", "chair", "politician")
    erik = person(malmo, "Erik Kontakt", "contact", "official")
    client.force_login(coordinator)
    response = client.post(ROSTER, {"name": "Bo Ny", "role": "chair", "sector": "business"})
    assert response.status_code == 200
    assert "Anna Ordförande är redan ordförande för arbetsgruppen." in response.text
    assert not GroupMember.objects.filter(name="Bo Ny").exists()

    response = client.post(
        edit_url(erik), {"name": "Erik Kontakt", "role": "chair", "sector": "official"}
    )
    assert response.status_code == 200
    assert "Anna Ordförande är redan ordförande" in response.text
    erik.refresh_from_db()
    assert erik.role == "contact"


def test_a_nameless_person_is_refused(client, coordinator):
    client.force_login(coordinator)
    response = client.post(ROSTER, {"name": "   ", "role": "member", "sector": "other"})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.text
    assert not GroupMember.objects.exists()


def test_the_database_holds_one_chair_and_one_contact_person_at_most(malmo, lund):
    person(malmo, "Anna", "chair")
    person(malmo, "Erik", "contact")
    person(lund, "Lena", "chair")  # another organisation has its own chair
    person(malmo, "Kim", "member")
    person(malmo, "Bo", "member")  # as many members as they like
    for role in ("chair", "contact"):
        with pytest.raises(IntegrityError), transaction.atomic():
            person(malmo, "En till", role)
    with pytest.raises(IntegrityError), transaction.atomic():
        person(malmo, "", "member")


def test_the_chair_may_also_be_the_contact_person(client, coordinator, malmo, criteria):
    client.force_login(coordinator)
    client.post(ROSTER, {"name": "Kim Båda", "role": "chair_contact", "sector": "official"})
    assert malmo.local_group_chair.name == "Kim Båda"
    assert Organisation.objects.get(pk=malmo.pk).local_group_contact.name == "Kim Båda"
    response = client.post(ROSTER, {"name": "Bo Ny", "role": "contact", "sector": "business"})
    assert "Kim Båda är redan kontaktperson för arbetsgruppen." in response.text
    with pytest.raises(IntegrityError), transaction.atomic():
        person(malmo, "En till", "chair")
    person(malmo, "Pia Politiker", "member", "politician")
    criterion = Criterion.objects.prefetch_related("thresholds", "group_requirements").get(
        criteria_set__kind="city", code="local-group"
    )
    assert check(criterion, malmo).met


def test_the_service_refuses_a_second_contact_person_in_words(malmo):
    person(malmo, "Erik Kontakt", "contact")
    with pytest.raises(services.ValidationError) as refused:
        services.group_member_save(
            member=GroupMember(organisation=malmo, name="Bo", role="contact", sector="other")
        )
    assert "Erik Kontakt" in str(refused.value.message_dict["role"])


# --- who may use it --------------------------------------------------------------------------


def test_members_read_the_roster_but_cannot_change_it(client, member, malmo):
    anna = person(malmo, "Anna Ordförande", "chair", "politician", email="anna@malmo.example")
    client.force_login(member)
    page = client.get(ROSTER).content.decode()
    assert "Anna Ordförande" in page and "anna@malmo.example" in page
    assert "<form" not in page.split("<main", 1)[1] and "Ändra" not in page.split("<main", 1)[1]
    assert (
        client.post(ROSTER, {"name": "X", "role": "member", "sector": "other"}).status_code == 404
    )
    assert client.get(edit_url(anna)).status_code == 404
    assert client.post(edit_url(anna), {"action": "delete"}).status_code == 404
    assert GroupMember.objects.count() == 1


def test_another_organisations_coordinator_gets_404(client, other_coordinator, malmo):
    anna = person(malmo, "Anna Ordförande", "chair", "politician")
    client.force_login(other_coordinator)
    assert client.get(ROSTER).status_code == 404
    assert (
        client.post(ROSTER, {"name": "X", "role": "member", "sector": "other"}).status_code == 404
    )
    assert client.get(edit_url(anna)).status_code == 404
    assert client.post(edit_url(anna), {"action": "delete"}).status_code == 404
    # Lund's own roster does not reach Malmö's rows either.
    lund_edit = reverse("diplomas:group_member_edit", kwargs={"slug": "lund", "pk": anna.pk})
    assert client.get(lund_edit).status_code == 404
    assert GroupMember.objects.filter(pk=anna.pk).exists()


def test_the_anonymous_are_sent_to_log_in(client, malmo):
    anna = person(malmo, "Anna Ordförande", "chair", "politician")
    for url in (ROSTER, edit_url(anna)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_the_members_page_shows_the_roster_beside_the_portal_accounts(client, member, malmo):
    person(malmo, "Kim Kyrka", "member", "faith")
    client.force_login(member)
    page = client.get(reverse("diplomas:members", kwargs={"slug": "malmo"})).content.decode()
    assert "Konton i portalen" in page and "mats@malmo.example" in page
    assert "Kim Kyrka" in page and "Trossamfund" in page
    assert ROSTER in page


@pytest.mark.parametrize("persona", ["member", "coordinator"])
def test_the_roster_page_runs_the_same_queries_for_3_and_30_people(
    client, persona, request, malmo, member, coordinator
):
    from django.test.utils import CaptureQueriesContext

    client.force_login(request.getfixturevalue(persona))

    def add(count):
        start = GroupMember.objects.count()
        for index in range(start, count):
            user = make_user(f"p{index}@malmo.example", f"Person {index}")
            Membership.objects.create(user=user, organisation=malmo)
            person(malmo, f"Person {index}", "member", "other", user=user)

    client.get(ROSTER)  # the session's first page notes the visit (network.middleware)
    counts = []
    for size in (3, 30):
        add(size)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(ROSTER).status_code == 200
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 8


# --- what others read from it ----------------------------------------------------------------


def test_the_public_profile_names_the_chair_and_contact_person_from_the_roster(client, malmo):
    Diploma.objects.create(
        organisation=malmo, kind="city", status="diplomated", diplomated_since=dt.date(2008, 6, 1)
    )
    full_group(malmo)
    person(malmo, "Hemlig Medlem", "member", "business", email="hemlig@malmo.example")
    html = client.get(reverse("diplomas:profile", kwargs={"slug": "malmo"})).content.decode()
    assert "<dt>Ordförande</dt><dd>Anna Ordförande</dd>" in html
    assert "<dt>Kontaktperson</dt><dd>Erik Kontakt</dd>" in html
    # Only the chair and the contact person are public; the rest of the roster is not.
    assert "Hemlig Medlem" not in html and "hemlig@malmo.example" not in html


def test_the_dashboard_names_the_chair_and_contact_person(client, member, malmo):
    full_group(malmo)
    client.force_login(member)
    page = client.get(reverse("diplomas:dashboard", kwargs={"slug": "malmo"})).content.decode()
    assert "ordförande Anna Ordförande, kontaktperson Erik Kontakt" in page


def test_the_profile_form_no_longer_asks_for_chair_and_contact(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("diplomas:edit_profile", kwargs={"slug": "malmo"})).text
    assert "group_chair" not in page and "group_contact" not in page


def test_organisation_properties_read_the_roster(malmo, lund, django_assert_num_queries):
    full_group(malmo)
    organisation = Organisation.objects.get(pk=malmo.pk)
    with django_assert_num_queries(1):
        assert organisation.local_group_chair.name == "Anna Ordförande"
        assert organisation.local_group_contact.name == "Erik Kontakt"
    assert lund.local_group_chair is None and lund.local_group_contact is None


# --- the criterion that reads it -------------------------------------------------------------


@pytest.fixture
def local_group_criterion(criteria) -> Criterion:
    return Criterion.objects.prefetch_related("thresholds", "group_requirements").get(
        criteria_set__kind="city", code="local-group"
    )


def check(criterion, organisation):
    return rules.check_criterion(
        criterion,
        organisation=organisation,
        computed_value=rules.local_group_summary(organisation),
    )


def test_the_shipped_city_criterion_asks_for_chair_contact_official_and_politician(
    local_group_criterion,
):
    assert local_group_criterion.computed == Criterion.Computed.LOCAL_GROUP
    asked = {
        (r.role, r.sector, r.min_count) for r in local_group_criterion.group_requirements.all()
    }
    assert asked == {
        ("chair", "", 1),
        ("contact", "", 1),
        ("", "official", 1),
        ("", "politician", 1),
    }
    region = Criterion.objects.get(criteria_set__kind="region", code="group")
    assert region.computed == "local_group"
    assert {(r.role, r.sector) for r in region.group_requirements.all()} == {("contact", "")}


def test_the_criterion_is_met_with_a_politician_and_not_without(local_group_criterion, malmo):
    assert check(local_group_criterion, malmo).missing == "ingen är med på arbetsgruppens lista"

    person(malmo, "Anna Ordförande", "chair", "official")
    person(malmo, "Erik Kontakt", "contact", "official")
    result = check(local_group_criterion, malmo)
    assert not result.met
    assert result.missing == "förtroendevald politiker: 0 av 1"

    person(malmo, "Pia Politiker", "member", "politician")
    result = check(local_group_criterion, malmo)
    assert result.met, result.missing
    assert result.local_group.chair.name == "Anna Ordförande"


def test_the_criterion_names_a_missing_chair_and_contact_person(local_group_criterion, malmo):
    person(malmo, "Pia Politiker", "member", "politician")
    person(malmo, "Olof Tjänsteman", "member", "official")
    assert check(local_group_criterion, malmo).missing == "ingen ordförande, ingen kontaktperson"


def test_the_requirement_is_data(local_group_criterion, malmo):
    full_group(malmo)  # a politician and an official, no business
    assert check(local_group_criterion, malmo).met
    LocalGroupRequirement.objects.create(
        criterion=local_group_criterion, sector="business", min_count=2
    )
    criterion = Criterion.objects.prefetch_related("thresholds", "group_requirements").get(
        pk=local_group_criterion.pk
    )
    assert check(criterion, malmo).missing == "näringsliv: 0 av 2"


def test_the_roster_is_frozen_when_the_report_is_submitted(
    client, criteria, malmo, coordinator, staff
):
    full_group(malmo)
    submission = services.submission_start(organisation=malmo, by=coordinator)
    client.force_login(coordinator)
    url = reverse("diplomas:submission", kwargs={"slug": "malmo", "pk": submission.pk})
    page = client.get(url).content.decode()
    assert "Läses från arbetsgruppens lista" in page and "Anna Ordförande" in page
    data = city_answers(submission.criteria_set)
    data["action"] = "submit"
    client.post(url, data)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    answer = submission.answers.get(criterion__code="local-group")
    assert answer.snapshot["people"][0] == {
        "name": "Anna Ordförande",
        "role": "chair",
        "sector": "politician",
    }
    assert "email" not in str(answer.snapshot)

    # Anna leaves the group afterwards; the submitted report still shows the group it reported.
    GroupMember.objects.filter(name="Anna Ordförande").delete()
    review = selectors.submission_view(submission)
    row = next(r for r in review.checks if r["criterion"].code == "local-group")
    assert row["check"].met
    assert row["check"].local_group.chair.name == "Anna Ordförande"
    client.force_login(staff)
    admin_page = client.get(
        reverse("admin:diplomas_submission_change", args=[submission.pk])
    ).content.decode()
    assert "Anna Ordförande" in admin_page


def test_a_report_answered_in_words_before_the_roster_keeps_its_verdict(
    local_group_criterion, malmo
):
    legacy = Answer(criterion=local_group_criterion, text="Kommunen, kyrkan och två skolor.")
    assert rules.check_criterion(local_group_criterion, organisation=malmo, answer=legacy).met
    empty = Answer(criterion=local_group_criterion, text="")
    assert not rules.check_criterion(local_group_criterion, organisation=malmo, answer=empty).met


def test_the_public_badge_reads_the_frozen_roster(client, criteria, malmo):
    Diploma.objects.create(
        organisation=malmo, kind="city", status="diplomated", diplomated_since=dt.date(2008, 6, 1)
    )
    criteria_set = Criterion.objects.get(criteria_set__kind="city", code="local-group").criteria_set
    submission = Submission.objects.create(
        organisation=malmo,
        kind="yearly_report",
        year=2025,
        criteria_set=criteria_set,
        status="approved",
        decided_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    )
    summary = rules.LocalGroupSummary(
        (
            rules.GroupPerson("Anna", "chair", "politician"),
            rules.GroupPerson("Erik", "contact", "official"),
        )
    )
    Answer.objects.create(
        submission=submission,
        criterion=criteria_set.criteria.get(code="local-group"),
        snapshot=summary.as_snapshot(),
        number=2,
    )
    html = client.get(reverse("diplomas:profile", kwargs={"slug": "malmo"})).content.decode()
    # The only criterion answered is the local group's, met by the roster it froze.
    assert html.count('class="badge badge-met"') == 1
    assert "✓</span> En lokal arbetsgrupp med ordförande och kontaktperson</li>" in html


# --- the data migration ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_the_text_fields_into_roster_rows():
    executor = MigrationExecutor(connection)
    before = [("diplomas", "0030_group_members")]
    after = [("diplomas", "0031_roster_from_text_fields")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    county = old.get_model("diplomas", "County").objects.create(code="12", name="Skåne län")
    Organisation_ = old.get_model("diplomas", "Organisation")

    def organisation(code, name, chair, contact):
        return Organisation_.objects.create(
            kind="municipality",
            code=code,
            name=name,
            official_name=name,
            slug=name.lower(),
            county=county,
            population=1,
            population_year=2024,
            group_chair=chair,
            group_contact=contact,
        )

    organisation("1280", "Malmo", "Anna  Ordförande ", "Erik Kontakt")
    organisation("1281", "Lund", "", "Lena Kontakt")
    organisation("1282", "Landskrona", "", "")
    organisation("1283", "Helsingborg", "Kim Båda", "kim båda")  # one person in both roles

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    rows = sorted(
        new.get_model("diplomas", "GroupMember").objects.values_list(
            "organisation__code", "name", "role", "sector"
        )
    )
    assert rows == [
        ("1280", "Anna Ordförande", "chair", "other"),
        ("1280", "Erik Kontakt", "contact", "other"),
        ("1281", "Lena Kontakt", "contact", "other"),
        ("1283", "Kim Båda", "chair_contact", "other"),
    ]

    # And back: the text fields are filled from the roster again.
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    malmo_ = old.get_model("diplomas", "Organisation").objects.get(code="1280")
    assert (malmo_.group_chair, malmo_.group_contact) == ("Anna Ordförande", "Erik Kontakt")

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


# --- the admin -------------------------------------------------------------------------------


def test_staff_keep_the_roster_in_the_admin_and_a_second_chair_is_refused(client, staff, malmo):
    person(malmo, "Anna Ordförande", "chair", "politician")
    client.force_login(staff)
    response = client.post(
        reverse("admin:diplomas_groupmember_add"),
        {"organisation": malmo.pk, "name": "Bo Ny", "role": "chair", "sector": "business"},
    )
    assert response.status_code == 200
    assert "Arbetsgruppen har redan en ordförande." in response.text
    assert GroupMember.objects.count() == 1
    listing = client.get(reverse("admin:diplomas_groupmember_changelist")).text
    assert "Anna Ordförande" in listing
    organisation_page = client.get(
        reverse("admin:diplomas_organisation_change", args=[malmo.pk])
    ).text
    assert 'value="Anna Ordförande"' in organisation_page


def test_the_criterion_admin_edits_what_the_local_group_must_include(client, staff, criteria):
    criterion = Criterion.objects.get(criteria_set__kind="city", code="local-group")
    client.force_login(staff)
    page = client.get(reverse("admin:diplomas_criterion_change", args=[criterion.pk])).text
    assert "group_requirements-TOTAL_FORMS" in page
    assert "Förtroendevald politiker" in page
