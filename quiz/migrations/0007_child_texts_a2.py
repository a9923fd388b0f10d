"""Theme descriptions and jobs rewritten at A2 level for children (issue 14).

Measured with Flesch-Douma (textstat, tests/test_readability.py). Only texts still exactly as first
loaded are changed: a coordinator's own edits in the admin stay. Reversible.
"""

from django.db import migrations

# slug: (old, new)
DESCRIPTIONS = {
    "bouwen": (
        "Huizen, bruggen en torens bedenken en bouwen die stevig blijven staan.",
        "Huizen, bruggen en torens bedenken en bouwen. Ze moeten stevig blijven staan.",
    ),
    "stroom": (
        "Lampjes, motortjes en alarmen laten werken met stroom en schakelingen.",
        "Lampjes, motortjes en alarmen laten werken met stroom.",
    ),
    "vervoer": (
        "Ontdekken hoe auto's, treinen, schepen en vliegtuigen rijden, varen en vliegen.",
        "Hoe rijdt een auto? Hoe vaart een schip? En hoe vliegt een vliegtuig? Dat ga je "
        "ontdekken.",
    ),
    "water": (
        "Dijken, gemalen en sluizen die ervoor zorgen dat we droge voeten houden.",
        "Dijken, gemalen en sluizen. Zo houden we droge voeten.",
    ),
    "boerderij-eten": (
        "Met robots koeien melken, kassen besturen en lekker en gezond eten maken.",
        "Koeien melken met een robot, slim boeren en lekker en gezond eten maken.",
    ),
    "proefjes": (
        "Met echte proefjes onderzoeken hoe licht, geluid, magneten en stoffen werken.",
        "Echte proefjes doen. Zo zie je hoe licht, geluid en magneten werken.",
    ),
    "zorgtechniek": (
        "Techniek die mensen helpt: van beenprothese tot slimme apparaten in het ziekenhuis.",
        "Techniek die mensen helpt. Van een kunstbeen tot slimme apparaten in het ziekenhuis.",
    ),
    "ontwerpen-media": (
        "Tekenen, ontwerpen, filmen en animeren met de computer, van logo tot gamewereld.",
        "Tekenen, filmen en games maken op de computer. Van een logo tot een hele "
        "wereld in een game.",
    ),
}

# (slug, old line, new line)
JOBS = [
    (
        "maken",
        "Een machinebediener stelt slimme machines in die stukken metaal of plastic precies op maat "
        "maken.",
        "Een machinebediener zet slimme machines aan het werk. Die maken stukken van metaal of plastic.",
    ),
    (
        "maken",
        "Een monteur bouwt in een grote fabriek vrachtwagens of machines in elkaar, onderdeel voor "
        "onderdeel.",
        "Een monteur zet in een grote fabriek vrachtwagens of machines in elkaar. Stuk voor stuk.",
    ),
    (
        "stroom",
        "Een elektronicamonteur zet kleine onderdelen op printplaten, het slimme binnenwerk van "
        "apparaten.",
        "Een elektronicamonteur zet de kleine stukjes in een tv of telefoon op hun plek.",
    ),
    (
        "robots-code",
        "Een softwareontwikkelaar schrijft de code voor apps en websites die je elke dag gebruikt.",
        "Een softwareontwikkelaar schrijft code. Zo werken de apps en sites die je elke dag gebruikt.",
    ),
    (
        "vervoer",
        "Een vrachtwagenmonteur houdt grote vrachtwagens in orde, zodat ze veilig over de weg kunnen "
        "rijden.",
        "Een vrachtwagenmonteur maakt grote vrachtwagens weer heel. Dan kunnen ze veilig de weg op.",
    ),
    (
        "energie",
        "Een installateur legt zonnepanelen op daken, zodat huizen hun eigen stroom maken.",
        "Een installateur legt zonnepanelen op het dak. Dan maakt een huis zelf stroom.",
    ),
    (
        "water",
        "Een waterbouwer bouwt dijken, sluizen en oevers langs rivieren zoals de IJssel.",
        "Een waterbouwer bouwt dijken en sluizen langs een rivier, zoals de IJssel.",
    ),
    (
        "boerderij-eten",
        "Een procesoperator bedient in een fabriek de machines die bijvoorbeeld kaas, koekjes of sap "
        "maken.",
        "Een procesoperator let in een fabriek op de machines. Die maken kaas, koek of sap.",
    ),
    (
        "boerderij-eten",
        "Een monteur landbouwmachines repareert tractoren en andere grote machines van de boerderij.",
        "Een monteur van landbouwmachines maakt trekkers en andere grote machines van de boer weer "
        "heel.",
    ),
    (
        "proefjes",
        "Een laborant doet proeven in een laboratorium, bijvoorbeeld om te testen of drinkwater schoon "
        "is.",
        "Een laborant doet proeven in een lab. Zo test die of ons drinkwater schoon is.",
    ),
    (
        "proefjes",
        "Een kwaliteitscontroleur test in de fabriek of producten sterk en veilig genoeg zijn.",
        "Een kwaliteitscontroleur test in de fabriek of dingen sterk en veilig zijn.",
    ),
    (
        "zorgtechniek",
        "Een orthopedisch technicus maakt beenprotheses en beugels op maat, zodat mensen weer goed "
        "kunnen lopen.",
        "Een orthopedisch technicus maakt een kunstbeen of een beugel op maat. Zo kan iemand weer goed "
        "lopen.",
    ),
    (
        "zorgtechniek",
        "Een medisch technicus zorgt dat apparaten in het ziekenhuis, zoals scanners en hartmonitors, "
        "goed werken.",
        "Een medisch technicus zorgt dat de machines in het ziekenhuis het goed doen.",
    ),
    (
        "zorgtechniek",
        "Een revalidatietechnicus past rolstoelen aan, zodat ze precies passen bij wie erin zit.",
        "Een revalidatietechnicus past een rolstoel aan. Dan past die precies bij wie erin zit.",
    ),
    (
        "ontwerpen-media",
        "Een grafisch vormgever ontwerpt logo's, posters en websites op de computer.",
        "Een grafisch vormgever maakt logo's en posters op de computer.",
    ),
    (
        "ontwerpen-media",
        "Een gamedesigner bedenkt games: hoe de wereld eruitziet en wat de regels zijn.",
        "Een gamedesigner bedenkt games. Hoe ziet de wereld eruit? En wat zijn de regels?",
    ),
    (
        "ontwerpen-media",
        "Een mediamaker filmt en monteert filmpjes voor tv, internet of bedrijven.",
        "Een mediamaker maakt filmpjes voor tv en internet. Van filmen tot knippen.",
    ),
]


def rewrite(apps, schema_editor, forward=True):
    Theme = apps.get_model("catalogue", "Theme")
    for theme in Theme.objects.filter(slug__in={*DESCRIPTIONS, *(slug for slug, _o, _n in JOBS)}):
        changed = []
        if theme.slug in DESCRIPTIONS:
            old, new = DESCRIPTIONS[theme.slug] if forward else DESCRIPTIONS[theme.slug][::-1]
            if theme.description == old:
                theme.description = new
                changed.append("description")
        lines = theme.jobs.split("\n")
        for slug, old, new in JOBS:
            if slug == theme.slug:
                old, new = (old, new) if forward else (new, old)
                lines = [new if line.strip() == old else line for line in lines]
        if "\n".join(lines) != theme.jobs:
            theme.jobs = "\n".join(lines)
            changed.append("jobs")
        if changed:
            theme.save(update_fields=changed)


def back(apps, schema_editor):
    rewrite(apps, schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("quiz", "0006_impact_index"), ("catalogue", "0003_theme_character_theme_jobs")]
    operations = [migrations.RunPython(rewrite, back)]
