"""What the STO region pages show: the municipalities with their main town, and coming activities.

Reads only; the coordinator changes regions and assignments in the admin.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q

from catalogue.models import Activity
from catalogue.places import Place, all_places, find_place
from regions.models import MunicipalityRegion, STORegion

# Where a municipality's name is not a place, its main town (the seat of the council or the biggest).
MAIN_TOWNS = {
    "De Wolden": "Zuidwolde",
    "Noordoostpolder": "Emmeloord",
    "Oldebroek": "Wezep",
    "Olst-Wijhe": "Wijhe",
    "Steenwijkerland": "Steenwijk",
    "Westerveld": "Diever",
    "Zwartewaterland": "Hasselt",
}


@dataclass(frozen=True)
class Municipality:
    name: str
    confirmed: bool
    town: Place | None

    @property
    def places(self) -> list[Place]:
        return [p for p in all_places() if p.municipality == self.name]


def main_town(municipality: str) -> Place | None:
    return find_place(MAIN_TOWNS.get(municipality, municipality), municipality)


def municipalities_of(region: STORegion) -> list[Municipality]:
    return [
        Municipality(row.municipality, row.confirmed, main_town(row.municipality))
        for row in region.municipalities.all()
    ]


def regions_with_municipalities() -> list[tuple[STORegion, list[Municipality]]]:
    regions = STORegion.objects.prefetch_related("municipalities")
    return [(region, municipalities_of(region)) for region in regions]


def municipalities_without_region() -> list[Municipality]:
    rows = MunicipalityRegion.objects.filter(region__isnull=True)
    return [Municipality(r.municipality, r.confirmed, main_town(r.municipality)) for r in rows]


def region_activities(names: list[str], limit: int = 6) -> tuple[list[Activity], int]:
    """Coming public activities held in these municipalities (at a venue there, or visits to school
    by a provider from there), soonest first; and how many there are in all."""
    where = Q(venue__municipality__in=names) | Q(
        venue__isnull=True, provider__municipality__in=names
    )
    qs = (
        Activity.objects.public()
        .exclude(location_type=Activity.LocationType.ONLINE)
        .filter(where)
        .select_related("provider", "main_theme", "venue")
        .prefetch_related("themes")
        .order_by(F("next_start").asc(nulls_last=True), "title")
    )
    return list(qs[:limit]), qs.count()
