"""The Techniekkaart recommender: plain Python and numpy over a catalogue snapshot, no Django.

Kept free of the ORM so it is fast to test and benchmark, and so one child, a class profile and the API all go
through the same ranking.
"""

from matching.catalogue import Catalogue
from matching.rank import recommend, top_themes
from matching.records import Offer, Query, Recommendation, Recommendations

__all__ = [
    "Catalogue",
    "Offer",
    "Query",
    "Recommendation",
    "Recommendations",
    "recommend",
    "top_themes",
]
