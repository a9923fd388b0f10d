"""API keys of an organisation: made, checked and revoked here, and nowhere else.

A key looks like `tk_<prefix>_<secret>`. The prefix (12 hex characters) is stored as it is, to find
the key's row and to show in the portal which key is which; the secret (43 URL-safe characters,
256 bits) is stored only as HMAC-SHA256 with a random salt of its own, and compared in constant
time. A 256-bit random secret cannot be guessed, so a fast hash is enough (as GitHub's and
Stripe's tokens); what matters is that a copy of the database holds no usable key. The full key is
returned once, when it is made, and never again.

A key acts for its organisation, as the member who made it: each write is checked again by
moderation.services against that person's membership, so a key stops working when its maker
leaves the organisation, and it never reaches another organisation's activities."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalogue import access
from catalogue.models import Provider
from moderation import services as lifecycle
from portal.partner_models import ApiKey

KEY_RE = re.compile(r"^tk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
# Written at most this often per key, so a busy partner does not write a row on every request.
LAST_USED_EVERY = dt.timedelta(minutes=1)
_DUMMY_SALT = "0" * 32


def _digest(salt: str, secret: str) -> str:
    return hmac.new(salt.encode(), secret.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class NewKey:
    key: ApiKey
    plaintext: str  # shown once to the person who made it, never stored


@transaction.atomic
def key_create(*, provider: Provider, name: str, by: User) -> NewKey:
    """A new key for the organisation; only its members may make one. Audited (without the key)."""
    if not access.is_member(by, provider):
        raise lifecycle.ModerationError(_("Je hoort niet bij deze organisatie."))
    prefix, secret, salt = secrets.token_hex(6), secrets.token_urlsafe(32), secrets.token_hex(16)
    key = ApiKey.objects.create(
        provider=provider,
        name=name.strip(),
        prefix=prefix,
        salt=salt,
        digest=_digest(salt, secret),
        created_by=by,
    )
    lifecycle.api_key_created(provider=provider, by=by, name=key.name, prefix=prefix)
    return NewKey(key, f"tk_{prefix}_{secret}")


@transaction.atomic
def key_revoke(*, key: ApiKey, by: User) -> ApiKey:
    """The key stops working at once; the row stays, so the portal can show when it was revoked."""
    if not access.is_member(by, key.provider):
        raise lifecycle.ModerationError(_("Je hoort niet bij deze organisatie."))
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked is None:
        key.revoked = timezone.now()
        key.save(update_fields=["revoked"])
        lifecycle.api_key_revoked(provider=key.provider, by=by, name=key.name, prefix=key.prefix)
    return key


def key_from_header(header: str) -> ApiKey | None:
    """The active key in an `Authorization: Bearer tk_...` header, or None. Takes about as long
    for an unknown prefix as for a wrong secret (a hash is computed either way)."""
    scheme, _space, value = header.strip().partition(" ")
    match = KEY_RE.match(value.strip()) if scheme.lower() == "bearer" else None
    if match is None:
        return None
    prefix, secret = match.groups()
    key = (
        ApiKey.objects.filter(prefix=prefix, revoked__isnull=True)
        .select_related("provider", "created_by")
        .first()
    )
    expected = _digest(key.salt if key else _DUMMY_SALT, secret)
    if key is None or not hmac.compare_digest(expected, key.digest):
        return None
    return key


def acting_user(key: ApiKey) -> User | None:
    """The member the key acts as: its maker, while still an active member of the organisation."""
    user = key.created_by
    if user is None or not access.is_member(user, key.provider):
        return None
    return user


def mark_used(key: ApiKey) -> None:
    now = timezone.now()
    if key.last_used is None or now - key.last_used >= LAST_USED_EVERY:
        ApiKey.objects.filter(pk=key.pk).update(last_used=now)
        key.last_used = now
