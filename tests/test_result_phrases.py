from catalogue.models import Theme
from quiz.templatetags.quiz import characters


def theme(slug, character):
    return Theme(slug=slug, name=slug.title(), character=character)


def test_one_two_or_three_characters_read_as_one_dutch_phrase():
    bouwer, maker, held = (
        theme("bouwen", "Bouwer"),
        theme("maken", "Maker"),
        theme("energie", "Klimaatheld"),
    )
    assert characters([]) == ""
    assert characters([bouwer]) == "een Bouwer"
    assert characters([bouwer, maker]) == "een Bouwer en een Maker"
    assert characters([bouwer, maker, held]) == "een Bouwer, een Maker en een Klimaatheld"


def test_names_are_escaped():
    assert characters([theme("x", "<b>Bouwer</b>")]) == "een &lt;b&gt;Bouwer&lt;/b&gt;"
    assert 'class="character theme-x"' in characters([theme("x", "B")], highlight=True)
