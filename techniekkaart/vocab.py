"""The site's vocabulary: each of these values has its home here and nowhere else.

Plain Python (no Django), so that the recommender (matching/) reads the same steps as the pages.
"""

from __future__ import annotations

# Distances a visitor can choose, in km: the list and map, the API, the quiz result.
RADIUS_STEPS = (5, 10, 25, 50)
# Default radii, different on purpose. The catalogue (list, map, API) gives a wide first look at
# the region; the quiz result and recommendations start near home and widen by RADIUS_STEPS when
# few fit; a class goes out as a group, so its list reaches as far as the catalogue's.
LIST_RADIUS_KM = 25
RESULT_RADIUS_KM = 10
CLASS_RADIUS_KM = 25

# Ages an activity can be for, and the ages a child can pick in the quiz.
MIN_AGE, MAX_AGE = 4, 18
QUIZ_AGES = range(6, 15)

# Primary-school groepen: all of them (the quiz asks "in welke groep zit je?"), and those that
# class mode is made for.
GROEPEN = range(3, 9)
CLASS_GROEPEN = range(5, 9)


def groep_age(groep: int) -> int:
    """The age of the youngest pupils of a groep (groep 5: 8), so suggestions fit all of them."""
    return groep + 3
