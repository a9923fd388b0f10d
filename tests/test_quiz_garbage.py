"""Tampered or incomplete quiz posts get a Dutch page, never a server error (hypothesis)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.models import Question

junk = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["", "start", "over-jou", "terug", "verder", "klaar", "-1", "999", "1e9",
                     "8051", "8051 AB", "0000", "Hattem", "\x00", "NaN", "inf", "52.5", "6.1"]),
)  # fmt: skip


@pytest.fixture
def answer_ids(db):
    questions = list(Question.objects.filter(active=True).prefetch_related("answers"))
    return [f"a-{q.pk}" for q in questions], [str(a.pk) for q in questions for a in q.answers.all()]


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_post_gets_a_page_not_an_error(client, answer_ids, data):
    names, ids = answer_ids
    fields = st.sampled_from([*names, "stap", "ga", "leeftijd", "plaats", "lat", "lon", "a-999999"])
    values = st.one_of(
        junk, st.sampled_from(ids), st.lists(st.one_of(junk, st.sampled_from(ids)), max_size=4)
    )
    post = data.draw(st.dictionaries(fields, values, max_size=12))
    response = client.post("/quiz/", post)
    assert response.status_code in (200, 303)
    assert not response.cookies
    if response.status_code == 200:
        assert "<h1" in response.content.decode() or "<legend>" in response.content.decode()


@pytest.fixture
def saved_result(db):
    from quiz.models import Result

    return Result.objects.create(profile={"bouwen": 1.0}, age=9, pc4="8261")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    params=st.dictionaries(
        st.sampled_from(["leeftijd", "afstand", "plaats", "limit", "profile"]), junk, max_size=5
    )
)
def test_the_result_page_and_the_api_never_break(client, saved_result, params):
    for url in (saved_result.get_absolute_url(), f"{saved_result.get_absolute_url()}print/"):
        assert client.get(url, params).status_code == 200
    api = client.get("/api/v1/recommendations", params)
    assert api.status_code in (200, 400)
    assert "error" in api.json() or "items" in api.json()
