"""The spreadsheet import: template, row-by-row report in Dutch, drafts only, updates by kenmerk,
another organisation's data out of reach, hostile content inert, big files fast, garbage no 500."""

import datetime as dt
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.models import Activity, Occurrence, Schedule, Venue
from moderation.models import AuditLog
from moderation.snapshots import activity_snapshot
from portal import importer
from portal.models import Membership
from tests import factories
from tests.factories import csv_file, good_row

pytestmark = pytest.mark.django_db


def day(n: int) -> str:
    return f"{timezone.localdate() + dt.timedelta(days=n):%d-%m-%Y}"


@pytest.fixture
def org_a():
    return factories.provider("Organisatie A")


@pytest.fixture
def user_a(django_user_model, org_a):
    user = django_user_model.objects.create_user("a@example.org", "a@example.org", "wachtwoord-123")
    Membership.objects.create(user=user, provider=org_a)
    return user


@pytest.fixture
def client_a(client, user_a):
    client.force_login(user_a)
    return client


def upload(client, provider, data: bytes, name="activiteiten.csv", **headers):
    url = f"/portaal/organisatie/{provider.slug}/inlezen/"
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(url, {"bestand": file}, headers=headers)


def run(provider, rows, **kwargs):
    return importer.import_activities(provider=provider, data=csv_file(rows, **kwargs), by=None)


def test_the_template_downloads_parses_back_and_imports_as_one_draft(client_a, org_a):
    response = client_a.get(f"/portaal/organisatie/{org_a.slug}/inlezen/voorbeeld.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = response.content
    assert data.startswith("\ufeff".encode())
    header, rows = importer.read_file(data)
    assert tuple(header) == importer.COLUMNS and len(rows) == 1
    assert not [c for c in header + list(rows[0][1].values()) if c[:1] in {"=", "+", "-", "@"}]
    body = upload(client_a, org_a, data).content.decode()
    assert "1 nieuwe activiteit" in body and "0 rijen geweigerd" in body
    activity = Activity.objects.get(provider=org_a)
    assert (activity.status, activity.external_ref, activity.price) == ("concept", "WS-001", 7.5)
    assert [t.slug for t in activity.theme_list()] == ["bouwen", "maken", "stroom"]
    assert activity.occurrences.count() == 5  # weekly for four weeks


def test_a_good_file_imports_drafts_with_their_dates_and_shares_venues(org_a):
    old_venue = factories.venue(org_a, name="Bibliotheek", place="Kampen")
    rows = [
        good_row("A", herhaling="wekelijks", tot_en_met=day(14 + 21)),
        good_row("B", locatie_naam="de werkplaats ", prijs="7,50", rolstoel="ja"),
        good_row("C", locatie_naam="Bibliotheek", locatie_plaats="Kampen", locatie_postcode="",
                 datum=f"{timezone.localdate() + dt.timedelta(days=3):%Y-%m-%d}", begintijd="9.30"),
        good_row("D", waar="Op jouw school", wanneer="Op aanvraag", voor_wie="Schoolklassen",
                 datum="", begintijd="", eindtijd=""),
    ]  # fmt: skip
    report = run(org_a, rows)
    assert (report.created, report.updated, report.refused, report.errors) == (4, 0, 0, [])
    made = {a.external_ref: a for a in Activity.objects.filter(provider=org_a)}
    assert {a.status for a in made.values()} == {Activity.Status.DRAFT}
    assert made["A"].occurrences.count() == 4 and made["B"].occurrences.count() == 1
    assert made["A"].venue == made["B"].venue and made["C"].venue == old_venue
    assert Venue.objects.filter(provider=org_a).count() == 2
    assert (made["B"].price, made["B"].wheelchair_accessible) == (7.5, True)
    assert made["D"].venue is None and not made["D"].schedules.exists()
    assert (made["D"].location_type, made["D"].availability, made["D"].audience) == (
        "school", "aanvraag", "school")  # fmt: skip
    assert made["C"].schedules.get().start_time == dt.time(9, 30)
    for activity in made.values():  # the importer's own snapshots, made without queries, agree
        log = AuditLog.objects.get(activity=activity, action="activity.created")
        assert (log.before, log.after) == (None, activity_snapshot(activity))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"leeftijd_vanaf": "12", "leeftijd_tot": "8"},
         "rij 3, leeftijd_tot: “Leeftijd tot” is kleiner dan “leeftijd vanaf”."),
        ({"thema": "vliegen"}, "rij 3, thema: onbekend thema “vliegen”"),
        ({"locatie_plaats": "Amsterdm", "locatie_postcode": ""},
         "rij 3, locatie_plaats: de plaats “Amsterdm” kennen we niet in Regio Zwolle"),
        ({"andere_themas": "maken, stroom, water"},
         "rij 3, andere_themas: Kies hoogstens twee andere thema's."),
        ({"kenmerk": ""}, "rij 3, kenmerk: vul jullie eigen kenmerk in"),
        ({"kenmerk": "OK"}, "rij 3, kenmerk: staat ook in rij 2; elk kenmerk mag één keer"),
        ({"leeftijd_vanaf": "acht"}, "rij 3, leeftijd_vanaf: “acht” is geen heel getal"),
        ({"leeftijd_tot": "30"},
         "rij 3, leeftijd_tot: Zorg ervoor dat deze waarde hoogstens 18 is."),
        ({"soort": "feest"}, "rij 3, soort: kies uit workshop, bedrijfsbezoek, techlables, club, "
                             "open-dag, museum, kamp, gastles, wedstrijd, online, niet “feest”"),
        ({"prijs": "gratis!"}, "rij 3, prijs: “gratis!” is geen bedrag; schrijf bijvoorbeeld 0 of 7,50"),
        ({"rolstoel": "misschien"}, "rij 3, rolstoel: vul ja of nee in, niet “misschien”"),
        ({"aanmelden": "link"}, "rij 3, aanmeldlink: Vul in hoe kinderen of ouders zich aanmelden."),
        ({"aanmelden": "link", "aanmeldlink": "javascript:alert(1)"},
         "rij 3, aanmeldlink: Voer een geldige URL in."),
        ({"titel": ""}, "rij 3, titel: Dit veld kan niet leeg zijn"),
        ({"datum": "31-02-2027"}, "rij 3, datum: “31-02-2027” is geen datum; schrijf dd-mm-jjjj"),
        ({"eindtijd": "13:00"}, "rij 3, eindtijd: De eindtijd moet na de begintijd liggen."),
        ({"herhaling": "wekelijks"}, "rij 3, tot_en_met: Een reeks heeft een einddatum nodig."),
        ({"locatie_naam": ""},
         "rij 3, locatie_naam: Kies een locatie, of kies “op jouw school” of “online”."),
    ],
)  # fmt: skip
def test_row_errors_are_reported_in_dutch_with_their_row_number(org_a, change, message):
    rows = [good_row("OK"), good_row("NIEUW", **change), {}, good_row("OOK-OK")]
    report = run(org_a, rows)
    assert [str(error) for error in report.errors] == [message]
    assert (report.created, report.refused) == (2, 1)
    assert set(Activity.objects.values_list("external_ref", flat=True)) == {"OK", "OOK-OK"}


def test_the_report_page_lists_the_rows_in_dutch(client_a, org_a):
    body = upload(client_a, org_a, csv_file([good_row(leeftijd_tot="3")])).content.decode()
    assert "rij 2, leeftijd_tot: Zorg ervoor dat deze waarde minstens 4 is." in body
    assert "1 rij geweigerd" in body and "0 nieuwe activiteiten" in body


def test_reimporting_updates_by_kenmerk_instead_of_duplicating(org_a):
    run(org_a, [good_row("A"), good_row("B")])
    Activity.objects.update(status=Activity.Status.PUBLISHED)
    first = Activity.objects.get(external_ref="A")
    before = activity_snapshot(first)
    report = run(org_a, [good_row("A", titel="Bouw een toren", datum=day(20)), good_row("B")])
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    public = Activity.objects.get(external_ref="A", revision_of=None)
    same = Activity.objects.get(external_ref="B")
    assert (public.pk, public.title, public.status) == (first.pk, first.title, "gepubliceerd")
    assert activity_snapshot(public) == before  # stays public as it was while the change waits
    changed = Activity.objects.get(revision_of=public)  # the change goes through review
    assert (changed.title, changed.status) == ("Bouw een toren", Activity.Status.DRAFT)
    assert same.status == Activity.Status.PUBLISHED  # nothing changed, nothing to review
    assert Schedule.objects.filter(activity=changed).count() == 1
    assert [o.start.date() for o in Occurrence.objects.filter(activity=changed)] == [
        timezone.localdate() + dt.timedelta(days=20)
    ]
    assert Activity.objects.count() == 3
    log = AuditLog.objects.get(activity=changed, action="activity.changed")
    assert log.before == before and log.after == activity_snapshot(changed)


def test_another_organisation_gets_404_and_cannot_touch_its_activities(
    client, django_user_model, org_a
):
    run(org_a, [good_row("A")])
    org_b = factories.provider("Organisatie B")
    user_b = django_user_model.objects.create_user("b@example.org", password="wachtwoord-123")
    Membership.objects.create(user=user_b, provider=org_b)
    client.force_login(user_b)
    assert client.get(f"/portaal/organisatie/{org_a.slug}/inlezen/").status_code == 404
    assert client.get(f"/portaal/organisatie/{org_a.slug}/inlezen/voorbeeld.csv").status_code == 404
    hostile = csv_file([good_row("A", titel="Overgenomen")])
    assert upload(client, org_a, hostile).status_code == 404
    assert upload(client, org_b, hostile).status_code == 200
    assert Activity.objects.get(provider=org_a).title == "Bouw een brug"
    assert Activity.objects.get(provider=org_b).title == "Overgenomen"


def test_anonymous_visitors_are_sent_to_log_in(client, org_a):
    response = client.get(f"/portaal/organisatie/{org_a.slug}/inlezen/")
    assert response.status_code == 302 and "/portaal/inloggen/" in response["Location"]


def test_status_and_organisation_cannot_be_set_from_the_file(org_a):
    org_b = factories.provider("Organisatie B")
    columns = [*importer.COLUMNS, "status", "provider", "slug"]
    row = {**good_row(), "status": "gepubliceerd", "provider": org_b.pk, "slug": "mijn-slug"}
    report = run(org_a, [row], columns=columns)
    activity = Activity.objects.get()
    assert (activity.status, activity.provider, activity.slug) == (
        "concept",
        org_a,
        "bouw-een-brug-zwolle",
    )
    assert report.ignored_columns == ["status", "provider", "slug"]


def test_hostile_content_is_stored_as_plain_text_and_shown_inert(client_a, org_a):
    formula, script = '=HYPERLINK("http://evil.example","klik")', "<script>alert(1)</script>"
    rows = [good_row("A", titel=formula), good_row("B", titel=script), good_row("C", thema=script)]
    body = upload(client_a, org_a, csv_file(rows)).content.decode()
    assert set(Activity.objects.values_list("title", flat=True)) == {formula, script}
    assert (
        "<script>alert(1)" not in body
        and "onbekend thema “&lt;script&gt;alert(1)&lt;/script&gt;”" in body
    )
    dashboard = client_a.get("/portaal/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dashboard and "<script>alert" not in dashboard


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(";", "utf-8-sig"), (",", "utf-8"), (";", "cp1252"), ("\t", "utf-16")],
)
def test_dutch_excel_comma_and_old_encodings_all_read(org_a, delimiter, encoding):
    rows = [good_row(titel="Robots één, twee", prijs="€ 2,50")]
    report = run(org_a, rows, delimiter=delimiter, encoding=encoding)
    assert (report.created, report.errors) == (1, [])
    assert Activity.objects.get().title == "Robots één, twee"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"titel;soort\nA;workshop\n", "met in elk geval “kenmerk”"),
        (b"PK\x03\x04rest-of-a-zip", "Dit Excel-bestand kunnen we niet lezen."),
        (b"", "Het verstuurde bestand is leeg."),
        (b"kenmerk\n" + b"x\n" * 10_001, "meer dan 10.000 rijen"),
        (b"kenmerk\n" + b"x" * (5 * 1024 * 1024), "groter dan 5 MB"),
    ],
)
def test_whole_files_are_refused_with_a_dutch_message(client_a, org_a, data, message):
    response = upload(client_a, org_a, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Activity.objects.exists()


def test_htmx_gets_only_the_report(client_a, org_a):
    response = upload(
        client_a, org_a, csv_file([good_row()]), HX_Request="true", HX_Target="import-result"
    )
    body = response.content.decode()
    assert "1 nieuwe activiteit" in body and "<html" not in body
    page = client_a.get(f"/portaal/organisatie/{org_a.slug}/inlezen/").content.decode()
    assert (
        'data-hx-post="' in page
        and 'data-hx-indicator="#import-busy"' in page
        and "<progress" in page
    )


def test_a_file_of_5000_rows_imports_quickly(org_a):
    places = ["Zwolle", "Kampen", "Hattem", "Dalfsen", "Meppel"]
    rows = [
        good_row(f"R{n}", titel=f"Activiteit {n}", locatie_naam=f"Zaal {n % 7}",
                 locatie_plaats=places[n % 5], locatie_postcode="", andere_themas="maken",
                 herhaling="wekelijks" if n % 2 else "eenmalig", tot_en_met=day(14 + 28))
        for n in range(5000)
    ]  # fmt: skip
    data = csv_file(rows)
    started = time.perf_counter()
    report = importer.import_activities(provider=org_a, data=data, by=None)
    seconds = time.perf_counter() - started
    again = importer.import_activities(provider=org_a, data=data, by=None)
    print(
        f"\n5,000 rows: imported in {seconds:.1f} s, re-imported unchanged in {again.seconds:.1f} s"
    )
    assert (report.created, report.refused, again.unchanged) == (5000, 0, 5000)
    assert Activity.objects.count() == 5000 and Venue.objects.count() == 35
    assert Occurrence.objects.count() == 2500 * 5 + 2500


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_give_a_server_error(client_a, org_a, data):
    assert upload(client_a, org_a, data).status_code == 200


cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "0", "-1", "99999999999", "1e309", "NaN", "31-02-2026", "0001-01-01",
                     "24:00", "ja", "locatie", "data", "wekelijks", "bouwen", "=1+1", "\x00"]),
)  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.dictionaries(st.sampled_from(importer.COLUMNS), cell), max_size=4))
def test_garbage_rows_never_give_a_server_error(client_a, org_a, rows):
    response = upload(client_a, org_a, csv_file([{**good_row(), **row} for row in rows]))
    assert response.status_code == 200


# Excel ---------------------------------------------------------------------------------------


def xlsx_file(rows, *, typed: bool = False) -> bytes:
    """An .xlsx with the columns as header; with `typed`, dates, times and numbers as Excel types."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(importer.COLUMNS))
    for row in rows:
        values = [row.get(column, "") for column in importer.COLUMNS]
        if typed:
            for i, column in enumerate(importer.COLUMNS):
                text = values[i]
                if column in ("datum", "tot_en_met") and text:
                    values[i] = dt.datetime.strptime(text, "%d-%m-%Y")  # noqa: DTZ007
                elif column in ("begintijd", "eindtijd") and text:
                    values[i] = dt.time.fromisoformat(text)
                elif column in ("leeftijd_vanaf", "leeftijd_tot") and text:
                    values[i] = int(text)
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("typed", [False, True])
def test_an_excel_file_imports_like_the_csv(client_a, org_a, typed):
    rows = [good_row("WS-1"), good_row("WS-2", titel="Tweede", leeftijd_tot="7")]
    response = upload(client_a, org_a, xlsx_file(rows, typed=typed), name="activiteiten.xlsx")
    body = response.content.decode()
    assert "1 nieuwe activiteit" in body
    assert "rij 3" in body
    activity = Activity.objects.get(external_ref="WS-1")
    assert activity.schedules.get().start_date.strftime("%d-%m-%Y") == good_row()["datum"]


def test_the_excel_template_reads_back_with_its_example_row(client_a, org_a):
    response = client_a.get(f"/portaal/organisatie/{org_a.slug}/inlezen/voorbeeld.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    header, rows = importer.read_file(response.content)
    assert tuple(header) == importer.COLUMNS and len(rows) == 1
    report = importer.import_activities(provider=org_a, data=response.content, by=None)
    assert (report.created, report.errors) == (1, [])


def test_an_excel_zip_bomb_is_refused_before_it_is_unpacked(client_a, org_a):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < 5 * 1024 * 1024
    response = upload(client_a, org_a, buffer.getvalue(), name="bom.xlsx")
    assert "uitgepakt te groot" in response.content.decode()
