"""Veilige verwerking van activiteitsafbeeldingen die aanbieders uploaden.

Aanbieders uploaden één plaatje per activiteit: JPEG, PNG of WebP tot 5 MB.
Wij slaan nooit het geüploade bestand zelf op, maar altijd een nieuw WebP-bestand
dat uit alleen de pixels is opgebouwd.

Waarom opnieuw coderen en niet alleen controleren?

* Een bestand kan een geldig plaatje zijn *en* iets anders bevatten: HTML of
  JavaScript achter de beelddata (een "polyglot"), of EXIF/XMP-metadata met de
  GPS-locatie van de fotograaf, serienummers, namen en commentaar. Controleren
  (``verify()``, de extensie, het MIME-type) laat die extra bytes staan; alleen
  een nieuw bestand maken uit de gedecodeerde pixels gooit ze betrouwbaar weg.
* De bestandsnaam van de aanbieder gebruiken we niet: het resultaat krijgt een
  willekeurige naam, zodat er niets van het origineel overblijft en namen niet
  te raden zijn.

Wat we weigeren (met een Nederlandse melding):

* bestanden groter dan ``MAX_BYTES`` (we lezen nooit meer dan ``MAX_BYTES + 1`` bytes);
* alles wat Pillow niet als JPEG, PNG of WebP herkent, op basis van de inhoud
  en niet van de naam (dus ook HTML met een ``.png``-naam, SVG, GIF, TIFF, ...);
* plaatjes met meer dan ``MAX_PIXELS`` pixels (PNG en WebP: ``MAX_PIXELS_LOSSLESS``),
  *voordat* ze gedecodeerd worden (een "decompression bomb" is klein op schijf maar
  enorm in het geheugen, en kost seconden rekenwerk);
* beschadigde of afgekapte bestanden (dat werkt alleen zolang niemand
  ``PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True`` zet).

Gebruik in een formulier::

    image = SafeImageField(required=False)

of, bij een bestaand ``forms.ImageField``::

    def clean_image(self):
        return clean_image_upload(self.cleaned_data.get("image"))

Een volle schijf (of een vol quotum) is geen reden voor een 500 of voor half werk. Het
plaatje wordt pas bij het opslaan van het model weggeschreven, midden in de transactie;
zet die opslag daarom in ``new_image_kept_only_if_saved``::

    try:
        with new_image_kept_only_if_saved(form.instance):
            save_everything()  # in een eigen transaction.atomic
    except StorageFull:
        form.add_error("image", STORAGE_FULL)

Mislukt iets (de schijf is vol halverwege het schrijven, of de database daarna), dan
verdwijnt het nieuwe bestand weer: er blijft geen half bestand en geen bestand zonder
rij achter, en door de terugdraaiende transactie ook geen rij zonder zijn foto. Zodra er
weer ruimte is, lukt hetzelfde formulier gewoon: er is niets om te herstarten.
"""

from __future__ import annotations

import contextlib
import errno
import io
import secrets
import warnings
from collections.abc import Iterator

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixel: ruim genoeg voor een telefoonfoto
# PNG and WebP cannot be decoded at a reduced scale as JPEG can (draft), and compress a flat
# picture to almost nothing: a 39-megapixel PNG of 38 KB took seconds to re-encode (issue 13).
# A drawing or screenshot needs far less; 12 megapixel is a 4000x3000 picture.
MAX_PIXELS_LOSSLESS = 12_000_000
MAX_SIDE = 1600
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
OUTPUT_FORMAT = "WEBP"
OUTPUT_EXTENSION = ".webp"
OUTPUT_QUALITY = 82
BACKGROUND = (255, 255, 255)

MESSAGES = {
    "too_large": _("Het plaatje is groter dan 5 MB."),
    "invalid_format": _("Dit bestand is geen JPEG-, PNG- of WebP-plaatje."),
    "too_many_pixels": _("Het plaatje is te groot: maximaal 40 megapixel."),
    "too_many_pixels_lossless": _(
        "Een PNG- of WebP-plaatje mag maximaal 12 megapixel zijn. Maak het kleiner of bewaar het "
        "als JPEG."
    ),
    "corrupt": _("Het plaatje is beschadigd of niet compleet."),
}


STORAGE_FULL = _(
    "De foto kon niet worden opgeslagen: de opslag is vol. Probeer het later opnieuw of sla "
    "de activiteit eerst zonder foto op."
)
FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


class StorageFull(Exception):
    """The disk (or quota) for uploads is full; the new file was not kept."""


class ImageUploadError(ValidationError):
    """Een geweigerde upload; ``code`` is een van de sleutels van ``MESSAGES``."""


def _refuse(code: str) -> ImageUploadError:
    return ImageUploadError(MESSAGES[code], code=code)


def _read_limited(upload) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise _refuse("too_large")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise _refuse("too_large")
    return data


def _open(data: bytes) -> Image.Image:
    """Open (lazy: header only) and refuse other formats and too many pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _refuse("too_many_pixels") from exc
    except Image.UnidentifiedImageError as exc:  # no allowed format recognises it
        raise _refuse("invalid_format") from exc
    except Exception as exc:  # recognised, but the header/data is broken (e.g. cut-off WebP)
        raise _refuse("corrupt") from exc
    if img.format not in ALLOWED_FORMATS and img.format != "MPO":
        # MPO is how Pillow reports JPEGs with extra (preview/depth) frames from phones.
        raise _refuse("invalid_format")
    width, height = img.size
    if width < 1 or height < 1:
        raise _refuse("corrupt")
    if width * height > MAX_PIXELS:
        raise _refuse("too_many_pixels")
    if img.format not in ("JPEG", "MPO") and width * height > MAX_PIXELS_LOSSLESS:
        raise _refuse("too_many_pixels_lossless")
    return img


def _decode(data: bytes) -> Image.Image:
    """Return the fully decoded first frame; refuse anything broken."""
    _open(data).verify()  # checks structure (PNG CRCs); the object is unusable afterwards
    img = _open(data)
    if img.format in ("JPEG", "MPO"):
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale when the photo is much bigger
        # than we keep; both sides stay >= MAX_SIDE so no quality is lost.
        img.draft("RGB", (MAX_SIDE, MAX_SIDE))
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        img.load()
    return img


def _to_rgb_or_rgba(img: Image.Image) -> Image.Image:
    if img.mode.startswith("I;16") or img.mode == "I":
        # 16-bit greyscale PNG: scale down to 8 bits instead of clipping to white.
        img = img.convert("I").point(lambda v: v / 256).convert("L")
    if img.has_transparency_data:
        return img.convert("RGBA")
    return img.convert("RGB")


def _flatten(img: Image.Image) -> Image.Image:
    if img.mode != "RGBA":
        return img
    background = Image.new("RGB", img.size, BACKGROUND)
    background.paste(img, mask=img.getchannel("A"))
    return background


def reencode_image(upload) -> ContentFile:
    """Check an uploaded image and return a fresh, metadata-free WebP copy.

    Raises ``ImageUploadError`` (a ``ValidationError``) with a Dutch message when
    the upload is too big, not a JPEG/PNG/WebP image, has too many pixels, or is
    damaged/truncated. The result is a new ``ContentFile`` with a random name.
    """
    data = _read_limited(upload)
    try:
        img = _decode(data)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _refuse("too_many_pixels") from exc
    except Exception as exc:  # truncated data, bad CRCs, decoder errors, ...
        raise _refuse("corrupt") from exc

    with contextlib.suppress(Exception):  # unreadable EXIF: keep the pixels as stored
        ImageOps.exif_transpose(img, in_place=True)

    img = _to_rgb_or_rgba(img)
    img.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)  # never upscales
    img = _flatten(img).convert("RGB")

    # A brand-new image from the raw pixels only: no info dict, no EXIF (GPS,
    # orientation), XMP, ICC profile, comments or text chunks can ride along.
    clean = Image.frombytes("RGB", img.size, img.tobytes())
    out = io.BytesIO()
    clean.save(out, OUTPUT_FORMAT, quality=OUTPUT_QUALITY, method=4)
    return ContentFile(out.getvalue(), name=secrets.token_hex(16) + OUTPUT_EXTENSION)


def clean_image_upload(upload):
    """For a form's ``clean_image()``: re-encode a new upload, pass anything else.

    ``None``/``False`` (no file, or "clear" ticked) and an already stored file
    (unchanged field) are returned as they are.
    """
    if not upload or not isinstance(upload, UploadedFile):
        return upload
    return reencode_image(upload)


class SafeImageField(forms.ImageField):
    """An ``ImageField`` whose cleaned value is the re-encoded ``ContentFile``.

    It skips Django's own Pillow check (which accepts every format Pillow knows)
    in favour of ``reencode_image``, so users see our Dutch messages.
    """

    def to_python(self, data):
        f = forms.FileField.to_python(self, data)
        if f is None:
            return None
        return reencode_image(f)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = "image/jpeg,image/png,image/webp"
        return attrs


def is_storage_full(error: BaseException | None) -> bool:
    """True for the OSError a full disk or quota gives (ENOSPC, EDQUOT), also when wrapped."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, OSError) and error.errno in FULL_ERRNOS:
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


@contextlib.contextmanager
def new_image_kept_only_if_saved(instance, field: str = "image") -> Iterator[None]:
    """Around saving ``instance`` (outside its transaction): on any failure, remove the new file.

    Only a new, not yet stored upload is watched (an unchanged or cleared image is left alone).
    Its future name is worked out beforehand, so a file the storage only half wrote before the
    disk filled up is removed too. A full disk becomes ``StorageFull``; other errors pass on.
    """
    file = getattr(instance, field)
    if not file or file._committed:
        yield
        return
    storage = file.storage
    planned = file.field.generate_filename(instance, file.name)
    already_there = storage.exists(planned)  # never delete someone else's file
    try:
        yield
    except BaseException as error:
        written = file.name if file._committed else (None if already_there else planned)
        if written:
            with contextlib.suppress(OSError):
                storage.delete(written)
        if is_storage_full(error):
            raise StorageFull from error
        raise
