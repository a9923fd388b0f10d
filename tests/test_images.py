"""Hostile and ordinary image uploads (issue 4). No database needed."""

import io
import random
import re
import struct
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageCms, ImageFile, PngImagePlugin

from catalogue import images
from catalogue.images import MAX_BYTES, SafeImageField, clean_image_upload, reencode_image

RED = (255, 0, 0)
BLUE = (0, 0, 255)
GPS_IFD = 0x8825
ORIENTATION = 0x0112
IMAGE_DESCRIPTION = 0x010E


def upload(data: bytes, name: str = "foto.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def encode(img: Image.Image, fmt: str, **params) -> bytes:
    buf = io.BytesIO()
    img.save(buf, fmt, **params)
    return buf.getvalue()


def noise(size=(300, 300), seed=0) -> Image.Image:
    rnd = random.Random(seed)
    return Image.frombytes("RGB", size, rnd.randbytes(size[0] * size[1] * 3))


def refused(data: bytes, name: str = "foto.png") -> ValidationError:
    with pytest.raises(ValidationError) as info:
        reencode_image(upload(data, name))
    return info.value


def opened(result: ContentFile) -> Image.Image:
    result.seek(0)
    img = Image.open(io.BytesIO(result.read()))
    img.load()
    return img


def close(pixel, expected, tolerance=12):
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=True))


def png_header_only(width: int, height: int) -> bytes:
    """A valid-looking PNG whose IHDR claims width x height (1-bit grey), tiny IDAT."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def no_decoding(monkeypatch):
    """Record (and forbid) any pixel decoding, to prove a refusal happens before it."""
    calls = []

    def forbidden(self, *args, **kwargs):
        calls.append(self)
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", forbidden)
    return calls


# --- ordinary uploads -------------------------------------------------------------


def test_jpeg_metadata_is_dropped_orientation_applied_and_output_is_webp():
    # Left half red, right half blue; orientation 6 = "rotate 90° clockwise to view".
    photo = Image.new("RGB", (400, 200), BLUE)
    photo.paste(RED, (0, 0, 200, 200))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[IMAGE_DESCRIPTION] = "geheim-adres Dorpsstraat 1"
    gps = exif.get_ifd(GPS_IFD)
    gps[1] = "N"
    gps[2] = (52.0, 30.0, 12.5)
    gps[3] = "E"
    gps[4] = (6.0, 5.0, 44.1)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = encode(
        photo,
        "JPEG",
        quality=95,
        exif=exif,
        icc_profile=icc,
        xmp=b"<x:xmpmeta>geheim-xmp</x:xmpmeta>",
        comment=b"geheim-commentaar",
    )
    # Sanity: the input really carries all that.
    original = Image.open(io.BytesIO(data))
    assert original.getexif().get_ifd(GPS_IFD)[1] == "N"
    assert {"exif", "icc_profile", "xmp", "comment"} <= set(original.info)

    result = reencode_image(upload(data, "IMG_0001.jpg", "image/jpeg"))

    raw = result.read()
    img = opened(result)
    assert img.format == "WEBP"
    assert result.name.endswith(".webp")
    assert len(img.getexif()) == 0
    assert img.getexif().get_ifd(GPS_IFD) == {}
    assert not {"exif", "xmp", "icc_profile", "comment"} & set(img.info)
    for marker in (b"EXIF", b"XMP ", b"ICCP", b"Exif", b"geheim", b"xmpmeta"):
        assert marker not in raw
    # Rotated to portrait: the red left half is now on top.
    assert img.size == (200, 400)
    assert close(img.convert("RGB").getpixel((100, 50)), RED)
    assert close(img.convert("RGB").getpixel((100, 350)), BLUE)


def test_every_upload_gets_its_own_random_name():
    data = encode(noise((50, 50)), "PNG")
    first = reencode_image(upload(data, "mijn-kind-op-kamp.png"))
    second = reencode_image(upload(data, "mijn-kind-op-kamp.png"))
    assert first.name != second.name
    for result in (first, second):
        assert re.fullmatch(r"[0-9a-f]{32}\.webp", result.name)


def test_png_alpha_is_flattened_onto_white_and_text_chunks_are_dropped():
    img = Image.new("RGBA", (100, 100), (0, 0, 0, 0))  # transparent *black*
    img.paste((255, 0, 0, 255), (0, 0, 50, 100))
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", "geheim-1234")
    data = encode(img, "PNG", pnginfo=text)
    assert b"geheim-1234" in data

    result = reencode_image(upload(data))

    assert b"geheim-1234" not in result.read()
    out = opened(result)
    assert out.mode == "RGB"
    assert close(out.getpixel((25, 50)), RED)
    assert close(out.getpixel((75, 50)), (255, 255, 255))


def test_palette_png_with_transparent_index_is_flattened_onto_white():
    img = Image.new("P", (60, 60), 0)
    img.putpalette([0, 0, 0, 255, 0, 0])  # index 0 black, index 1 red
    img.paste(1, (0, 0, 30, 60))
    data = encode(img, "PNG", transparency=0)

    out = opened(reencode_image(upload(data)))

    assert close(out.getpixel((15, 30)), RED)
    assert close(out.getpixel((45, 30)), (255, 255, 255))


@pytest.mark.parametrize(
    ("size", "expected"),
    [((4000, 3000), (1600, 1200)), ((1000, 3000), (533, 1600)), ((1600, 900), (1600, 900))],
)
def test_big_images_are_resized_to_at_most_1600_pixels_keeping_aspect_ratio(size, expected):
    data = encode(Image.new("RGB", size, BLUE), "JPEG")
    out = opened(reencode_image(upload(data, "groot.jpg", "image/jpeg")))
    assert out.size == expected


def test_small_images_are_not_upscaled():
    data = encode(Image.new("RGB", (300, 200), BLUE), "WEBP")
    out = opened(reencode_image(upload(data, "klein.webp", "image/webp")))
    assert out.size == (300, 200)


def test_sixteen_bit_grey_png_is_scaled_not_clipped_to_white():
    data = encode(Image.new("I;16", (20, 20), 32768), "PNG")  # mid grey
    out = opened(reencode_image(upload(data)))
    assert close(out.getpixel((10, 10)), (128, 128, 128))


def test_cmyk_jpeg_is_accepted_as_rgb():
    data = encode(Image.new("CMYK", (40, 40), (0, 255, 255, 0)), "JPEG")  # red in CMYK
    out = opened(reencode_image(upload(data, "drukwerk.jpg", "image/jpeg")))
    assert out.mode == "RGB"
    assert close(out.getpixel((20, 20)), RED, tolerance=30)


# --- hostile uploads --------------------------------------------------------------


def test_html_named_png_is_refused_in_dutch():
    html = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
    error = refused(html, "plaatje.png")
    assert error.code == "invalid_format"
    assert error.messages == ["Dit bestand is geen JPEG-, PNG- of WebP-plaatje."]


@pytest.mark.parametrize(("fmt", "name"), [("PNG", "foto.png"), ("JPEG", "foto.jpg")])
def test_html_appended_after_the_image_data_does_not_survive(fmt, name):
    data = encode(noise((64, 64)), fmt) + b"<script>alert(1)</script>"

    result = reencode_image(upload(data, name))

    raw = result.read()
    assert b"<script" not in raw
    assert raw.startswith(b"RIFF") and raw[8:12] == b"WEBP"


@pytest.mark.parametrize("name", ["logo.svg", "logo.png"])
def test_svg_with_script_is_refused(name):
    svg = (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" '
        b'height="10"><script>alert(document.cookie)</script><rect width="10" '
        b'height="10"/></svg>'
    )
    assert refused(svg, name).code == "invalid_format"


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF", "ICO", "PPM"])
def test_other_image_formats_are_refused_even_with_a_png_name(fmt):
    # Pillow can read all of these; only JPEG, PNG and WebP are allowed.
    data = encode(Image.new("RGB", (32, 32), BLUE), fmt)
    error = refused(data, "foto.png")
    assert error.code == "invalid_format"
    assert "JPEG-, PNG- of WebP" in error.messages[0]


def test_a_decompression_bomb_header_is_refused_before_decoding(no_decoding):
    bomb = png_header_only(30_000, 30_000)  # 900 megapixel claimed in ~100 bytes
    assert len(bomb) < 200
    error = refused(bomb)
    assert error.code == "too_many_pixels"
    assert error.messages == ["Het plaatje is te groot: maximaal 40 megapixel."]
    assert no_decoding == []


def test_just_over_40_megapixel_is_refused_before_decoding(no_decoding):
    # Below Pillow's own bomb limit (~89 MP), so only our MAX_PIXELS stops it.
    data = encode(Image.new("1", (8000, 5001)), "PNG")
    assert len(data) < MAX_BYTES
    assert refused(data).code == "too_many_pixels"
    assert no_decoding == []


def test_the_pixel_limit_is_checked_exactly(monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    assert opened(reencode_image(upload(encode(Image.new("RGB", (100, 100)), "PNG")))).size == (
        100,
        100,
    )
    assert refused(encode(Image.new("RGB", (101, 100)), "PNG")).code == "too_many_pixels"


@pytest.mark.parametrize(("fmt", "name"), [("JPEG", "a.jpg"), ("PNG", "a.png"), ("WEBP", "a.webp")])
def test_truncated_images_are_refused(fmt, name):
    data = encode(noise(), fmt)
    error = refused(data[: len(data) // 2], name)
    assert error.code == "corrupt"
    assert "beschadigd" in error.messages[0]


def test_a_png_with_a_broken_checksum_is_refused():
    data = bytearray(encode(noise((40, 40)), "PNG"))
    idat = data.index(b"IDAT")
    data[idat + 10] ^= 0xFF  # flip bits inside the compressed pixel data
    assert refused(bytes(data)).code == "corrupt"


def test_a_png_with_a_damaged_chunk_after_the_pixels_is_refused():
    # load() never reads past the pixel data; only verify() checks the rest.
    data = encode(noise((40, 40)), "PNG")
    body = b"Comment\x00hallo"
    bad_crc = (zlib.crc32(b"tEXt" + body) ^ 1) & 0xFFFFFFFF
    chunk = struct.pack(">I", len(body)) + b"tEXt" + body + struct.pack(">I", bad_crc)
    iend = data.index(b"IEND") - 4
    assert refused(data[:iend] + chunk + data[iend:]).code == "corrupt"


def test_a_file_over_5_mb_is_refused_even_if_it_is_a_valid_image():
    png = encode(noise((32, 32)), "PNG")
    data = png + b"\x00" * (MAX_BYTES + 1 - len(png))
    error = refused(data)
    assert error.code == "too_large"
    assert error.messages == ["Het plaatje is groter dan 5 MB."]


def test_a_file_of_exactly_5_mb_is_accepted():
    png = encode(noise((32, 32)), "PNG")
    data = png + b"\x00" * (MAX_BYTES - len(png))
    result = reencode_image(upload(data))
    assert result.size < 10_000  # the padding is gone too


def test_never_reads_more_than_5_mb_plus_one_byte():
    class EndlessUpload:
        """A stream without a trustworthy size: reads must be bounded."""

        def __init__(self):
            self.requested = []

        def read(self, size=-1):
            self.requested.append(size)
            if size is None or size < 0:
                raise AssertionError("unbounded read")
            return b"\x89PNG\r\n\x1a\n" + b"A" * (size - 8)

    stream = EndlessUpload()
    with pytest.raises(ValidationError) as info:
        reencode_image(stream)
    assert info.value.code == "too_large"
    assert stream.requested == [MAX_BYTES + 1]


# --- form helpers -----------------------------------------------------------------


@pytest.mark.parametrize("value", [None, False, ""])
def test_clean_image_upload_passes_empty_values_through(value):
    assert clean_image_upload(value) is value


def test_clean_image_upload_keeps_an_already_stored_file():
    stored = ContentFile(b"not looked at", name="activiteiten/abc.webp")
    assert clean_image_upload(stored) is stored


def test_clean_image_upload_reencodes_and_refuses():
    png = encode(noise((20, 20)), "PNG")
    assert clean_image_upload(upload(png)).name.endswith(".webp")
    with pytest.raises(ValidationError):
        clean_image_upload(upload(encode(Image.new("RGB", (8, 8)), "GIF"), "a.gif"))


class ActivityImageForm(forms.Form):
    image = SafeImageField(required=False)


def test_safe_image_field_returns_the_reencoded_file():
    data = encode(noise((40, 30)), "JPEG")
    form = ActivityImageForm(data={}, files={"image": upload(data, "kamp.jpg", "image/jpeg")})
    assert form.is_valid(), form.errors
    image = form.cleaned_data["image"]
    assert isinstance(image, ContentFile)
    assert re.fullmatch(r"[0-9a-f]{32}\.webp", image.name)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "Dit bestand is geen JPEG-, PNG- of WebP"),
        (png_header_only(30_000, 30_000), "maximaal 40 megapixel"),
    ],
    ids=["html", "bomb"],
)
def test_safe_image_field_shows_our_dutch_message(data, message):
    form = ActivityImageForm(data={}, files={"image": upload(data)})
    assert not form.is_valid()
    assert message in form.errors["image"][0]


def test_safe_image_field_only_offers_the_allowed_types():
    html = str(ActivityImageForm()["image"])
    assert 'accept="image/jpeg,image/png,image/webp"' in html
