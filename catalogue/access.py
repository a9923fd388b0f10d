"""Who may act for which provider: the one access rule, read from the memberships.

A membership (portal.models.Membership) links a user to a provider; these queries read it through
the relation's name, so every layer above the core (moderation, electives, the portal) can ask
without importing the portal. `provider_for_user` answers 404 for any provider that is not the
user's, like healthchecks' `_get_rw_check_for_user`.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.http import Http404

from catalogue.models import Provider


def providers_of(user: User | AnonymousUser) -> QuerySet[Provider]:
    if not user.is_authenticated:
        return Provider.objects.none()
    return Provider.objects.filter(memberships__user=user)


def provider_for_user(user: User | AnonymousUser, slug: str) -> Provider:
    provider = providers_of(user).filter(slug=slug).first()
    if provider is None:
        raise Http404
    return provider


def is_member(user: User | AnonymousUser, provider: Provider) -> bool:
    return bool(user.is_active) and providers_of(user).filter(pk=provider.pk).exists()
