"""A child takes the quiz with plain form posts: one question per page, back and forth, no cookies."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from quiz.models import Answer, Question, Result
from quiz.services import quiz_start_token
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def questions():
    return factories.quiz(
        ("Wat bouw je liever?", "dit-of-dat", [("Een hut", {"bouwen": 2}), ("Een robot", {"robots-code": 2})]),
        ("Kies er drie", "kies-drie", [
            ("Brug", {"bouwen": 1}), ("Dijk", {"water": 2}), ("Zonnepaneel", {"energie": 2}),
            ("Koe", {"boerderij-eten": 2}), ("Game", {"ontwerpen-media": 1, "robots-code": 1}),
        ]),
        ("Lijkt lassen je leuk?", "leuk", [
            ("Ja!", {"maken": 2}), ("Een beetje", {"maken": 0.5}), ("Nee", {"proefjes": 0.5}),
        ]),
    )  # fmt: skip


def ids(question, *texts):
    return [str(a.pk) for a in question.answers.all() if a.text in texts]


def hidden_fields(response):
    html = response.content.decode()
    return re.findall(r'<input type="hidden" name="(a-\d+|begin)" value="([^"]+)">', html)


def post(client, data):
    response = client.post("/quiz/", data)
    assert response.status_code in (200, 303)
    assert not response.cookies, "children's pages set no cookies"
    return response


def carry(response, **extra):
    data = {}
    for name, value in hidden_fields(response):
        data.setdefault(name, []).append(value)
    data.update(extra)
    return data


def test_a_child_completes_the_quiz_and_gets_an_anonymous_result(client, questions):
    q1, q2, q3 = questions
    intro = client.get("/quiz/")
    assert "Start de quiz" in intro.content.decode()
    assert not intro.cookies
    page = post(client, {"stap": "start"})
    assert "Vraag 1 van 3" in page.content.decode()
    page = post(client, carry(page, stap="0", **{f"a-{q1.pk}": ids(q1, "Een hut")}))
    assert "Vraag 2 van 3" in page.content.decode()
    page = post(client, carry(page, stap="1", **{f"a-{q2.pk}": ids(q2, "Brug", "Dijk", "Koe")}))
    page = post(client, carry(page, stap="2", **{f"a-{q3.pk}": ids(q3, "Ja!")}))
    assert "Hoe oud ben je?" in page.content.decode()
    done = post(client, carry(page, stap="over-jou", ga="klaar", leeftijd="9", plaats="8261 AB"))
    assert done.status_code == 303
    result = Result.objects.get()
    assert done["Location"] == f"/quiz/uitslag/{result.code}/"
    assert len(result.code) == 10
    assert not result.code.isdigit()
    assert result.age == 9
    assert result.pc4 == "8261"
    assert result.municipality == "Kampen"
    assert sorted(result.answers) == sorted(
        int(i) for i in ids(q1, "Een hut") + ids(q2, "Brug", "Dijk", "Koe") + ids(q3, "Ja!")
    )
    assert result.profile == {
        "boerderij-eten": 0.2222,
        "bouwen": 0.3333,
        "maken": 0.2222,
        "water": 0.2222,
    }
    stored = {f.name for f in Result._meta.get_fields()}
    assert stored == {
        "id",
        "code",
        "answers",
        "profile",
        "age",
        "municipality",
        "pc4",
        "created",
        "class_session",
        "top_theme",  # derived from the profile, for the impact figures
        "opened",  # the hour an activity was first opened from the result
        "start",  # the start token's random part (its single use): nothing about the child
    }


def test_back_shows_the_previous_question_with_its_answer_still_chosen(client, questions):
    q1, _q2, _q3 = questions
    hut = ids(q1, "Een hut")[0]
    page = post(client, {"stap": "0", f"a-{q1.pk}": hut})
    page = post(client, carry(page, stap="1", ga="terug"))
    html = page.content.decode()
    assert "Vraag 1 van 3" in html
    assert f'value="{hut}" checked' in html


def test_going_on_without_an_answer_asks_for_one(client, questions):
    page = post(client, {"stap": "0"})
    html = page.content.decode()
    assert "Vraag 1 van 3" in html
    assert "Kies eerst een antwoord." in html


def test_more_than_three_picks_are_refused_on_that_question(client, questions):
    q1, q2, _q3 = questions
    data = {f"a-{q1.pk}": ids(q1, "Een hut"), f"a-{q2.pk}": ids(q2, "Brug", "Dijk", "Koe", "Game")}
    page = post(client, {**data, "stap": "1"})
    assert "Je mag er maar drie kiezen." in page.content.decode()
    assert "Vraag 2 van 3" in page.content.decode()  # the same question, not the next (issue 14)


def test_tampered_answer_ids_get_a_message_not_an_error(client, questions):
    q1, q2, _q3 = questions
    page = post(client, {"stap": "0", f"a-{q1.pk}": ["999999", ids(q2, "Brug")[0]]})
    html = page.content.decode()
    assert "Er klopte iets niet met een antwoord" in html
    assert "Vraag 1 van 3" in html


def test_skipping_to_the_end_brings_the_child_back_to_the_first_open_question(client, questions):
    q1, _q2, _q3 = questions
    page = post(client, {"stap": "over-jou", "ga": "klaar", f"a-{q1.pk}": ids(q1, "Een robot")})
    html = page.content.decode()
    assert "Vraag 2 van 3" in html
    assert "Deze vraag heb je nog niet beantwoord." in html
    assert not Result.objects.exists()


def all_answered(questions):
    q1, q2, q3 = questions
    return {
        f"a-{q1.pk}": ids(q1, "Een hut"),
        f"a-{q2.pk}": ids(q2, "Dijk"),
        f"a-{q3.pk}": ids(q3, "Nee"),
        "stap": "over-jou",
        "ga": "klaar",
        "begin": quiz_start_token(),
    }


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("leeftijd", "250", "Selecteer een geldige keuze"),
        ("groep", "12", "Selecteer een geldige keuze"),
        ("plaats", "1012", "Postcode 1012 ligt niet in Regio Zwolle."),
        ("plaats", "Kampn", "We kennen de plaats “Kampn” niet"),
        ("lat", "abc", "We konden je locatie niet lezen."),
    ],
)
def test_bad_details_at_the_end_get_a_dutch_message(client, questions, field, value, message):
    page = post(client, {**all_answered(questions), field: value})
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not Result.objects.exists()


def test_the_browser_location_becomes_the_nearest_place_and_is_not_kept(client, questions):
    done = post(client, {**all_answered(questions), "lat": "52.476", "lon": "6.065"})
    result = Result.objects.get()
    assert done.status_code == 303
    assert (result.municipality, result.pc4) == ("Hattem", "8051")


def test_details_are_optional(client, questions):
    post(client, all_answered(questions))
    result = Result.objects.get()
    assert (result.age, result.municipality, result.pc4) == (None, "", "")


def test_unfinished_questions_are_left_out_of_the_quiz(client, questions):
    broken = Question.objects.create(
        text="Zonder gewicht", kind="dit-of-dat", active=True, order=99
    )
    Answer.objects.create(question=broken, text="A")
    Answer.objects.create(question=broken, text="B")
    Question.objects.create(text="Niet actief", kind="dit-of-dat", active=False, order=98)
    page = post(client, {"stap": "start"})
    assert "Vraag 1 van 3" in page.content.decode()


def test_without_playable_questions_the_quiz_says_so(client):
    Question.objects.all().delete()
    response = client.get("/quiz/")
    assert response.status_code == 503
    assert "De quiz is even niet beschikbaar" in response.content.decode()


def test_old_results_are_deleted_by_the_command(questions, settings):
    settings.QUIZ_RESULT_RETENTION_DAYS = 30
    old, new = Result.objects.create(profile={}), Result.objects.create(profile={})
    Result.objects.filter(pk=old.pk).update(created=timezone.now() - dt.timedelta(days=31))
    call_command("delete_old_quiz_results")
    assert list(Result.objects.all()) == [new]


def test_a_typed_place_wins_over_a_location_outside_the_region(client, questions):
    page = post(client, {**all_answered(questions), "lat": "48.857", "lon": "2.352"})
    assert "Je locatie ligt niet in Regio Zwolle" in page.content.decode()
    assert 'name="lat" id="id_lat">' in page.content.decode()  # not carried along
    done = post(
        client, {**all_answered(questions), "lat": "48.857", "lon": "2.352", "plaats": "Kampen"}
    )
    assert done.status_code == 303
    assert Result.objects.get().municipality == "Kampen"


def test_two_answers_to_a_one_choice_question_ask_for_one(client, questions):
    q1, _q2, _q3 = questions
    page = post(client, {"stap": "0", f"a-{q1.pk}": ids(q1, "Een hut", "Een robot")})
    assert "Kies er één." in page.content.decode()


def test_a_groep_instead_of_an_age_gives_the_youngest_age_of_that_groep(client, questions):
    post(client, {**all_answered(questions), "groep": "6"})
    assert Result.objects.get().age == 9


def test_a_flood_of_quiz_posts_from_one_address_gets_429_with_retry_after(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "quiz": "5/60"}
    for _ in range(5):
        assert client.post("/quiz/", {"stap": "start"}).status_code == 200
    response = client.post("/quiz/", {"stap": "start"})
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert client.post("/quiz/", {"stap": "start"}, REMOTE_ADDR="10.9.9.9").status_code == 200
