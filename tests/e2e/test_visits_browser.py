"""Issue 20 in real Chromium: a teacher starts a class, six pupils finish, the teacher asks for a guest
lesson on two dates, the provider logs in and agrees one, the teacher page shows it, the day passes
(a simulated clock: django.utils.timezone.now is moved for the live server, which runs in this process,
and `visit_followups --now` runs as of that moment), both say it happened, and the coordinator's figures
count it, but only once the quarter is over.

Nine other classes' visits in the same quarter are made directly in the database, so the quarter's total
reaches 10 with this one: with nine it would be hidden as "< 10" (impact/visits.py)."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from catalogue.models import Activity
from impact.units import Period
from tests import factories
from tests.e2e.test_class_browser import pupil_takes_quiz
from visits.models import DateCapacity, VisitRequest

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("SCREENSHOT_DIR", os.path.join(os.path.dirname(__file__), "screenshots"))
PASSWORD = "wachtwoord-voor-test-123"


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def log_in(page, base: str, email: str, password: str, next_: str) -> None:
    page.goto(f"{base}/portaal/inloggen/?next={next_}")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()


def path_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def no_axe_violations(page) -> None:
    result = Axe().run(page)
    assert result.violations_count == 0, result.generate_report()


def other_visits(lesson: Activity, day: dt.date, n: int) -> None:
    """Visits of other classes on the same day that happened (the teacher said so)."""
    moment = timezone.now()
    for i in range(n):
        factories.class_request(
            lesson, school=f"School {i}", state=VisitRequest.State.HAPPENED, date=day,
            agreed=moment, teacher_happened=True, teacher_said=moment, theme="bouwen",
            provider_kind=lesson.provider.kind,
        )  # fmt: skip


def test_a_class_asks_for_a_guest_lesson_and_the_figures_count_it(
    live_server, page, browser, settings, monkeypatch, django_user_model, outside_requests
):
    settings.CLASS_POLL_SECONDS = 1
    os.makedirs(SHOTS, exist_ok=True)
    factories.quiz(
        ("Wat bouw je liever?", "dit-of-dat",
         [("Een hut", {"bouwen": 2}), ("Een robot", {"robots-code": 2})]),
    )  # fmt: skip
    factories.theme_characters()
    lesson = factories.activity(
        "Gastles bruggen bouwen", theme="bouwen", place="Dalfsen", audience="school",
        kind=Activity.Kind.GUEST_LESSON,
    )  # fmt: skip
    factories.member(django_user_model, lesson.provider, "aanbieder@example.org")
    django_user_model.objects.create_user(
        "coordinator@example.org", password=PASSWORD, is_staff=True
    )
    today = timezone.localdate()
    first, second = today + dt.timedelta(days=2), today + dt.timedelta(days=3)
    for day in (first, second):
        DateCapacity.objects.create(activity=lesson, date=day, classes=2, pupils=60)
    base = live_server.url

    # The teacher starts a class; six pupils finish the quiz in their own browsers.
    page.goto(f"{base}/klas/nieuw/")
    page.get_by_label("Naam van de school").fill("De Vlieger")
    page.get_by_label("Groep").select_option("6")
    page.get_by_label("Plaats van de school").fill("Dalfsen")
    page.get_by_role("button", name="Maak een klascode").click()
    code = page.locator(".class-code").inner_text()
    class_page = page.url
    outside: list[str] = []
    for _ in range(6):
        pupil_takes_quiz(browser, base, code, outside)
    expect(page.locator("#voortgang h2")).to_have_text("6 leerlingen zijn klaar", timeout=10_000)

    # ... and asks for the guest lesson on two dates.
    page.get_by_role("link", name="Vraag aan voor je klas").first.click()
    expect(page.locator("h1")).to_have_text("Vraag aan voor je klas")
    expect(page.locator(".visit-request")).to_contain_text("Bouwen")  # the class's top theme
    page.get_by_label("Aantal leerlingen").fill("24")
    page.get_by_label("Eerste voorkeursdatum").fill(first.isoformat())
    page.get_by_label("Tweede voorkeursdatum").fill(second.isoformat())
    page.get_by_label("Bericht aan de aanbieder").fill("Wij leren over bruggen.")
    page.get_by_label("Jouw e-mailadres").fill("juf@school.example")
    no_axe_violations(page)
    page.screenshot(path=f"{SHOTS}/visits-teacher-form.png", full_page=True)
    page.get_by_role("button", name="Verstuur de aanvraag").click()
    expect(page.locator(".visit-state")).to_have_text("Wacht op bevestiging van je e-mailadres")
    request_page = page.url
    page.screenshot(path=f"{SHOTS}/visits-teacher-unconfirmed.png", full_page=True)

    page.goto(base + path_in(mail.outbox[-1]))
    page.get_by_role("button", name="Bevestig en verstuur").click()
    expect(page.locator(".visit-state")).to_have_text("Nieuw")
    assert page.url == request_page

    # The provider logs in, finds the request and agrees the first date.
    provider = browser.new_context().new_page()
    log_in(provider, base, "aanbieder@example.org", PASSWORD, "/portaal/")
    provider.get_by_role("link", name="Aanvragen van scholen").click()
    expect(provider.locator("table")).to_contain_text("De Vlieger")
    no_axe_violations(provider)
    provider.screenshot(path=f"{SHOTS}/visits-portal-list.png", full_page=True)
    provider.get_by_role("link", name="De Vlieger").click()
    expect(provider.locator("h1")).to_contain_text("De Vlieger, groep 6")
    expect(provider.locator(".visit-message")).to_have_text("Wij leren over bruggen.")
    provider.get_by_label("Afspreken op een datum").check()
    provider.get_by_label("Datum (bij afspreken of een voorstel)").fill(first.isoformat())
    provider.get_by_label("Bericht aan de leraar").fill("Tot dan! We nemen een brug mee.")
    no_axe_violations(provider)
    provider.screenshot(path=f"{SHOTS}/visits-portal-answer.png", full_page=True)
    provider.get_by_role("button", name="Verstuur je antwoord").click()
    expect(provider.get_by_role("status")).to_contain_text("Je antwoord is opgeslagen")

    # The teacher's pages show it.
    page.goto(class_page)
    expect(page.locator("#aanvragen")).to_contain_text("Afgesproken")
    page.goto(request_page)
    expect(page.locator(".visit-state")).to_have_text("Afgesproken")
    expect(page.locator(".visit-answer")).to_contain_text("We nemen een brug mee.")
    no_axe_violations(page)
    page.screenshot(path=f"{SHOTS}/visits-teacher-agreed.png", full_page=True)

    # The day passes: the daily command asks both sides, once.
    quarter = Period.containing(first)
    other_visits(lesson, first, 9)
    after = at(second, 9)
    monkeypatch.setattr(timezone, "now", lambda: after)
    mail.outbox.clear()
    call_command("visit_followups", now=after.isoformat())
    assert any(m.to == ["juf@school.example"] for m in mail.outbox)
    assert any("aanbieder@example.org" in m.to for m in mail.outbox)
    page.goto(base + path_in(next(m for m in mail.outbox if m.to == ["juf@school.example"])))
    page.get_by_role("button", name="Ja, het is doorgegaan").click()
    expect(page.get_by_role("status")).to_contain_text("Je antwoord is opgeslagen")
    page.screenshot(path=f"{SHOTS}/visits-teacher-happened.png", full_page=True)
    provider.goto(base + path_in(next(m for m in mail.outbox if "aanbieder@example.org" in m.to)))
    provider.get_by_role("button", name="Ja, het is doorgegaan").click()
    expect(provider.get_by_role("status")).to_contain_text("Je antwoord is opgeslagen")
    visit = VisitRequest.objects.get(school="De Vlieger")
    assert visit.state == VisitRequest.State.HAPPENED
    assert visit.teacher_happened and visit.provider_happened

    # The coordinator: while the quarter runs it is not on offer ...
    coordinator = browser.new_context().new_page()
    log_in(coordinator, base, "coordinator@example.org", PASSWORD, "/cijfers/")
    expect(coordinator.locator("h1")).to_have_text("Impactcijfers")
    expect(coordinator.locator("#klasbezoeken")).to_have_count(0)
    # ... once it is over, the visit counts: ten classes, so the total is shown.
    over = at(quarter.next_first_day + dt.timedelta(days=4), 10)
    monkeypatch.setattr(timezone, "now", lambda: over)
    log_in(
        coordinator, base, "coordinator@example.org", PASSWORD, f"/cijfers/?periode={quarter.slug}"
    )
    expect(coordinator.locator("#klasbezoeken")).to_be_visible()
    facts = coordinator.locator("#klasbezoeken ~ .impact-facts li")
    expect(facts).to_have_text(["10 aanvragen", "10 afgesproken", "10 doorgegaan"])
    total = coordinator.locator("#t-bezoeken-gemeente ~ .impact-pair tfoot td")
    expect(total).to_have_text(["10", "10", "10"])
    coordinator.screenshot(path=f"{SHOTS}/visits-figures.png", full_page=True)
    no_axe_violations(coordinator)
    assert outside_requests == [] and outside == []
