"""The translations of the quiz, theme and page texts that ship with the site (issue 18).

`locale/content/<language>.json` maps each Dutch text, exactly as the migrations put it in the
database, to its translation. The migrations that add the language columns fill them from these
files; `manage.py fill_content_translations` does it again after a file changed (it fills only
empty columns, so what the coordinator wrote in the admin stays, unless --overwrite).
A later data migration that rewrites one of these texts must write the language columns
(`name_nl`, …): the original column is no longer read.
A Dutch text the coordinator changed no longer matches its key and keeps its old translation
until the coordinator edits that too: the admin shows every language side by side.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

DIR = Path(__file__).resolve().parent.parent / "locale" / "content"
FIELDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("catalogue", "Theme"): ("name", "description", "character", "jobs"),
    ("quiz", "Question"): ("text",),
    ("quiz", "Answer"): ("text",),
    ("pages", "Page"): ("title", "intro", "body"),
}


def translations() -> dict[str, dict[str, str]]:
    """Language -> {Dutch text: translation}, from the files in locale/content/."""
    return {path.stem: json.loads(path.read_text("utf-8")) for path in sorted(DIR.glob("*.json"))}


def fill(
    get_model: Callable[[str, str], Any],
    apps: Iterable[str] | None = None,
    overwrite: bool = False,
    from_original: bool = False,
) -> int:
    """Fills the language columns of the shipped texts; returns how many objects changed.

    from_original (the migrations): the Dutch column is first copied from the original one,
    which held the only text before the language columns existed."""
    by_language = translations()
    changed = 0
    for (app, name), fields in FIELDS.items():
        if apps is not None and app not in apps:
            continue
        model = get_model(app, name)
        for obj in model._base_manager.all():
            update = []
            for field in fields:
                dutch = getattr(obj, f"{field}_nl") or ""
                if from_original and not dutch:
                    dutch = obj.__dict__.get(field) or ""
                    if dutch:
                        setattr(obj, f"{field}_nl", dutch)
                        update.append(f"{field}_nl")
                for language, texts in by_language.items():
                    text = texts.get(dutch)
                    column = f"{field}_{language}"
                    current = getattr(obj, column)
                    if text and current != text and (overwrite or not current):
                        setattr(obj, column, text)
                        update.append(column)
            if update:
                obj.save(update_fields=update)
                changed += 1
    return changed


def migration(app: str) -> Callable[[Any, Any], None]:
    """The RunPython step of an app's migration that added the language columns."""

    def forwards(apps: Any, schema_editor: Any) -> None:
        fill(apps.get_model, apps=[app], from_original=True)

    return forwards
