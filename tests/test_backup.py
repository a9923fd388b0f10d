"""Backup and restore (issue 8): `manage.py backup` and `manage.py restore` on SQLite and PostgreSQL.

A restore of a backup finds every row of every table again (activities, quiz results, subscribers,
...) and every uploaded photo byte for byte; a damaged archive changes nothing.
"""

import datetime as dt
import gzip
import hashlib
import io
import json
import tarfile

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from PIL import Image

from catalogue.images import reencode_image
from catalogue.models import Activity, Occurrence, Venue
from catalogue.places import find_place
from classroom.models import ClassSession
from classroom.services import class_session_start
from newsletter.models import Subscriber
from portal.models import Membership
from quiz.models import Result
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOT_BACKED_UP = {"contenttypes", "sessions", "axes"}
LOCAL_APPS = {
    "catalogue", "quiz", "classroom", "portal", "moderation", "pages", "news", "newsletter",
    "regions", "electives", "outbox",
}  # fmt: skip


def counts() -> dict[str, int]:
    """Rows per table, for every table of every installed app except the rebuilt/throwaway ones."""
    return {
        model._meta.label_lower: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label not in NOT_BACKED_UP
        and model._meta.label_lower != "auth.permission"
    }


def media_tree(root):
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def site(media, django_user_model):
    """A little of everything: activities with series and dates, a venue, a provider with a member
    and a photo, coordinators with permissions, a class session with a quiz result, subscribers."""
    act = factories.activity("Bouw een brug", days=(3, 10), also=("maken",))
    series = factories.activity("Elke week solderen", place="Kampen", days=())
    factories.schedule_on(
        series,
        timezone.localdate() + dt.timedelta(days=2),
        frequency="wekelijks",
        until=timezone.localdate() + dt.timedelta(days=30),
    )
    from catalogue.services import activity_sync_occurrences

    activity_sync_occurrences(activity=series)
    raw = io.BytesIO()
    Image.new("RGB", (64, 48), "orange").save(raw, "PNG")
    clean = reencode_image(SimpleUploadedFile("brug.png", raw.getvalue(), content_type="image/png"))
    act.image.save(clean.name, clean)
    member = django_user_model.objects.create_user(
        "sam@example.org", "sam@example.org", "een-wachtwoord-voor-sam"
    )
    Membership.objects.create(user=member, provider=act.provider)
    coordinator = django_user_model.objects.create_user("coord", "c@example.org", is_staff=True)
    group = Group.objects.create(name="Coördinatoren")
    group.permissions.add(Permission.objects.get(codename="change_activity"))
    coordinator.groups.add(group)
    coordinator.user_permissions.add(Permission.objects.get(codename="view_subscriber"))
    session = class_session_start(school="De Vlieger", groep=6, place=find_place("Dalfsen"))
    result = Result.objects.create(
        profile={"bouwen": 0.6, "maken": 0.4}, age=10, pc4="8021", municipality="Zwolle",
        class_session=session,
    )  # fmt: skip
    Subscriber.objects.create(
        email="ouder@example.org", name="Ouder", status=Subscriber.Status.CONFIRMED,
        signed_up_at=timezone.now(), confirmed_at=timezone.now(), form_version="2026-1",
    )  # fmt: skip
    before = counts()
    for label in (
        "catalogue.activity", "catalogue.schedule", "catalogue.occurrence", "catalogue.venue",
        "catalogue.provider", "catalogue.activity_themes", "portal.membership", "quiz.result",
        "classroom.classsession", "newsletter.subscriber", "auth.user", "auth.group_permissions",
    ):  # fmt: skip
        assert before[label] > 0, label
    assert {label.split(".")[0] for label in before} >= LOCAL_APPS
    return {
        "activity": act, "series": series, "result": result, "session": session, "counts": before,
        "photo": (act.image.name, (media / act.image.name).read_bytes()),
    }  # fmt: skip


def backup_to(path):
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def restore_from(path, *args):
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_restore_brings_back_every_row_and_every_photo(site, media, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    assert "Backup gemaakt" in backup_to(archive)
    dates = sorted(Occurrence.objects.values_list("activity__slug", "start"))
    password = site["activity"].provider.memberships.get().user.password

    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert Activity.objects.count() == 0 and not media_tree(media)

    output = restore_from(archive)

    assert "Alle aantallen kloppen met de backup" in output
    assert counts() == site["counts"]
    act = Activity.objects.get(slug=site["activity"].slug)
    assert (act.title, act.provider.name, act.venue.name) == (
        "Bouw een brug",
        site["activity"].provider.name,
        site["activity"].venue.name,
    )
    assert sorted(act.themes.values_list("slug", flat=True)) == ["maken"]
    assert sorted(Occurrence.objects.values_list("activity__slug", "start")) == dates
    result = Result.objects.get(code=site["result"].code)
    assert (result.profile, result.pc4, result.class_session.school) == (
        {"bouwen": 0.6, "maken": 0.4},
        "8021",
        "De Vlieger",
    )
    assert ClassSession.objects.get(code=site["session"].code).teacher_token
    assert Subscriber.objects.get(email="ouder@example.org").status == "confirmed"
    member = Membership.objects.get(provider=act.provider).user
    assert member.password == password and member.check_password("een-wachtwoord-voor-sam")
    coordinator = type(member).objects.get(username="coord")
    assert coordinator.has_perm("catalogue.change_activity")
    assert coordinator.has_perm("newsletter.view_subscriber")
    name, data = site["photo"]
    assert act.image.name == name
    assert media_tree(media) == {name: data}
    assert not list(media.glob(".restore-*"))


def test_new_rows_after_a_restore_get_fresh_ids(site, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup_to(archive)
    highest = {
        model: model.objects.order_by("-pk").first().pk for model in (Activity, Venue, Result)
    }
    call_command("flush", interactive=False, verbosity=0)
    restore_from(archive)

    new = factories.activity("Na de restore")
    result = Result.objects.create(profile={"water": 1.0})

    assert new.pk > highest[Activity] and new.venue.pk > highest[Venue]
    assert result.pk > highest[Result]
    assert Activity.objects.count() == site["counts"]["catalogue.activity"] + 1


def test_a_database_in_use_is_only_replaced_with_yes(site, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup_to(archive)
    factories.activity("Na de backup gemaakt")
    with pytest.raises(CommandError, match="De database is in gebruik"):
        restore_from(archive)
    assert Activity.objects.filter(title="Na de backup gemaakt").exists()

    restore_from(archive, "--yes")

    assert not Activity.objects.filter(title="Na de backup gemaakt").exists()
    assert counts() == site["counts"]


def members(path):
    with tarfile.open(path, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}


def rebuild(path, files):
    with tarfile.open(path, "w:gz") as tar:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


def with_manifest(files, change):
    manifest = json.loads(files["manifest.json"])
    change(manifest)
    return {**files, "manifest.json": json.dumps(manifest).encode()}


def damage_truncate(path, files):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def damage_flip(path, files):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def damage_not_a_backup(path, files):
    path.write_bytes(gzip.compress(b"dit is geen tar-bestand" * 100))


def damage_data_changed(path, files):
    data = files["data.json"].replace(b"Bouw een brug", b"Bouw een dijk")
    rebuild(path, {**files, "data.json": data})


def damage_escape(path, files):
    rebuild(path, {**files, "media/../../ontsnapt.txt": b"x"})


def damage_photo_missing(path, files):
    rebuild(path, {k: v for k, v in files.items() if not k.startswith("media/")})


def damage_no_manifest(path, files):
    rebuild(path, {k: v for k, v in files.items() if k != "manifest.json"})


@pytest.mark.parametrize(
    "damage",
    [
        damage_truncate, damage_flip, damage_not_a_backup, damage_data_changed, damage_escape,
        damage_photo_missing, damage_no_manifest,
    ],
)  # fmt: skip
def test_a_damaged_archive_is_refused_and_changes_nothing(site, media, tmp_path, damage):
    archive = tmp_path / "backup.tar.gz"
    backup_to(archive)
    damage(archive, members(archive))
    factories.activity("Na de backup gemaakt")
    now, photos = counts(), media_tree(media)

    with pytest.raises(
        CommandError, match="is beschadigd, onvolledig of geen Techniekkaart-backup"
    ):
        restore_from(archive, "--yes")

    assert counts() == now
    assert Activity.objects.filter(title="Na de backup gemaakt").exists()
    assert media_tree(media) == photos
    assert not (tmp_path / "ontsnapt.txt").exists()


def test_counts_that_differ_from_the_manifest_roll_everything_back(site, media, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup_to(archive)

    def one_more_result(manifest):
        manifest["counts"]["quiz.result"] += 1

    rebuild(archive, with_manifest(members(archive), one_more_result))
    factories.activity("Na de backup gemaakt")
    now = counts()

    with pytest.raises(
        CommandError, match=r"klopt het aantal rijen niet .*quiz\.result: 1 in plaats van 2"
    ):
        restore_from(archive, "--yes")

    assert counts() == now  # the flush and the load were rolled back together
    assert Activity.objects.filter(title="Na de backup gemaakt").exists()


def test_a_backup_from_newer_code_is_refused(site, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup_to(archive)

    def newer(manifest):
        manifest["migrations"]["catalogue"].append("9999_from_the_future")

    rebuild(archive, with_manifest(members(archive), newer))
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(CommandError, match=r"nieuwere versie van de site.*9999_from_the_future"):
        restore_from(archive)
    assert Activity.objects.count() == 0


def test_the_archive_lists_what_it_holds(site, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup_to(archive)
    files = members(archive)
    manifest = json.loads(files["manifest.json"])
    assert manifest["counts"]["catalogue.activity"] == site["counts"]["catalogue.activity"]
    assert manifest["data"]["sha256"] == hashlib.sha256(files["data.json"]).hexdigest()
    assert list(manifest["media"]) == [site["photo"][0]]
    assert "catalogue" in manifest["migrations"]
    dumped = {row["model"] for row in json.loads(files["data.json"])}
    assert {"catalogue.activity", "quiz.result", "newsletter.subscriber"} <= dumped
    assert not dumped & {"contenttypes.contenttype", "auth.permission", "sessions.session"}
    assert not list(tmp_path.glob(".*.part"))
