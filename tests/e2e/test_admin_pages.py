"""Every admin page staff reach passes axe-core: staff are users under EN 301 549 too.

One browser session, logged in as staff, visits the admin's index, every registered model's
list (with its filters open, and once more with a filter chosen), its add form and the change
form and history of a saved object of it (the demo data plus one of each model the demo lacks),
and the custom views: a submission's review page and its decision page, a criteria set's
publish page and the copy action, and a coordinator request's decision page. Every page is
checked with axe-core (WCAG 2.0/2.1 A and AA); the test fails once, listing every page with
violations, so one run shows them all.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from allauth.usersessions.models import UserSession
from django.apps import apps as django_apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from accounts.models import User
from diplomas.demo import load_demo_data
from diplomas.models import CoordinatorRequest, CriteriaSet, Invitation, Organisation, Submission
from network.models import FeedbackAnswer, FeedbackPage, HandbookChapter, HandbookRender, PrintOrder
from network.models import Group as NetworkGroup
from notifications.models import EmailKind, EmailOptOut, Reminder
from procurement.data.load import load_starter_library

from .conftest import run_axe
from .test_layout import use_session_of

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_data(settings, criteria, staff):
    """The demo data, and one saved object of each registered model the demo does not make."""
    settings.DEMO_MODE = True
    # The procurement starter library (migration 0005), gone after an earlier transactional
    # test; before the demo, whose requirement package is built from it.
    load_starter_library(django_apps, connection)
    load_demo_data()
    coordinator = User.objects.get(email="samordnare@demo.example")
    from network.services.news import personal_feed_renew

    personal_feed_renew(user=coordinator)
    malmo = Organisation.objects.get(code="1280")
    Group.objects.create(name="Redaktörer").permissions.set(
        Permission.objects.filter(codename__endswith="handbookchapter")
    )
    HandbookChapter.objects.get_or_create(
        number=1,
        defaults={"slug": "om-diplomet", "title_sv": "Om diplomet", "body_sv": "## Text\n\nEtt."},
    )
    if not FeedbackAnswer.objects.exists():  # the demo's answers need the shipped chapters
        feedback_page = FeedbackPage.objects.create(
            kind=FeedbackPage.Kind.HANDBOOK,
            key="om-diplomet",
            title="Om diplomet",
            path="/handbok/om-diplomet/",
        )
        FeedbackAnswer.objects.create(page=feedback_page, useful=False, comment="Saknar exempel.")
    HandbookRender.objects.create(
        language="sv", status=HandbookRender.Status.FAILED, content_hash="0" * 64, error="Trasig."
    )
    PrintOrder.objects.create(
        organisation="Malmö stad",
        quantity=3,
        contact_name="Sara Samordnare",
        email="sara@malmo.example",
        street="August Palms plats 1",
        postal_code="205 80",
        city="Malmö",
    )
    Reminder.objects.create(
        key="report-due:1280:2027",
        kind=EmailKind.REPORT_REMINDERS,
        template="report_due",
        recipient=coordinator,
        email=coordinator.email,
        status=Reminder.Status.FAILED,
        last_error="421 try again later",
    )
    EmailOptOut.objects.create(user=coordinator, kind=EmailKind.REPORT_REMINDERS)
    UserSession.objects.create(
        user=coordinator, ip="198.51.100.20", session_key="s" * 32, user_agent="Firefox/140.0"
    )
    Invitation.objects.create(
        organisation=malmo,
        email="ny@malmo.example",
        role="member",
        token="t" * 32,
        invited_by=coordinator,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    # A report waiting for review (the demo's is a draft), for the review page and its decision.
    Submission.objects.filter(organisation=malmo, status=Submission.Status.DRAFT).update(
        status=Submission.Status.SUBMITTED, submitted_at=timezone.now()
    )
    project = NetworkGroup.objects.create(
        slug="projektgruppen", kind=NetworkGroup.Kind.PROJECT, name_sv="Projektgruppen"
    )
    project.memberships.create(user=coordinator, is_admin=True, added_by=staff)
    # Discussions: a topic with a thread and its first post.
    from network.models import Post, Thread, Topic

    topic = Topic.objects.create(slug="admin-amne", name_sv="Ämnet", group=project)
    thread = Thread.objects.create(topic=topic, title="Tråden", author=coordinator)
    Post.objects.create(thread=thread, author=coordinator, body="Hej **alla**")
    missing = [
        model._meta.label for model in admin.site._registry if not model._default_manager.exists()
    ]
    assert not missing, f"no saved object of {missing}: add one above"


def admin_pages(staff) -> list[tuple[str, str]]:
    """The index and, for every registered model, its list, add form (where staff may add), and
    one object's change form and history."""
    request = RequestFactory().get("/")
    request.user = staff
    pages = [("index", reverse("admin:index"))]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        name = f"admin:{opts.app_label}_{opts.model_name}"
        pages.append(("list", reverse(f"{name}_changelist")))
        if model_admin.has_add_permission(request):
            pages.append(("add", reverse(f"{name}_add")))
        obj = model._default_manager.order_by("pk").first()
        pages.append(("change", reverse(f"{name}_change", args=[obj.pk])))
        pages.append(("history", reverse(f"{name}_history", args=[obj.pk])))
        if name == "admin:network_event":  # the message to everyone registered
            pages.append(("email", reverse("admin:network_event_email", args=[obj.pk])))
    return pages


class Audit:
    """Visits admin pages in one browser tab and keeps axe's findings per page."""

    def __init__(self, page: Page, page_audit, axe_source: str) -> None:
        self.page = page
        self.page_audit = page_audit
        self.axe_source = axe_source
        self.findings: dict[str, list] = {}
        self.checked = 0

    def check(self) -> None:
        violations = run_axe(self.page, self.axe_source)
        self.page_audit.checked.add(self.page.url)
        self.checked += 1
        if violations:
            self.findings[urlsplit(self.page.url).path + "?" + urlsplit(self.page.url).query] = (
                violations
            )

    def visit(self, path: str) -> int:
        response = self.page.goto(path)
        status = response.status if response else 0
        self.check()
        return status

    def report(self) -> str:
        return "\n".join(
            f"{url}:\n" + "\n".join(str(v) for v in violations)
            for url, violations in self.findings.items()
        )


def test_every_admin_page_passes_axe(page, page_audit, axe_source, live_server, admin_data, staff):
    use_session_of(page, live_server.url, staff)
    audit = Audit(page, page_audit, axe_source)
    refused = []
    for kind, path in admin_pages(staff):
        status = audit.visit(path)
        if status >= 400:
            refused.append(f"{path} answered {status}")
        if kind == "list":
            # The same list with a filter chosen (the filters are open on the page).
            choice = page.locator("#changelist-filter li:not(.selected) a").first
            if choice.count():
                with page.expect_navigation():
                    choice.click()
                audit.check()

    # The custom views.
    submission = Submission.objects.filter(status=Submission.Status.SUBMITTED).first()
    assert submission is not None, "the demo data has a submitted report"
    audit.visit(reverse("admin:diplomas_submission_change", args=[submission.pk]))
    # The decision page shows when the decision is incomplete (the browser would ask first).
    form = page.locator("form.decision-form")
    form.locator("[required]").evaluate_all("(fields) => fields.forEach(f => f.required = false)")
    with page.expect_navigation():
        form.locator("input[type=submit]").click()
    audit.check()

    request = CoordinatorRequest.objects.filter(status=CoordinatorRequest.Status.OPEN).first()
    assert request is not None, "the demo data has an open coordinator request"
    audit.visit(reverse("admin:diplomas_coordinatorrequest_change", args=[request.pk]))
    form = page.locator("form.request-decision-form")
    page_audit.expect_status(400)  # the incomplete decision answers 400 Bad Request
    form.locator("[required]").evaluate_all("(fields) => fields.forEach(f => f.required = false)")
    with page.expect_navigation():
        form.locator("input[type=submit]").click()
    audit.check()

    # Copy a criteria set to a new version (the action), then open the copy and its publish page.
    audit.visit(reverse("admin:diplomas_criteriaset_changelist"))
    page.locator("#result_list input.action-select").first.check()
    page.locator("select[name=action]").select_option("copy_to_new_version")
    with page.expect_navigation():
        page.locator("button[name=index]").click()
    audit.check()
    draft = CriteriaSet.objects.filter(state=CriteriaSet.State.DRAFT).order_by("-pk").first()
    assert draft is not None
    audit.visit(reverse("admin:diplomas_criteriaset_change", args=[draft.pk]))
    audit.visit(reverse("admin:diplomas_criteriaset_publish", args=[draft.pk]))

    # A region's change form (a second kind of organisation) and the user's password form.
    region = Organisation.objects.filter(kind=Organisation.Kind.REGION).first()
    audit.visit(reverse("admin:diplomas_organisation_change", args=[region.pk]))
    audit.visit(reverse("admin:auth_user_password_change", args=[staff.pk]))

    assert not refused, refused
    assert audit.checked > 80, audit.checked
    assert not audit.findings, (
        f"axe-core found violations on {len(audit.findings)} of {audit.checked} admin pages:\n"
        + audit.report()
    )
