"""The audit log as sentences: "De coördinator keurde ‘Robotsumo’ goed", "Makerspace Zwolle
diende ‘Robotsumo’ in", never a raw code like `activity.created`.

One sentence per action of the closed set (moderation.models.AuditAction). A new action gets its
sentence here in the same change: tests/test_audit_sentences.py fails for an action without one.
Placeholders: %(who)s (the coordinator, or the organisation that acted), %(title)s (the activity)
and %(provider)s (the organisation)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from moderation.models import AuditAction, AuditLog

SENTENCES: dict[str, Promise] = {
    AuditAction.CREATED: _("%(who)s maakte ‘%(title)s’ aan"),
    AuditAction.CHANGED: _("%(who)s wijzigde ‘%(title)s’"),
    AuditAction.DUPLICATED: _("%(who)s maakte een kopie: ‘%(title)s’"),
    AuditAction.SUBMITTED: _("%(who)s diende ‘%(title)s’ in"),
    AuditAction.APPROVED: _("%(who)s keurde ‘%(title)s’ goed"),
    AuditAction.REJECTED: _("%(who)s wees ‘%(title)s’ af"),
    AuditAction.CHANGES_REQUESTED: _("%(who)s vroeg om een aanpassing van ‘%(title)s’"),
    AuditAction.PUBLISHED_DIRECTLY: _("%(who)s publiceerde ‘%(title)s’ direct"),
    AuditAction.CHANGED_BY_COORDINATOR: _("%(who)s wijzigde ‘%(title)s’ in het beheer"),
    AuditAction.PUBLISHED_BY_COORDINATOR: _("%(who)s publiceerde ‘%(title)s’"),
    AuditAction.ARCHIVED: _("%(who)s archiveerde ‘%(title)s’"),
    AuditAction.CONFIRMED: _("%(who)s bevestigde dat ‘%(title)s’ nog doorgaat"),
    AuditAction.DATE_CANCELLED: _("%(who)s gelastte een datum van ‘%(title)s’ af"),
    AuditAction.DATE_POSTPONED: _("%(who)s stelde een datum van ‘%(title)s’ uit"),
    AuditAction.DATE_MOVED: _("%(who)s verplaatste een datum van ‘%(title)s’"),
    AuditAction.DATE_RESTORED: _("%(who)s liet een afgelaste datum van ‘%(title)s’ toch doorgaan"),
    AuditAction.PROVIDER_CHANGED: _("%(who)s wijzigde de gegevens van %(provider)s"),
    # Keyed by value, so a sentence can land before or after its action.
    "activity.withdrawn": _("%(who)s trok ‘%(title)s’ terug"),
    "provider.api_key_created": _("%(who)s maakte een API-sleutel voor %(provider)s"),
    "provider.api_key_revoked": _("%(who)s trok een API-sleutel van %(provider)s in"),
}


def who(row: AuditLog) -> str:
    """The one who acted: "De coördinator" for staff, else the organisation the row is about (a provider's account,
    or nobody: a link from a reminder mail, an import)."""
    actor = row.actor
    if actor is not None and actor.is_staff:
        return gettext("De coördinator")
    if row.provider is not None:
        return row.provider.name
    if actor is not None:
        return actor.get_username()
    return gettext("Iemand")


def sentence(row: AuditLog) -> str:
    """The row as one Dutch sentence; an action without a sentence (a forgotten one) shows its
    label rather than its code."""
    template = SENTENCES.get(row.action)
    if template is None:
        return str(row.get_action_display())
    title = (
        row.activity.title if row.activity is not None else gettext("een verwijderde activiteit")
    )
    provider = row.provider.name if row.provider is not None else gettext("een aanbieder")
    text = str(template) % {"who": who(row), "title": title, "provider": provider}
    return text[:1].upper() + text[1:]
