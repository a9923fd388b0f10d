"""First versions of the about, partner, privacy and accessibility pages; the coordinator edits them.

The privacy statement describes what this code stores (quiz.Result, classroom.ClassSession,
catalogue.DailyCount, portal accounts, the newsletter). Change it when that changes.
"""

from django.db import migrations

ABOUT = """
<p>Techniekpact Regio Zwolle brengt overheid, onderwijs en bedrijven samen. Samen zorgen we dat meer
kinderen en jongeren ontdekken hoe leuk en belangrijk techniek is. Want in onze regio zijn veel
technische mensen nodig: om huizen te bouwen, dijken sterk te houden, machines te maken en zieke
mensen te helpen.</p>
<h2>Vier lijnen</h2>
<p>Het Techniekpact werkt langs vier lijnen:</p>
<ul>
<li><strong>Kiezen voor techniek</strong>: kinderen en jongeren leren techniek kennen, zodat ze er
bewust voor kunnen kiezen. De Techniekkaart hoort hierbij.</li>
<li><strong>Leren in techniek</strong>: goed techniekonderwijs, van de basisschool tot het hbo.</li>
<li><strong>Werken in techniek</strong>: genoeg goede vakmensen voor de bedrijven in de regio, ook
door om- en bijscholing.</li>
<li><strong>Innoveren in techniek</strong>: bedrijven, scholen en overheid werken samen aan nieuwe
ideeën.</li>
</ul>
<h2>De Techniekkaart</h2>
<p>Op de Techniekkaart vinden kinderen van 8 tot 12 jaar techniek bij hen in de buurt: workshops,
bedrijfsbezoeken, techlabs, clubs, open dagen en meer. Met de techniekquiz ontdekken ze welke
techniek bij hen past. Leraren doen de quiz met de hele klas. Aanbieders zetten hun activiteiten
er zelf op; de coördinator van het Techniekpact kijkt ze na.</p>
<h2>Contact</h2>
<p>Vragen of ideeën? Mail naar <a href="mailto:info@techniekkaart.nl">info@techniekkaart.nl</a>.</p>
"""

PARTNERS = """
<p>Het Techniekpact Regio Zwolle is van en voor de hele regio. Deze partijen doen mee:</p>
<h2>Overheid</h2>
<p>De gemeenten in Regio Zwolle en de provincies werken samen om techniek in de regio sterk te
maken.</p>
<h2>Onderwijs</h2>
<ul>
<li>Basisscholen, die techniek in de klas brengen en met de klas op pad gaan.</li>
<li>De STO-regio's (Sterk Techniekonderwijs), waarin middelbare scholen en bedrijven samenwerken.</li>
<li>Scholen voor vmbo, havo, vwo, mbo en hbo.</li>
</ul>
<h2>Bedrijven en organisaties</h2>
<p>Technische bedrijven, bibliotheken, musea, techlabs en clubs. Zij laten kinderen zien en voelen
wat techniek is. Je vindt hun activiteiten op de <a href="/activiteiten/">Techniekkaart</a>.</p>
<h2>Meedoen?</h2>
<p>Wil je als bedrijf, school of organisatie meedoen? Zet je activiteiten op de kaart via
<a href="/portaal/aanmelden/">aanmelden als aanbieder</a>, of mail naar
<a href="mailto:info@techniekkaart.nl">info@techniekkaart.nl</a>.</p>
"""

PRIVACY = """
<h2>In het kort</h2>
<ul>
<li>Doe je de quiz? Dan vragen we <strong>niet</strong> je naam en niet je e-mailadres. We weten
niet wie je bent.</li>
<li>Op de pagina's voor kinderen zetten we <strong>geen cookies</strong>.</li>
<li>We volgen je niet. Er zijn geen advertenties en geen knoppen of plaatjes van andere bedrijven
die met je meekijken.</li>
<li>Je quizuitslag gooien we na een jaar weg.</li>
</ul>
<p>Hieronder staat precies wat we bewaren, waarom en hoe lang. Deze uitleg is voor kinderen én
ouders.</p>

<h2>Wie zijn wij?</h2>
<p>De Techniekkaart is van Techniekpact Regio Zwolle. Wij zijn verantwoordelijk voor de gegevens op
deze site.</p>

<h2>De quiz</h2>
<p>Als je de quiz doet, bewaren we:</p>
<ul>
<li>welke antwoorden je koos en welke soorten techniek daarbij passen;</li>
<li>je leeftijd, als je die invult;</li>
<li>je gemeente en de vier cijfers van je postcode (zoals 8011), als je een plaats invult. Niet je
straat en niet je huisnummer;</li>
<li>het uur waarop je de quiz deed (niet de precieze tijd);</li>
<li>een geheime code voor de link naar je uitslag.</li>
</ul>
<p>We bewaren <strong>niet</strong>: je naam, je e-mailadres, je IP-adres of je precieze plek.</p>
<p>Tik je op de knop om je plek te gebruiken? Dan vraagt je telefoon of computer eerst of dat mag.
We zoeken dan de plaats die het dichtstbij is en bewaren alleen de gemeente en de vier cijfers van
de postcode.</p>
<p>Iedereen die de link naar je uitslag heeft, kan je uitslag zien. Daar staat je naam niet op. De
code in de link is lang en willekeurig, zodat niemand hem kan raden.</p>
<p>We gebruiken de uitslagen ook om te tellen welke techniek kinderen leuk vinden, per gemeente en
leeftijd. Die cijfers laten we alleen zien voor groepen van minstens tien kinderen.</p>
<p><strong>Hoe lang?</strong> Een uitslag wordt na 365 dagen automatisch verwijderd.</p>

<h2>De quiz met de klas</h2>
<p>Een leraar die de quiz met de klas doet, vult de naam van de school, de groep en de plaats in.
Een e-mailadres invullen mag, dan sturen we de link voor de leraar één keer op. Dat e-mailadres
bewaren we niet.</p>
<p>De leerlingen doen de quiz met een klascode, zonder naam. De leraar ziet alleen wat de klas
samen leuk vindt, niet wat één kind heeft gekozen.</p>
<p><strong>Hoe lang?</strong> Na 14 dagen wissen we de klascode, de link van de leraar en de naam
van de school. De uitslagen blijven daarna alleen over als anonieme telling, tot ze na een jaar
worden verwijderd.</p>

<h2>Activiteiten bekijken</h2>
<p>We tellen per activiteit per dag hoe vaak de pagina is bekeken en hoe vaak iemand op
"aanmelden" klikte. Dat zijn alleen getallen: we weten niet wie er keek. Aanbieders zien deze
getallen voor hun eigen activiteiten.</p>
<p>Klik je op "aanmelden", dan ga je naar de website, het e-mailadres of het telefoonnummer van de
aanbieder. Wij geven niet door van welke pagina je kwam. Bij de aanbieder gelden hun eigen
privacyregels.</p>

<h2>De nieuwsbrief</h2>
<p>Voor de nieuwsbrief (voor volwassenen) bewaren we je e-mailadres. Je naam, organisatie en rol
mag je ook invullen, dat hoeft niet. We bewaren ook wanneer je toestemming gaf.</p>
<p>Na je aanmelding krijg je eerst een e-mail met een bevestigingslink. Pas als je daarop klikt,
krijg je de nieuwsbrief. Klik je niet binnen 14 dagen, dan verwijderen we je gegevens.</p>
<p>Afmelden kan altijd, met de link onderaan elke nieuwsbrief. We bewaren je gegevens zolang je
bent aangemeld.</p>

<h2>Aanbieders en de coördinator</h2>
<p>Aanbieders en de coördinator hebben een account. Daarvoor bewaren we een e-mailadres en een
versleuteld wachtwoord, en de gegevens van de organisatie die je zelf invult (zoals een
contactpersoon, e-mailadres en telefoonnummer). We houden bij wie welke activiteit heeft ingediend,
gewijzigd of goedgekeurd. Voor de beveiliging houden we bij vanaf welk IP-adres en met welke
browser er is ingelogd, en welke inlogpogingen mislukten.</p>
<p><strong>Hoe lang?</strong> Zolang het account bestaat. Wil je het laten verwijderen? Mail ons.</p>

<h2>Cookies</h2>
<p>Op de pagina's voor kinderen (de quiz, de uitslag, de activiteiten en de kaart) zetten we geen
cookies en bewaren we niets in je browser.</p>
<p>Alleen als je inlogt als aanbieder of coördinator, of een formulier voor volwassenen invult
(zoals de nieuwsbrief), gebruiken we cookies die nodig zijn om de site te laten werken: één om je
ingelogd te houden en één tegen misbruik van formulieren. Geen cookies om je te volgen.</p>

<h2>Geen volgen, geen andere bedrijven</h2>
<p>We gebruiken geen statistiekdiensten van andere bedrijven, geen advertenties en geen knoppen van
sociale media. Lettertypes, scripts en de kaart komen van onze eigen server. Om misbruik tegen te
gaan tellen we hoe vaak er vanaf één internetadres iets wordt verstuurd. Dat adres bewaren we dan
onherkenbaar gemaakt, en hooguit een dag.</p>

<h2>Jouw rechten</h2>
<p>Je mag vragen welke gegevens we van je hebben, en vragen om ze te verbeteren of te verwijderen.
Mail naar <a href="mailto:privacy@techniekkaart.nl">privacy@techniekkaart.nl</a>. Ben je jonger dan
16? Vraag dan je ouder of verzorger om te helpen.</p>
<p>Ben je het niet eens met hoe we met gegevens omgaan? Dan mag je een klacht indienen bij de
<a href="https://autoriteitpersoonsgegevens.nl">Autoriteit Persoonsgegevens</a>.</p>
"""

ACCESSIBILITY = """
<p>Iedereen moet de Techniekkaart kunnen gebruiken: ook met alleen een toetsenbord, met een
schermlezer, met vergroting of op een kleine telefoon. Daar werken we aan.</p>
<h2>Wat we doen</h2>
<ul>
<li>We testen de belangrijkste pagina's automatisch met axe-core in een echte browser (Chromium):
de startpagina, de activiteiten, de quiz, de uitslag, de klaspagina's, het nieuws en de verhalen.
Bij elke wijziging moeten die tests slagen zonder fouten.</li>
<li>We testen de quiz en het aanmelden als aanbieder met alleen het toetsenbord.</li>
<li>Elke kaart heeft een lijst ernaast, zodat je de kaart niet nodig hebt.</li>
<li>De vragen van de quiz kunnen worden voorgelezen, als je browser dat kan.</li>
<li>De site werkt ook zonder JavaScript.</li>
</ul>
<h2>Wat we nog niet weten</h2>
<p>Automatische tests vinden niet alle problemen. De site is nog niet getest door een
onafhankelijk bureau en nog niet met mensen die een schermlezer gebruiken. We willen voldoen aan
WCAG 2.1 niveau AA, maar kunnen dat nog niet helemaal beloven. Berichten en pagina's die de
coördinator schrijft, controleren we niet automatisch op bijvoorbeeld goede beschrijvingen van
plaatjes.</p>
<h2>Loop je ergens tegenaan?</h2>
<p>Laat het ons weten: mail naar <a href="mailto:info@techniekkaart.nl">info@techniekkaart.nl</a>.
Vertel op welke pagina het was en wat er misging. We antwoorden binnen twee weken.</p>
"""

PAGES = [
    ("techniekpact", "Over het Techniekpact",
     "Overheid, onderwijs en bedrijven in Regio Zwolle werken samen aan meer jongeren in de techniek.",
     ABOUT, 0),
    ("partners", "Partners",
     "Gemeenten, scholen, bedrijven en organisaties die samen het Techniekpact vormen.",
     PARTNERS, 1),
    ("privacy", "Privacy",
     "Wat de Techniekkaart wel en niet bewaart, uitgelegd voor kinderen en ouders.",
     PRIVACY, 2),
    ("toegankelijkheid", "Toegankelijkheid",
     "Hoe we zorgen dat iedereen de Techniekkaart kan gebruiken, en wat we nog niet weten.",
     ACCESSIBILITY, 3),
]  # fmt: skip


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    page_model = apps.get_model("pages", "Page")
    for slug, title, intro, body, order in PAGES:
        # The historical model has no custom save(): these bodies use only allowed tags.
        page_model.objects.get_or_create(
            slug=slug,
            defaults={"title": title, "intro": intro, "body": body.strip(), "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
