"""Reading a quiz page's post: the answers carried in the page, and the optional "about you" step."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.places import Lookup, Place, all_places, distance_km, lookup
from quiz.models import Answer, Question
from techniekkaart.vocab import GROEPEN, QUIZ_AGES, groep_age


@dataclass
class Answers:
    """The answers so far, per question id, as they travel from page to page in hidden fields."""

    chosen: dict[int, list[Answer]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def first_unanswered(self, questions: list[Question]) -> int | None:
        for index, question in enumerate(questions):
            if not self.chosen.get(question.pk):
                return index
        return None

    def all(self) -> list[Answer]:
        return [answer for answers in self.chosen.values() for answer in answers]


_by_id: tuple[list[Question], dict[int, dict[str, Answer]]] | None = None


def _answers_by_id(questions: list[Question]) -> dict[int, dict[str, Answer]]:
    """Each question's answers by their id as text, worked out again only for a new list of
    questions (playable_questions() gives the same list until the quiz is edited)."""
    global _by_id
    built = _by_id
    if built is None or built[0] is not questions:
        built = (questions, {q.pk: {str(a.pk): a for a in q.answers.all()} for q in questions})
        _by_id = built
    return built[1]


def read_answers(data: QueryDict, questions: list[Question]) -> Answers:
    result = Answers()
    answers_by_id = _answers_by_id(questions)
    for question in questions:
        by_id = answers_by_id[question.pk]
        raw = data.getlist(f"a-{question.pk}")[:10]
        picked = list(dict.fromkeys(by_id[value] for value in raw if value in by_id))
        if len(picked) < len(raw):
            result.problems.append(
                _("Er klopte iets niet met een antwoord. Kies het nog een keer.")
            )
        if len(picked) > question.max_choices:
            result.problems.append(
                _("Kies er hoogstens drie.") if question.max_choices == 3 else _("Kies er één.")
            )
            picked = picked[: question.max_choices]
        if picked:
            result.chosen[question.pk] = picked
    result.problems = list(dict.fromkeys(result.problems))
    return result


# Choices as functions: a form copies its fields' choices on every instance (each finishing post),
# and a function is copied for free.
def _age_choices() -> list[tuple[str, str]]:
    return [("", _("Zeg ik liever niet")), *[(str(a), str(a)) for a in QUIZ_AGES]]


def _groep_choices() -> list[tuple[str, str]]:
    return [("", _("Zeg ik liever niet")), *[(str(g), str(g)) for g in GROEPEN]]


class AboutYouForm(forms.Form):
    leeftijd = forms.TypedChoiceField(
        label=gettext_lazy("Hoe oud ben je?"),
        choices=_age_choices,
        coerce=int,
        required=False,
        empty_value=None,
    )
    groep = forms.TypedChoiceField(
        label=gettext_lazy("Of: in welke groep zit je?"),
        choices=_groep_choices,
        coerce=int,
        required=False,
        empty_value=None,
    )
    plaats = forms.CharField(
        label=gettext_lazy("Waar woon je? Typ je plaats of postcode"),
        max_length=100,
        required=False,
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.place_lookup = Lookup(query="")
        self.place: Place | None = None

    def clean(self) -> dict:
        data = super().clean() or {}
        if "lat" in self.errors or "lon" in self.errors:
            self.add_error("plaats", _("We konden je locatie niet lezen. Typ je plaats."))
            return data
        lat, lon = data.get("lat"), data.get("lon")
        if lat is not None and lon is not None and not data.get("plaats"):
            self.place = nearest_place(lat, lon)
            if self.place is None:
                self.add_error("plaats", _("Je locatie ligt niet in Regio Zwolle. Typ je plaats."))
            return data
        self.place_lookup = lookup(data.get("plaats") or "")
        if self.place_lookup.message:
            self.add_error("plaats", self.place_lookup.message)
        self.place = self.place_lookup.place
        return data

    @property
    def age(self) -> int | None:
        """The age given, or else the youngest age of the groep given (groep 5: 8 years)."""
        if self.cleaned_data.get("leeftijd") is not None:
            return self.cleaned_data["leeftijd"]
        groep = self.cleaned_data.get("groep")
        return groep_age(groep) if groep is not None else None

    @property
    def pc4(self) -> str:
        return self.place_lookup.postcode[:4] if self.place_lookup.postcode else ""


def nearest_place(lat: float, lon: float, max_km: float = 15) -> Place | None:
    """The gazetteer place nearest to a browser location; the coordinates themselves are not kept."""
    best = min(all_places(), key=lambda p: distance_km(lat, lon, p.lat, p.lon))
    return best if distance_km(lat, lon, best.lat, best.lon) <= max_km else None
