"""The quiz steps reuse each question's prepared answers (issue 17), but never stale ones: an answer
the coordinator changes in the admin shows on the very next step."""

import pytest

from quiz.models import Answer
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_answer_changed_in_the_admin_shows_on_the_next_quiz_step(client, django_user_model):
    (question, _second) = factories.quiz(
        ("Wat bouw je liever?", "dit-of-dat", [("Een hut", {"bouwen": 2}), ("Een robot", {"robots-code": 2})]),
        ("Lijkt lassen je leuk?", "leuk", [("Ja!", {"maken": 2}), ("Nee", {"proefjes": 0.5})]),
    )  # fmt: skip
    hut, robot = question.answers.order_by("order")
    child = type(client)()
    page = child.post("/quiz/", {"stap": "start"}).content.decode()
    assert "Een hut" in page and "Een boomhut" not in page

    admin = type(client)()
    admin.force_login(django_user_model.objects.create_superuser("c", "c@example.org", "x"))
    data = {
        "text_nl": question.text, "kind": question.kind, "order": question.order, "active": "on",
        "answers-TOTAL_FORMS": 2, "answers-INITIAL_FORMS": 2,
    }  # fmt: skip
    for i, (answer, text, slug) in enumerate(
        [(hut, "Een boomhut", "bouwen"), (robot, "Een robot", "robots-code")]
    ):
        data |= {f"answers-{i}-id": answer.pk, f"answers-{i}-question": question.pk}
        data |= {
            f"answers-{i}-text_nl": text,
            f"answers-{i}-order": i,
            f"answers-{i}-icon": "1F528",
        }
        data[f"answers-{i}-weight_{slug}"] = "2"
    response = admin.post(f"/beheer/quiz/question/{question.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Answer.objects.get(pk=hut.pk).text == "Een boomhut"

    page = child.post("/quiz/", {"stap": "start"}).content.decode()
    assert "Een boomhut" in page
    assert "Een hut" not in page
    assert page.count("openmoji/1F528") == 2  # the new icon on both answers
