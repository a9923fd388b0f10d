"""Write workflows and the access rule for elective modules, plus the menu's search.

Providers reach modules only through `module_for_user` / catalogue.access.provider_for_user, which
answer 404 for other organisations' modules. Providers never publish by posting a form: the status
follows from what they asked for and whether the coordinator verified their organisation.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Q
from django.http import Http404

from catalogue.access import providers_of
from catalogue.models import Provider
from catalogue.places import find_place, lookup, normalise
from catalogue.services import unique_slug
from electives.models import Module


def module_locate(module: Module) -> bool:
    """Fill place, municipality and coordinates from the venue or the gazetteer; False if unknown."""
    venue = module.venue if module.venue_id else None
    if venue is not None:
        module.place, module.municipality = venue.place, venue.municipality
        module.lat, module.lon = venue.lat, venue.lon
        return True
    found = lookup(module.place).place or find_place(module.place)
    if found is None:
        return False
    module.place, module.municipality = found.name, found.municipality
    module.lat, module.lon = found.lat, found.lon
    return True


def region_modules(names: list[str]) -> list[Module]:
    """The published modules held in these municipalities (an STO region's page)."""
    return list(
        Module.objects.published()
        .in_municipalities(names)
        .select_related("provider")
        .order_by("title")
    )


def module_for_user(user: User | AnonymousUser, slug: str) -> Module:
    module = (
        Module.objects.filter(provider__in=providers_of(user), slug=slug)
        .exclude(status=Module.Status.ARCHIVED)
        .select_related("provider", "venue")
        .first()
    )
    if module is None:
        raise Http404
    return module


def status_for(*, provider: Provider, publish: bool) -> str:
    """What a provider's "publish" becomes: live for verified organisations, else a review."""
    if not publish:
        return Module.Status.DRAFT
    return Module.Status.PUBLISHED if provider.verified else Module.Status.SUBMITTED


@transaction.atomic
def module_save(*, module: Module, publish: bool, save_m2m: object = None) -> Module:
    """Save a provider's module (new or changed) with the status its organisation may give it."""
    module_locate(module)
    module.status = status_for(provider=module.provider, publish=publish)
    if not module.slug:
        module.slug = unique_slug(Module, f"{module.title} {module.provider.place}")
    module.save()
    if callable(save_m2m):
        save_m2m()
    return module


@transaction.atomic
def module_remove(*, module: Module) -> str:
    """A draft that nobody saw is deleted; anything that was sent in or published is archived,
    so the coordinator can still see it. Returns what happened: "deleted" or "archived"."""
    if module.status == Module.Status.DRAFT:
        module.delete()
        return "deleted"
    module.status = Module.Status.ARCHIVED
    module.save(update_fields=["status", "updated"])
    return "archived"


@dataclass(frozen=True)
class MenuFilters:
    words: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    provider: str = ""


def menu_search(filters: MenuFilters) -> list[Module]:
    """Published modules matching every filter; words match title, summary, place and providers,
    forgiving of case and accents (done in Python: the menu is tens of modules, not thousands)."""
    qs = Module.objects.published().select_related("provider", "venue")
    if filters.profiles:
        qs = qs.filter(profiles__slug__in=filters.profiles)
    if filters.levels:
        qs = qs.filter(levels__slug__in=filters.levels)
    if filters.municipalities:
        qs = qs.filter(municipality__in=filters.municipalities)
    if filters.provider:
        qs = qs.filter(Q(provider__slug=filters.provider) | Q(partners__slug=filters.provider))
    modules = list(qs.distinct().prefetch_related("profiles", "levels", "partners"))
    if filters.words:
        modules = [m for m in modules if _matches(m, filters.words)]
    return modules


def _matches(module: Module, words: tuple[str, ...]) -> bool:
    text = normalise(
        " ".join(
            [module.title, module.summary, module.place, module.municipality, module.provider.name]
            + module.partner_names()
            + [p.code + " " + p.name for p in module.profiles.all()]
        )
    )
    return all(normalise(word) in text for word in words)
