"""Whole anonymous pages from the cache (techniekkaart/pagecache.py, issue 17): the same bytes for
every visitor, a content change visible at once, 304 on a known ETag, no cookies; personal pages
(a quiz result, a teacher's class page) private and no-store, a server copy only under the
page's own code; logged-in visitors and pages with a CSRF token never stored."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from catalogue.models import DailyCount
from catalogue.places import find_place
from classroom.services import class_session_start
from quiz.models import Result
from techniekkaart import pagecache
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


def visitor(address: str) -> Client:
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT=BROWSER)


def get(client: Client, url: str, **extra):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **extra)
    return response, len(ctx.captured_queries)


def words(response) -> set[str]:
    return {w.strip() for w in response.get("Cache-Control", "").split(",") if w.strip()}


def test_a_cached_page_is_the_same_for_two_visitors_and_comes_without_queries():
    act = factories.activity("Bouw een brug")
    for url in ("/", "/activiteiten/", act.get_absolute_url(), "/activiteiten.geojson"):
        first, _ = get(visitor("10.0.0.1"), url)
        second, queries = get(visitor("10.0.0.2"), url)
        assert first.status_code == second.status_code == 200, url
        assert first.content == second.content, url
        assert first["ETag"] == second["ETag"], url
        # none, but on the activity page a new visitor's view is counted (the update alone: the
        # activity's pk comes from the search's snapshot)
        assert queries == (1 if url == act.get_absolute_url() else 0), (url, queries)


def test_a_catalogue_change_shows_at_once():
    act = factories.activity("Bouw een brug")
    before = visitor("10.0.0.1").get("/activiteiten/").content.decode()
    detail = visitor("10.0.0.1").get(act.get_absolute_url()).content.decode()
    assert "Bouw een brug" in before and "Bouw een brug" in detail

    factories.activity("Robots in de bieb")
    act.title = "Bouw een toren"
    act.save()
    after = visitor("10.0.0.2").get("/activiteiten/").content.decode()
    assert "Robots in de bieb" in after and "Bouw een toren" in after
    assert "Bouw een brug" not in after
    assert "Bouw een toren" in visitor("10.0.0.2").get(act.get_absolute_url()).content.decode()

    act.themes.clear()  # a many-to-many change counts too
    home = visitor("10.0.0.3").get("/")
    act.delete()
    assert "Bouw een toren" not in visitor("10.0.0.3").get("/activiteiten/").content.decode()
    assert visitor("10.0.0.3").get(act.get_absolute_url()).status_code == 404
    assert visitor("10.0.0.3").get("/").content != home.content  # the home page's count


def test_a_known_etag_gets_304_and_public_pages_may_be_kept_by_a_proxy_briefly():
    act = factories.activity()
    for url in ("/", "/activiteiten/", act.get_absolute_url()):
        first = visitor("10.0.0.1").get(url)
        assert {"public", "max-age=0", "s-maxage=10"} <= words(first), url
        assert "Cookie" in first["Vary"]
        again = visitor("10.0.0.2").get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert again.content == b""
        other = visitor("10.0.0.2").get(url, HTTP_IF_NONE_MATCH='"iets-anders"')
        assert other.status_code == 200 and other.content == first.content


def test_no_cookie_on_childrens_pages_whether_rendered_or_from_the_cache():
    act = factories.activity()
    result = Result.objects.create(profile={"bouwen": 1.0}, age=9)
    urls = ["/", "/activiteiten/", act.get_absolute_url(), "/quiz/", result.get_absolute_url()]
    for url in urls * 2:
        response = visitor("10.0.0.1").get(url)
        assert response.status_code == 200, url
        assert not response.cookies, (url, response.cookies)
        assert "Set-Cookie" not in response, url


def test_a_result_page_is_private_and_kept_only_under_its_own_code():
    first = Result.objects.create(profile={"bouwen": 1.0}, age=9)
    second = Result.objects.create(profile={"water": 1.0, "natuur": 0.5}, age=11)
    a_seen = visitor("10.0.0.1").get(first.get_absolute_url())
    b_seen = visitor("10.0.0.2").get(second.get_absolute_url())
    for response in (a_seen, b_seen):
        assert {"private", "no-store"} <= words(response)
        assert "public" not in words(response) and "ETag" not in response
    assert first.code in a_seen.content.decode() and second.code not in a_seen.content.decode()
    assert second.code in b_seen.content.decode() and first.code not in b_seen.content.decode()
    # from the server's copy now: still each visitor's own page, still private
    b_again, queries = get(visitor("10.0.0.2"), second.get_absolute_url())
    assert queries == 0
    assert b_again.content == b_seen.content and first.code not in b_again.content.decode()
    assert {"private", "no-store"} <= words(b_again)
    a_again, _ = get(visitor("10.0.0.1"), first.get_absolute_url())
    assert a_again.content == a_seen.content


def test_an_activity_opened_from_a_result_is_not_for_a_shared_cache():
    act = factories.activity()
    result = Result.objects.create(profile={"bouwen": 1.0}, age=9)
    response = visitor("10.0.0.1").get(f"{act.get_absolute_url()}?van={result.code}")
    assert response.status_code == 200
    assert {"private", "no-store"} <= words(response)


def test_the_teacher_page_is_private_and_always_shows_the_class_as_it_is():
    session = class_session_start(school="De Vlieger", groep=6, place=find_place("Dalfsen"))
    url = f"/klas/leraar/{session.teacher_token}/"
    teacher = visitor("10.0.0.1")
    before = teacher.get(url)
    assert {"private", "no-store"} <= words(before)
    assert "0 leerlingen zijn klaar" in before.content.decode()
    Result.objects.create(profile={"bouwen": 1.0}, age=9, class_session=session)
    after = teacher.get(url)
    assert "1 leerling is klaar" in after.content.decode()
    assert {"private", "no-store"} <= words(after)


def test_a_logged_in_visitor_is_never_served_nor_stores_a_shared_copy(django_user_model):
    act = factories.activity()
    anonymous = visitor("10.0.0.1").get("/activiteiten/")
    user = django_user_model.objects.create_user("sam@example.org", "sam@example.org", "x")
    member = Client()
    member.force_login(user)
    mine = member.get("/activiteiten/")
    assert {"private", "no-store"} <= words(mine)
    assert "ETag" not in mine
    for url in ("/", act.get_absolute_url()):
        pagecache.bump()
        member.get(url)  # rendered for the member only
        again, _ = get(visitor("10.0.0.2"), url)
        # rendered again (a template was rendered): no whole page was kept from the member's
        # visit (the home page's parts are kept per content version and read no query then)
        assert again.templates, url
    assert visitor("10.0.0.3").get("/activiteiten/").content == anonymous.content


def test_a_page_with_a_csrf_token_is_never_stored():
    rendered = []
    form = engines["django"].from_string("<form>{% csrf_token %}</form>")

    @pagecache.cache_page
    def view(request):
        rendered.append(1)
        return HttpResponse(form.render({}, request))

    factory = RequestFactory()
    for _ in range(3):
        response = view(factory.get("/formulier/"))
        assert b"csrfmiddlewaretoken" in response.content
        assert "ETag" not in response
    assert len(rendered) == 3


def test_views_served_from_the_cache_are_still_counted():
    act = factories.activity()
    for n in range(4):
        response = visitor(f"10.0.1.{n}").get(act.get_absolute_url())
        assert response.status_code == 200
    visitor("10.0.1.0").get(act.get_absolute_url())  # the same visitor today: counted once
    assert DailyCount.objects.get(activity=act).views == 4


def test_the_list_keeps_its_htmx_answer_apart_from_the_whole_page():
    factories.activity()
    whole = visitor("10.0.0.1").get("/activiteiten/")
    part = visitor("10.0.0.1").get(
        "/activiteiten/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="resultaten"
    )
    again = visitor("10.0.0.2").get("/activiteiten/")
    assert b"<html" in whole.content and b"<html" not in part.content
    assert again.content == whole.content
    assert "HX-Request" in whole["Vary"] and "HX-Target" in whole["Vary"]


def test_the_csp_of_a_cached_page_is_as_strict_and_keeps_the_pages_own_additions():
    act = factories.activity(signup_method="link", signup_url="https://aanmelden.example.org/x")
    first = visitor("10.0.0.1").get(act.get_absolute_url())
    second = visitor("10.0.0.2").get(act.get_absolute_url())
    for response in (first, second):
        policy = response["Content-Security-Policy"]
        assert "'unsafe-inline'" not in policy and "nonce-" not in policy
        assert "https://aanmelden.example.org" in policy  # form-action for the sign-up button
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]


def test_a_304_keeps_the_pages_own_content_security_policy(client):
    """A browser merges a 304's headers into the page it kept: the sign-up button's form-action
    (the provider's site) must survive it, or the button stops working from the second visit on."""
    act = factories.activity(
        signup_method="link", signup_url="https://aanbieder.example/inschrijven"
    )
    first = client.get(act.get_absolute_url())
    assert "form-action 'self' https://aanbieder.example" in first["Content-Security-Policy"]
    again = client.get(act.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_an_open_data_answer_kept_in_this_process_changes_with_the_catalogue():
    """The API keeps an answer in the shared cache and in the process's own memory (issue 17);
    both hang on the content version, so an edit shows in the next answer, not a minute later."""
    act = factories.activity("Bouw een brug")
    first = visitor("10.0.0.1").get("/api/v1/activities").json()
    again, queries = get(visitor("10.0.0.2"), "/api/v1/activities")
    assert again.json() == first and queries == 0
    assert "Bouw een brug" in str(first)
    act.title = "Bouw een toren"
    act.save()
    after = visitor("10.0.0.1").get("/api/v1/activities").json()
    assert "Bouw een toren" in str(after) and "Bouw een brug" not in str(after)


def test_a_view_counted_here_asks_the_shared_cache_once_and_counts_once_across_processes(
    monkeypatch,
):
    """A class behind one address opens the same activity: the process remembers what it counted
    (no round trip for the rest), and another process (which knows nothing yet) still asks the
    shared cache, which has it counted already: one view, exactly."""
    from techniekkaart import counting

    act = factories.activity()
    adds = []
    real_add = counting.cache.add
    monkeypatch.setattr(
        counting.cache, "add", lambda *a, **k: adds.append(a[0]) or real_add(*a, **k)
    )
    for _ in range(3):
        assert visitor("10.0.2.1").get(act.get_absolute_url()).status_code == 200
    assert len(adds) == 1
    counting.forget_seen_here()  # another worker process
    visitor("10.0.2.1").get(act.get_absolute_url())
    assert len(adds) == 2
    visitor("10.0.2.2").get(act.get_absolute_url())  # another visitor
    assert DailyCount.objects.get(activity=act).views == 2


def test_an_activity_opened_from_a_result_is_the_shared_page_with_the_childs_own_way_back():
    """Issue 17: the page opened from a result (?van=<code>) is not rendered for every child:
    it is the cached page for everyone with "← terug naar jouw uitslag" in place of "← Alle
    activiteiten". Still the child's own page: private, no-store, no ETag, and no other child's
    code, nor the code in the page's other links."""
    act = factories.activity("Bouw een brug")
    first = Result.objects.create(profile={"bouwen": 1.0}, age=9)
    second = Result.objects.create(profile={"bouwen": 1.0}, age=10)
    shared = visitor("10.0.3.1").get(act.get_absolute_url())
    assert "Alle activiteiten" in shared.content.decode()
    own, queries = get(visitor("10.0.3.1"), f"{act.get_absolute_url()}?van={first.code}")
    assert queries == 1  # is that a result? (the page itself comes from the cache)
    body = own.content.decode()
    assert body.count(first.code) == 1 and f'href="/quiz/uitslag/{first.code}/"' in body
    assert "terug naar jouw uitslag" in body and "Alle activiteiten" not in body
    expected = shared.content.decode().replace(
        render_to_string("public/_back_to_list.html"),
        render_to_string(
            "public/_back_to_result.html", {"result_url": f"/quiz/uitslag/{first.code}/"}
        ),
    )
    assert body == expected
    assert {"private", "no-store"} <= words(own) and "ETag" not in own
    other = visitor("10.0.3.2").get(f"{act.get_absolute_url()}?van={second.code}").content.decode()
    assert second.code in other and first.code not in other
    made_up = visitor("10.0.3.3").get(f"{act.get_absolute_url()}?van=abcdefghjk")
    assert made_up.content == shared.content and {"private", "no-store"} <= words(made_up)
    assert DailyCount.objects.get(activity=act).views == 3  # three visitors, each counted once
