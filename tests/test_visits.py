"""Class visits (issue 20): a teacher asks, the provider answers, both say whether it happened.

Capacity (a full date cannot be asked for or agreed, also when two agree at once), the teacher's secret
links, the provider's access (catalogue/access.py), rate limits, and the outbox when the mail server is
down."""

from __future__ import annotations

import datetime as dt
import re
import smtplib
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from catalogue.models import Activity
from classroom.models import ClassSession, default_expiry
from outbox.models import QueuedMail
from portal.models import Membership
from quiz.models import Result
from tests import factories
from visits import capacity, services
from visits.models import DateCapacity, PeriodCapacity, VisitRequest

pytestmark = pytest.mark.django_db
State = VisitRequest.State
TODAY = timezone.localdate()


def day(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def lesson():
    return factories.activity(
        "Gastles bruggen bouwen",
        audience=Activity.Audience.SCHOOLS,
        kind=Activity.Kind.GUEST_LESSON,
    )


@pytest.fixture
def owner(django_user_model, lesson):
    return factories.member(django_user_model, lesson.provider, "eigenaar@example.org")


def ask(activity, dates=(10, 11), pupils=25, email="juf@school.example", **extra) -> VisitRequest:
    fields = {
        "activity": activity, "school": "De Vlieger", "groep": 6, "pupils": pupils,
        "place": "Dalfsen", "municipality": "Dalfsen", "dates": [day(n) for n in dates],
        "email": email, "message": "Hallo",
    }  # fmt: skip
    return services.request_create(**{**fields, **extra})


def confirmed(activity, **extra) -> VisitRequest:
    made = ask(activity, **extra)
    result = services.request_confirm_email(confirm_token=made.confirm_token)
    assert result is not None
    return result


def path_in(message) -> str:
    """The path of the link in a mail (its host is SITE_URL)."""
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def form_data(**change):
    data = {"school": "De Vlieger", "groep": "6", "plaats": "Dalfsen", "pupils": "24",
            "date1": day(10).isoformat(), "date2": day(11).isoformat(), "date3": "",
            "message": "Wij bouwen al bruggen.", "email": "juf@school.example"}  # fmt: skip
    return {**data, **change}


# --- the teacher asks -------------------------------------------------------------------------------


def test_a_teacher_asks_confirms_and_the_provider_hears_of_it_only_then(client, lesson, owner):
    response = client.post(f"/klasbezoek/aanvragen/{lesson.slug}/", form_data())
    assert response.status_code == 303
    made = VisitRequest.objects.get()
    assert response["Location"] == made.teacher_url()
    assert [d.date for d in made.preferred.all()] == [day(10), day(11)]
    assert made.municipality == "Dalfsen" and made.theme == "bouwen"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["juf@school.example"]
    assert "Wij bouwen" not in mail.outbox[0].body  # no typed text to a typed address
    # the provider does not see an unconfirmed request
    client.force_login(owner)
    listing = client.get(f"/portaal/organisatie/{lesson.provider.slug}/aanvragen/")
    assert "De Vlieger" not in listing.content.decode()
    link = path_in(mail.outbox[0])
    anonymous = Client()
    assert "Bevestig en verstuur" in anonymous.get(link).content.decode()
    assert (
        VisitRequest.objects.get().email_confirmed is None
    )  # a GET (mail scanner) confirms nothing
    assert anonymous.post(link).status_code == 303
    assert VisitRequest.objects.get().email_confirmed is not None
    assert mail.outbox[-1].to == [lesson.provider.email, "eigenaar@example.org"] or set(
        mail.outbox[-1].to
    ) >= {"eigenaar@example.org"}
    assert anonymous.post(link).status_code == 404  # once
    listing = client.get(f"/portaal/organisatie/{lesson.provider.slug}/aanvragen/")
    assert "De Vlieger" in listing.content.decode()


def test_a_family_activity_cannot_be_asked_for(client):
    family = factories.activity("Voor gezinnen", audience=Activity.Audience.FAMILIES)
    assert client.get(f"/klasbezoek/aanvragen/{family.slug}/").status_code == 404
    with pytest.raises(services.VisitError):
        ask(family)


def test_the_form_refuses_bad_input_in_dutch(client, lesson):
    response = client.post(
        f"/klasbezoek/aanvragen/{lesson.slug}/",
        form_data(date1=TODAY.isoformat(), date2=day(10).isoformat(), date3=day(10).isoformat(),
                  pupils="400", plaats="Parijs", email="geen-adres"),
    )  # fmt: skip
    body = response.content.decode()
    assert response.status_code == 200
    assert "Kies een datum na vandaag." in body
    assert "Deze datum heb je al gekozen." in body
    assert VisitRequest.objects.count() == 0


def test_from_the_class_page_the_class_and_its_top_themes_go_along(client, lesson):
    session = ClassSession.objects.create(
        code="ACDEFGH", teacher_token="leraar-sleutel-1234567890", school="De Vlieger", groep=7,
        place="Dalfsen", municipality="Dalfsen", expires=default_expiry(),
    )  # fmt: skip
    for _ in range(6):
        Result.objects.create(
            profile={"bouwen": 0.7, "natuur": 0.3}, class_session=session,
            municipality="Dalfsen", top_theme="bouwen",
        )  # fmt: skip
    data = form_data()
    for name in ("school", "groep", "plaats"):
        data.pop(name)
    response = client.post(f"/klasbezoek/klas/{session.teacher_token}/{lesson.slug}/", data)
    assert response.status_code == 303, response.content.decode()[:2000]
    made = VisitRequest.objects.get()
    assert (made.school, made.groep, made.class_session) == ("De Vlieger", 7, session)
    assert made.themes[:1] == ["bouwen"]
    page = client.get(session.teacher_url()).content.decode()
    assert "Je aanvragen" in page and made.teacher_url() in page
    # a wrong or expired teacher link asks for nothing
    assert client.get(f"/klasbezoek/klas/onbekend/{lesson.slug}/").status_code == 404


# --- capacity -----------------------------------------------------------------------------------------


def test_a_full_date_shows_full_and_cannot_be_asked_for(client, lesson, owner):
    DateCapacity.objects.create(activity=lesson, date=day(10), classes=1)
    DateCapacity.objects.create(activity=lesson, date=day(11), classes=2)
    DateCapacity.objects.create(activity=lesson, date=day(12), classes=2)
    first = confirmed(lesson)
    services.request_agree(request=first, by=owner, date=day(10))
    page = client.get(f"/klasbezoek/aanvragen/{lesson.slug}/").content.decode()
    assert "vol" in page
    response = client.post(f"/klasbezoek/aanvragen/{lesson.slug}/", form_data())
    assert "Deze datum is vol." in response.content.decode()
    assert VisitRequest.objects.count() == 1
    with pytest.raises(services.VisitError, match="vol"):
        ask(lesson)
    # a date the provider did not open is refused when the activity has dates with places
    with pytest.raises(services.VisitError, match="geen activiteit"):
        ask(lesson, dates=(11, 30))
    free = {f.date: f for f in capacity.free_places(lesson, TODAY)}
    assert free[day(10)].full and free[day(11)].classes == 2


def test_pupil_capacity_counts_pupils(lesson, owner):
    DateCapacity.objects.create(activity=lesson, date=day(10), classes=5, pupils=40)
    DateCapacity.objects.create(activity=lesson, date=day(11), classes=5, pupils=40)
    services.request_agree(request=confirmed(lesson, pupils=30), by=owner, date=day(10))
    with pytest.raises(services.VisitError, match="zoveel leerlingen"):
        ask(lesson, pupils=11)
    assert ask(lesson, dates=(11,), pupils=11)


def test_agreeing_a_date_that_filled_up_meanwhile_is_refused(lesson, owner):
    DateCapacity.objects.create(activity=lesson, date=day(10), classes=1)
    DateCapacity.objects.create(activity=lesson, date=day(11), classes=1)
    a, b = confirmed(lesson), confirmed(lesson, school="Het Anker")
    services.request_agree(request=a, by=owner, date=day(10))
    with pytest.raises(services.VisitError):
        services.request_agree(request=b, by=owner, date=day(10))
    assert VisitRequest.objects.get(pk=b.pk).state == State.NEW
    # proposing a full date is refused too; accepting a proposal re-checks
    services.request_propose(request=b, by=owner, date=day(11))
    DateCapacity.objects.filter(date=day(11)).update(classes=0)
    with pytest.raises(services.VisitError):
        services.proposal_accept(request=VisitRequest.objects.get(pk=b.pk))


def test_an_on_request_offer_has_a_yearly_or_monthly_capacity(owner):
    offer = factories.activity(
        "Bedrijfsbezoek op aanvraag", audience=Activity.Audience.SCHOOLS, days=(),
        availability=Activity.Availability.ON_REQUEST,
    )  # fmt: skip
    Membership.objects.create(user=owner, provider=offer.provider)
    PeriodCapacity.objects.create(activity=offer, per=PeriodCapacity.Per.MONTH, classes=1)
    first = confirmed(offer, dates=(40, 41))
    services.request_agree(request=first, by=owner, date=day(40))
    assert capacity.period_free(offer, day(40)) == 0
    same_month = day(40).replace(day=1) + dt.timedelta(days=(day(40).day % 27) + 1)
    if same_month.month == day(40).month and same_month > TODAY:
        with pytest.raises(services.VisitError, match="periode"):
            services.request_create(
                activity=offer, school="X", groep=6, pupils=20, place="Zwolle", municipality="Zwolle",
                dates=[same_month], email="a@b.example",
            )  # fmt: skip
    next_month = (day(40).replace(day=1) + dt.timedelta(days=40)).replace(day=3)
    assert ask(offer, dates=((next_month - TODAY).days,))


@pytest.mark.django_db(transaction=True)
def test_two_colleagues_agreeing_the_last_place_at_once_overfill_nothing(django_user_model):
    """Race: both read "1 free" and both agree. The row lock (select_for_update on the activity)
    makes the second wait and then see the date full. Real concurrency needs PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time; the race needs PostgreSQL")
    lesson = factories.activity("Gastles", audience=Activity.Audience.SCHOOLS)
    owner = factories.member(django_user_model, lesson.provider, "o@example.org")
    DateCapacity.objects.create(activity=lesson, date=day(10), classes=1)
    requests = [confirmed(lesson, school=f"School {n}", dates=(10,)) for n in range(6)]
    barrier = threading.Barrier(len(requests))
    outcomes: list[str] = []

    def agree(visit):
        from django.db import connection as own

        barrier.wait()
        try:
            services.request_agree(request=visit, by=owner, date=day(10))
            outcomes.append("ok")
        except services.VisitError:
            outcomes.append("vol")
        finally:
            own.close()

    threads = [threading.Thread(target=agree, args=(r,)) for r in requests]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok"] + ["vol"] * 5
    assert VisitRequest.objects.filter(state=State.AGREED).count() == 1


# --- the provider's side ------------------------------------------------------------------------------


def test_the_provider_agrees_declines_or_proposes_and_the_teacher_sees_it(client, lesson, owner):
    visit = confirmed(lesson)
    client.force_login(owner)
    url = f"/portaal/organisatie/{lesson.provider.slug}/aanvragen/{visit.ref}/"
    assert "De Vlieger" in client.get(url).content.decode()
    response = client.post(url, {"answer": "1", "action": "afspreken", "date": "", "message": ""})
    assert "Kies een datum." in response.content.decode()
    response = client.post(
        url,
        {"answer": "1", "action": "afspreken", "date": day(11).isoformat(), "message": "Tot dan!"},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (visit.state, visit.date) == (State.AGREED, day(11))
    assert mail.outbox[-1].to == ["juf@school.example"]
    teacher = Client().get(visit.teacher_url()).content.decode()
    assert "Afgesproken" in teacher and "Tot dan!" in teacher
    # answering again is refused, not a 500
    again = client.post(url, {"answer": "1", "action": "afwijzen", "message": "Toch niet"})
    assert again.status_code == 409 and "al beantwoord" in again.content.decode()

    other = confirmed(lesson, school="Het Anker")
    url = f"/portaal/organisatie/{lesson.provider.slug}/aanvragen/{other.ref}/"
    refused = client.post(url, {"answer": "1", "action": "afwijzen", "message": ""})
    assert "Schrijf waarom" in refused.content.decode()
    client.post(url, {"answer": "1", "action": "afwijzen", "message": "Vol tot de zomer."})
    other.refresh_from_db()
    assert other.state == State.DECLINED and other.answer == "Vol tot de zomer."
    assert "Vol tot de zomer." in Client().get(other.teacher_url()).content.decode()


def test_a_proposal_is_accepted_by_the_teacher(lesson, owner):
    visit = services.request_propose(request=confirmed(lesson), by=owner, date=day(20))
    teacher = Client()
    assert "Neem de voorgestelde datum aan" in teacher.get(visit.teacher_url()).content.decode()
    assert teacher.post(visit.teacher_url(), {"action": "aannemen"}).status_code == 303
    visit.refresh_from_db()
    assert (visit.state, visit.date) == (State.AGREED, day(20))


def test_nobody_else_reaches_a_providers_requests(client, django_user_model, lesson, owner):
    visit = confirmed(lesson)
    stranger = factories.member(django_user_model, factories.provider("Ander"), "x@example.org")
    own_org = stranger.memberships.get().provider.slug  # type: ignore[attr-defined]
    client.force_login(stranger)
    slug = lesson.provider.slug
    for url in (
        f"/portaal/organisatie/{slug}/aanvragen/",
        f"/portaal/organisatie/{slug}/aanvragen/{visit.ref}/",
        f"/portaal/organisatie/{own_org}/aanvragen/{visit.ref}/",  # own org, someone else's request
        f"/portaal/organisatie/{slug}/plaatsen/{lesson.slug}/",
        f"/portaal/organisatie/{own_org}/plaatsen/{lesson.slug}/",
    ):
        assert client.get(url).status_code == 404, url
        post = client.post(url, {"answer": "1", "action": "afwijzen", "message": "weg",
                                 "add_date": "1", "datum-date": day(5).isoformat(), "datum-classes": "9"})  # fmt: skip
        assert post.status_code == 404, url
    visit.refresh_from_db()
    assert visit.state == State.NEW and not DateCapacity.objects.exists()
    # the teacher's page is only reachable with the secret token
    assert Client().get("/klasbezoek/raden/").status_code == 404
    assert Client().get(f"/klasbezoek/{visit.ref}/").status_code == 404


def test_the_provider_sets_places_per_date_and_per_period(client, lesson, owner):
    client.force_login(owner)
    url = f"/portaal/organisatie/{lesson.provider.slug}/plaatsen/{lesson.slug}/"
    response = client.post(
        url, {"add_date": "1", "datum-date": TODAY.isoformat(), "datum-classes": "2"}
    )
    assert "Kies een datum na vandaag." in response.content.decode()
    client.post(
        url,
        {
            "add_date": "1",
            "datum-date": day(9).isoformat(),
            "datum-classes": "2",
            "datum-pupils": "",
        },
    )
    assert DateCapacity.objects.get().classes == 2
    client.post(url, {"set_period": "1", "periode-classes": "12", "periode-per": "jaar"})
    assert PeriodCapacity.objects.get().classes == 12
    client.post(url, {"remove": str(DateCapacity.objects.get().pk)})
    assert not DateCapacity.objects.exists()


# --- afterwards ---------------------------------------------------------------------------------------


def test_after_the_date_both_are_asked_once_and_answer(lesson, owner, client):
    visit = services.request_agree(request=confirmed(lesson), by=owner, date=day(10))
    mail.outbox.clear()
    call_command("visit_followups", now=(timezone.now() + dt.timedelta(days=9)).isoformat())
    assert mail.outbox == []  # not yet
    later = timezone.now() + dt.timedelta(days=11)
    call_command("visit_followups", now=later.isoformat())
    assert {tuple(m.to) for m in mail.outbox} >= {("juf@school.example",)}
    assert any("eigenaar@example.org" in m.to for m in mail.outbox)
    count = len(mail.outbox)
    call_command("visit_followups", now=(later + dt.timedelta(days=1)).isoformat())
    assert len(mail.outbox) == count  # once
    services.happened_answer(request=visit, side="leraar", happened=True, now=later)
    services.happened_answer(request=visit, side="aanbieder", happened=True, now=later)
    visit.refresh_from_db()
    assert visit.state == State.HAPPENED
    assert services.happened_by(visit, later + dt.timedelta(seconds=1))
    assert not services.happened_by(visit, later)  # only answers given before the moment count


def test_one_no_makes_it_not_happened(lesson, owner):
    visit = services.request_agree(request=confirmed(lesson), by=owner, date=day(10))
    later = timezone.now() + dt.timedelta(days=12)
    with pytest.raises(services.VisitError):
        services.happened_answer(request=visit, side="leraar", happened=True)  # before the date
    services.happened_answer(request=visit, side="leraar", happened=True, now=later)
    services.happened_answer(request=visit, side="aanbieder", happened=False, now=later)
    assert VisitRequest.objects.get(pk=visit.pk).state == State.NOT_HAPPENED


def test_the_teachers_address_is_forgotten_after_the_retention(lesson, owner, settings):
    visit = services.request_decline(request=confirmed(lesson), by=owner, reason="Vol")
    unconfirmed = ask(lesson, school="Nooit bevestigd")
    soon = timezone.now() + dt.timedelta(days=settings.VISIT_CONFIRM_DAYS + 1)
    call_command("visit_followups", now=soon.isoformat())
    assert not VisitRequest.objects.filter(pk=unconfirmed.pk).exists()
    assert VisitRequest.objects.get(pk=visit.pk).email == "juf@school.example"
    late = timezone.now() + dt.timedelta(days=settings.VISIT_EMAIL_RETENTION_DAYS + 1)
    call_command("visit_followups", now=late.isoformat())
    assert VisitRequest.objects.get(pk=visit.pk).email == ""


# --- limits and the outbox ----------------------------------------------------------------------------


def test_requests_are_rate_limited_per_address_and_per_mailbox(client, lesson, settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "visit-request": "3/3600",
        "visit-mail-to": "2/86400",
    }
    url = f"/klasbezoek/aanvragen/{lesson.slug}/"
    codes = [
        client.post(url, form_data(email=f"Juf+{n}@School.example")).status_code for n in range(3)
    ]
    assert codes == [303, 303, 429]  # the third mail to the same mailbox
    assert client.post(url, form_data(email="ander@school.example")).status_code == 429  # address
    assert VisitRequest.objects.count() == 2


def test_answers_and_reminders_are_rate_limited(lesson, owner, settings, client):
    visit = confirmed(lesson)
    teacher = Client()
    assert teacher.post(visit.teacher_url(), {"action": "herinneren"}).status_code == 303
    assert teacher.post(visit.teacher_url(), {"action": "herinneren"}).status_code == 429
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "visit-answer": "2/3600"}
    client.force_login(owner)
    url = f"/portaal/organisatie/{lesson.provider.slug}/aanvragen/{visit.ref}/"
    statuses = [
        client.post(url, {"answer": "1", "action": "wachten"}).status_code for _ in range(3)
    ]
    assert statuses[-1] == 429


def test_a_cross_site_post_from_the_teacher_side_is_refused(lesson):
    visit = confirmed(lesson)
    response = Client().post(
        visit.teacher_url(), {"action": "intrekken"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert VisitRequest.objects.get(pk=visit.pk).state == State.NEW


def test_mail_goes_to_the_outbox_when_the_mail_server_is_down(lesson, owner, monkeypatch):
    def down(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("weg")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", down)
    made = ask(lesson)
    assert made.pk and QueuedMail.objects.count() == 1
    services.request_confirm_email(confirm_token=made.confirm_token)
    visit = services.request_agree(
        request=VisitRequest.objects.get(pk=made.pk), by=owner, date=day(10)
    )
    assert visit.state == State.AGREED  # the transition is not lost
    assert QueuedMail.objects.count() == 3
    assert set(QueuedMail.objects.last().to) == {"juf@school.example"}  # type: ignore[union-attr]
    monkeypatch.undo()
    call_command("send_queued_mail")
    assert QueuedMail.objects.count() == 0 and len(mail.outbox) == 3


# --- open data and backup -----------------------------------------------------------------------------


def test_the_api_shows_free_places_and_never_requests(client, lesson, owner):
    DateCapacity.objects.create(activity=lesson, date=day(10), classes=2, pupils=50)
    services.request_agree(
        request=confirmed(lesson, pupils=20, dates=(10,)), by=owner, date=day(10)
    )
    data = client.get(f"/api/v1/activities/{lesson.slug}/availability").json()
    assert data["dates"] == [
        {"date": day(10).isoformat(), "free_classes": 1, "free_pupils": 30, "full": False}
    ]
    body = client.get(f"/api/v1/activities/{lesson.slug}/availability").content.decode()
    assert "Vlieger" not in body and "juf@" not in body
    family = factories.activity("Gezinnen", audience=Activity.Audience.FAMILIES)
    assert client.get(f"/api/v1/activities/{family.slug}/availability").status_code == 404
    assert (
        "/api/v1/activities/{slug}/availability"
        in client.get("/api/v1/openapi.json").json()["paths"]
    )


def test_requests_are_in_the_backup():
    from ops.backup import SIGNS_OF_USE, backed_up_models

    labels = {m._meta.label_lower for m in backed_up_models()}
    assert {"visits.visitrequest", "visits.preferreddate", "visits.datecapacity",
            "visits.periodcapacity"} <= labels  # fmt: skip
    assert "visits.visitrequest" in SIGNS_OF_USE


def test_the_privacy_page_states_the_retention(client):
    from pages.models import Page

    if not Page.objects.filter(slug="privacy").exists():
        pytest.skip("no privacy page in this database")
    body = client.get("/privacy/").content.decode()
    assert "Aanvragen voor een klas" in body and "90 dagen" in body
