"""Backup and restore of the whole site: database and uploaded files in one .tar.gz.

Used by ``manage.py backup [pad]`` and ``manage.py restore pad [--yes]`` (and ``make backup`` /
``make restore``). Why one portable archive and not the database's own tools:

* It works the same on SQLite (a developer, a small test server) and PostgreSQL (production), and a
  backup of one restores into the other: the data is Django's ``dumpdata`` JSON, not SQL.
* Rows keep their ids, so links (``/activiteit/<slug>``, quiz result codes) and references between
  rows survive. Only the two tables Django rebuilds itself after ``migrate`` (content types and
  permissions) are left out; what points at them is written by natural key (``--natural-foreign``),
  so a group's permissions and the admin history find them again in a fresh database.
* Throwaway tables are left out: sessions (everyone logs in again after a restore) and the
  django-axes log-in attempts and lock-outs.
* The uploaded files (``MEDIA_ROOT``: activity and news photos) go in the same archive, so a restore
  never gives activities whose photo is missing.

The archive holds ``manifest.json`` (format, time, Django version, database, git commit, the
applied migrations, the number of rows per table and a SHA-256 of every other member),
``data.json`` and ``media/<path>`` for every file. A backup is written under a temporary name and
renamed when complete, so a half-written backup never carries the real name. The database is read
in one transaction (REPEATABLE READ on PostgreSQL), so the dump and the counts are one snapshot.

A restore changes nothing until the whole archive has been read and checked against the manifest
(a damaged, cut-off or altered file is refused with a message, the database and media untouched).
It refuses a database that is in use (any user, organisation, activity, quiz result, class session,
subscriber or news item) unless ``--yes`` is given. It then runs ``migrate``, and in ONE
transaction empties the tables (``flush``), loads the data, resets the PostgreSQL sequences (new
rows get fresh ids) and compares every table's row count with the manifest: any difference rolls
everything back and fails loudly. Only then are the photos moved into ``MEDIA_ROOT`` (they were
unpacked beforehand into a hidden folder there, so a full disk shows up before the database is
touched). Files in ``MEDIA_ROOT`` that are not in the backup are left where they are.

A backup must be restored by the same version of the code (the same migrations). A backup made by
newer code is refused; one made by older code too: restore it with the code of the commit in its
manifest, then update the code and run ``manage.py migrate`` as for any upgrade.

PostgreSQL, the fast path for a big database (schema and data, not portable to SQLite)::

    pg_dump --format=custom --no-owner --file=techniekkaart.dump "$DATABASE_URL"
    tar -czf media.tar.gz -C "$MEDIA_ROOT" .
    # restore into an empty database of the same version of the code:
    pg_restore --clean --if-exists --no-owner --single-transaction -d "$DATABASE_URL" techniekkaart.dump
    tar -xzf media.tar.gz -C "$MEDIA_ROOT"

The portable archive stays the one the tests check and the one to keep off-site.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Q
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DATA = "data.json"
MEDIA = "media/"
CHUNK = 1024 * 1024

# Rebuilt by `migrate` (and referred to by natural key), or throwaway.
EXCLUDED_APPS = ("contenttypes", "sessions", "axes")
EXCLUDED_MODELS = ("auth.permission",)
# A database with a row in any of these is in use: a restore over it needs --yes. (Themes, quiz
# questions, pages, regions and electives come with `migrate`, so they do not count.)
SIGNS_OF_USE = (
    "auth.user",
    "catalogue.provider",
    "catalogue.activity",
    "quiz.result",
    "classroom.classsession",
    "newsletter.subscriber",
    "news.newsitem",
    "visits.visitrequest",
)


class BackupError(Exception):
    """Something an operator must read: the message says what and what to do (in Dutch)."""


@dataclass
class Checked:
    """An archive that was read completely and matches its manifest."""

    manifest: dict
    data_file: Path
    media_dir: Path
    media_files: list[str] = field(default_factory=list)
    workdir: Path | None = None

    def cleanup(self) -> None:
        for folder in (self.workdir, self.media_dir):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)


# --- which tables -------------------------------------------------------------------------


def _excluded(model) -> bool:
    meta = model._meta
    return meta.app_label in EXCLUDED_APPS or meta.label_lower in EXCLUDED_MODELS


def backed_up_models() -> list:
    """Every concrete table that goes into a backup, including many-to-many link tables."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not _excluded(model)
    ]


def row_counts(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {
        model._meta.label_lower: model._base_manager.using(using).count()
        for model in backed_up_models()
    }


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _pairs(migrations: dict[str, list[str]]) -> set[tuple[str, str]]:
    return {(app, name) for app, names in migrations.items() for name in names}


def _git_commit() -> str:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return result.stdout.strip() if result.returncode == 0 else ""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> list[str]:
    """Relative paths (with /) of the regular files under MEDIA_ROOT, hidden ones skipped."""
    if not root.is_dir():
        return []
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder) / name
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            found.append(path.relative_to(root).as_posix())
    return found


# --- backup -------------------------------------------------------------------------------


def default_path() -> Path:
    folder = Path(getattr(settings, "BACKUP_DIR", settings.BASE_DIR / "backups"))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return folder / f"techniekkaart-{stamp}.tar.gz"


def backup(path: Path | None = None, *, using: str = DEFAULT_DB_ALIAS) -> tuple[Path, dict]:
    """Write the archive; returns its path and manifest. Raises BackupError on any failure."""
    refuse_bad_dates(using)
    target = Path(path) if path else default_path()
    if target.is_dir():
        target = target / default_path().name
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    media_root = Path(settings.MEDIA_ROOT)
    workdir = Path(tempfile.mkdtemp(prefix="techniekkaart-backup-"))
    try:
        data, database = _snapshot(workdir, using)
        files = media_files(media_root)
        manifest = {
            "format": FORMAT,
            "site": "techniekkaart",
            "created": timezone.now().isoformat(),
            "django": django.get_version(),
            "database": connections[using].vendor,
            "git_commit": _git_commit(),
            **database,
            "data": {"name": DATA, "sha256": _sha256(data), "bytes": data.stat().st_size},
            "media": {
                name: {
                    "sha256": _sha256(media_root / name),
                    "bytes": (media_root / name).stat().st_size,
                }
                for name in files
            },
        }
        manifest_file = workdir / MANIFEST
        manifest_file.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(manifest_file, arcname=MANIFEST, recursive=False)
            tar.add(data, arcname=DATA, recursive=False)
            for name in files:
                tar.add(media_root / name, arcname=MEDIA + name, recursive=False)
        os.replace(partial, target)
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"De backup is niet gemaakt: {error}") from error
    finally:
        partial.unlink(missing_ok=True)
        shutil.rmtree(workdir, ignore_errors=True)
    return target, manifest


# Far wider than catalogue.dates' window: only what no program can read back (year 1 in UTC is
# year 0 in Amsterdam) or convert (year 9999 plus a time zone) is refused.
SANE_FIRST = dt.date(1900, 1, 1)
SANE_LAST = dt.date(9998, 12, 31)


def bad_date_rows(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Each "table #id (field)" of a row with a date or time outside SANE_FIRST..SANE_LAST. Asked
    of the database with a filter, so a value the driver cannot even read is found too."""
    found = []
    for model in backed_up_models():
        for f in model._meta.concrete_fields:
            if not isinstance(f, models.DateField):  # DateTimeField is a DateField
                continue
            low, high = SANE_FIRST, SANE_LAST
            if isinstance(f, models.DateTimeField):
                low = dt.datetime.combine(low, dt.time(), tzinfo=dt.UTC)
                high = dt.datetime.combine(high, dt.time(), tzinfo=dt.UTC)
            outside = Q(**{f"{f.name}__lt": low}) | Q(**{f"{f.name}__gt": high})
            pks = model._base_manager.using(using).filter(outside).values_list("pk", flat=True)
            found += [f"{model._meta.label_lower} #{pk} ({f.name})" for pk in pks[:20]]
    return found


def refuse_bad_dates(using: str = DEFAULT_DB_ALIAS) -> None:
    """Before anything is written: a row that would break the dump (or the restore) stops the backup
    with a message that names it, instead of a traceback halfway."""
    bad = bad_date_rows(using)
    if bad:
        raise BackupError(
            "De backup is niet gemaakt: deze rijen hebben een onmogelijke datum (voor "
            f"{SANE_FIRST:%Y} of na {SANE_LAST:%Y}): {', '.join(bad)}. Verbeter of verwijder ze "
            "(bijvoorbeeld in /beheer/) en maak de backup opnieuw. Er is niets geschreven."
        )


def _snapshot(workdir: Path, using: str) -> tuple[Path, dict]:
    connection = connections[using]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # One consistent picture of all tables while the site keeps running.
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            return _dump_in_transaction(workdir, using)
    with transaction.atomic(using=using):  # SQLite: BEGIN IMMEDIATE keeps writers waiting
        return _dump_in_transaction(workdir, using)


def _dump_in_transaction(workdir: Path, using: str) -> tuple[Path, dict]:
    data = workdir / DATA
    call_command(
        "dumpdata",
        format="json",
        natural_foreign=True,
        use_base_manager=True,
        exclude=[*EXCLUDED_APPS, *EXCLUDED_MODELS],
        output=str(data),
        database=using,
        verbosity=0,
    )
    return data, {"counts": row_counts(using), "migrations": applied_migrations(using)}


# --- restore ------------------------------------------------------------------------------


DAMAGED = "Het backupbestand {path} is beschadigd, onvolledig of geen Techniekkaart-backup ({why}). Er is niets veranderd."


def _damaged(path: Path, why: str) -> BackupError:
    return BackupError(DAMAGED.format(path=path, why=why))


def _member_file(tar: tarfile.TarFile, member: tarfile.TarInfo, path: Path) -> IO[bytes]:
    fh = tar.extractfile(member)
    if fh is None:  # only a regular file has contents
        raise _damaged(path, f"onverwacht onderdeel {member.name!r}")
    return fh


def _safe_media_name(name: str) -> str | None:
    """The path under MEDIA_ROOT for an archive member 'media/...', or None when it is unsafe."""
    if not name.startswith(MEDIA):
        return None
    rel = PurePosixPath(name[len(MEDIA) :])
    parts = rel.parts
    if not parts or rel.is_absolute() or any(p in ("", ".", "..") or "\\" in p for p in parts):
        return None
    if any(p.startswith(".") for p in parts):
        return None
    return rel.as_posix()


def read_archive(path: Path) -> Checked:
    """Read the whole archive, unpack it to temporary places and check it against its manifest.

    Nothing outside a temporary folder and a hidden folder in MEDIA_ROOT is written; on any
    problem both are removed and a BackupError says the file is damaged.
    """
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Het backupbestand {path} bestaat niet.")
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="techniekkaart-restore-"))
    checked = Checked(
        manifest={},
        data_file=workdir / DATA,
        media_dir=media_root / f".restore-{secrets.token_hex(6)}",
        workdir=workdir,
    )
    digests: dict[str, str] = {}
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                if not member.isfile():
                    raise _damaged(path, f"onverwacht onderdeel {member.name!r}")
                if member.name == MANIFEST:
                    with _member_file(tar, member, path) as fh:
                        checked.manifest = json.loads(fh.read(10 * CHUNK).decode("utf-8"))
                    continue
                if member.name == DATA:
                    target = checked.data_file
                else:
                    rel = _safe_media_name(member.name)
                    if rel is None:
                        raise _damaged(path, f"onverwacht onderdeel {member.name!r}")
                    target = checked.media_dir / rel
                    checked.media_files.append(rel)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with _member_file(tar, member, path) as src, target.open("wb") as dst:
                    while chunk := src.read(CHUNK):
                        digest.update(chunk)
                        dst.write(chunk)
                digests[member.name] = digest.hexdigest()
    except BackupError:
        checked.cleanup()
        raise
    except (tarfile.TarError, EOFError, zlib.error, UnicodeDecodeError, ValueError) as error:
        checked.cleanup()
        raise _damaged(path, str(error) or type(error).__name__) from error
    except OSError as error:
        checked.cleanup()
        if isinstance(error, tarfile.ReadError) or error.errno is None:
            raise _damaged(path, str(error)) from error
        raise BackupError(f"Uitpakken lukt niet: {error}. Er is niets veranderd.") from error
    try:
        _check_manifest(path, checked.manifest, digests)
    except BackupError:
        checked.cleanup()
        raise
    return checked


def _check_manifest(path: Path, manifest: dict, digests: dict[str, str]) -> None:
    if not isinstance(manifest, dict) or manifest.get("site") != "techniekkaart":
        raise _damaged(path, "geen manifest")
    if manifest.get("format") != FORMAT:
        raise _damaged(path, f"onbekend formaat {manifest.get('format')!r}")
    try:
        expected = {DATA: manifest["data"]["sha256"]}
        expected.update({MEDIA + name: meta["sha256"] for name, meta in manifest["media"].items()})
        counts, migrations = manifest["counts"], manifest["migrations"]
    except (KeyError, TypeError, AttributeError) as error:
        raise _damaged(path, f"manifest onvolledig: {error}") from error
    if not isinstance(counts, dict) or not isinstance(migrations, dict):
        raise _damaged(path, "manifest onvolledig")
    missing = sorted(set(expected) - set(digests))
    if missing:
        raise _damaged(path, f"ontbreekt: {', '.join(missing[:5])}")
    extra = sorted(set(digests) - set(expected))
    if extra:
        raise _damaged(path, f"niet in het manifest: {', '.join(extra[:5])}")
    wrong = sorted(name for name, digest in expected.items() if digests[name] != digest)
    if wrong:
        raise _damaged(path, f"inhoud klopt niet met het manifest: {', '.join(wrong[:5])}")


def in_use(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """The SIGNS_OF_USE tables that hold rows (a missing table is empty)."""
    tables = set(connections[using].introspection.table_names())
    used = []
    for label in SIGNS_OF_USE:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if model._meta.db_table in tables and model._base_manager.using(using).exists():
            used.append(label)
    return used


def _known_migrations(using: str) -> set[tuple[str, str]]:
    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for replaced in loader.replacements.values():
        known.update(replaced.replaces)
    return known


@dataclass
class Restored:
    counts: dict[str, int]
    media: int
    manifest: dict


def restore(
    path: Path, *, yes: bool = False, using: str = DEFAULT_DB_ALIAS, log=lambda line: None
) -> Restored:
    """Restore the archive at ``path`` (see the module docstring); raises BackupError."""
    checked = read_archive(path)
    try:
        manifest = checked.manifest
        from_backup = _pairs(manifest["migrations"])
        unknown = sorted(from_backup - _known_migrations(using))
        if unknown:
            raise BackupError(
                "Deze backup is gemaakt door een nieuwere versie van de site (onbekende migraties: "
                + ", ".join(f"{app}.{name}" for app, name in unknown[:5])
                + f"). Zet eerst de code van commit {manifest.get('git_commit') or '?'} terug. "
                "Er is niets veranderd."
            )
        used = in_use(using)
        if used and not yes:
            raise BackupError(
                "De database is in gebruik (" + ", ".join(used) + "). Een restore vervangt "
                "alles; geef --yes als dat echt de bedoeling is. Er is niets veranderd."
            )
        log("Database bijwerken (migrate) ...")
        call_command("migrate", database=using, interactive=False, verbosity=0)
        missing = sorted(_pairs(applied_migrations(using)) - from_backup)
        if missing:
            raise BackupError(
                "Deze backup is gemaakt door een oudere versie van de site (migraties die de "
                "backup nog niet had: "
                + ", ".join(f"{app}.{name}" for app, name in missing[:5])
                + f"). Zet hem terug met de code van commit {manifest.get('git_commit') or '?'} "
                "en draai daarna met de nieuwe code `manage.py migrate`. De gegevens zijn niet "
                "veranderd."
            )
        log("Gegevens laden ...")
        counts = _load(checked, using)
        log("Foto's terugzetten ...")
        _move_media(checked)
        return Restored(counts=counts, media=len(checked.media_files), manifest=manifest)
    finally:
        checked.cleanup()


def _load(checked: Checked, using: str) -> dict[str, int]:
    connection = connections[using]
    expected = checked.manifest["counts"]
    with transaction.atomic(using=using):
        call_command("flush", database=using, interactive=False, verbosity=0)
        call_command("loaddata", str(checked.data_file), database=using, verbosity=0)
        models = backed_up_models()
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
        counts = row_counts(using)
        differ = sorted(
            f"{label}: {counts.get(label, 'geen tabel')} in plaats van {n}"
            for label, n in expected.items()
            if counts.get(label) != n
        )
        differ += sorted(
            f"{label}: {n} rijen die niet in de backup staan"
            for label, n in counts.items()
            if label not in expected and n
        )
        if differ:
            raise BackupError(
                "Na het laden klopt het aantal rijen niet met de backup, dus is alles "
                "teruggedraaid: " + "; ".join(differ[:10])
            )
    return counts


def _move_media(checked: Checked) -> None:
    """Rename the unpacked files into place (same disk: no extra room needed, nothing half)."""
    media_root = Path(settings.MEDIA_ROOT)
    for rel in checked.media_files:
        target = media_root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(checked.media_dir / rel, target)


def created_at(manifest: dict) -> str:
    with contextlib.suppress(KeyError, TypeError, ValueError):
        return timezone.localtime(dt.datetime.fromisoformat(manifest["created"])).strftime(
            "%d-%m-%Y %H:%M"
        )
    return "?"
