"""The requirement builder and saved requirement packages: what the documents say (read back
with pypdf and python-docx), the outdated → update flow, the access matrix and bad input."""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader

from procurement.models import Level, Package, PackageItem, RequirementKind
from procurement.services import package_documents as documents
from procurement.services import packages as services
from tests.conftest import log_in_counted

from .factories import category, new_version, requirement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_library")]

BUILDER = "/upphandling/kravpaket/"


@pytest.fixture
def library(db):
    """Coffee with one requirement at each level, cocoa with one advanced."""
    return {
        "basic": requirement("FT-KAF-001", level=Level.BASIC, title_sv="Kaffe med märkning"),
        "advanced": requirement(
            "FT-KAF-002",
            level=Level.ADVANCED,
            kind=RequirementKind.CONTRACT,
            title_sv="Långsiktiga handelsrelationer",
            text_sv="Leverantören ska köpa kaffet genom långsiktiga avtal med odlarna.",
        ),
        "spearhead": requirement("FT-KAF-003", level=Level.SPEARHEAD),
        "cocoa": requirement("FT-KAK-001", level=Level.ADVANCED),
    }


def titles(outline):
    for entry in outline:
        if isinstance(entry, list):
            yield from titles(entry)
        else:
            yield entry.title


def saved_package(organisation, *requirements, language="sv", name="Kaffe till skolorna"):
    return services.package_create(
        organisation=organisation,
        name=name,
        procurement_date=None,
        language=language,
        requirements=list(requirements),
        by=None,
    )


# --- the builder ---------------------------------------------------------------------------


def test_anyone_builds_by_category_and_exactly_the_ticked_levels(client, library):
    response = client.get(BUILDER, {"category": "kaffe", "level": "advanced"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "FT-KAF-002 v1 – Långsiktiga handelsrelationer" in page
    assert "FT-KAF-001 v1" not in page and "FT-KAF-003 v1" not in page
    assert "FT-KAK-001 v1" not in page
    assert "1 krav i paketet" in page


def test_no_level_ticked_means_every_level_and_single_ids_add_to_it(client, library):
    page = client.get(BUILDER, {"category": "kaffe", "id": "FT-KAK-001"}).content.decode()
    for identifier in ("FT-KAF-001", "FT-KAF-002", "FT-KAF-003", "FT-KAK-001"):
        assert identifier in page


def test_the_library_links_single_requirements_by_repeated_id(client, library):
    response = client.get(f"{BUILDER}?id=FT-KAF-003&id=ft-kak-001")
    page = response.content.decode()
    assert "FT-KAF-003 v1" in page and "FT-KAK-001 v1" in page
    assert "FT-KAF-001 v1" not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"id": "FT-KAF-999"}, "Inget krav i biblioteket har id:t FT-KAF-999."),
        ({"id": "hello"}, "HELLO är inte ett krav-id."),
        ({"category": "kaffe", "level": "extreme"}, "extreme är inte en av nivåerna."),
        ({"category": "ingenting"}, "ingenting är inte en av kategorierna."),
    ],
)
def test_bad_input_gets_a_message_and_no_package(client, library, query, message):
    response = client.get(BUILDER, query)
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Ladda ner som PDF" not in page


def test_more_than_200_requirements_is_refused_with_a_message(client, monkeypatch, library):
    monkeypatch.setattr("procurement.selectors.packages.MAX_REQUIREMENTS", 3)
    page = client.get(BUILDER, {"category": "kaffe"}).content.decode()
    assert "Det är 3 krav" not in page
    page = client.get(BUILDER, {"category": ["kaffe", "kakao"]}).content.decode()
    assert "Det är 4 krav; ett paket rymmer högst 3." in page
    assert "Ladda ner som PDF" not in page


def test_the_plain_text_download_is_utf8_and_an_attachment(client, library):
    response = client.get(
        f"{BUILDER}hamta/txt/", {"category": "kaffe", "level": "advanced", "language": "sv"}
    )
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="kravpaket-kravpaket.txt"'
    text = response.content.decode("utf-8")
    assert "FT-KAF-002 v1 – Långsiktiga handelsrelationer" in text
    assert "Nivå: Avancerad" in text
    assert "Leverantören ska köpa kaffet genom långsiktiga avtal med odlarna." in text
    assert "Hur det verifieras:" in text
    assert "ILO-29: konventionen om tvångsarbete" in text


def test_the_package_is_rendered_in_its_language_not_the_pages(client, library):
    text = client.get(
        f"{BUILDER}hamta/txt/", {"id": "FT-KAF-002", "language": "en"}
    ).content.decode()
    assert "FT-KAF-002 v1 – Requirement FT-KAF-002" in text
    assert "Level: Advanced" in text
    assert "ILO-29: the Forced Labour Convention" in text


def test_a_download_without_a_choice_goes_back_to_the_builder(client, library):
    response = client.get(f"{BUILDER}hamta/pdf/", {"id": "FT-XXX-000"})
    assert response.status_code == 302
    assert client.get(f"{BUILDER}hamta/exe/", {"id": "FT-KAF-001"}).status_code == 404


def test_the_pdf_has_the_requirements_an_outline_and_is_tagged(client, library):
    response = client.get(f"{BUILDER}hamta/pdf/", {"category": "kaffe", "language": "sv"})
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Innehåll" in text
    assert "FT-KAF-002 v1 – Långsiktiga handelsrelationer" in text
    assert "Leverantören ska köpa kaffet genom långsiktiga avtal med odlarna." in text
    assert "Fairtrade-märkning eller likvärdig märkning." in text
    assert "ILO-29: konventionen om tvångsarbete" in text
    assert "Särskilt kontraktsvillkor" in text

    outline = list(titles(reader.outline))
    assert outline == [
        "Kravpaket",
        "Innehåll",
        "FT-KAF-001 v1 – Kaffe med märkning",
        "FT-KAF-002 v1 – Långsiktiga handelsrelationer",
        "FT-KAF-003 v1 – Krav FT-KAF-003",
    ]
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "sv"
    assert reader.metadata.title == "Kravpaket"


def test_the_word_document_has_a_heading_per_requirement_and_its_text(client, library):
    response = client.get(f"{BUILDER}hamta/docx/", {"category": "kaffe", "level": "advanced"})
    assert response["Content-Disposition"] == 'attachment; filename="kravpaket-kravpaket.docx"'
    document = Document(io.BytesIO(response.content))
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]
    assert ("Title", "Kravpaket") in headings
    assert ("Heading 1", "FT-KAF-002 v1 – Långsiktiga handelsrelationer") in headings
    assert ("Heading 2", "Kravtext") in headings
    paragraphs = [p.text for p in document.paragraphs]
    assert "Leverantören ska köpa kaffet genom långsiktiga avtal med odlarna." in paragraphs
    assert "ILO-29: konventionen om tvångsarbete" in paragraphs
    facts = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert facts == {
        "ID": "FT-KAF-002",
        "Version": "1",
        "Nivå": "Avancerad",
        "Typ": "Särskilt kontraktsvillkor",
    }
    assert document.core_properties.title == "Kravpaket"
    assert document.core_properties.language == "sv"


# --- saving ---------------------------------------------------------------------------------


def test_anonymous_builds_but_cannot_save(client, library, network):
    page = client.get(BUILDER, {"id": "FT-KAF-001"}).content.decode()
    assert "Logga in" in page and 'name="organisation"' not in page
    response = client.post(BUILDER, {"requirements": "FT-KAF-001", "language": "sv"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Package.objects.exists()


def test_a_member_sees_no_save_form_and_a_forged_post_saves_nothing(
    client, library, network, member, malmo
):
    client.force_login(member)
    page = client.get(BUILDER, {"id": "FT-KAF-001"}).content.decode()
    assert 'name="organisation"' not in page
    assert "Bara samordnare" in page
    response = client.post(
        BUILDER,
        {"organisation": malmo.pk, "name": "X", "requirements": "FT-KAF-001", "language": "sv"},
    )
    assert response.status_code == 200
    assert not Package.objects.exists()


def test_a_coordinator_saves_a_package_and_its_documents_are_rendered(
    client, library, network, coordinator, malmo, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    page = client.get(BUILDER, {"category": "kaffe", "level": "advanced"}).content.decode()
    assert 'value="FT-KAF-002"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            BUILDER,
            {
                "organisation": malmo.pk,
                "name": "Kaffe till skolorna",
                "procurement_date": "2027-03-01",
                "requirements": "FT-KAF-002",
                "language": "sv",
            },
        )
    package = Package.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/upphandling/kravpaket/malmo/{package.pk}/"
    assert (package.organisation, package.name, package.created_by) == (
        malmo,
        "Kaffe till skolorna",
        coordinator,
    )
    assert [item.version for item in package.items.all()] == [library["advanced"].current]
    formats = sorted(d.format for d in package.documents.all())
    assert formats == ["docx", "pdf"]
    assert {d.versions for d in package.documents.all()} == {"FT-KAF-002 v1"}


def test_a_package_for_someone_elses_organisation_is_a_form_error(
    client, library, network, coordinator, lund
):
    client.force_login(coordinator)
    response = client.post(
        BUILDER,
        {"organisation": lund.pk, "name": "X", "requirements": "FT-KAF-001", "language": "sv"},
    )
    assert response.status_code == 200
    assert "Du kan bara spara paket för en organisation du samordnar." in response.content.decode()
    assert not Package.objects.exists()


def test_a_forged_save_of_nothing_says_to_choose_first(
    client, library, network, coordinator, malmo
):
    client.force_login(coordinator)
    response = client.post(
        BUILDER, {"organisation": malmo.pk, "name": "X", "requirements": "", "language": "sv"}
    )
    assert response.status_code == 200
    assert "Välj minst en kategori eller ett krav först." in response.content.decode()
    assert not Package.objects.exists()


def test_a_forged_save_with_an_unknown_id_saves_nothing(
    client, library, network, coordinator, malmo
):
    client.force_login(coordinator)
    response = client.post(
        BUILDER,
        {"organisation": malmo.pk, "name": "X", "requirements": "FT-KAF-999", "language": "sv"},
    )
    assert response.status_code == 200
    assert "FT-KAF-999" in response.content.decode()
    assert not Package.objects.exists()


# --- outdated and updated -------------------------------------------------------------------


def test_a_newer_version_marks_the_package_outdated_and_one_step_updates_it(
    client, library, network, coordinator, malmo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        package = saved_package(malmo, library["basic"], library["advanced"])
    first_documents = set(package.documents.values_list("pk", flat=True))
    assert len(first_documents) == 2
    new_version(
        library["advanced"],
        text_sv="Leverantören ska köpa kaffet genom långsiktiga avtal om minst tre år med odlarna.",
        change_note_sv="Avtalen ska gälla i minst tre år.",
    )
    client.force_login(coordinator)
    url = f"/upphandling/kravpaket/malmo/{package.pk}/"
    page = client.get(url).content.decode()
    assert "1 krav har en nyare version" in page
    assert "FT-KAF-002: version 1 i paketet, version 2 gäller" in page
    assert "Avtalen ska gälla i minst tre år." in page
    assert page.count("Det finns en nyare version: se vad som ändrats.") == 1
    assert '<ins><span class="visually-hidden">[tillagt: </span>om minst tre år' in page
    list_page = client.get("/upphandling/kravpaket/malmo/").content.decode()
    assert "1 inaktuellt" in list_page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}uppdatera/")
    assert response.status_code == 302
    item = PackageItem.objects.get(package=package, requirement=library["advanced"])
    assert item.version.number == 2
    page = client.get(url).content.decode()
    assert "nyare version" not in page
    assert "1 krav har uppdaterats till sin senaste version." in page
    documents_now = package.documents.all()
    assert first_documents < {d.pk for d in documents_now}
    assert {d.versions for d in documents_now} == {
        "FT-KAF-001 v1, FT-KAF-002 v1",
        "FT-KAF-001 v1, FT-KAF-002 v2",
    }
    old = package.documents.filter(versions__endswith="v1", format="pdf").get()
    response = client.get(f"{url}dokument/{old.pk}/")
    assert response["Content-Disposition"].startswith(
        'attachment; filename="kravpaket-kaffe-till-skolorna-'
    )
    pdf = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert "långsiktiga avtal med odlarna" in "".join(p.extract_text() for p in pdf.pages)


def test_the_coordinator_renames_removes_and_adds(client, library, network, coordinator, malmo):
    package = saved_package(malmo, library["basic"], library["advanced"])
    client.force_login(coordinator)
    basic_item = package.items.get(requirement=library["basic"])
    response = client.post(
        f"/upphandling/kravpaket/malmo/{package.pk}/andra/",
        {
            "name": "Kaffe och kakao",
            "language": "sv",
            "remove": [basic_item.pk],
            "add": "FT-KAK-001",
        },
    )
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.name == "Kaffe och kakao"
    assert [i.requirement.identifier for i in package.items.all()] == ["FT-KAF-002", "FT-KAK-001"]


def test_a_change_with_an_unknown_id_changes_nothing(client, library, network, coordinator, malmo):
    package = saved_package(malmo, library["basic"])
    client.force_login(coordinator)
    response = client.post(
        f"/upphandling/kravpaket/malmo/{package.pk}/andra/",
        {"name": "Nytt namn", "language": "sv", "add": "FT-ZZZ-123"},
    )
    assert response.status_code == 200
    assert "FT-ZZZ-123" in response.content.decode()
    package.refresh_from_db()
    assert package.name == "Kaffe till skolorna"


# --- access ----------------------------------------------------------------------------------

READ = ["", "hamta/pdf/", "hamta/txt/"]


@pytest.mark.parametrize(
    ("persona", "reads", "changes"),
    [
        ("anonymous", 302, 302),
        ("member", 200, 404),
        ("coordinator", 200, 200),
        ("other_coordinator", 404, 404),
        ("staff", 200, 404),
    ],
)
def test_access_to_a_saved_package(
    persona_client, library, network, malmo, persona, reads, changes
):
    package = saved_package(malmo, library["basic"])
    client = persona_client(persona)
    base = f"/upphandling/kravpaket/malmo/{package.pk}/"
    for suffix in READ:
        assert client.get(base + suffix).status_code == reads, suffix
    assert client.get("/upphandling/kravpaket/malmo/").status_code == reads
    assert client.get(base + "andra/").status_code == changes
    response = client.post(base + "uppdatera/")
    assert response.status_code == (302 if changes == 200 else changes)
    response = client.post(base + "andra/", {"name": "Ändrat", "language": "sv"})
    package.refresh_from_db()
    assert (package.name == "Ändrat") == (changes == 200)


def test_another_organisations_package_number_is_404_under_ones_own(
    client, library, network, coordinator, lund, malmo
):
    theirs = saved_package(lund, library["basic"])
    client.force_login(coordinator)
    assert client.get(f"/upphandling/kravpaket/malmo/{theirs.pk}/").status_code == 404
    assert client.get(f"/upphandling/kravpaket/lund/{theirs.pk}/").status_code == 404


# --- query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [5, 200])
def test_the_package_list_runs_a_fixed_number_of_queries(
    client, library, network, member, malmo, count, django_assert_num_queries
):
    items = [
        PackageItem(requirement=library["basic"], version=library["basic"].current, position=0)
    ]
    packages = Package.objects.bulk_create(
        Package(organisation=malmo, name=f"Upphandling {n}", language="sv") for n in range(count)
    )
    PackageItem.objects.bulk_create(
        PackageItem(package=p, requirement=i.requirement, version=i.version)
        for p in packages
        for i in items
    )
    log_in_counted(client, member)
    client.get("/upphandling/kravpaket/malmo/")  # warm the session and the caches
    with django_assert_num_queries(6):  # with the intranet menu's membership check
        response = client.get("/upphandling/kravpaket/malmo/")
    assert response.content.decode().count("Upphandling ") >= count


def many_requirements(count: int) -> list:
    return [requirement(f"FT-TEX-{n:03d}", references=("ILO-29", "ILO-138")) for n in range(count)]


@pytest.mark.parametrize("count", [5, 200])
def test_the_builder_lists_the_chosen_requirements_in_a_fixed_number_of_queries(
    client, db, count, django_assert_num_queries
):
    many_requirements(count)
    client.get(BUILDER, {"category": "textil"})
    with django_assert_num_queries(4):
        response = client.get(BUILDER, {"category": "textil"})
    assert response.content.decode().count("ILO-138") == count * 2  # the list and the text


@pytest.mark.parametrize("count", [5, 200])
def test_a_saved_package_page_runs_a_fixed_number_of_queries(
    client, network, member, malmo, count, django_assert_num_queries
):
    chosen = many_requirements(count)
    package = saved_package(malmo, *chosen)
    for req in chosen[::2]:
        new_version(req)
    log_in_counted(client, member)
    url = f"/upphandling/kravpaket/malmo/{package.pk}/"
    client.get(url)
    with django_assert_num_queries(10):  # with the intranet menu's membership check
        response = client.get(url)
    assert f"{(count + 1) // 2} krav har nyare versioner" in response.content.decode()


def test_the_package_page_runs_a_fixed_number_of_queries(
    client, library, network, member, malmo, django_assert_num_queries
):
    def queries_for(package):
        client.get(f"/upphandling/kravpaket/malmo/{package.pk}/")
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            client.get(f"/upphandling/kravpaket/malmo/{package.pk}/")
        return len(context)

    client.force_login(member)
    small = saved_package(malmo, library["basic"])
    big = saved_package(malmo, *library.values(), name="Stort")
    for req in library.values():
        new_version(req)
    assert queries_for(small) == queries_for(big)


def test_the_documents_render_a_large_package(library):
    many = [requirement(f"FT-TEX-{n:03d}", level=Level.BASIC) for n in range(1, 41)]
    content = documents.content_for([r.current for r in many], language="sv", title="Arbetskläder")
    reader = PdfReader(io.BytesIO(documents.render_pdf(content)))
    assert len([t for t in titles(reader.outline) if t.startswith("FT-TEX-")]) == 40
    assert category("TEX").requirements.count() == 40


# --- the pages are valid HTML ----------------------------------------------------------------


def test_the_builder_and_package_pages_pass_the_html_checker(
    client, library, network, coordinator, malmo
):
    """The crawl has no library to build from; these pages with data go through the checker."""
    from tests.pagecheck import run_vnu

    package = saved_package(malmo, library["basic"], library["advanced"], language="en")
    new_version(library["advanced"], text_sv="Leverantören ska köpa kaffet på nya villkor.")
    base = f"/upphandling/kravpaket/malmo/{package.pk}/"
    pages = {}
    for path in [
        f"{BUILDER}?category=kaffe&level=advanced",
        f"{BUILDER}?id=FT-XXX-999",
        "/upphandling/kravpaket/malmo/",
        base,
        f"{base}andra/",
    ]:
        if path == "/upphandling/kravpaket/malmo/":
            client.force_login(coordinator)
        response = client.get(path)
        assert response.status_code == 200, path
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        pages[path] = response.content.decode()
    client.logout()
    pages["anonymous builder"] = client.get(f"{BUILDER}?category=kaffe").content.decode()
    assert [str(error) for error in run_vnu(pages)] == []
