"""The text a visitor agrees to when signing up, with its version.

Every sign-up stores FORM_VERSION next to its times, so we can always show which words someone
agreed to. Never change a text in FORM_TEXTS: add a new version and point FORM_VERSION at it.
"""

from __future__ import annotations

FORM_TEXTS = {
    "2026-11-v1": (
        "We gebruiken je e-mailadres alleen om je de nieuwsbrief van Techniekpact Regio Zwolle te "
        "sturen. Je naam, organisatie en rol zijn niet verplicht; met je rol kunnen we zien voor wie "
        "we schrijven. We delen je gegevens met niemand. Afmelden kan altijd met één klik, onderaan "
        "elke nieuwsbrief."
    ),
}
FORM_VERSION = "2026-11-v1"
FORM_TEXT = FORM_TEXTS[FORM_VERSION]
