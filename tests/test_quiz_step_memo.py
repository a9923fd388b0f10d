"""A quiz step's page is rendered once per question, ticks and messages, and then only the hidden
fields that carry a child's own answers are filled in (techniekkaart/slotted.py, issue 17): the
page must be the same, byte for byte, as a render of its own, and never carry another child's
answers or token."""

import re

import pytest
from django.core.cache import caches
from django.shortcuts import render
from django.urls import resolve

from quiz.flow import Flow, _choices, _inputs
from quiz.services import playable_questions, quiz_start_token
from techniekkaart import slotted
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions():
    caches["fragments"].clear()
    return factories.quiz(
        ("Wat bouw je liever?", "dit-of-dat", [("Een hut", {"bouwen": 2}), ("Een robot", {"robots-code": 2})]),
        ("Kies er drie", "kies-drie", [
            ("Brug", {"bouwen": 1}), ("Dijk", {"water": 2}), ("Zonnepaneel", {"energie": 2}),
            ("Koe", {"boerderij-eten": 2}),
        ]),
        ("Lijkt lassen je leuk?", "leuk", [("Ja!", {"maken": 2}), ("Nee", {"proefjes": 0.5})]),
    )  # fmt: skip


def hidden(html):
    return re.findall(r'<input type="hidden" name="(a-\d+|begin)" value="([^"]+)">', html)


def step(client, token, index, picks):
    data = {"begin": token, "stap": index} | {f"a-{q.pk}": [str(a.pk)] for q, a in picks}
    response = client.post("/quiz/", data)
    assert response.status_code == 200
    assert not response.cookies
    return response.content.decode()


def fresh_render(rf, questions, index, carried, chosen=(), messages=()):
    """The page as the view rendered it before pages were kept: one render of its own."""
    played = playable_questions()
    question = played[index]
    context = {
        "flow": Flow(post_url="/quiz/"),
        "question": question, "choices": _choices(played)[question.pk], "index": index,
        "number": index + 1, "total": len(played), "hidden": _inputs(carried),
        "chosen": {str(pk) for pk in chosen}, "messages_": list(messages),
    }  # fmt: skip
    request = rf.post("/quiz/")
    request.resolver_match = resolve("/quiz/")  # as for the view: the language menu reads it
    return render(request, "quiz/question.html", context).content.decode()


def test_two_children_at_one_question_each_get_their_own_answers_and_token(client, rf, questions):
    first, _second, _third = questions
    hut, robot = first.answers.order_by("order")
    token_a, token_b = quiz_start_token(), quiz_start_token()
    page_a = step(client, token_a, 0, [(first, hut)])
    page_b = step(type(client)(), token_b, 0, [(first, robot)])
    assert hidden(page_a) == [("begin", token_a), (f"a-{first.pk}", str(hut.pk))]
    assert hidden(page_b) == [("begin", token_b), (f"a-{first.pk}", str(robot.pk))]
    assert page_a.replace(token_a, "T").replace(f'value="{hut.pk}"', "V") == page_b.replace(
        token_b, "T"
    ).replace(f'value="{robot.pk}"', "V")
    carried = [("begin", token_b), (f"a-{first.pk}", str(robot.pk))]
    assert page_b == fresh_render(rf, questions, 1, carried)


def test_a_kept_page_equals_a_fresh_render_with_ticks_and_messages(client, rf, questions):
    first, second, _third = questions
    hut = first.answers.order_by("order")[0]
    brug, dijk = second.answers.order_by("order")[:2]
    token = quiz_start_token()
    data = {"begin": token, "stap": 1, "ga": "terug", f"a-{first.pk}": hut.pk}
    data[f"a-{second.pk}"] = [brug.pk, dijk.pk]
    for _ in range(2):  # rendered, then kept
        back = client.post("/quiz/", data).content.decode()
        carried = [
            ("begin", token),
            (f"a-{second.pk}", str(brug.pk)),
            (f"a-{second.pk}", str(dijk.pk)),
        ]
        assert back == fresh_render(rf, questions, 0, carried, chosen=[hut.pk])
        assert back.count(" checked") == 1
        start = client.post("/quiz/", {"stap": "start"}).content.decode()
        assert " checked" not in start  # the same question, nothing ticked: a page of its own
    missing = {"begin": token, "stap": 1}
    for _ in range(2):
        page = client.post("/quiz/", missing).content.decode()
        expected = fresh_render(
            rf, questions, 1, [("begin", token)], messages=["Kies eerst een antwoord."]
        )
        assert page == expected and "Kies eerst een antwoord." in page


def test_the_hidden_fields_are_escaped_and_a_marker_never_leaks(client, questions):
    first = questions[0]
    hut = first.answers.order_by("order")[0]
    token = '"><script>alert(1)</script>'
    for _ in range(2):
        page = step(client, token, 0, [(first, hut)])
        assert "<script>alert" not in page
        assert "&quot;&gt;&lt;script&gt;" in page
        assert "<!--slot-" not in page


def test_a_visitor_with_a_cookie_or_a_nonce_is_rendered_alone(rf, questions, monkeypatch):
    from django.contrib.auth.models import AnonymousUser

    kept = []
    monkeypatch.setattr(
        caches["fragments"],
        "set",
        lambda key, *a, **k: kept.extend([key] if key.startswith("slotted:") else []),
    )
    request = rf.post("/quiz/")
    request.user = AnonymousUser()
    request.COOKIES["sessionid"] = "x"
    response = slotted.render(
        request, "quiz/unavailable.html", {}, slot="hidden", value=_inputs([]), version="1"
    )
    assert response.status_code == 200 and kept == []
    request = rf.post("/quiz/")
    request.user = AnonymousUser()
    request._csp_nonce = "abc"  # the render used the response's nonce
    slotted.render(
        request, "quiz/unavailable.html", {}, slot="hidden", value=_inputs([]), version="1"
    )
    assert kept == []
    request = rf.post("/quiz/")
    request.user = AnonymousUser()
    slotted.render(
        request, "quiz/unavailable.html", {}, slot="hidden", value=_inputs([]), version="1"
    )
    assert len(kept) == 1


def test_a_hostile_token_comes_back_escaped_as_django_escapes_it(client, questions):
    """The hidden fields are escaped with the standard library (issue 17: a tenth of
    format_html_join's cost); the text must be Django's escape of every value."""
    from django.utils.html import format_html_join

    hostile = "\"><script>alert('x')</script>&"
    page = step(client, hostile, 0, [(questions[0], questions[0].answers.all()[0])])
    assert "<script>alert" not in page
    assert 'value="&quot;&gt;&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&amp;"' in page
    carried = [("begin", hostile), ("a-1", "2"), ("a-3", 4)]
    django = format_html_join("", '<input type="hidden" name="{}" value="{}">', carried)
    assert _inputs(carried) == django
