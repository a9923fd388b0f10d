"""The coordinator's side (issue 16): the staff log-in page (user name or e-mail, with the same
slow-down, lock-out and two-factor step as the providers' log-in), the coordinator's home with
counts of what waits, the provider card on the review page with the decision below the content,
the audit log as sentences, and the admin in Dutch."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from catalogue.models import Activity
from moderation import services
from moderation.models import AuditAction, AuditLog
from moderation.sentences import SENTENCES, sentence
from newsletter.models import Issue
from outbox.models import QueuedMail
from portal.models import Membership
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "wachtwoord-voor-test-123"
LOGIN = "/techniekpact/inloggen/"
HOME = "/techniekpact/"
S = Activity.Status


@pytest.fixture
def world(django_user_model):
    maker = factories.provider("Makerspace Zwolle", website="https://makerspace.example")
    return SimpleNamespace(
        maker=maker,
        provider=factories.member(django_user_model, maker, "anna@maker.example"),
        coordinator=django_user_model.objects.create_user(
            "Coordinator", "Coordinator@Techniekpact.example", PASSWORD, is_staff=True
        ),
    )


def log_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def submitted(world, title="Robotsumo"):
    activity = factories.activity(title, owner=world.maker, status=S.DRAFT)
    return services.activity_submit(activity=activity, by=world.provider)


# --- the staff log-in page -------------------------------------------------------------------


def test_the_staff_log_in_page_is_its_own(client):
    page = client.get(LOGIN).content.decode()
    assert "<h1" in page and "Inloggen voor het Techniekpact" in page
    assert "Gebruikersnaam of e-mailadres" in page
    assert 'type="email"' not in page  # a user name must be accepted by the browser too


@pytest.mark.parametrize(
    "typed",
    [
        "Coordinator",
        "coordinator",
        "Coordinator@Techniekpact.example",
        " COORDINATOR@techniekpact.EXAMPLE",
    ],
)
def test_a_coordinator_logs_in_with_user_name_or_e_mail_and_lands_on_the_home(client, world, typed):
    response = log_in(client, typed)
    assert response.status_code == 302 and response["Location"] == HOME, typed
    home = client.get(HOME)
    assert home.status_code == 200
    assert "Werk voor de coördinator" in home.content.decode()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_staff_log_in_is_only_posted(client, world, method):
    response = getattr(client, method)(LOGIN, "username=coordinator&password=" + PASSWORD)
    assert response.status_code == 405 and "POST" in response["Allow"]
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_answers_in_dutch_and_keeps_the_name(client, world):
    response = log_in(client, "Coordinator@Techniekpact.example", "fout")
    body = response.content.decode()
    assert response.status_code == 200
    assert "hoort niet bij dit wachtwoord" in body
    assert 'value="Coordinator@Techniekpact.example"' in body
    assert "_auth_user_id" not in client.session


def test_an_address_of_two_accounts_logs_nobody_in(client, world, django_user_model):
    django_user_model.objects.create_user("tweede", "coordinator@techniekpact.example", PASSWORD)
    response = log_in(client, "coordinator@techniekpact.example")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_provider_on_the_staff_page_goes_to_the_portal(client, world):
    response = log_in(client, "anna@maker.example")
    assert response["Location"] == "/portaal/"


def test_next_is_kept_and_outside_targets_are_refused(client, world):
    response = client.post(
        f"{LOGIN}?next=/moderatie/",
        {"username": "coordinator", "password": PASSWORD, "next": "/moderatie/"},
    )
    assert response["Location"] == "/moderatie/"
    client.post("/portaal/uitloggen/")
    response = client.post(
        LOGIN, {"username": "coordinator", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == HOME


def test_the_admins_log_in_leads_to_the_staff_log_in(client):
    response = client.get("/beheer/login/?next=/beheer/auth/user/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fbeheer%2Fauth%2Fuser%2F"
    outside = client.get("/beheer/login/?next=https://evil.example/")
    assert outside["Location"] == LOGIN
    # every admin page and the coordinator's pages send an anonymous visitor there
    for url in ("/beheer/", "/beheer/catalogue/activity/", HOME, "/moderatie/"):
        first = client.get(url)
        assert first["Location"].startswith("/beheer/login/?next="), url
        assert client.get(first["Location"])["Location"].startswith(f"{LOGIN}?next="), url


def code(device):
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift)).zfill(6)


def test_the_e_mail_log_in_still_needs_the_second_step(client, world, settings):
    settings.TWO_FACTOR_FOR_STAFF = True
    device = TOTPDevice.objects.create(user=world.coordinator, name="app", confirmed=True)
    assert log_in(client, "coordinator@techniekpact.example")["Location"] == HOME
    for url in (HOME, "/moderatie/", "/beheer/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/portaal/tweestaps/?next="), url
    passed = client.post("/portaal/tweestaps/", {"code": code(device), "next": HOME})
    assert passed["Location"] == HOME
    assert client.get(HOME).status_code == 200


def test_a_coordinator_without_an_app_sets_one_up_first(client, world, settings):
    settings.TWO_FACTOR_FOR_STAFF = True
    log_in(client, "Coordinator@Techniekpact.example")
    response = client.get(HOME)
    assert response["Location"].startswith("/portaal/tweestaps/instellen/?next=")


@pytest.fixture
def behind_proxy(settings, monkeypatch):
    settings.TRUSTED_PROXIES = 1
    now = [time.time()]
    monkeypatch.setattr("portal.login.time.time", lambda: now[0])
    return now


def test_user_name_and_e_mail_share_one_lock_out_counter(client, world, settings, behind_proxy):
    """The attack: alternate the user name and the address to get two counters (twice the guesses)."""
    spellings = [
        "Coordinator",
        "coordinator@techniekpact.example",
        "COORDINATOR",
        "Coordinator@Techniekpact.example",
    ]
    failures = 0
    for _attempt in range(50):
        response = log_in(
            client, spellings[failures % 4], "fout",
            REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.66",
        )  # fmt: skip
        if "Even wachten" in response.content.decode():
            break
        if response.status_code == 429:  # the slow-down
            behind_proxy[0] += int(response["Retry-After"])
        else:
            failures += 1
    else:
        raise AssertionError("never locked")
    assert failures == settings.AXES_FAILURE_LIMIT - 1
    # locked for that address with either spelling, also with the right password
    for typed in ("coordinator", "coordinator@techniekpact.example"):
        locked = log_in(client, typed, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.66")
        assert locked.status_code == 429 and "_auth_user_id" not in client.session, typed
    # the owner elsewhere is not locked out
    assert log_in(Client(), "coordinator", REMOTE_ADDR="203.0.113.7").status_code == 302


# --- the coordinator's home ------------------------------------------------------------------


def test_the_home_counts_what_waits(client, world):
    submitted(world, "Robotsumo")
    submitted(world, "Solderen")
    factories.activity("Terug naar de aanbieder", owner=world.maker, status=S.CHANGES_REQUESTED)
    QueuedMail.objects.create(to=["x@example.org"], subject="Niet verstuurd", body="...")
    Issue.objects.create(subject="Nieuwsbrief juni", body_text="Hallo")
    client.force_login(world.coordinator)
    body = client.get(HOME).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    assert "2 activiteiten wachten op controle" in text
    assert "Nieuw: 2. Wijziging van een gepubliceerde activiteit: 0." in text
    assert "1 activiteit ligt bij de aanbieder voor aanpassing" in text
    assert "1 mail kon niet weg en wacht in de uitbak" in text
    assert "1 nieuwsbrief in concept" in text
    for link in (
        "/moderatie/",
        "/beheer/",
        "/cijfers/",
        "/beheer/newsletter/issue/",
        "/moderatie/logboek/",
    ):
        assert f'href="{link}' in body, link
    assert "Makerspace Zwolle diende ‘Solderen’ in" in text  # the latest of the log


def test_the_home_asks_few_queries(client, world, django_assert_max_num_queries):
    for n in range(5):
        submitted(world, f"Activiteit {n}")
    client.force_login(world.coordinator)
    with django_assert_max_num_queries(16):
        assert client.get(HOME).status_code == 200


@pytest.mark.parametrize("role", ["anonymous", "provider", "inactive staff"])
def test_only_a_coordinator_reaches_the_home(client, world, role, django_user_model):
    if role == "provider":
        client.force_login(world.provider)
    elif role == "inactive staff":
        client.force_login(
            django_user_model.objects.create_user("oud", is_staff=True, is_active=False)
        )
    response = client.get(HOME)
    if role == "provider":
        assert response.status_code == 403
    else:
        assert response.status_code == 302 and response["Location"].startswith("/beheer/login/")
    assert client.post(HOME).status_code in (302, 403, 405)


# --- the review page -------------------------------------------------------------------------


def test_the_review_page_shows_the_provider_card_and_the_decision_below(client, world):
    earlier = submitted(world, "Vorige keer")
    services.activity_approve(activity=earlier, by=world.coordinator)
    activity = submitted(world, "Robotsumo")
    client.force_login(world.coordinator)
    body = client.get(reverse("moderation:review", args=[activity.slug])).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    assert "Wie is Makerspace Zwolle?" in text
    assert "Bekende aanbieder" in text
    assert "bevestigd" in text  # anna's account is active
    assert 'href="https://makerspace.example"' in body
    assert "1 goedgekeurd, 0 aanpassing gevraagd, 0 afgewezen" in text
    assert "De coördinator keurde ‘Vorige keer’ goed" in text
    public = body.index("Zo ziet het publiek de activiteit")
    assert body.index("Wie is Makerspace Zwolle?") < public < body.index("Jouw besluit")
    assert public < body.index(f'action="/moderatie/{activity.slug}/goedkeuren/"')


def test_a_new_provider_with_an_unconfirmed_address_is_marked(client, world, django_user_model):
    newcomer = factories.provider("Nieuwe Club")
    user = django_user_model.objects.create_user("n@club.example", "n@club.example", PASSWORD)
    Membership.objects.create(user=user, provider=newcomer)  # by hand: not yet active below
    activity = services.activity_submit(
        activity=factories.activity("Eerste keer", owner=newcomer, status=S.DRAFT), by=user
    )
    user.is_active = False
    user.save()
    client.force_login(world.coordinator)
    text = " ".join(
        re.sub(r"<[^>]+>", " ", client.get(f"/moderatie/{activity.slug}/").content.decode()).split()
    )
    assert "Nieuwe aanbieder" in text and "nog nooit een activiteit goedgekeurd" in text
    assert "nog niet bevestigd" in text
    assert "Website geen" in text


def test_a_decision_from_the_review_page_still_works(client, world):
    activity = submitted(world)
    client.force_login(world.coordinator)
    response = client.post(
        f"/moderatie/{activity.slug}/goedkeuren/", {"version": str(activity.version)}
    )
    assert response.status_code == 302
    assert Activity.objects.get(pk=activity.pk).status == S.PUBLISHED


# --- the audit log as sentences --------------------------------------------------------------


def test_every_action_has_a_sentence():
    """A new action (moderation.models.AuditAction) needs its sentence in moderation/sentences.py."""
    missing = [action.value for action in AuditAction if action.value not in SENTENCES]
    assert not missing, f"no sentence for {missing} in moderation/sentences.py"
    for action in AuditAction:
        assert str(SENTENCES[action.value]).startswith("%(who)s "), action


def test_every_action_reads_as_a_sentence_on_the_log_page(client, world):
    activity = factories.activity("Robotsumo", owner=world.maker)
    rows = [
        AuditLog.objects.create(
            action=action,
            actor=world.coordinator if n % 2 else world.provider,
            activity=activity,
            provider=world.maker,
        )
        for n, action in enumerate(AuditAction)
    ]
    client.force_login(world.coordinator)
    body = client.get("/moderatie/logboek/").content.decode()
    for row in rows:
        text = sentence(row)
        assert row.action not in text and "%(" not in text, row.action
        assert text.startswith(("De coördinator ", "Makerspace Zwolle ")), text
        assert text in body.replace("&#x27;", "'"), text
    for action in AuditAction:
        assert action.value not in body, action  # no raw code anywhere on the page


def test_the_sentences_name_the_coordinator_and_the_organisation(world):
    activity = submitted(world)
    services.activity_approve(activity=activity, by=world.coordinator)
    texts = [sentence(row) for row in AuditLog.objects.order_by("created", "id")]
    assert texts[-2:] == [
        "Makerspace Zwolle diende ‘Robotsumo’ in",
        "De coördinator keurde ‘Robotsumo’ goed",
    ]


def test_a_row_without_actor_or_activity_still_reads(world):
    row = AuditLog.objects.create(action=AuditAction.CONFIRMED, provider=world.maker)
    assert (
        sentence(row)
        == "Makerspace Zwolle bevestigde dat ‘een verwijderde activiteit’ nog doorgaat"
    )
    row = AuditLog.objects.create(action=AuditAction.PROVIDER_CHANGED)
    assert sentence(row) == "Iemand wijzigde de gegevens van een aanbieder"


# --- the admin in Dutch ----------------------------------------------------------------------

# Titles the admin showed in English before (issue 16) and what the libraries would show.
ENGLISH = [
    "Axes", "Otp_Totp", "Otp_Static", "Django_Otp", "Access attempt", "Access failure",
    "Access log", "TOTP device", "Static device", "Static token", "Model name", "Add link",
    "Change or view list link", "IP Address", "User Agent", "Attempt Time", "Failed Logins",
    "Logout Time", "Locked Out", "Username", "Path", "Form Data", "Meta Data", "Created at",
    "Last used at", "Confirmed", "Select ", "Change ", "Add ", "Authentication and Authorization",
]  # fmt: skip


class Titles(HTMLParser):
    """The text of the page's titles, headings, captions, table headers, labels and breadcrumbs."""

    WATCH = {"title", "h1", "h2", "h3", "caption", "th", "label", "legend", "option"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.texts: list[str] = []
        self.breadcrumbs = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.WATCH:
            self.open.append(tag)
        if tag == "div" and ("class", "breadcrumbs") in attrs:
            self.breadcrumbs += 1

    def handle_endtag(self, tag):
        if self.open and self.open[-1] == tag:
            self.open.pop()
        if tag == "div" and self.breadcrumbs:
            self.breadcrumbs -= 1

    def handle_data(self, data):
        if (self.open or self.breadcrumbs) and data.strip():
            self.texts.append(" ".join(data.split()))


def english_titles(html: str) -> list[str]:
    parser = Titles()
    parser.feed(html)
    return [t for t in parser.texts for word in ENGLISH if word.lower() in f"{t.lower()} "]


def test_the_admin_speaks_dutch_on_the_index_and_every_list(client, django_user_model, settings):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    superuser = django_user_model.objects.create_superuser("baas", "baas@example.org", PASSWORD)
    other = django_user_model.objects.create_user("p@example.org", "p@example.org", PASSWORD)
    TOTPDevice.objects.create(user=other, name="app", confirmed=True)
    # a row in each log, so the lists show their column headers and filters
    seen = {"user_agent": "Firefox", "ip_address": "203.0.113.7", "username": "baas",
            "http_accept": "text/html", "path_info": "/portaal/inloggen/"}  # fmt: skip
    AccessAttempt.objects.create(**seen, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**seen)
    AccessFailureLog.objects.create(**seen)
    client.force_login(superuser)
    index = client.get("/beheer/").content.decode()
    assert "Inlogpogingen en blokkades" in index and "Tweestapsverificatie" in index
    found = {"/beheer/": english_titles(index)}
    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = english_titles(response.content.decode())
    english = {url: texts for url, texts in found.items() if texts}
    assert not english, english
