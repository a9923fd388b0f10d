"""Free-text search in the catalogue: what a parent types in "Zoek", on every database.

A query becomes terms (lower case, accents folded, Dutch function words dropped). Each term gets its
alternatives from the words of the published catalogue (the vocabulary): the term itself when the
catalogue knows it (same Dutch stem), else the catalogue words it begins (`robo` -> `robots`; for a known
word these compounds count a little less: `lego` -> `legostad`) and the catalogue words one or two
typing errors away (`programeren` -> `programmeren`, `leggo` -> `lego`).
An activity matches when every term matches one of its alternatives in its title, summary,
description, provider name or theme.

PostgreSQL decides the matches with its own full-text search (the `dutch` configuration: Snowball
stems and stop words); SQLite does the same in Python with the same Snowball algorithm
(`dutch_porter`, which is PostgreSQL 15's `dutch`). The order of the hits is computed in Python for
both, so it is the same on both: title matches first, then summary, theme and provider, then the
description; a tie keeps the list's own order (soonest first).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import Any

import snowballstemmer
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.cache import cache as shared_cache
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet

# The searched fields, with their weight in the order (PostgreSQL's A, B, C, D).
FIELDS: dict[str, float] = {
    "title": 1.0,
    "summary": 0.4,
    "main_theme__name": 0.2,
    "provider__name": 0.2,
    "description": 0.1,
}
_PG_WEIGHT = {1.0: "A", 0.4: "B", 0.2: "C", 0.1: "D"}

# Words that say nothing about what is searched for: dropped from the query before matching, so
# "lego voor kinderen" looks for lego. (PostgreSQL drops its own list of such words as well.)
_STOP_WORDS = """
    de het een en of van voor met in op aan bij naar om uit over onder tot door als dan dat die
    dit deze er ik je jij jou jouw u uw we wij ze zij hij zich mijn me mij ons onze hun hen
    is ben bent zijn was waren wordt worden werd heb hebt heeft hebben had kan kun kunt kunnen
    wil wilt willen mag mogen moet moeten zal zullen zou niet geen wel ook nog al maar want dus
    wat wie waar hoe welke wanneer iets niets iemand veel meer zo te heel erg
    kind kinderen activiteit activiteiten
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

MAX_TERMS = 8
MAX_EXPANSIONS = 5
COMPOUND = 0.6  # a match on a longer word that begins with the term counts for this much
_WORD = re.compile(r"\w+")
_VOCABULARY_SECONDS = 600


def fold(text: str) -> str:
    """Lower case without accents: "Café" -> "cafe"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _stemmer() -> Any:
    return snowballstemmer.stemmer("dutch_porter")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(fold(word)))


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def terms(query: str) -> list[str]:
    """The words of a query that say what is searched for, at most MAX_TERMS."""
    found: list[str] = []
    for word in words(query):
        if len(word) > 1 and fold(word) not in STOP_WORDS and word not in found:
            found.append(word)
    return found[:MAX_TERMS]


@dataclass(frozen=True)
class Vocabulary:
    """The catalogue's words: stem -> the most frequent form, and every form by its folded spelling."""

    stems: frozenset[str]
    forms: Mapping[str, str]  # folded spelling -> the spelling used in the catalogue

    @classmethod
    def of(cls, texts: Iterable[str]) -> Vocabulary:
        counts: Counter[str] = Counter()
        for text in texts:
            counts.update(w for w in words(text) if len(w) > 1 and not w.isdigit())
        forms: dict[str, str] = {}
        for word, _n in counts.most_common():
            forms.setdefault(fold(word), word)
        return cls(stems=frozenset(stem(w) for w in forms), forms=forms)

    def alternatives(self, term: str) -> tuple[tuple[str, float], ...]:
        """The spellings that count for a term, each with how much a match on it counts: the term
        itself (1), words of the catalogue it begins, which in Dutch are often compounds (`lego` ->
        `legostad`: 0.6), or, when the catalogue does not know the term, what it most likely meant."""
        key = fold(term)
        started = (
            sorted(f for f in self.forms if f.startswith(key) and f != key) if len(key) >= 3 else []
        )
        if stem(key) in self.stems or not self.forms:
            return ((term, 1.0), *((self.forms[f], COMPOUND) for f in started[:MAX_EXPANSIONS]))
        if started:
            return tuple((self.forms[f], 1.0) for f in started[:MAX_EXPANSIONS])
        if len(key) >= 4:
            cutoff = 0.8 if len(key) >= 6 else 0.75
            close = difflib.get_close_matches(key, list(self.forms), n=3, cutoff=cutoff)
            if close:
                return tuple((self.forms[f], 1.0) for f in close)
        return ((term, 1.0),)


def vocabulary(activities: QuerySet[Any]) -> Vocabulary:
    """The vocabulary of these (published) activities, kept in the cache until one of them changes."""
    state = activities.aggregate(n=Count("pk"), last=Max("updated"))
    stamp = state["last"].timestamp() if state["last"] else 0
    key = f"search-vocabulary:{state['n']}:{stamp}"
    found = shared_cache.get(key)
    if isinstance(found, Vocabulary):
        return found
    texts: list[str] = []
    for row in activities.values_list(*FIELDS):
        texts.extend(value for value in row if value)
    built = Vocabulary.of(texts)
    shared_cache.set(key, built, _VOCABULARY_SECONDS)
    return built


@dataclass
class Query:
    """A parsed query: per term, the spellings that may match it and how much each counts."""

    alternatives: tuple[tuple[tuple[str, float], ...], ...]

    def __bool__(self) -> bool:
        return bool(self.alternatives)

    @cached_property
    def stems(self) -> tuple[dict[str, float], ...]:
        found: list[dict[str, float]] = []
        for alternatives in self.alternatives:
            by_stem: dict[str, float] = {}
            for spelling, factor in alternatives:
                key = stem(spelling)
                by_stem[key] = max(factor, by_stem.get(key, 0.0))
            found.append(by_stem)
        return tuple(found)


def parse(query_words: Iterable[str], activities: QuerySet[Any]) -> Query:
    found = terms(" ".join(query_words))
    if not found:
        return Query(())
    known = vocabulary(activities)
    return Query(tuple(known.alternatives(term) for term in found))


def narrowed_by_database() -> bool:
    return connection.vendor == "postgresql"


def narrow(qs: QuerySet[Any], query: Query) -> QuerySet[Any]:
    """On PostgreSQL: only the activities that match, by the database's Dutch full-text search."""
    if not narrowed_by_database() or not query:
        return qs
    vectors = [
        SearchVector(field, weight=_PG_WEIGHT[weight], config="dutch")
        for field, weight in FIELDS.items()
    ]
    document: Any = vectors[0]
    for vector in vectors[1:]:
        document = document + vector
    condition = Q()
    for alternatives in query.alternatives:
        either = None
        for spelling, _factor in alternatives:
            one = SearchQuery(spelling, config="dutch", search_type="plain")
            either = one if either is None else either | one
        if either is not None:
            condition &= Q(search_document=either)
    return qs.annotate(search_document=document).filter(condition)


def score(row: Mapping[str, Any], query: Query) -> float | None:
    """How well a row (with the FIELDS) fits: None when a term is missing, else the sum per term of
    its best match: the weight of the field times how much the spelling counts."""
    field_stems = [
        (weight, {stem(w) for w in words(row.get(field) or "")}) for field, weight in FIELDS.items()
    ]
    total = 0.0
    for wanted in query.stems:
        best = max(
            (
                weight * factor
                for weight, found in field_stems
                for key, factor in wanted.items()
                if key in found
            ),
            default=0.0,
        )
        if not best:
            return None
        total += best
    return total
