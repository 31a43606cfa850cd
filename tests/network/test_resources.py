"""Resources: sharing, changing one's own, staff hiding, the upload checks, downloads as
attachments, the logo rule, the search with filters, the text extraction, and query counts."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diplomas.models import Diploma
from network.extraction import ExtractionError, extract_text
from network.models import Resource, Tag
from tests.conftest import log_in_counted

pytestmark = pytest.mark.django_db


def docx_bytes(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_upload(name="arbetsplan.docx", *paragraphs):
    return SimpleUploadedFile(
        name,
        docx_bytes(*(paragraphs or ("Arbetsplanen för kaffeautomaterna i kommunhuset.",))),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )


def share(client, **fields):
    data = {
        "title": "Mall för politiskt beslut",
        "description": "Ett förslag till beslut i kommunfullmäktige.",
        "category": Resource.Category.DECISION_TEMPLATE,
        "tags": "beslut, fullmäktige",
        "language": "sv",
    }
    data.update(fields)
    return client.post("/resurser/dela/", data)


def make(title, *, by=None, organisation=None, category=Resource.Category.INFORMATION, **extra):
    extra.setdefault("link", "https://example.org/material")
    resource = Resource.objects.create(
        title=title, category=category, shared_by=by, organisation=organisation, **extra
    )
    resource.search_refresh()
    return resource


def test_a_member_shares_a_file_and_its_text_becomes_searchable(
    client, network, member, malmo, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = share(
            client,
            title="Arbetsplan 2026",
            organisation=malmo.pk,
            file=docx_upload("Arbetsplan 2026.docx", "Vi byter alla kaffeautomater under året."),
        )
    resource = Resource.objects.get()
    assert response.status_code == 302 and response.url == f"/resurser/{resource.pk}/"
    assert resource.shared_by == member and resource.organisation == malmo
    assert resource.file_type == "docx" and resource.original_name == "Arbetsplan 2026.docx"
    assert sorted(t.name for t in resource.tags.all()) == ["beslut", "fullmäktige"]
    assert resource.extraction == Resource.Extraction.DONE
    assert "kaffeautomater" in resource.extracted_text
    # A word only in the file's text finds it.
    page = client.get("/resurser/", {"q": "automat"}).content.decode()
    assert "Arbetsplan 2026" in page


def test_a_member_shares_a_link_in_the_name_of_their_organisation_only(
    client, network, member, malmo, lund
):
    client.force_login(member)
    response = share(client, organisation=lund.pk, link="https://example.org/beslut")
    assert response.status_code == 200
    assert not Resource.objects.exists()
    response = share(client, organisation=malmo.pk, link="https://example.org/beslut")
    assert response.status_code == 302
    assert Resource.objects.get().link == "https://example.org/beslut"


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "ftp://example.org/fil", "file:///etc/passwd", "data:,x"]
)
def test_only_http_and_https_links(client, network, member, malmo, link):
    client.force_login(member)
    response = share(client, organisation=malmo.pk, link=link)
    assert response.status_code == 200
    assert "link" in response.context["form"].errors
    assert not Resource.objects.exists()


def test_a_file_or_a_link_is_needed_but_not_both(client, network, member, malmo):
    client.force_login(member)
    assert "Choose a file" in share(client, organisation=malmo.pk).content.decode() or (
        "Välj en fil" in share(client, organisation=malmo.pk).content.decode()
    )
    response = share(client, organisation=malmo.pk, link="https://example.org/", file=docx_upload())
    assert response.context["form"].non_field_errors()
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("program.exe", b"MZ\x90\x00"),
        ("beslut.pdf", b"MZ\x90\x00 not a pdf"),
        ("beslut.docx", b"%PDF-1.4 a pdf in disguise"),
        ("beslut.docx", b"PK\x03\x04 broken zip"),
        ("tom.pdf", b""),
        ("utan-filandelse", b"%PDF-1.4"),
    ],
)
def test_an_upload_with_the_wrong_content_is_refused_and_nothing_stored(
    client, network, member, malmo, settings, name, content
):
    client.force_login(member)
    response = share(
        client, organisation=malmo.pk, file=SimpleUploadedFile(name, content, "application/pdf")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Resource.objects.exists()
    from pathlib import Path

    assert not list(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_the_sharer_edits_their_own_but_not_anothers(client, network, member, coordinator, malmo):
    mine = make("Min resurs", by=member, organisation=malmo)
    theirs = make("Saras resurs", by=coordinator, organisation=malmo)
    client.force_login(member)
    assert client.get(f"/resurser/{mine.pk}/andra/").status_code == 200
    response = client.post(
        f"/resurser/{mine.pk}/andra/",
        {
            "title": "Min ändrade resurs",
            "category": Resource.Category.WORK_PLAN,
            "organisation": malmo.pk,
            "language": "sv",
            "link": "https://example.org/ny",
            "tags": "arbetsplan",
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.title == "Min ändrade resurs" and mine.link == "https://example.org/ny"
    assert "arbetsplan" in mine.search_text
    assert client.get(f"/resurser/{theirs.pk}/andra/").status_code == 404
    assert client.post(f"/resurser/{theirs.pk}/andra/", {"title": "x"}).status_code == 404
    assert Resource.objects.get(pk=theirs.pk).title == "Saras resurs"


def test_staff_hide_a_resource_and_it_disappears_for_everyone_else(
    client, network, member, staff, malmo
):
    resource = make("Gammal broschyr", by=member, organisation=malmo)
    client.force_login(member)
    assert client.post(f"/resurser/{resource.pk}/dolj/", {"hidden": "1"}).status_code == 403
    client.force_login(staff)
    response = client.post(f"/resurser/{resource.pk}/dolj/", {"hidden": "1"})
    assert response.status_code == 302
    assert Resource.objects.get().hidden
    assert "Gammal broschyr" in client.get("/resurser/").content.decode()
    client.force_login(member)
    assert "Gammal broschyr" not in client.get("/resurser/").content.decode()
    assert client.get(f"/resurser/{resource.pk}/").status_code == 404
    assert client.get(f"/resurser/{resource.pk}/andra/").status_code == 404


def test_staff_share_as_fairtrade_sverige_and_edit_anything(client, network, staff, member, malmo):
    client.force_login(staff)
    response = share(client, organisation="", link="https://example.org/nationellt")
    assert response.status_code == 302
    assert Resource.objects.get().organisation is None
    theirs = make("Medlemmens resurs", by=member, organisation=malmo)
    assert client.get(f"/resurser/{theirs.pk}/andra/").status_code == 200


def test_the_download_is_an_attachment_never_inline(
    client, network, member, malmo, django_capture_on_commit_callbacks
):
    client.force_login(member)
    content = docx_bytes("Innehåll")
    with django_capture_on_commit_callbacks(execute=True):
        share(
            client,
            organisation=malmo.pk,
            file=SimpleUploadedFile("Årsplan.docx", content, "text/html"),
        )
    resource = Resource.objects.get()
    response = client.get(f"/resurser/{resource.pk}/fil/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "rsplan.docx" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/octet-stream"
    assert b"".join(response.streaming_content) == content


def test_logos_only_for_organisations_with_a_diploma(
    client, network, member, other_coordinator, staff, outsider, malmo
):
    logo = make(
        "Fairtrade City-logotyp",
        category=Resource.Category.LOGO,
        file="resources/logo.png",
        link="",
        original_name="logo.png",
        file_type="png",
    )
    # Malmö is diplomated: its member sees it. Lund is applying: not yet.
    client.force_login(member)
    assert "Fairtrade City-logotyp" in client.get("/resurser/").content.decode()
    assert client.get(f"/resurser/{logo.pk}/").status_code == 200
    client.force_login(other_coordinator)
    assert "Fairtrade City-logotyp" not in client.get("/resurser/").content.decode()
    assert client.get(f"/resurser/{logo.pk}/").status_code == 404
    assert client.get(f"/resurser/{logo.pk}/fil/").status_code == 404
    # Paused keeps the diploma, and so the logos.
    Diploma.objects.filter(organisation__code="1281").update(status=Diploma.Status.PAUSED)
    client.force_login(other_coordinator)
    assert client.get(f"/resurser/{logo.pk}/").status_code == 200
    client.force_login(staff)
    assert client.get(f"/resurser/{logo.pk}/").status_code == 200
    client.force_login(outsider)
    assert client.get(f"/resurser/{logo.pk}/").status_code == 403


def test_an_applying_organisation_cannot_share_a_logo(client, network, other_coordinator, lund):
    client.force_login(other_coordinator)
    response = share(
        client,
        organisation=lund.pk,
        category=Resource.Category.LOGO,
        link="https://example.org/logo",
    )
    assert "category" in response.context["form"].errors
    assert not Resource.objects.exists()


def test_search_and_filters_combine(client, network, member, malmo, lund):
    kaffe = Tag.objects.create(name="Kaffe")
    krav = make("Upphandlingskrav för kaffe", organisation=malmo, category="decision_template")
    krav.tags.add(kaffe)
    krav.search_refresh()
    make("Kravlista för te", organisation=lund, category="decision_template")
    make("Kravspecifikation", organisation=malmo, category="work_plan")
    make(
        "Krav i pdf",
        organisation=malmo,
        category="decision_template",
        link="",
        file="resources/x.pdf",
        file_type="pdf",
    )
    client.force_login(member)

    def found(**query):
        response = client.get("/resurser/", query)
        assert response.status_code == 200
        return [row["resource"].title for row in response.context["rows"]]

    assert set(found(q="krav")) == {
        "Upphandlingskrav för kaffe",
        "Kravlista för te",
        "Kravspecifikation",
        "Krav i pdf",
    }
    assert set(found(q="krav", organisation="malmo")) == {
        "Upphandlingskrav för kaffe",
        "Kravspecifikation",
        "Krav i pdf",
    }
    assert set(found(q="krav", organisation="malmo", category="decision_template")) == {
        "Upphandlingskrav för kaffe",
        "Krav i pdf",
    }
    assert found(q="krav", category="decision_template", file_type="pdf") == ["Krav i pdf"]
    assert found(q="krav", tag="kaffe") == ["Upphandlingskrav för kaffe"]
    assert found(q="krav", file_type="link", organisation="lund") == ["Kravlista för te"]
    page = client.get("/resurser/", {"q": "krav", "tag": "kaffe"}).content.decode()
    assert "Upphandlings<mark>krav</mark>" in page


@pytest.mark.parametrize(
    "query",
    [
        {"q": "' OR 1=1 --"},
        {"q": "a & | !"},
        {"q": "x" * 5000},
        {"category": "nonsense"},
        {"organisation": "finns-inte"},
        {"tag": "\x00"},
        {"file_type": "exe"},
        {"page": "-1"},
    ],
)
def test_bad_search_input_never_fails(client, network, member, query):
    make("Kaffe")
    client.force_login(member)
    assert client.get("/resurser/", query).status_code == 200


def test_extraction_failure_is_logged_and_the_resource_still_listed(
    client, network, member, malmo, caplog, django_capture_on_commit_callbacks
):
    # A zip that passes the upload check ([Content_Types].xml is there) but holds an XML bomb.
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><w>&lol;</w>',
        )
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        share(
            client,
            title="Trasig fil",
            organisation=malmo.pk,
            file=SimpleUploadedFile("trasig.docx", bomb.getvalue()),
        )
    resource = Resource.objects.get()
    assert resource.extraction == Resource.Extraction.FAILED
    assert "no text from" in caplog.text
    rows = client.get("/resurser/", {"q": "trasig"}).context["rows"]
    assert [row["resource"].title for row in rows] == ["Trasig fil"]


def test_extraction_reads_pdf_and_office_files_and_refuses_bombs():
    from weasyprint import HTML

    pdf = HTML(string="<p>Upphandlingskrav för kaffe</p>").write_pdf()
    assert "Upphandlingskrav" in extract_text(io.BytesIO(pdf), "pdf")
    assert "kaffeautomater" in extract_text(io.BytesIO(docx_bytes("Nya kaffeautomater")), "docx")
    big = io.BytesIO()
    with zipfile.ZipFile(big, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", b"<a>" + b" " * (30 * 1024 * 1024) + b"</a>")
    with pytest.raises(ExtractionError):
        extract_text(io.BytesIO(big.getvalue()), "odt")
    with pytest.raises(ExtractionError):
        extract_text(io.BytesIO(b"%PDF-1.4 garbage"), "pdf")
    assert extract_text(io.BytesIO(b"\x89PNG"), "png") == ""


def test_extracted_text_is_capped():
    from network.models.resources import MAX_EXTRACTED_CHARS

    text = extract_text(io.BytesIO(docx_bytes("ord " * 60_000)), "docx")
    assert len(text) == MAX_EXTRACTED_CHARS


@pytest.mark.parametrize("path", ["/resurser/", "/resurser/dela/"])
def test_outsiders_are_refused(client, network, outsider, path):
    assert client.get(path).status_code == 302
    client.force_login(outsider)
    assert client.get(path).status_code == 403


def many(count, malmo):
    tags = [Tag.objects.create(name=f"tagg{n}") for n in range(3)]
    for n in range(count):
        resource = make(f"Kaffe resurs {n}", organisation=malmo)
        resource.tags.set(tags)
        resource.search_refresh()


@pytest.mark.parametrize("count", [5, 200])
@pytest.mark.parametrize(
    ("query", "expected"),
    # session, user, the network check, the logo check, the filter form's tags and
    # organisations, the count, the page, its tags (one query for all of them); the search
    # with a tag adds the tag's lookup.
    [({}, 10), ({"q": "kaffe", "tag": "tagg1"}, 11)],
)
def test_the_list_and_the_search_run_a_fixed_number_of_queries(
    client, network, member, malmo, count, query, expected
):
    many(count, malmo)
    log_in_counted(client, member)
    client.get("/resurser/", query)  # sessions and caches warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/resurser/", query)
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(count, 20)
    assert len(queries) == expected, [q["sql"][:120] for q in queries]


def test_staff_add_a_resource_in_the_admin_with_the_same_checks(
    client, network, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = "/admin/network/resource/add/"
    base = {"title": "Mall", "category": "other", "language": "sv", "description": ""}
    refused = client.post(url, {**base, "file": SimpleUploadedFile("x.pdf", b"MZ not a pdf")})
    assert refused.status_code == 200 and not Resource.objects.exists()
    neither = client.post(url, base)
    assert neither.status_code == 200 and not Resource.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        added = client.post(
            url, {**base, "title": "Arbetsplan", "file": docx_upload("plan.docx", "Kaffeavtal")}
        )
    assert added.status_code == 302
    resource = Resource.objects.get()
    assert resource.original_name == "plan.docx" and resource.shared_by == staff
    assert resource.extraction == Resource.Extraction.DONE
    assert "kaffeavtal" in resource.search_text
    change = f"/admin/network/resource/{resource.pk}/change/"
    cleared = client.post(change, {**base, "title": "Arbetsplan", "file-clear": "on"})
    assert cleared.status_code == 200
    assert Resource.objects.get().file


def test_a_search_with_more_matches_than_the_cap_says_so_and_ranks_the_first_found(
    client, network, member, malmo, monkeypatch
):
    # The cap is 500 in the portal; three here, so that five matches are "more than".
    monkeypatch.setattr("network.views.resources.RANK_CAP", 3)
    for n in range(5):
        make(f"Kaffepolicy {n}", organisation=malmo)
    make("Tepolicy", organisation=malmo)
    client.force_login(member)

    response = client.get("/resurser/", {"q": "kaffe"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == 3
    assert all(row["resource"].title.startswith("Kaffepolicy") for row in response.context["rows"])
    assert "Fler än 3 resurser matchar" in response.content.decode()

    # Narrowed below the cap, the count is exact again.
    response = client.get("/resurser/", {"q": "kaffepolicy 4"})
    assert [row["resource"].title for row in response.context["rows"]] == ["Kaffepolicy 4"]
    assert not response.context["more_than_cap"]
    assert "1 resurs." in response.content.decode()


def test_a_groups_files_are_listed_and_found_only_for_its_members(
    client, network, member, coordinator, malmo
):
    from network.models import Group, GroupMembership

    group = Group.objects.create(slug="team", kind=Group.Kind.PROJECT, name_sv="Teamet")
    GroupMembership.objects.create(group=group, user=coordinator)
    shared = make("Kaffeavtal för teamet", organisation=malmo, group=group)
    make("Kaffeavtal för alla", organisation=malmo)

    def titles(user):
        client.force_login(user)
        response = client.get("/resurser/", {"q": "kaffeavtal"})
        return {row["resource"].title for row in response.context["rows"]}

    assert titles(coordinator) == {"Kaffeavtal för teamet", "Kaffeavtal för alla"}
    assert titles(member) == {"Kaffeavtal för alla"}
    assert client.get(f"/resurser/{shared.pk}/").status_code == 404
