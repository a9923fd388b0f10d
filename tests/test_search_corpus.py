"""What a parent types in "Zoek": a fixed catalogue and 36 queries with the activity each must find first.

Runs on SQLite (Python with the Snowball rules) and on PostgreSQL (its Dutch full-text search), through
the list page, the API and the widget, which all use catalogue.search.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction

from catalogue.search import Filters, search
from catalogue.textsearch import Vocabulary, fold, terms
from tests import factories as f

pytestmark = pytest.mark.django_db

# slug: (title, summary, description, theme, provider)
CATALOGUE = {
    "robot": ("Robots bouwen met Lego", "Je bouwt een robot die kan rijden.",
              "We gebruiken Lego Spike en een tablet.", "robots-code", "TechnoLab De Vonk"),
    "scratch": ("Programmeren met Scratch", "Je maakt je eigen spel op de computer.",
                "Met blokjes code laat je een kat bewegen.", "robots-code", "Bibliotheek Kampen"),
    "python": ("Code club", "Elke week programmeer je samen met andere kinderen.",
               "We werken met micro:bit en Python.", "robots-code", "Roboticaclub De Polderbots"),
    "solder": ("Solderen voor beginners", "Je soldeert een knipperlicht.",
               "Met een soldeerbout en echte onderdelen.", "stroom", "Makerspace Steenwijk"),
    "stroomkring": ("Stroomkringen", "Je laat een lampje branden met een batterij.",
                    "Wat is stroom? Je ontdekt het zelf.", "stroom", "Doe-museum Het Proefstation"),
    "raket": ("Waterraket lanceren", "Je bouwt een raket van een fles.",
              "Hoe hoog komt jouw raket?", "proefjes", "Hanzecollege IJsselmuiden"),
    "vliegtuig": ("Kijken bij de vliegtuigen", "Je ziet hoe een vliegtuig wordt gemaakt.",
                  "Je mag in de cockpit zitten.", "vervoer", "Luchtvaartbedrijf De Wolk"),
    "dijk": ("Hoe werkt een dijk?", "Je bouwt een dijk en kijkt of hij het water tegenhoudt.",
             "Met zand, klei en water.", "water", "Waterschap Drents Overijsselse Delta"),
    "gemaal": ("Open dag bij het gemaal", "Een gemaal pompt water weg.",
               "Je ziet de grote pompen van dichtbij.", "water", "Gemaal De Blocq"),
    "zonnepanelen": ("Zonnepanelen op het dak", "Hoe maak je stroom van zonlicht?",
                     "Je bouwt een klein zonnepaneel-autootje.", "energie", "Installatiebedrijf De Stroomdraad"),
    "windmolen": ("Windmolen maken", "Je maakt een windmolen van karton.",
                  "Draait hij snel genoeg voor een lampje?", "energie", "Energiecoöperatie Wijhe"),
    "printen": ("3D-printen", "Je ontwerpt een sleutelhanger en print hem.",
                "Op de computer teken je in 3D.", "ontwerpen-media", "Bibliotheek Zwolle-Zuid"),
    "film": ("Stop-motion film maken", "Je maakt een filmpje met klei.",
             "Foto voor foto komt je figuur tot leven.", "ontwerpen-media", "Mediawerkplaats Deventer"),
    "timmeren": ("Timmeren en zagen", "Je maakt een vogelhuisje van hout.",
                 "Met echte hamers en zagen.", "bouwen", "Bouwbedrijf Van der Steen"),
    "huis": ("Een huis bouwen", "Hoe bouw je een huis? Je metselt zelf een muurtje.",
             "Met stenen en cement.", "bouwen", "Techniekcollege Zwolle"),
    "tractor": ("Op de trekker", "Je ziet hoe een boer met een drone werkt.",
                "Slimme machines op het land.", "boerderij-eten", "Akkerbouwbedrijf De Polderdrone"),
    "kaas": ("Kaas maken", "Van melk maak je zelf kaas.", "Wat gebeurt er met de melk?",
             "boerderij-eten", "Zuivelboerderij De Koe"),
    "proefjes": ("Proefjes met slijm", "Je maakt slijm en ontdekt waarom het plakt.",
                 "Een beetje scheikunde.", "proefjes", "Doe-museum Het Proefstation"),
    "hart": ("Hoe werkt je hart?", "Je luistert naar je hart met een stethoscoop.",
             "In het ziekenhuis zie je echte apparaten.", "zorgtechniek", "Isala Ziekenhuis"),
    "prothese": ("Een hand die je zelf maakt", "Je maakt een hand van karton en touw.",
                 "Zo werkt een prothese.", "zorgtechniek", "Orthopedische werkplaats De Stapvoet"),
    "boot": ("Bootjes bouwen", "Je bouwt een boot die echt drijft.", "Blijft hij drijven met lading?",
             "vervoer", "Jachtbouw De Kamper Kogge"),
    "trein": ("Achter de schermen bij de trein", "Hoe rijdt een trein op tijd?",
              "Je ziet de werkplaats van de treinen.", "vervoer", "Spoorwerkplaats Zwolle"),
    "elektrische-auto": ("Elektrisch rijden", "Je rijdt in een kleine elektrische auto.",
                         "Waar haalt de auto zijn stroom vandaan?", "vervoer", "Autobedrijf Hattem"),
    "lassen": ("Lassen en metaal", "Je ziet hoe metaal aan elkaar wordt gelast.",
               "Met een echte lasser in de werkplaats.", "maken", "Metaalbedrijf De Vonkenregen"),
    "naaimachine": ("Naaien met een naaimachine", "Je naait je eigen tasje.",
                    "Ook met een borduurmachine.", "maken", "Repair Café Dalfsen"),
    "repair": ("Repareren in het Repair Café", "Je maakt een kapotte lamp weer heel.",
               "Weggooien? Nee, maken!", "maken", "Repair Café Raalte"),
    "minecraft": ("Minecraft-stad ontwerpen", "Je ontwerpt je eigen stad in Minecraft.",
                  "Samen bouwen jullie een slimme stad.", "ontwerpen-media", "Bibliotheek Dronten"),
    "game": ("Je eigen game maken", "Je programmeert een game met Scratch.",
             "Met levels en punten.", "robots-code", "Softwarebureau Bits & Bouten"),
    "drone": ("Drones vliegen", "Je bestuurt een drone in een hal.",
              "Hoe blijft een drone in de lucht?", "vervoer", "Dronecentrum Lelystad"),
    "weer": ("Het weer meten", "Je bouwt een regenmeter en een windvaan.",
             "Daarna meet je een week het weer.", "proefjes", "Weerstation Heino"),
    "sterren": ("Kijken naar de sterren", "Door een grote telescoop zie je de maan.",
                "In de sterrenwacht is het donker.", "proefjes", "Sterrenwacht Ommen"),
    "circuit": ("Racebaan met stroom", "Je bouwt een racebaan en laat een autootje rijden.",
                "Met magneten en koperdraad.", "stroom", "Techlab Kampen"),
    "bruggen": ("Bruggen bouwen van spaghetti", "Hoeveel gewicht houdt jouw brug?",
                "Met spaghetti en marshmallows.", "bouwen", "Ingenieursbureau De Brug"),
    "lego-stad": ("Legostad", "Je bouwt mee aan een grote stad van blokjes.",
                  "Wie bouwt de hoogste toren?", "bouwen", "Speelgoedmuseum Kampen"),
}  # fmt: skip

# (what a parent types, the slug that must come first, slugs that must be found too)
QUERIES = [
    ("robot", "robot", {"robot"}),
    ("robots", "robot", set()),
    ("ROBOT", "robot", set()),
    ("robto", "robot", set()),  # a typing error
    ("lego", "robot", {"lego-stad"}),  # "Legostad" starts with lego; the title match comes first
    ("leggo", "robot", set()),
    (
        "programmeren",
        "scratch",
        {"game", "python"},
    ),  # "programmeer" and "programmeert" share the stem
    ("programeren", "scratch", {"game"}),  # one m missing
    ("scratch", "scratch", {"game"}),
    ("solderen", "solder", set()),
    ("soldeer", "solder", set()),
    ("raket", "raket", set()),
    ("raketten", "raket", set()),
    ("vliegtuig", "vliegtuig", set()),
    ("vliegtuigen", "vliegtuig", set()),
    ("dijk", "dijk", set()),
    ("zonnepaneel", "zonnepanelen", set()),
    ("windmolen", "windmolen", set()),
    ("3d printen", "printen", set()),
    ("film maken", "film", set()),
    ("timmeren", "timmeren", set()),
    ("kaas", "kaas", set()),
    ("slijm", "proefjes", set()),
    ("hart", "hart", set()),
    ("prothese", "prothese", set()),
    ("boot", "boot", set()),
    ("trein", "trein", set()),
    ("elektrische auto", "elektrische-auto", set()),
    ("lassen", "lassen", set()),
    ("naaimachine", "naaimachine", set()),
    ("repair cafe", "repair", {"naaimachine"}),  # accent left out; the provider's name counts too
    ("minecraft", "minecraft", set()),
    ("drone", "drone", {"tractor"}),  # the title match before the summary match
    ("sterren kijken", "sterren", set()),
    ("brug", "bruggen", set()),
    # "Racebaan met stroom" has the word in its title, "Stroomkringen" as a compound
    ("stroom voor kinderen", "circuit", {"stroomkring", "zonnepanelen", "elektrische-auto"}),
    ("water", "raket", {"dijk", "gemaal"}),  # "Waterraket" in a title before "water" in a summary
    ("Bits & Bouten", "game", set()),
    ("micro:bit", "python", set()),
]


@pytest.fixture(scope="module")
def corpus(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The catalogue above, made once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        for slug, (title, summary, description, theme, provider) in CATALOGUE.items():
            f.activity(
                title,
                theme=theme,
                owner=f.provider(provider),
                slug=slug,
                summary=summary,
                description=description,
            )
        yield
        transaction.set_rollback(True)


@pytest.fixture
def catalogue(corpus: None, db: None) -> None:
    cache.clear()


def found(query: str) -> list[str]:
    return [hit.slug for hit in search(Filters(words=tuple(query.split()), sort="relevantie")).hits]


def test_every_query_of_the_corpus_finds_its_activity_first(catalogue: None) -> None:
    assert len(QUERIES) >= 30
    wrong = []
    for query, first, also in QUERIES:
        hits = found(query)
        if not hits or hits[0] != first or not also <= set(hits):
            wrong.append(
                f"{query!r}: expected {first} first (and {sorted(also)}), found {hits[:6]}"
            )
    assert not wrong, "\n".join(wrong)


def test_a_word_the_catalogue_does_not_have_finds_nothing(catalogue: None) -> None:
    assert found("dinosaurus") == []
    assert found("robot dinosaurus") == []  # every word has to match


def test_every_word_has_to_match(catalogue: None) -> None:
    assert found("robot kaas") == []
    assert found("lego robot") == ["robot"]


def test_the_list_page_and_the_api_find_the_same_first_activity(
    catalogue: None, client: Any
) -> None:
    page = client.get("/activiteiten/", {"q": "programeren"})
    assert page.status_code == 200
    text = page.content.decode()
    assert text.index("Programmeren met Scratch") < text.index("Je eigen game maken")
    api = client.get("/api/v1/activities", {"q": "programeren"})
    assert api.status_code == 200
    slugs = [item["slug"] for item in api.json()["results"]]
    assert slugs[0] == "scratch", slugs


def test_the_widget_uses_the_same_search(catalogue: None, client: Any) -> None:
    response = client.get("/api/v1/widget/", {"q": "zonnepaneel"})
    assert response.status_code == 200
    assert "Zonnepanelen op het dak" in response.content.decode()
    assert "Windmolen maken" not in response.content.decode()


def test_an_explicit_order_still_wins_over_relevance(catalogue: None, client: Any) -> None:
    response = client.get("/activiteiten/", {"q": "drone", "sorteer": "datum"})
    assert response.status_code == 200


def test_only_published_activities_are_found(catalogue: None) -> None:
    from catalogue.models import Activity

    Activity.objects.filter(slug="kaas").update(status=Activity.Status.DRAFT)
    cache.clear()
    assert found("kaas") == []


def test_function_words_and_accents_are_folded() -> None:
    assert terms("Lego voor kinderen in de Café") == ["lego", "café"]
    assert fold("Café") == "cafe"
    vocabulary = Vocabulary.of(["Programmeren met Scratch", "Robots bouwen"])
    assert vocabulary.alternatives("programeren") == (("programmeren", 1.0),)
    assert vocabulary.alternatives("robo") == (("robots", 1.0),)
    assert vocabulary.alternatives("robot") == (("robot", 1.0), ("robots", 0.6))  # known stem
    assert vocabulary.alternatives("dinosaurus") == (("dinosaurus", 1.0),)
