"""Write workflows of the provider portal: signing up, verifying, inviting, and the access rule.

Every view that shows or changes a provider's data goes through `catalogue.access.provider_for_user` or
`activity_for_user`, which answer 404 for anything of another organisation.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core import signing
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse

from catalogue.access import providers_of
from catalogue.models import Activity, Provider
from catalogue.places import find_place
from catalogue.services import unique_slug
from portal import emails
from portal.models import Membership

VERIFY_SALT = "portal.verify-email"
INVITE_SALT = "portal.invite"


def activity_for_user(user: User | AnonymousUser, slug: str) -> Activity:
    activity = (
        Activity.objects.filter(provider__in=providers_of(user), slug=slug)
        .select_related("provider", "venue", "main_theme")
        .first()
    )
    if activity is None:
        raise Http404
    return activity


@transaction.atomic
def provider_signup(
    *,
    request: HttpRequest,
    organisation: dict[str, Any],
    email: str,
    password: str,
    contact_name: str,
) -> None:
    """A new organisation and its first user, inactive until the e-mail address is confirmed.

    Signing up with an address that already has an account sends that address a note instead, so the
    page never tells a stranger which addresses are known."""
    email = email.strip().lower()
    if User.objects.filter(username=email).exists():
        emails.already_registered(
            to=email,
            login=request.build_absolute_uri(reverse("portal:login")),
            reset=request.build_absolute_uri(reverse("portal:password_reset")),
        )
        return
    place = find_place(organisation["place"], organisation["municipality"])
    provider = Provider.objects.create(
        **organisation,
        slug=unique_slug(Provider, organisation["name"]),
        contact_name=contact_name,
        email=email,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
    )
    user = User.objects.create_user(username=email, email=email, password=password, is_active=False)
    Membership.objects.create(user=user, provider=provider, role=Membership.Role.OWNER)
    token = signing.dumps({"user": user.pk}, salt=VERIFY_SALT)
    link = request.build_absolute_uri(reverse("portal:verify", args=[token]))
    emails.verify_email(to=email, link=link, organisation=provider.name)


def _verify_user_id(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=settings.PORTAL_VERIFY_DAYS * 86400)
    except signing.BadSignature:
        return None
    user_id = data.get("user") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None


def _awaiting_confirmation() -> QuerySet[User]:
    """Accounts the link can still confirm: made at sign-up, inactive and never logged in. Once
    confirmed (active) the link is spent, so it works once."""
    return User.objects.filter(is_active=False, last_login__isnull=True)


def email_verify_pending(*, token: str) -> User | None:
    """The account this link would confirm, without confirming it (the page with the button),
    or None for a bad, old or used link."""
    user_id = _verify_user_id(token)
    if user_id is None:
        return None
    return _awaiting_confirmation().filter(pk=user_id).first()


def email_verify(*, token: str) -> User | None:
    """Confirms the address once (a conditional update, so two presses cannot both count) and
    returns the now active user, or None for a bad, old or used link. It does not log anyone in:
    a link in a mail is opened by mail scanners and may be forwarded; the password logs in."""
    user_id = _verify_user_id(token)
    if user_id is None or not _awaiting_confirmation().filter(pk=user_id).update(is_active=True):
        return None
    return User.objects.get(pk=user_id)


@transaction.atomic
def colleague_invite(*, request: HttpRequest, provider: Provider, email: str, by: User) -> None:
    """Adds the address to the organisation and mails a link to choose a password."""
    email = email.strip().lower()
    user = User.objects.filter(username=email).first()
    if user is None:
        user = User.objects.create_user(username=email, email=email, is_active=False)
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, provider=provider)
    token = signing.dumps({"user": user.pk, "provider": provider.pk}, salt=INVITE_SALT)
    link = request.build_absolute_uri(reverse("portal:invite", args=[token]))
    emails.invite_colleague(
        to=email, link=link, organisation=provider.name, inviter=by.get_username()
    )


def invite_user(*, token: str) -> User | None:
    try:
        data = signing.loads(token, salt=INVITE_SALT, max_age=settings.PORTAL_VERIFY_DAYS * 86400)
    except signing.BadSignature:
        return None
    return User.objects.filter(
        pk=data.get("user"), memberships__provider_id=data.get("provider")
    ).first()
