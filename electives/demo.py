"""Fictional keuzevakken for the demo: every module, provider and contact here is made up.

Owners and partners are providers of the demo catalogue (demo/catalogue_data.py), found by slug.
Contacts use example.org addresses and 0000 numbers so nobody real is ever mailed or called.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from catalogue.models import Provider
from electives.models import Level, Module, Profile
from electives.services import module_locate
from electives.vocabulary import vocabulary_ensure


@dataclass(frozen=True)
class DemoModule:
    slug: str
    title: str
    summary: str
    profiles: str  # profile slugs, space separated
    levels: str  # level slugs
    owner: str
    partners: str  # provider slugs
    partners_text: str
    hours: int
    place: str
    period: str
    contact: str


ZWOLLE, GROEN = "techniekcollege-zwolle-demo", "groencollege-flevopolder-demo"
MODULES = [
    DemoModule("demo-lassen-en-constructie", "Lassen en constructie (demo)",
               "Leerlingen lassen een kleine staalconstructie en leren veilig werken in een echte werkplaats.",
               "pie bwi", "basis kader", ZWOLLE, "metaalbouw-van-der-vonk", "", 40, "Hoogeveen",
               "schooljaar 2026-2027, blok 2", "Anouk Smid"),
    DemoModule("demo-slimme-installaties", "Slimme installaties in huis (demo)",
               "Van meterkast tot thermostaat: leerlingen leggen een groep aan en programmeren een slimme schakelaar.",
               "pie", "kader gt", ZWOLLE, "installatiebedrijf-de-stroomdraad", "", 60, "Zwolle",
               "schooljaar 2026-2027, blok 3", "Anouk Smid"),
    DemoModule("demo-zonnepanelen-leggen", "Zonnepanelen en duurzame energie (demo)",
               "Leerlingen meten wat een zonnepaneel oplevert en monteren een proefopstelling op een dakmodel.",
               "pie bwi", "basis kader gt", ZWOLLE, "zonne-energie-de-heldere-hemel", "", 40, "Nieuwleusen",
               "schooljaar 2026-2027, blok 1", "Bram Kuiper"),
    DemoModule("demo-houtbouw-en-timmeren", "Houtbouw: van tekening tot tuinhuis (demo)",
               "Leerlingen lezen een bouwtekening, zagen en verbinden hout en bouwen samen een tuinhuisje op schaal.",
               "bwi", "basis kader", ZWOLLE, "houtbouw-de-veluwse-spant bouwbedrijf-het-stevige-huis", "", 80,
               "Nunspeet", "schooljaar 2026-2027, blok 2 en 3", "Bram Kuiper"),
    DemoModule("demo-bouwen-met-bim", "Digitaal bouwen met BIM (demo)",
               "Leerlingen tekenen een huis in 3D en zien hoe een bouwbedrijf met het model plant en bestelt.",
               "bwi mvi", "kader gt", ZWOLLE, "bouwbedrijf-het-stevige-huis", "", 40, "Staphorst",
               "elk half jaar, start september en februari", "Bram Kuiper"),
    DemoModule("demo-motorentechniek", "Motoren en aandrijving (demo)",
               "Leerlingen halen een verbrandingsmotor uit elkaar, zetten hem weer in elkaar en vergelijken hem met een elektromotor.",
               "mt pie", "basis kader", ZWOLLE, "transportbedrijf-de-vrachtvogel", "", 60, "Wezep",
               "schooljaar 2026-2027, blok 4", "Sanne de Groot"),
    DemoModule("demo-scheepsbouw", "Scheepsbouw en jachtbouw (demo)",
               "Op een echte werf werken leerlingen mee aan een sloep: lassen, afbouwen en een motor inbouwen.",
               "mat mt", "basis kader", ZWOLLE, "jachtbouw-de-kamper-kogge", "Havenbedrijf Kampen (demo)", 60,
               "Kampen", "schooljaar 2026-2027, blok 3", "Sanne de Groot"),
    DemoModule("demo-visserij-en-techniek", "Techniek aan boord (demo)",
               "Leerlingen leren hoe een viskotter werkt: motor, hydrauliek, navigatie en veiligheid op zee.",
               "mat", "basis kader gt", ZWOLLE, "visserijtechniek-de-kotter", "", 40, "Urk",
               "schooljaar 2026-2027, blok 1", "Sanne de Groot"),
    DemoModule("demo-programmeren-en-apps", "Apps en websites bouwen (demo)",
               "Leerlingen ontwerpen en programmeren een eenvoudige app voor een echte opdrachtgever uit de buurt.",
               "mvi", "kader gt", ZWOLLE, "softwarebureau-bits-bouten", "", 40, "Zwolle",
               "elk half jaar", "Lotte Visser"),
    DemoModule("demo-drukwerk-en-vormgeving", "Ontwerpen voor drukwerk (demo)",
               "Van idee tot poster: leerlingen ontwerpen drukwerk en zien het op een echte pers gedrukt worden.",
               "mvi dp", "basis kader gt", ZWOLLE, "drukkerij-de-letterkast", "", 40, "Meppel",
               "schooljaar 2026-2027, blok 2", "Lotte Visser"),
    DemoModule("demo-cnc-en-machines", "CNC-frezen en machines (demo)",
               "Leerlingen maken een werktekening en frezen hun eigen onderdeel op een CNC-machine.",
               "pie", "kader gt", ZWOLLE, "machinefabriek-de-vechtstroom", "", 60, "Dedemsvaart",
               "schooljaar 2026-2027, blok 3", "Anouk Smid"),
    DemoModule("demo-drones-in-de-landbouw", "Drones en techniek op de akker (demo)",
               "Leerlingen vliegen met een drone boven een proefveld en leren hoe boeren sensoren en GPS gebruiken.",
               "groen mvi", "basis kader gt", GROEN, "akkerbouwbedrijf-de-polderdrone", "", 40, "Dronten",
               "schooljaar 2026-2027, blok 4", "Jelle Bakker"),
    DemoModule("demo-voedseltechnologie", "Van aardappel tot chips (demo)",
               "Leerlingen volgen een aardappel van het land tot de fabriek en doen proeven in een voedsellab.",
               "groen hbr", "basis kader", GROEN, "aardappellab-de-pootknol", "", 40, "Emmeloord",
               "schooljaar 2026-2027, blok 2", "Jelle Bakker"),
    DemoModule("demo-zorgtechniek", "Techniek in de zorg (demo)",
               "Leerlingen bouwen een hulpmiddel voor iemand die slecht ter been is en testen het met een ergotherapeut.",
               "zw pie", "basis kader gt", ZWOLLE, "orthopedische-werkplaats-de-stapvoet revalidatietechniek-de-steunpilaar",
               "", 40, "Heerde", "schooljaar 2026-2027, blok 1", "Lotte Visser"),
]  # fmt: skip


def email_for(name: str) -> str:
    return name.split()[0].lower() + "@keuzevakken.example.org"


@transaction.atomic
def load_demo_electives() -> tuple[int, int]:
    """Create or update the demo modules (published); returns (created, updated)."""
    vocabulary_ensure(Profile, Level)
    slugs = {s for m in MODULES for s in [m.owner, *m.partners.split()]}
    providers = {p.slug: p for p in Provider.objects.filter(slug__in=slugs)}
    missing = sorted(slugs - set(providers))
    if missing:
        raise LookupError(", ".join(missing))
    profiles = {p.slug: p for p in Profile.objects.all()}
    levels = {lv.slug: lv for lv in Level.objects.all()}
    created = updated = 0
    for spec in MODULES:
        module = Module.objects.filter(slug=spec.slug).first() or Module(slug=spec.slug)
        is_new = module.pk is None
        module.title, module.summary = spec.title, spec.summary
        module.description = (
            f"{spec.summary}\n\nDe module is verzonnen voor de demo van de Techniekkaart."
        )
        module.provider = providers[spec.owner]
        module.partners_text = spec.partners_text
        module.hours, module.place, module.period = spec.hours, spec.place, spec.period
        module.contact_name, module.contact_email = spec.contact, email_for(spec.contact)
        module.contact_phone = "038 000 0000"
        module.status = Module.Status.PUBLISHED
        module_locate(module)
        module.save()
        module.profiles.set([profiles[s] for s in spec.profiles.split()])
        module.levels.set([levels[s] for s in spec.levels.split()])
        module.partners.set([providers[s] for s in spec.partners.split()])
        created, updated = created + is_new, updated + (not is_new)
    return created, updated
