"""Demo news and success stories: clearly made up, dates relative to today so they never go stale."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from catalogue.images import reencode_image
from news.models import NewsItem, Tag

TAGS = {
    "bouwen": "Bouwen",
    "robots": "Robots en code",
    "scholen": "Scholen",
    "bedrijven": "Bedrijven",
    "techniekpact": "Techniekpact",
}

# slug, kind, title, summary, body, tags, days ago (negative: scheduled), picture
ITEMS = [
    (
        "demo-bruggenbouwers-in-kampen", NewsItem.Kind.STORY,
        "Groep 6 bouwt een brug die 5 kilo houdt",
        "Een verzonnen verhaal: de kinderen van groep 6 bouwden met een aannemer een brug van "
        "houtjes. Hij hield een tas met 5 kilo aardappels!",
        "<p>Dit is een verzonnen voorbeeldverhaal voor de demo.</p>"
        "<p>Groep 6 van een basisschool in Kampen ging op bezoek bij een bouwbedrijf. Daar mochten "
        "ze zelf een brug bouwen van houtjes en touw.</p>"
        "<h2>Hoe sterk is jouw brug?</h2>"
        "<p>Eerst tekenden de kinderen hun brug op papier. Daarna bouwden ze hem echt. Aan het eind "
        "hingen ze er een tas met aardappels aan.</p>"
        "<blockquote>Onze brug bleef heel! Ik wil later ook bruggen bouwen.</blockquote>"
        "<p>Zelf iets bouwen? Kijk bij <a href=\"/activiteiten/?thema=bouwen\">activiteiten over "
        "bouwen</a>.</p>",
        ["bouwen", "scholen", "bedrijven"], 3, "bridge",
    ),
    (
        "demo-robotclub-zwolle", NewsItem.Kind.STORY,
        "Sanne (10) programmeert haar eerste robot",
        "Een verzonnen verhaal: Sanne deed de techniekquiz en vond zo een robotclub in de buurt.",
        "<p>Dit is een verzonnen voorbeeldverhaal voor de demo.</p>"
        "<p>Sanne deed de quiz op de Techniekkaart. Ze bleek een echte <strong>Uitvinder</strong>. "
        "Bij haar uitslag stond een robotclub in de bibliotheek, tien minuten fietsen van huis.</p>"
        "<h2>Wat doe je bij de robotclub?</h2>"
        "<ul><li>Je bouwt een robot van blokjes.</li><li>Je laat hem rijden met code op een "
        "tablet.</li><li>Je laat hem piepen als hij tegen de muur botst.</li></ul>"
        "<p>Haar vader: \"Ik wist niet dat dit zo dichtbij was.\"</p>",
        ["robots"], 10, "robot",
    ),
    (
        "demo-techniekkaart-online", NewsItem.Kind.NEWS,
        "De Techniekkaart is online",
        "Op de Techniekkaart vinden kinderen van 8 tot 12 jaar techniek in Regio Zwolle. Dit is "
        "een demo met verzonnen activiteiten.",
        "<p>Het Techniekpact Regio Zwolle heeft een nieuwe site: de Techniekkaart. Kinderen doen "
        "een korte quiz en zien welke techniek bij hen past. Daarna vinden ze activiteiten in de "
        "buurt: workshops, bedrijfsbezoeken, techlabs en clubs.</p>"
        "<h2>Voor leraren</h2>"
        "<p>Leraren kunnen de quiz met de hele klas doen, met een klascode. Ze zien wat de klas "
        "samen leuk vindt, zonder namen.</p>"
        "<p>Lees meer <a href=\"/over/\">over het Techniekpact</a>.</p>",
        ["techniekpact"], 1, "",
    ),
    (
        "demo-aanbieders-gezocht", NewsItem.Kind.NEWS,
        "Bedrijven gezocht voor de open dagen in het voorjaar",
        "Heeft jouw bedrijf een werkplaats waar kinderen kunnen kijken en proberen? Zet je open dag "
        "op de kaart.",
        "<p>In het voorjaar houden bedrijven in de regio weer open dagen voor kinderen en ouders. "
        "Doe je mee? <a href=\"/portaal/aanmelden/\">Meld je aan als aanbieder</a> en zet je "
        "open dag op de kaart.</p>"
        "<p>Vragen? Mail naar <a href=\"mailto:info@techniekkaart.nl\">info@techniekkaart.nl</a>.</p>",
        ["bedrijven", "techniekpact"], 6, "",
    ),
    (
        "demo-scholen-doen-de-quiz", NewsItem.Kind.NEWS,
        "Al veel klassen deden de quiz",
        "Een verzonnen bericht: in de eerste maand deden klassen uit de hele regio de quiz samen.",
        "<p>Dit is een verzonnen voorbeeldbericht voor de demo.</p>"
        "<p>De meeste kinderen vinden <em>bouwen</em> en <em>robots</em> leuk. Maar ook zorg en "
        "eten kwamen vaak voor.</p>",
        ["scholen"], 20, "",
    ),
    (
        "demo-zomerkamp-aangekondigd", NewsItem.Kind.NEWS,
        "Binnenkort: het techniekzomerkamp",
        "Dit bericht is ingepland en verschijnt pas over een week vanzelf.",
        "<p>Dit verzonnen bericht laat zien dat een ingepland bericht vanzelf verschijnt.</p>",
        ["techniekpact"], -7, "",
    ),
]  # fmt: skip


def _picture(kind: str) -> SimpleUploadedFile:
    """A simple drawing, so the demo shows how pictures look (and goes through the same re-encoding)."""
    img = Image.new("RGB", (960, 540), "#e8f1fb")
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 420, 960, 540), fill="#7cc46a")
    if kind == "bridge":
        draw.rectangle((80, 240, 880, 280), fill="#b5651d")
        for x in range(120, 880, 120):
            draw.line((x, 280, x + 60, 240), fill="#6b3a10", width=10)
        draw.rectangle((60, 280, 140, 420), fill="#8a8f99")
        draw.rectangle((820, 280, 900, 420), fill="#8a8f99")
    else:
        draw.rounded_rectangle((360, 160, 600, 380), radius=30, fill="#0b5cad")
        draw.ellipse((410, 220, 460, 270), fill="#ffffff")
        draw.ellipse((500, 220, 550, 270), fill="#ffffff")
        draw.line((480, 160, 480, 100), fill="#1d2433", width=8)
        draw.ellipse((465, 80, 495, 110), fill="#ffb703")
        draw.ellipse((380, 370, 440, 430), fill="#1d2433")
        draw.ellipse((520, 370, 580, 430), fill="#1d2433")
    out = io.BytesIO()
    img.save(out, "PNG")
    return SimpleUploadedFile("demo.png", out.getvalue(), content_type="image/png")


ALT = {
    "bridge": "Tekening van een houten brug over een groen veld",
    "robot": "Tekening van een blauwe robot op wielen met een lampje op zijn hoofd",
}


def load_demo_news() -> int:
    """Create or update the demo items by slug; safe to run again. Returns the number of items."""
    tags = {slug: Tag.objects.update_or_create(slug=slug, defaults={"name": name})[0]
            for slug, name in TAGS.items()}  # fmt: skip
    now = timezone.now()
    for slug, kind, title, summary, body, tag_slugs, days_ago, picture in ITEMS:
        item, _created = NewsItem.objects.update_or_create(
            slug=slug,
            defaults={
                "kind": kind, "title": title, "summary": summary, "body": body,
                "status": NewsItem.Status.PUBLISHED,
                "publish_at": now - dt.timedelta(days=days_ago),
                "image_alt": ALT.get(picture, ""),
            },
        )  # fmt: skip
        if picture and not item.image:
            clean = reencode_image(_picture(picture))
            item.image.save(clean.name, clean)
        item.tags.set([tags[t] for t in tag_slugs])
    return len(ITEMS)
