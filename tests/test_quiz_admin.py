"""The coordinator edits the quiz in the admin; unfinished questions cannot be switched on."""

import pytest

from quiz.models import AnswerWeight, Question
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, django_user_model):
    client.force_login(
        django_user_model.objects.create_superuser("coordinator", "c@example.org", "x")
    )
    return client


def question_form(active, answers):
    data = {
        "text_nl": "Testvraag: hut of robot?", "kind": "dit-of-dat", "order": 1,
        "answers-TOTAL_FORMS": len(answers), "answers-INITIAL_FORMS": 0,
    }  # fmt: skip
    if active:
        data["active"] = "on"
    for i, (text, weights) in enumerate(answers):
        data[f"answers-{i}-text_nl"] = text
        data[f"answers-{i}-order"] = i
        data[f"answers-{i}-icon"] = "1F528"
        for slug, weight in weights.items():
            data[f"answers-{i}-weight_{slug}"] = weight
    return data


def test_a_question_with_answers_and_weights_is_saved_with_its_weights(coordinator):
    factories.theme_named("bouwen")
    data = question_form(
        True, [("Een hut", {"bouwen": "2"}), ("Een robot", {"robots-code": "1.5"})]
    )
    response = coordinator.post("/beheer/quiz/question/add/", data)
    assert response.status_code == 302
    question = Question.objects.get(text="Testvraag: hut of robot?")
    weights = sorted(
        AnswerWeight.objects.filter(answer__question=question).values_list("theme__slug", "weight")
    )
    assert [(slug, str(w)) for slug, w in weights] == [("bouwen", "2.0"), ("robots-code", "1.5")]


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ([("Een hut", {"bouwen": "2"}), ("Een robot", {})], "heeft nog geen thema met een gewicht"),
        ([("Een hut", {"bouwen": "2"})], "minstens twee antwoorden"),
        ([], "minstens twee antwoorden"),
    ],
)
def test_an_unfinished_question_cannot_be_active(coordinator, answers, message):
    factories.theme_named("bouwen")
    response = coordinator.post("/beheer/quiz/question/add/", question_form(True, answers))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.filter(text="Testvraag: hut of robot?").exists()


def test_an_unfinished_question_may_be_saved_inactive_but_not_switched_on(coordinator):
    factories.theme_named("bouwen")
    response = coordinator.post(
        "/beheer/quiz/question/add/", question_form(False, [("Een hut", {})])
    )
    assert response.status_code == 302
    question = Question.objects.get(text="Testvraag: hut of robot?")
    coordinator.post(
        "/beheer/quiz/question/", {"action": "activate", "_selected_action": [question.pk]}
    )
    question.refresh_from_db()
    assert not question.active


def test_the_shipped_quiz_has_twelve_playable_questions_covering_every_theme():
    from catalogue.models import Theme
    from quiz.services import playable_questions

    questions = playable_questions()
    assert len(questions) == 12
    weighted = {w.theme.slug for q in questions for a in q.answers.all() for w in a.weights.all()}
    assert weighted == set(Theme.objects.values_list("slug", flat=True))
    assert {q.kind for q in questions} == {"dit-of-dat", "kies-drie", "leuk"}
    assert all(a.icon for q in questions for a in q.answers.all())
