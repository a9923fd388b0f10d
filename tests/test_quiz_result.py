"""The result page: the child's top themes as characters, bars, jobs, explained suggestions, QR, print."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import Theme
from catalogue.places import find_place
from quiz.models import Answer, Result
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def builder_result():
    Theme.objects.filter(slug="bouwen").update(
        character="Bouwer", jobs="Een metselaar bouwt muren."
    )
    Theme.objects.filter(slug="maken").update(character="Maker")
    return Result.objects.create(
        profile={"bouwen": 0.6, "maken": 0.3, "water": 0.1},
        age=9,
        pc4="8261",
        municipality="Kampen",
    )


def test_it_names_one_character_with_its_own_picture_and_folds_chart_and_jobs(
    client, builder_result
):
    factories.activity("Bouw een brug", theme="bouwen", place="Kampen")
    body = client.get(builder_result.get_absolute_url()).content.decode()
    hero = body[body.index('<section class="result-hero') : body.index("</section>")]
    assert 'Jij bent een <span class="character theme-bouwen">Bouwer</span>!' in hero
    assert "Maker" not in hero  # one identity, not three
    assert 'src="/static/img/characters/bouwen.svg"' in hero
    first_card = body.index('class="card big-card')
    # The chart (only the themes the child chose) and the jobs come after the activities, folded.
    assert first_card < body.index("<summary>Meer over jou</summary>") < body.index("<meter")
    assert body.index("<summary>Wat kun je later worden?</summary>") < body.index("Een metselaar")
    assert body.count("<meter") == 3
    assert "Je bent ook een beetje een Maker en een" in body


def test_it_recommends_nearby_fitting_activities_with_reasons(client, builder_result):
    near = factories.activity("Bouw een brug", theme="bouwen", place="IJsselmuiden", days=(3,))
    factories.activity("Te jong", theme="bouwen", place="Kampen", min_age=4, max_age=6)
    factories.activity("Voorbij", theme="bouwen", place="Kampen", days=(-1,))
    response = client.get(builder_result.get_absolute_url())
    body = response.content.decode()
    slugs = [item.offer.slug for item, _activity in response.context["items"]]
    assert slugs == [near.slug]
    assert "Je houdt van bouwen · 1,9 km van huis · " in body
    assert '<p class="town">IJsselmuiden</p>' in body
    assert f'data-slug="{near.slug}"' in body
    assert not response.cookies


def test_the_widening_message_counts_activities_with_a_place_not_online_ones(
    client, builder_result
):
    factories.activity("Bouw een brug", theme="bouwen", place="IJsselmuiden")
    factories.activity("Brug in Zwolle", theme="bouwen", place="Zwolle")
    for n in range(10):
        factories.activity(f"Online bouwen {n}", theme="bouwen", location_type="online")
    body = client.get(builder_result.get_absolute_url()).content.decode()
    assert (
        "Binnen 10 km van Kampen vonden we maar 1 activiteit die bij je past. "
        "Daarom zochten we tot 50 km."
    ) in body


def test_the_parent_can_widen_the_distance_and_change_the_age(client, builder_result):
    far = factories.activity("Ver weg", theme="bouwen", place="Zwolle", min_age=11, max_age=12)
    url = builder_result.get_absolute_url()
    assert client.get(url).context["items"] == []
    assert client.get(url, {"afstand": 50}).context["items"] == []  # still too young
    items = client.get(url, {"afstand": 50, "leeftijd": 11}).context["items"]
    assert [item.offer.slug for item, _a in items] == [far.slug]


def test_an_empty_catalogue_gives_a_friendly_empty_result(client, builder_result):
    response = client.get(builder_result.get_absolute_url(), {"afstand": "niet"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "We vonden nu niets dat bij je past in de buurt." in body


def test_the_link_has_a_qr_code_and_a_print_page(client, builder_result):
    factories.activity("Bouw een brug", theme="bouwen", place="Kampen")
    body = client.get(builder_result.get_absolute_url()).content.decode()
    assert "<svg" in body
    assert f"http://testserver/quiz/uitslag/{builder_result.code}/" in body
    printed = client.get(f"/quiz/uitslag/{builder_result.code}/print/").content.decode()
    assert "Ik ben een Bouwer" in printed
    assert "<strong>Bouw een brug</strong> · Kampen<br>" in printed  # the town on every card
    assert "<svg" in printed


def test_an_unknown_code_is_a_dutch_404(client):
    response = client.get("/quiz/uitslag/bestaatniet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet (meer)" in response.content.decode()


def test_the_result_page_uses_a_fixed_number_of_queries(client, builder_result):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(builder_result.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    factories.activity(theme="bouwen", place="Kampen", also=("maken",))
    # the result with the catalogue version (one query), themes, snapshot (3: activities, their
    # themes, theme names), shown, next steps (profiles, keuzevakken, companies); no answers
    # here, so no query for "why"
    assert count() == 9
    # the snapshot, the themes, the activities read and the next steps are reused while the
    # content is unchanged: the result with the catalogue version
    assert count() == 1
    for _ in range(8):
        factories.activity(theme="bouwen", place="Kampen", also=("maken", "water"))
    assert count() == 9
    assert count() == 1


def test_the_catalogue_version_read_with_the_result_is_the_catalogue_version(builder_result):
    """The result page reads the catalogue's version with the result (recommendations.
    version_columns): it must be the very value catalogue_version() reads, or the page and class
    mode would build the snapshot anew for each other, and it must change with the catalogue."""
    from catalogue import recommendations

    def read():
        found = Result.objects.annotate(**recommendations.version_columns())
        return recommendations.version_of(found.get(pk=builder_result.pk))

    factories.activity(theme="bouwen", place="Kampen", days=(3,))
    assert read() == recommendations.catalogue_version()
    before = read()
    factories.activity(theme="bouwen", place="Kampen", days=(4,))
    assert read() != before and read() == recommendations.catalogue_version()


def test_a_change_in_the_catalogue_shows_up_at_once(client, builder_result):
    url = builder_result.get_absolute_url()
    assert client.get(url).context["items"] == []
    new = factories.activity("Nieuw", theme="bouwen", place="Kampen")
    assert [item.offer.slug for item, _a in client.get(url).context["items"]] == [new.slug]
    new.occurrences.all().delete()
    assert client.get(url).context["items"] == []


# The child's moment (issue 14): one character, why, three activities first, the way on later.


def begin():
    """The start button's token, which a finished quiz must carry (issue 13)."""
    from quiz.services import quiz_start_token

    return quiz_start_token()


def played(*picks):
    """A result from a real quiz: the child chose answers by text."""
    from quiz.services import quiz_result_save

    questions = factories.quiz(
        ("Wat bouw je liever?", "dit-of-dat", [("Een hut", {"bouwen": 2}), ("Een robot", {"robots-code": 2})]),
        ("Kies er drie", "kies-drie", [("Brug", {"bouwen": 1}), ("Dijk", {"water": 2}), ("Koe", {"boerderij-eten": 2}), ("Lamp", {"stroom": 1})]),
    )  # fmt: skip
    answers = [a for q in questions for a in q.answers.all() if a.text in picks]
    return quiz_result_save(answers=answers, age=9, place=find_place("Kampen"))


def test_the_why_sentence_names_what_the_child_chose_for_that_character(client):
    result = played("Een hut", "Brug", "Dijk")
    body = client.get(result.get_absolute_url()).content.decode()
    assert "Want je koos „Een hut” en „Brug”." in body


def test_three_activities_come_first_then_the_rest(client, builder_result):
    made = [
        factories.activity(f"Bouwen {n}", theme="bouwen", place="Kampen", days=(n + 1,))
        for n in range(5)
    ]
    response = client.get(builder_result.get_absolute_url())
    body = response.content.decode()
    assert len(response.context["first"]) == 3
    assert len(response.context["rest"]) == 2
    top = body[body.index('<ol class="cards top-three">') :]
    top = top[: top.index("</ol>")]
    assert top.count('class="card big-card') == 3
    shown = [item.offer.slug for item, _a in response.context["items"]]
    assert sorted(shown) == sorted(a.slug for a in made)
    assert body.index("Nog meer om te doen") > body.index("top-three")
    assert 'class="town">Kampen</p>' in body  # every card names its town


def test_read_aloud_reads_the_character_the_reason_and_the_first_three(client, builder_result):
    for n in range(4):
        factories.activity(f"Bouwen {n}", theme="bouwen", place="Kampen")
    body = client.get(builder_result.get_absolute_url()).content.decode()
    assert 'class="read-aloud button secondary" data-read=".read-this"' in body
    assert 'data-no-voice="Je apparaat kan deze taal niet voorlezen." hidden' in body
    assert '<span class="read-aloud-status" aria-live="polite"></span>' in body
    assert '<h1 id="wie" class="read-this">' in body
    assert '<p class="lead read-this">' in body
    assert body.count('<h3 class="read-this">') == 3
    assert body.count('class="why read-this"') == 3


def test_the_place_stays_as_the_child_typed_it(client):
    result = played("Een hut")
    assert result.pc4 == "8261"
    body = client.get(result.get_absolute_url()).content.decode()
    assert 'name="plaats" type="text" maxlength="100" value="Kampen"' in body
    # a village shares no first postcode with another place of its municipality: its own name
    village = Result.objects.create(profile={"bouwen": 1}, pc4="8271", municipality="Kampen")
    assert 'value="IJsselmuiden"' in client.get(village.get_absolute_url()).content.decode()


def test_the_quiz_keeps_the_typed_place_through_to_the_result(client):
    questions = factories.quiz(
        ("Wat bouw je liever?", "dit-of-dat", [("Een hut", {"bouwen": 2}), ("Robot", {"robots-code": 2})]),
    )  # fmt: skip
    hut = questions[0].answers.first()
    done = client.post(
        "/quiz/",
        {"stap": "over-jou", f"a-{questions[0].pk}": hut.pk, "plaats": "Kampen", "begin": begin()},
    )
    assert done.status_code == 303
    assert 'value="Kampen"' in client.get(done["Location"]).content.decode()


def test_place_suggestions_are_buttons_to_tap(client, builder_result):
    body = client.get(builder_result.get_absolute_url(), {"plaats": "Kampn"}).content.decode()
    assert (
        '<a class="button secondary" href="?plaats=Kampen&amp;afstand=10&amp;leeftijd=9">' in body
    )
    questions = factories.quiz(
        ("Wat bouw je liever?", "dit-of-dat", [("Een hut", {"bouwen": 2}), ("Robot", {"robots-code": 2})]),
    )  # fmt: skip
    post = {"stap": "over-jou", f"a-{questions[0].pk}": questions[0].answers.first().pk}
    about = client.post("/quiz/", {**post, "plaats": "Kampn"}).content.decode()
    assert '<button type="submit" name="plaats" value="Kampen" class="button secondary">' in about
    # the tapped button's value comes after the typed text: the quiz finishes with that place
    tapped = client.post("/quiz/", {**post, "plaats": ["Kampn", "Kampen"], "begin": begin()})
    assert tapped.status_code == 303
    assert Result.objects.get(code=tapped["Location"].split("/")[-2]).municipality == "Kampen"


def test_an_activity_opened_from_the_result_leads_back_to_it(client, builder_result):
    act = factories.activity("Bouw een brug", theme="bouwen", place="Kampen")
    opened = client.get(f"/quiz/uitslag/{builder_result.code}/open/{act.slug}/")
    assert opened["Location"] == f"/activiteiten/{act.slug}/?van={builder_result.code}"
    page = client.get(opened["Location"]).content.decode()
    assert f'<a class="button secondary" href="/quiz/uitslag/{builder_result.code}/">' in page
    assert "terug naar jouw uitslag" in page


@pytest.mark.parametrize(
    "van", ["", "bestaatniet", "abcdefghjk", '"><script>x</script>', "x" * 500]
)
def test_a_made_up_back_link_shows_nothing(client, van):
    act = factories.activity("Bouw een brug", theme="bouwen", place="Kampen")
    page = client.get(f"/activiteiten/{act.slug}/", {"van": van}).content.decode()
    assert "terug naar jouw uitslag" not in page
    assert "<script>x" not in page


def bricklaying(status: str):
    """A keuzevak of an mbo college for the vmbo profile BWI (building)."""
    from electives.models import Module, Profile

    college = factories.provider("Techniekcollege", kind="mbo")
    module = Module.objects.create(
        title="Metselen en timmeren", slug="metselen", provider=college, status=status,
        summary="Bouwen.", hours=40, period="blok 3", contact_name="A", contact_email="a@example.org",
        place="Zwolle", municipality="Zwolle",
    )  # fmt: skip
    module.profiles.set(Profile.objects.filter(slug="bwi"))
    return module


def test_the_way_on_later_names_vmbo_profiles_keuzevakken_and_companies(client, builder_result):
    bricklaying("gepubliceerd")
    builder = factories.provider("Bouwbedrijf Kamper", place="Kampen", kind="bedrijf")
    factories.activity("Open bouwplaats", theme="bouwen", place="Kampen", owner=builder)
    school = factories.provider("Een vo-school", kind="vo")
    factories.activity("Bouwles", theme="bouwen", place="Kampen", owner=school)
    body = client.get(builder_result.get_absolute_url()).content.decode()
    later = body[body.index("Zo kun je later verder") :]
    assert "Bouwen, wonen en interieur" in later
    assert '<a href="/keuzevakken/metselen/">Metselen en timmeren</a>' in later
    assert 'href="/keuzevakken/?profiel=bwi&amp;profiel=pie"' in later
    assert "Bouwbedrijf Kamper" in later
    assert "Een vo-school" not in later


def test_what_every_result_shares_is_kept_only_until_an_edit(client, admin_client):
    """Themes, answers and the way on later are kept per content version (issue 17): an edit in
    the admin or on a model shows on the very next render, also a bulk action without signals."""
    result = played("Een hut", "Brug", "Dijk")
    url = result.get_absolute_url()
    module = bricklaying("ingediend")
    builder = factories.provider("Bouwbedrijf Kamper", place="Kampen", kind="bedrijf")
    shown = factories.activity("Open bouwplaats", theme="bouwen", place="Kampen", owner=builder)
    before = client.get(url).content.decode()
    assert "Want je koos „Een hut” en „Brug”." in before
    assert "Metselen en timmeren" not in before
    assert "Bouwbedrijf Kamper" in before
    assert client.get(url).content == before.encode()  # kept: the same page again

    def later() -> str:
        body = client.get(url).content.decode()
        return body[body.index("Zo kun je later verder") :]

    admin_client.post(
        "/beheer/electives/module/", {"action": "publish", "_selected_action": [module.pk]}
    )  # a queryset update: no signal
    assert "Metselen en timmeren" in later()
    builder.name = "Bouwbedrijf Kampen"
    builder.save()
    assert "Bouwbedrijf Kampen" in later()
    assert "Bouwbedrijf Kampen" in client.get(url).content.decode().split("Zo kun je later")[0]
    shown.title = "Open bouwplaats in Kampen"
    shown.save()
    assert ">Open bouwplaats in Kampen</button>" in client.get(url).content.decode()
    brug = Answer.objects.get(text="Brug")
    brug.text = "Een brug"
    brug.save()
    assert "Want je koos „Een hut” en „Een brug”." in client.get(url).content.decode()
    theme = Theme.objects.get(slug="bouwen")
    theme.name = "Bouwen en timmeren"
    theme.save()
    assert '<span class="bar-label">Bouwen en timmeren</span>' in client.get(url).content.decode()


def test_with_the_page_cache_a_new_result_shows_an_edit_at_once(client, page_cache):
    """Cached pages and the memos behind them share one content version: after an edit, the next
    child's first render and the first child's kept page both show it."""
    first = played("Een hut", "Brug", "Dijk")
    other = Result.objects.create(profile=dict(first.profile), answers=list(first.answers), age=9)
    assert (
        "Want je koos „Een hut” en „Brug”." in client.get(first.get_absolute_url()).content.decode()
    )
    theme = Theme.objects.get(slug="bouwen")
    theme.name = "Bouwen en timmeren"
    theme.save()
    brug = Answer.objects.get(text="Brug")
    brug.text = "Een brug"
    brug.save()
    for result in (other, first):
        body = client.get(result.get_absolute_url()).content.decode()
        assert '<span class="bar-label">Bouwen en timmeren</span>' in body
        assert "Want je koos „Een hut” en „Een brug”." in body


def test_a_fourth_tick_is_refused_on_the_same_question(client):
    questions = factories.quiz(
        ("Kies er drie", "kies-drie", [(t, {"bouwen": 1}) for t in ("A", "B", "C", "D")]),
        ("Daarna", "dit-of-dat", [("Ja", {"bouwen": 1}), ("Nee", {"water": 1})]),
    )
    four = [a.pk for a in questions[0].answers.all()]
    page = client.post("/quiz/", {"stap": "0", f"a-{questions[0].pk}": four})
    body = page.content.decode()
    assert "Je mag er maar drie kiezen." in body
    assert '<input type="hidden" name="stap" value="0">' in body  # still the first question
    assert "Kies er hoogstens drie." not in body
    three = client.post("/quiz/", {"stap": "0", f"a-{questions[0].pk}": four[:3]})
    assert '<input type="hidden" name="stap" value="1">' in three.content.decode()


def test_the_why_sentence_leaves_out_yes_no_answers(client):
    from quiz.services import quiz_result_save

    questions = factories.quiz(
        ("Lijkt bouwen je leuk?", "leuk", [("Ja, super leuk!", {"bouwen": 3}), ("Nee", {"water": 1})]),
        ("Wat bouw je liever?", "dit-of-dat", [("Een hut", {"bouwen": 1}), ("Een robot", {"robots-code": 1})]),
    )  # fmt: skip
    picks = [
        a for q in questions for a in q.answers.all() if a.text in {"Ja, super leuk!", "Een hut"}
    ]
    result = quiz_result_save(answers=picks, age=9, place=None)
    body = client.get(result.get_absolute_url()).content.decode()
    assert "Want je koos „Een hut”." in body
