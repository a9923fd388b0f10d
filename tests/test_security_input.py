"""Issue 13, what a person can type or upload: impossible dates (5), hostile spreadsheets (6), pages of
unchecked organisations (11), photo metadata through the admin (12), markup in feeds (13), bad web
addresses (14) and formulas in exports (15). Each test is the attack, named after it."""

import datetime as dt
import html
import io
import zipfile
from pathlib import Path

import feedparser
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone
from PIL import Image

from catalogue.dates import EARLIEST, latest
from catalogue.models import Activity, Occurrence, Provider, Schedule, Theme
from catalogue.recurrence import expand
from news.models import NewsItem
from newsletter.models import Subscriber
from ops.backup import BackupError, backup
from portal import importer
from portal.forms import ScheduleForm
from portal.models import Membership
from quiz.models import Answer
from techniekkaart.spreadsheet import csv_text, safe_cell, xlsx_bytes
from tests import factories

pytestmark = pytest.mark.django_db

YEAR_ONE = "0001-01-01"
EVIL_URL = 'https://evil.example/"><script>alert(1)</script>'
GPS_IFD = 0x8825


@pytest.fixture
def coordinator(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("co", "co@example.org", "x"))
    return client


@pytest.fixture
def org_a():
    return factories.provider("Organisatie A")


@pytest.fixture
def client_a(client, django_user_model, org_a):
    user = django_user_model.objects.create_user("a@example.org", "a@example.org", "wachtwoord-1")
    Membership.objects.create(user=user, provider=org_a)
    client.force_login(user)
    return client


def import_upload(client, provider, data: bytes, name="activiteiten.xlsx"):
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client.post(f"/portaal/organisatie/{provider.slug}/inlezen/", {"bestand": file})


def import_row(**change: str) -> dict[str, str]:
    day = timezone.localdate() + dt.timedelta(days=14)
    row = {
        "kenmerk": "WS-1", "titel": "Bouw een brug", "korte_uitleg": "Hoe sterk is jouw brug?",
        "thema": "bouwen", "soort": "workshop", "leeftijd_vanaf": "8", "leeftijd_tot": "12",
        "voor_wie": "gezin", "prijs": "0", "rolstoel": "nee", "aanmelden": "geen",
        "waar": "school", "wanneer": "data", "datum": f"{day:%d-%m-%Y}", "begintijd": "14:00",
        "eindtijd": "16:00", "herhaling": "eenmalig",
    }  # fmt: skip
    return {**row, **change}


def import_csv(*rows: dict[str, str]) -> bytes:
    lines = [";".join(importer.COLUMNS)]
    lines += [";".join(row.get(column, "") for column in importer.COLUMNS) for row in rows]
    return "\n".join(lines).encode()


def admin_activity_form(owner, venue, **change):
    start = timezone.localdate() + dt.timedelta(days=2)
    form = {
        "title": "Zeepkisten bouwen", "slug": "zeepkisten-bouwen", "summary": "Bouw een zeepkist.",
        "description": "", "provider": owner.pk, "main_theme": Theme.objects.get(slug="vervoer").pk,
        "kind": "workshop", "min_age": 8, "max_age": 12, "audience": "gezin", "price": "0",
        "signup_method": "geen", "location_type": "locatie", "venue": venue.pk,
        "availability": "data", "image_alt": "", "status": "concept",
        "schedules-TOTAL_FORMS": 1, "schedules-INITIAL_FORMS": 0,
        "schedules-0-frequency": "eenmalig", "schedules-0-start_date": start.isoformat(),
        "schedules-0-start_time": "14:00", "schedules-0-end_time": "16:00",
        "schedules-0-until": "", "schedules-0-skip_dates": "[]",
    }  # fmt: skip
    return {**form, **change}


# 5. Year-1 dates ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"start_date": YEAR_ONE},
        {"start_date": "2019-12-31"},
        {"frequency": "wekelijks", "start_date": "2026-12-01", "until": YEAR_ONE},
    ],
)
def test_a_year_one_date_in_the_portal_schedule_form_is_a_dutch_error(change):
    data = {"frequency": "eenmalig", "start_time": "00:05", "end_time": "00:10", **change}
    form = ScheduleForm(data)
    assert not form.is_valid()
    assert "Kies een datum tussen 01-01-2020 en" in str(form.errors)


def test_a_date_more_than_five_years_ahead_is_refused_and_the_window_edges_are_fine():
    base = {"frequency": "eenmalig", "start_time": "10:00", "end_time": "11:00"}
    assert not ScheduleForm({**base, "start_date": latest() + dt.timedelta(days=1)}).is_valid()
    assert ScheduleForm({**base, "start_date": latest()}).is_valid()
    assert ScheduleForm({**base, "start_date": EARLIEST}).is_valid()


def test_a_year_one_skip_date_in_the_portal_is_a_dutch_error():
    data = {"frequency": "wekelijks", "start_date": timezone.localdate(), "start_time": "10:00",
            "end_time": "11:00", "until": timezone.localdate() + dt.timedelta(days=30),
            "skip": "01-01-0001"}  # fmt: skip
    form = ScheduleForm(data)
    assert not form.is_valid()
    assert "Kies een datum tussen" in str(form.errors["skip"])


def test_a_year_one_date_typed_in_the_admin_is_a_form_error_not_a_500(coordinator):
    owner = factories.provider(place="Kampen")
    venue = factories.venue(owner)
    for change in (
        {"schedules-0-start_date": YEAR_ONE},
        {"last_confirmed": YEAR_ONE},
        {"schedules-0-skip_dates": f'["{YEAR_ONE}"]'},
    ):
        response = coordinator.post(
            "/beheer/catalogue/activity/add/", admin_activity_form(owner, venue, **change)
        )
        assert response.status_code == 200, change
        assert not Activity.objects.exists()
    good = coordinator.post("/beheer/catalogue/activity/add/", admin_activity_form(owner, venue))
    assert good.status_code == 302  # the same form with a sane date is saved


def test_a_year_one_publish_date_of_news_is_refused_in_the_admin(coordinator):
    form = {"title": "Oud nieuws", "slug": "oud-nieuws", "kind": NewsItem.Kind.NEWS,
            "summary": "Kort.", "body": "Tekst.", "status": NewsItem.Status.PUBLISHED,
            "publish_at_0": YEAR_ONE, "publish_at_1": "00:05"}  # fmt: skip
    response = coordinator.post("/beheer/news/newsitem/add/", form)
    assert response.status_code == 200
    assert "Kies een datum tussen" in response.content.decode()
    assert not NewsItem.objects.exists()


def test_an_import_row_dated_far_ahead_is_refused_with_the_window(org_a):
    far = f"01-01-{timezone.localdate().year + 20}"
    report = importer.import_activities(
        provider=org_a, data=import_csv(import_row(datum=far)), by=None
    )
    assert report.created == 0
    assert "datum: Kies een datum tussen" in str(report.errors[0])


def test_the_database_refuses_a_year_one_schedule_however_it_is_written():
    act = factories.activity()
    with pytest.raises(IntegrityError), transaction.atomic():
        Schedule.objects.create(activity=act, start_date=dt.date(1, 1, 1), start_time=dt.time(0, 5),
                                end_time=dt.time(0, 10))  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        Activity.objects.filter(pk=act.pk).update(last_confirmed=dt.date(1, 1, 1))


def test_the_recurrence_of_a_year_one_date_gives_no_times_instead_of_an_overflow():
    times = expand(frequency="eenmalig", start_date=dt.date(1, 1, 1), start_time=dt.time(0, 5),
                   end_time=dt.time(0, 10), until=None)  # fmt: skip
    assert times == []
    weekly = expand(frequency="wekelijks", start_date=dt.date(2026, 1, 5), start_time=dt.time(10),
                    end_time=dt.time(11), until=dt.date(9999, 12, 31))  # fmt: skip
    assert weekly == []


def test_backup_refuses_a_row_with_a_year_one_time_up_front_and_writes_nothing(tmp_path):
    act = factories.activity()
    schedule = act.schedules.get()
    bad = Occurrence.objects.create(
        activity=act, schedule=schedule,
        start=dt.datetime(1, 1, 1, 12, tzinfo=dt.UTC), end=dt.datetime(1, 1, 1, 13, tzinfo=dt.UTC),
    )  # fmt: skip
    target = tmp_path / "backups"
    with pytest.raises(BackupError) as refused:
        backup(target / "b.tar.gz")
    assert f"catalogue.occurrence #{bad.pk} (start)" in str(refused.value)
    assert "Er is niets geschreven" in str(refused.value)
    with pytest.raises(CommandError, match="onmogelijke datum"):  # what the operator reads
        call_command("backup", str(target / "b.tar.gz"))
    assert not target.exists()


# 6. Hostile spreadsheets --------------------------------------------------------------------


def hostile_xlsx(rows: int, columns: int, dimension: str | None) -> bytes:
    """A real workbook whose first sheet is replaced by `rows` x `columns` cells (about 1.2 million
    cells zip to some 40 KB), with a lying, honest or missing dimension tag."""
    book = openpyxl.Workbook()
    book.active.append(["kenmerk"])
    buffer = io.BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                tag = f'<dimension ref="{dimension}"/>' if dimension else ""
                row = "<row>" + '<c t="inlineStr"><is><t>kenmerk</t></is></c>' + "<c><v>1</v></c>" * (columns - 1) + "</row>"  # fmt: skip
                data = (
                    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns='
                    '"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    f"{tag}<sheetData>{row * rows}</sheetData></worksheet>"
                ).encode()
            archive.writestr(info.filename, data)
    return out.getvalue()


@pytest.mark.parametrize("dimension", ["A1:B2", None, "A1:ALL1200"], ids=["lying", "none", "true"])
def test_an_xlsx_with_a_million_cells_is_refused_before_it_is_parsed(client_a, org_a, dimension):
    data = hostile_xlsx(1200, 1000, dimension)
    assert len(data) < 150_000
    response = import_upload(client_a, org_a, data)
    assert response.status_code == 200
    assert "te veel cellen" in response.content.decode()
    assert not Activity.objects.exists()


def test_an_xlsx_declaring_a_whole_sheet_is_refused_by_its_dimension(monkeypatch):
    monkeypatch.setattr(importer, "MAX_CELLS", 10**9)  # only the declared size can stop it
    data = hostile_xlsx(2, 3, "A1:XFD1048576")
    with pytest.raises(importer.FileRefused, match=r"meer dan 10\.000 rijen"):
        importer.read_file(data)


def test_an_xlsx_with_a_lying_dimension_is_stopped_by_the_cells_it_reads(monkeypatch):
    # Beyond the byte count (switched off here), the cells openpyxl hands over are counted too.
    monkeypatch.setattr(importer, "_count_xml_tags", lambda archive: None)
    monkeypatch.setattr(importer, "MAX_CELLS", 5_000)
    with pytest.raises(importer.FileRefused, match="te veel cellen"):
        importer.read_file(hostile_xlsx(100, 60, None))


@pytest.mark.parametrize("extra, refused", [(0, False), (1, True)])
def test_cells_are_counted_across_chunks_and_with_a_namespace_prefix(monkeypatch, extra, refused):
    monkeypatch.setattr(importer, "MAX_CELLS", 3)
    body = b" " * (1024 * 1024 - 1) + b"<c>" + b"<x:c/>" * (2 + extra)  # "<c>" split by a chunk
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", body)
    with zipfile.ZipFile(buffer) as archive:
        if refused:
            with pytest.raises(importer.FileRefused, match="te veel cellen"):
                importer._count_xml_tags(archive)
        else:
            importer._count_xml_tags(archive)


def test_a_csv_full_of_separators_is_refused_by_its_cells():
    data = import_csv(import_row()) + b"\n" + b";" * 400_000
    with pytest.raises(importer.FileRefused, match="te veel cellen"):
        importer.read_file(data)


def test_a_normal_xlsx_still_imports(client_a, org_a):
    book = openpyxl.Workbook()
    book.active.append(list(importer.COLUMNS))
    book.active.append([import_row().get(column, "") for column in importer.COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    response = import_upload(client_a, org_a, buffer.getvalue())
    assert response.status_code == 200
    assert Activity.objects.filter(provider=org_a).count() == 1


def test_one_organisation_cannot_import_more_than_ten_times_an_hour(
    client_a, org_a, settings, client, django_user_model
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "import": "10/3600"}
    data = import_csv(import_row())
    for _n in range(10):
        assert import_upload(client_a, org_a, data, "a.csv").status_code == 200
    refused = import_upload(client_a, org_a, data, "a.csv")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "al vaak geïmporteerd" in refused.content.decode()
    # Another organisation is not held up by it.
    org_b = factories.provider("Organisatie B")
    user_b = django_user_model.objects.create_user("b@example.org", "b@example.org", "w-2")
    Membership.objects.create(user=user_b, provider=org_b)
    client.force_login(user_b)
    assert import_upload(client, org_b, data, "b.csv").status_code == 200


# 11. Pages of organisations that were never checked --------------------------------------------


def test_a_just_signed_up_organisation_has_no_public_page(client):
    fresh = factories.provider("Net Aangemeld BV", description="<b>Niet gecontroleerd</b>")
    assert client.get(f"/aanbieders/{fresh.slug}/").status_code == 404
    draft = factories.activity(owner=fresh, status=Activity.Status.SUBMITTED)
    assert client.get(f"/aanbieders/{fresh.slug}/").status_code == 404
    Activity.objects.filter(pk=draft.pk).update(status=Activity.Status.PUBLISHED)
    assert client.get(f"/aanbieders/{fresh.slug}/").status_code == 200


def test_the_sitemap_and_the_api_list_no_organisation_without_a_published_activity(client):
    fresh = factories.provider("Net Aangemeld BV")
    assert fresh.slug not in client.get("/sitemap.xml").content.decode()
    slugs = [p["slug"] for p in client.get("/api/v1/providers").json()["results"]]
    assert fresh.slug not in slugs


# 12. Photo metadata through the admin --------------------------------------------------------


def gps_jpeg(name="thuis-bij-sam.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (52.0, 33.0, 18.0), 3: "E", 4: (6.0, 5.0, 44.0)}
    exif[0x010F] = "Telefoonmerk"  # camera make
    raw = io.BytesIO()
    Image.new("RGB", (300, 200), "orange").save(raw, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(raw.getvalue())).getexif().get_ifd(GPS_IFD)
    return SimpleUploadedFile(name, raw.getvalue(), content_type="image/jpeg")


def assert_clean(field_file):
    assert "thuis-bij-sam" not in field_file.name
    assert field_file.name.endswith(".webp")
    stored = Path(field_file.path).read_bytes()
    assert b"Exif" not in stored and b"Telefoonmerk" not in stored
    image = Image.open(io.BytesIO(stored))
    assert len(image.getexif()) == 0


def test_a_photo_uploaded_in_the_activity_admin_loses_gps_camera_and_name(
    coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    owner = factories.provider(place="Kampen")
    form = admin_activity_form(owner, factories.venue(owner), image=gps_jpeg(), image_alt="Oranje")
    response = coordinator.post("/beheer/catalogue/activity/add/", form)
    assert response.status_code == 302, response.context["adminform"].errors
    assert_clean(Activity.objects.get().image)


def test_a_photo_uploaded_for_a_quiz_answer_loses_gps_camera_and_name(
    coordinator, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    factories.theme_named("bouwen")
    form = {
        "text_nl": "Hut of robot?", "kind": "dit-of-dat", "order": 1,
        "answers-TOTAL_FORMS": 1, "answers-INITIAL_FORMS": 0,
        "answers-0-text_nl": "Een hut", "answers-0-order": 0, "answers-0-icon": "",
        "answers-0-image": gps_jpeg(), "answers-0-weight_bouwen": "2",
    }  # fmt: skip
    response = coordinator.post("/beheer/quiz/question/add/", form)
    assert response.status_code == 302
    assert_clean(Answer.objects.get(text="Een hut").image)


def test_a_photo_uploaded_for_news_loses_gps_camera_and_name(coordinator, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    now = timezone.localtime()
    form = {"title": "Nieuws", "slug": "nieuws", "kind": NewsItem.Kind.NEWS, "summary": "Kort.",
            "body": "Tekst.", "status": NewsItem.Status.DRAFT, "image": gps_jpeg(),
            "image_alt": "Oranje", "publish_at_0": f"{now:%Y-%m-%d}",
            "publish_at_1": f"{now:%H:%M:%S}"}  # fmt: skip
    response = coordinator.post("/beheer/news/newsitem/add/", form)
    assert response.status_code == 302
    assert_clean(NewsItem.objects.get().image)


# 13. Markup in feeds -------------------------------------------------------------------------


def test_markup_in_an_activity_title_reaches_a_feed_reader_as_text_not_markup(client):
    factories.activity(
        "<b>Vet</b> bouwen", summary='Kijk <img src=x onerror="alert(1)"><i>nu</i> &lt;b&gt;'
    )
    feed = feedparser.parse(client.get("/api/v1/feeds/new.rss").content)
    entry = feed.entries[0]
    assert entry.title == "Vet bouwen"
    assert "<" not in entry.title
    assert "<b>" not in entry.summary and "<i>" not in entry.summary
    assert "<img" not in entry.summary and "onerror" not in entry.summary
    # What the provider typed literally stays the visible text, as on the site.
    assert "Kijk nu &lt;b&gt;" in html.unescape(entry.summary)


@pytest.mark.parametrize("url", ["/nieuws/feed.rss", "/nieuws/feed.atom"])
def test_markup_in_news_reaches_a_feed_reader_as_text_not_markup(client, url):
    NewsItem.objects.create(
        title="<b>Vet</b> nieuws", slug="vet", kind=NewsItem.Kind.NEWS,
        summary="<script>alert(1)</script><b>Kort</b>", body="x",
        status=NewsItem.Status.PUBLISHED, publish_at=timezone.now() - dt.timedelta(hours=1),
    )  # fmt: skip
    entry = feedparser.parse(client.get(url).content).entries[0]
    assert entry.title == "Vet nieuws"
    assert "<b>" not in entry.summary and "<script" not in entry.summary
    assert "Kort" in entry.summary


# 14. Web addresses that are not URIs ---------------------------------------------------------


def test_a_script_in_the_website_at_sign_up_is_a_dutch_form_error(client):
    form = {"name": "Kwaad BV", "kind": "bedrijf", "municipality": "Kampen",
            "place": "IJsselmuiden", "website": EVIL_URL, "contact_name": "Sam",
            "email": "sam@example.org", "phone": "", "password": "een-lang-en-eigen-wachtwoord-42"}  # fmt: skip
    response = client.post("/portaal/aanmelden/", form)
    assert "Dit is geen goed webadres" in response.content.decode()
    assert not Provider.objects.filter(name="Kwaad BV").exists()


@pytest.mark.parametrize(
    "url", [EVIL_URL, "javascript:alert(1)//x.nl", "ftp://files.example.org/x", "https://a b.nl"]
)
def test_a_bad_sign_up_link_is_refused_in_the_portal_form(client_a, org_a, url):
    start = timezone.localdate() + dt.timedelta(days=3)
    data = {
        "title": "Robots", "summary": "Bouw een robot.", "description": "",
        "main_theme": Theme.objects.first().pk, "kind": "workshop", "min_age": 8, "max_age": 12,
        "audience": "gezin", "price": "0", "signup_method": "link", "signup_url": url,
        "location_type": "school", "availability": "data", "availability_text": "", "image_alt": "",
        "data-TOTAL_FORMS": 1, "data-INITIAL_FORMS": 0, "data-MIN_NUM_FORMS": 0,
        "data-MAX_NUM_FORMS": 20, "data-0-frequency": "eenmalig",
        "data-0-start_date": start.isoformat(), "data-0-start_time": "14:00",
        "data-0-end_time": "16:00",
    }  # fmt: skip
    response = client_a.post(f"/portaal/organisatie/{org_a.slug}/nieuw/", data)
    assert response.status_code == 200
    assert not Activity.objects.filter(title="Robots").exists()


def test_a_bad_sign_up_link_is_refused_by_the_import(org_a):
    row = import_row(aanmelden="link", aanmeldlink=EVIL_URL)
    report = importer.import_activities(provider=org_a, data=import_csv(row), by=None)
    assert report.created == 0
    assert "aanmeldlink: Dit is geen goed webadres" in str(report.errors[0])


def test_a_bad_website_is_refused_in_the_admin(coordinator):
    form = {"name": "Kwaad BV", "slug": "kwaad-bv", "kind": "bedrijf", "municipality": "Kampen",
            "place": "Kampen", "website": EVIL_URL, "description": "", "contact_name": "",
            "email": "", "phone": "", "lat": "", "lon": "",
            "venues-TOTAL_FORMS": 0, "venues-INITIAL_FORMS": 0}  # fmt: skip
    response = coordinator.post("/beheer/catalogue/provider/add/", form)
    assert response.status_code == 200
    assert "Dit is geen goed webadres" in response.content.decode()
    good = coordinator.post("/beheer/catalogue/provider/add/", {**form, "website": "https://x.nl/"})
    assert good.status_code == 302


def test_a_bad_website_of_an_sto_region_is_refused_in_the_admin(coordinator):
    form = {"name": "Kwaad", "slug": "kwaad", "intro": "", "website": EVIL_URL,
            "municipalities-TOTAL_FORMS": 0, "municipalities-INITIAL_FORMS": 0}  # fmt: skip
    response = coordinator.post("/beheer/regions/storegion/add/", form)
    assert response.status_code == 200
    assert "Dit is geen goed webadres" in response.content.decode()


def test_the_activity_page_never_puts_a_stored_bad_website_in_its_structured_data(client):
    act = factories.activity()
    Provider.objects.filter(pk=act.provider_id).update(website=EVIL_URL)
    page = client.get(f"/activiteiten/{act.slug}/").content.decode()
    assert "evil.example" not in page


def test_the_api_never_serves_a_stored_website_that_is_not_a_uri(client):
    act = factories.activity()
    Provider.objects.filter(pk=act.provider_id).update(website=EVIL_URL)  # from before the check
    body = client.get("/api/v1/providers").content.decode()
    assert "evil.example" not in body and "<script" not in body
    detail = client.get(f"/api/v1/activities/{act.slug}").json()
    assert detail["organizer"]["website"] is None
    Provider.objects.filter(pk=act.provider_id).update(website="https://goed.example/pad?a=1")
    detail = client.get(f"/api/v1/activities/{act.slug}").json()
    assert detail["organizer"]["website"] == "https://goed.example/pad?a=1"


# 15. Formulas in exports ---------------------------------------------------------------------

DDE = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("Sam;=1+1", "Sam;'=1+1"),  # Dutch Excel splits on ; inside an unquoted field
        ("Sam, =1+1", "Sam,' =1+1"),
        ('x;"=1+1', "x;'\"=1+1"),
        ("x\t@SUM(A1)", "x\t'@SUM(A1)"),
        (f"school;{DDE}", f"school;'{DDE}"),
        ("\r=1", "'\r'=1"),
        ("-2", "'-2"),
        ("Zwolle - Kampen", "Zwolle - Kampen"),
        ("sam@example.org", "sam@example.org"),
        (None, ""),
    ],
)
def test_every_piece_of_a_spreadsheet_cell_that_could_be_a_formula_is_defused(value, expected):
    assert safe_cell(value) == expected


def test_a_formula_after_a_semicolon_in_the_newsletter_export_stays_text(admin_client):
    Subscriber.objects.create(
        email="a@example.org", name="Sam;=1+1", organisation=f"school;{DDE}",
        status=Subscriber.Status.CONFIRMED, signed_up_at=timezone.now(),
        confirmed_at=timezone.now(),
    )  # fmt: skip
    text = admin_client.get("/beheer/newsletter/subscriber/export.csv").content.decode("utf-8-sig")
    for piece in text.replace(",", ";").replace("\n", ";").split(";"):
        assert not piece.strip('"').startswith(("=", "+", "-", "@")), piece


def test_the_newsletter_export_as_excel_stores_every_cell_as_text(admin_client):
    Subscriber.objects.create(
        email="a@example.org", name="=1+1", organisation=DDE, status=Subscriber.Status.CONFIRMED,
        signed_up_at=timezone.now(), confirmed_at=timezone.now(),
    )  # fmt: skip
    response = admin_client.get("/beheer/newsletter/subscriber/export.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert {cell.data_type for cell in cells} == {"s"}
    assert [c.value for c in sheet[2]][1:3] == ["=1+1", DDE]  # kept as typed, but as text


def test_xlsx_bytes_never_writes_a_formula():
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([["=1+1", "@x", "\x01ok"]]))).active
    assert [(c.value, c.data_type) for c in sheet[1]] == [("=1+1", "s"), ("@x", "s"), ("ok", "s")]


def test_a_formula_in_a_theme_name_is_defused_in_the_impact_download(client, django_user_model):
    Theme.objects.filter(slug="bouwen").update(name="=1+1;@SUM(A1)")
    factories.activity(theme="bouwen")
    client.force_login(django_user_model.objects.create_user("co2", is_staff=True))
    text = client.get("/cijfers/csv/aanbod-thema/").content.decode("utf-8-sig")
    assert "'=1+1;'@SUM(A1)" in text


def test_csv_text_quotes_fields_with_separators():
    assert csv_text([["a,b", "=c"]]) == '"a,b",\'=c\r\n'
