"""Fault test (issue 8): the disk for media is full while a provider saves an activity with a photo.

Nothing is lost (their input comes back on the form with a Dutch message; no activity without its
photo, no half-written file) and the site recovers without a restart (the same post succeeds once
there is room again).
"""

import errno
import io
import os

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from catalogue import images
from catalogue.models import Activity, Theme, Venue
from moderation.models import AuditLog
from tests import factories
from tests.factories import activity_post, member

pytestmark = pytest.mark.django_db

MESSAGE = (
    "De foto kon niet worden opgeslagen: de opslag is vol. Probeer het later opnieuw of sla "
    "de activiteit eerst zonder foto op."
)


def photo():
    raw = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(raw, "PNG")
    return SimpleUploadedFile("foto.png", raw.getvalue(), content_type="image/png")


def files_in(root):
    return sorted(
        os.path.relpath(os.path.join(folder, name), root)
        for folder, _dirs, names in os.walk(root)
        for name in names
    )


def full_disk(self, name, content):
    """Like a real full disk: the file is created, a first bit written, then ENOSPC."""
    path = self.path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(next(iter(content.chunks()))[:100])
    raise OSError(errno.ENOSPC, "No space left on device", path)


@pytest.fixture
def portal(client, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    org = factories.provider("Maakplaats Kampen", place="Kampen")
    client.force_login(member(django_user_model, org, "p@example.org"))
    return org


def test_a_full_disk_keeps_the_input_saves_nothing_and_the_same_post_works_later(
    client, portal, tmp_path, monkeypatch
):
    theme = Theme.objects.get(slug="robots-code")
    url = f"/portaal/organisatie/{portal.slug}/nieuw/"
    data = activity_post(
        theme,
        title="Robotdans met de Lego-robot",
        summary="Laat je robot dansen op muziek.",
        image_alt="Een groene robot",
        new_venue_name="Bibliotheek Kampen",
        new_venue_place="Kampen",
        new_venue_municipality="Kampen",
    )
    audits = AuditLog.objects.count()
    monkeypatch.setattr(FileSystemStorage, "_save", full_disk)

    response = client.post(url, {**data, "image": photo()})

    assert response.status_code == 200
    body = response.content.decode()
    assert MESSAGE in body
    for typed in ("Robotdans met de Lego-robot", "Laat je robot dansen op muziek.",
                  "Een groene robot", "Bibliotheek Kampen"):  # fmt: skip
        assert typed in body
    assert not Activity.objects.filter(title="Robotdans met de Lego-robot").exists()
    assert not Venue.objects.filter(name="Bibliotheek Kampen").exists()
    assert AuditLog.objects.count() == audits
    assert files_in(tmp_path) == []  # the half-written file is gone

    monkeypatch.undo()  # room again; nothing restarted
    response = client.post(url, {**data, "image": photo()})

    activity = Activity.objects.get(title="Robotdans met de Lego-robot")
    assert response["Location"] == f"/portaal/activiteit/{activity.slug}/voorbeeld/"
    assert activity.venue.name == "Bibliotheek Kampen"
    assert activity.image_alt == "Een groene robot"
    assert files_in(tmp_path) == [activity.image.name]
    assert Image.open(activity.image.path).size == (40, 30)


def test_editing_with_a_full_disk_leaves_the_activity_and_its_old_photo_alone(
    client, portal, tmp_path, monkeypatch
):
    client.post(
        f"/portaal/organisatie/{portal.slug}/nieuw/",
        activity_post(Theme.objects.first(), factories.venue(portal), image=photo()),
    )
    activity = Activity.objects.get(title="Robots bouwen")
    old_image = activity.image.name
    monkeypatch.setattr(FileSystemStorage, "_save", full_disk)

    response = client.post(
        f"/portaal/activiteit/{activity.slug}/",
        activity_post(activity.main_theme, activity.venue, title="Nieuwe titel", image=photo()),
    )

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert 'value="Nieuwe titel"' in response.content.decode()
    activity.refresh_from_db()
    assert (activity.title, activity.image.name) == ("Robots bouwen", old_image)
    assert files_in(tmp_path) == [old_image]


def test_a_database_error_after_the_photo_was_written_removes_the_photo(
    client, portal, tmp_path, monkeypatch
):
    def broken_audit(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("moderation.services.audit", broken_audit)
    client.raise_request_exception = True
    with pytest.raises(RuntimeError, match="database gone"):
        client.post(
            f"/portaal/organisatie/{portal.slug}/nieuw/",
            activity_post(Theme.objects.first(), factories.venue(portal), image=photo()),
        )
    assert not Activity.objects.filter(title="Robots bouwen").exists()
    assert files_in(tmp_path) == []


def test_other_storage_errors_are_not_called_a_full_disk(portal, monkeypatch):
    def no_permission(self, name, content):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(FileSystemStorage, "_save", no_permission)
    activity = Activity(provider=portal, title="x", slug="x", main_theme=Theme.objects.first())
    activity.image = images.reencode_image(photo())
    with pytest.raises(PermissionError), images.new_image_kept_only_if_saved(activity):
        activity.image.save(activity.image.name, activity.image.file, save=False)


@pytest.mark.parametrize(
    ("error", "full"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), True),
        (OSError(errno.EDQUOT, "Disk quota exceeded"), True),
        (OSError(errno.EACCES, "Permission denied"), False),
        (ValueError("x"), False),
    ],
)
def test_which_errors_mean_a_full_disk(error, full):
    assert images.is_storage_full(error) is full
    wrapped = RuntimeError("while saving")
    wrapped.__cause__ = error
    assert images.is_storage_full(wrapped) is full
