"""The tables of the demo catalogue (used by demo/catalogue.py) and small readers for them.

Places are real (catalogue/places.py); every name, address, phone number and e-mail is made up.
PROVIDERS: "kind | place | themes | name"; a name may contain {place} or {municipality}.
OFFERS, KINDS: one line per kind; a value that is repeated in a list is chosen more often.
ACTIVITIES: "== theme ==", then three lines per template: "kind | title | other title", a summary
(at most 200 characters, for a child of 8) and one or two sentences of description. Titles may
contain {place} and {provider}; "| @word kind" limits a template to fitting providers.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

PROVIDERS = """
bedrijf     | Zwolle          | stroom energie bouwen                       | Installatiebedrijf De Stroomdraad
techlab     | Zwolle          | robots-code maken stroom ontwerpen-media    | TechnoLab De Vonk
bibliotheek | Zwolle          | robots-code ontwerpen-media proefjes        | Bibliotheek {place}-Zuid (demo)
mbo         | Zwolle          | maken stroom zorgtechniek bouwen vervoer    | Techniekcollege {place} (demo)
hbo         | Zwolle          | robots-code zorgtechniek ontwerpen-media energie | Hogeschool De Vaart (demo)
museum      | Zwolle          | proefjes energie stroom zorgtechniek        | Doe-museum Het Proefstation
bedrijf     | Zwolle          | robots-code ontwerpen-media                 | Softwarebureau Bits & Bouten
sto         | Zwolle          | robots-code bouwen energie water maken      | Techniekpact Regio {municipality} (demo)
bedrijf     | Windesheim      | zorgtechniek maken                          | Orthopedische werkplaats De Stapvoet
bibliotheek | Kampen          | robots-code proefjes ontwerpen-media        | Bibliotheek {place} (demo)
bedrijf     | Kampen          | vervoer water maken                         | Jachtbouw De Kamper Kogge
vo          | IJsselmuiden    | bouwen maken stroom robots-code             | Hanzecollege {place} (demo)
bedrijf     | Dronten         | boerderij-eten robots-code                  | Akkerbouwbedrijf De Polderdrone
mbo         | Dronten         | boerderij-eten water proefjes               | Groencollege Flevopolder (demo)
club        | Biddinghuizen   | robots-code stroom                          | Roboticaclub De Polderbots
museum      | Emmeloord       | boerderij-eten vervoer maken                | Poldermuseum De Trekker
bedrijf     | Emmeloord       | boerderij-eten proefjes                     | Aardappellab De Pootknol
gemeente    | Emmeloord       | water energie bouwen                        | Gemeente {municipality} (demo)
bedrijf     | Urk             | vervoer water maken                         | Visserijtechniek De Kotter
basisschool | Urk             | proefjes robots-code bouwen                 | Basisschool De Vuurtoren (demo)
techlab     | Steenwijk       | maken robots-code ontwerpen-media stroom    | Makerslab {place} (demo)
bedrijf     | Giethoorn       | water vervoer energie maken                 | Fluisterbootwerf De Punter
vo          | Meppel          | stroom robots-code ontwerpen-media proefjes | Scholengemeenschap Het Vaarwater (demo)
bedrijf     | Meppel          | ontwerpen-media maken                       | Drukkerij De Letterkast
techlab     | Hoogeveen       | robots-code stroom maken proefjes           | Techlab {place} (demo)
bedrijf     | Hoogeveen       | maken bouwen                                | Metaalbouw Van der Vonk
club        | Zuidwolde       | boerderij-eten maken energie                | Jonge Boeren Techniekclub {place}
bedrijf     | Ruinen          | boerderij-eten energie                      | Melkveehouderij De Klaverwei
anders      | Dwingeloo       | proefjes energie water                      | Stichting Natuur & Techniek {municipality}
museum      | Frederiksoord   | boerderij-eten maken vervoer                | Werktuigmuseum Het Karrewiel
bedrijf     | Staphorst       | bouwen energie                              | Bouwbedrijf Het Stevige Huis
basisschool | Rouveen         | bouwen proefjes energie                     | Basisschool De Uitvinder (demo)
bedrijf     | Genemuiden      | maken ontwerpen-media                       | Tapijtfabriek De Gouden Draad
anders      | Hasselt         | water energie                               | Waterschapshuis De Zwarte Sluis (demo)
sto         | Hardenberg      | maken stroom vervoer robots-code            | Techniekpact Vechtdal (demo)
bedrijf     | Dedemsvaart     | maken robots-code stroom                    | Machinefabriek De Vechtstroom
bibliotheek | Hardenberg      | robots-code ontwerpen-media proefjes        | Bibliotheek {place} (demo)
club        | Ommen           | vervoer maken                               | Modelbouwclub De Vechtstoomers
bedrijf     | Nieuwleusen     | energie stroom                              | Zonne-energie De Heldere Hemel
bedrijf     | Raalte          | boerderij-eten proefjes                     | Kaasmakerij Het Sallandse Wiel
club        | Heino           | robots-code stroom                          | Elektronicaclub De Soldeerbout
museum      | Olst            | water vervoer energie                       | Rivierenmuseum De Veerpont
bedrijf     | Heerde          | zorgtechniek robots-code                    | Revalidatietechniek De Steunpilaar
club        | Hattem          | proefjes energie                            | Proefjesclub De Hattemse Uitvinders
bedrijf     | Wezep           | vervoer maken                               | Transportbedrijf De Vrachtvogel
techlab     | Elburg          | maken robots-code bouwen water              | Maakplaats Noordwest-Veluwe (demo)
bedrijf     | Nunspeet        | bouwen energie                              | Houtbouw De Veluwse Spant
hbo         | Emmeloord       | boerderij-eten robots-code energie          | Hogeschool Agrotech Polder (demo)
"""

# provider kind | activities each | kinds of activity on offer | about the provider
OFFERS = """
bedrijf     | 5 | bedrijfsbezoek open-dag gastles workshop | {name} is een technisch bedrijf in {place}. We laten kinderen graag zien wat onze vakmensen doen.
basisschool | 4 | workshop club wedstrijd open-dag | {name} in {place} heeft een eigen techniekwerkplaats. Op woensdagmiddag is die open voor kinderen uit de buurt.
vo          | 7 | techlables open-dag workshop wedstrijd club | {name} heeft een technasium en een techniekafdeling. Onze leerlingen geven les aan groepen van de basisschool.
mbo         | 8 | techlables open-dag workshop kamp gastles | {name} leidt jongeren op tot vakmensen in de techniek. In onze werkplaatsen zijn ook basisschoolkinderen welkom.
hbo         | 6 | workshop online wedstrijd gastles open-dag | {name} leidt ingenieurs en ontwerpers op. Studenten organiseren activiteiten voor nieuwsgierige kinderen.
bibliotheek | 8 | workshop club online wedstrijd | {name} is meer dan boeken: in ons makerslab kun je programmeren, printen en uitvinden.
museum      | 6 | museum workshop kamp | {name} in {place} laat zien hoe techniek ons leven veranderde. Veel dingen mag je aanraken en zelf proberen.
club        | 5 | club wedstrijd kamp workshop | {name} is een vereniging van vrijwilligers in {place}. We delen onze liefde voor techniek graag met kinderen.
techlab     | 9 | techlables workshop club kamp wedstrijd | {name} is een techlab waar basisscholen uit de regio techniekles volgen. Na schooltijd zijn er clubs en workshops.
sto         | 8 | gastles wedstrijd online techlables | {name} brengt scholen en bedrijven in de regio bij elkaar, met gastlessen, wedstrijden en techniekdagen.
gemeente    | 5 | open-dag gastles workshop wedstrijd | {name} werkt aan wegen, bruggen, gemalen en schone energie en laat kinderen graag zien hoe dat werkt.
anders      | 5 | workshop kamp open-dag gastles online | {name} is een stichting in {place} die kinderen laat ontdekken hoe natuur en techniek samenwerken.
"""

# activity kind | audiences | age ranges | prices in euro | sign-up methods
KINDS = """
workshop       | gezin gezin gezin beide beide school | 6-9 6-12 8-12 9-12 10-14 7-11 | 0 0 0 2.50 3.50 5.00 7.50 | link link email telefoon
bedrijfsbezoek | school school beide gezin | 8-12 10-14 9-12 | 0 | email telefoon link
techlables     | school | 8-12 10-12 10-14 | 0 | email link
club           | gezin | 8-12 9-14 10-14 7-12 | 0 0 2.50 5.00 15.00 | link email telefoon
open-dag       | gezin | 6-12 6-14 8-14 | 0 | geen geen link
museum         | beide | 6-12 6-14 | 0 5.00 7.50 9.50 12.50 | geen
kamp           | gezin | 8-12 9-12 10-14 7-10 | 0 25.00 35.00 45.00 | link link email
gastles        | school | 8-12 6-12 10-12 6-9 | 0 | email telefoon link
wedstrijd      | beide beide school gezin | 8-12 10-14 9-12 | 0 0 5.00 | link email
online         | gezin beide | 8-12 9-14 7-11 | 0 | link
"""

# Secondary themes that go well with a main theme.
RELATED = {
    "bouwen": ("maken", "energie", "water", "ontwerpen-media"),
    "maken": ("bouwen", "stroom", "robots-code", "ontwerpen-media"),
    "stroom": ("energie", "robots-code", "maken", "proefjes"),
    "robots-code": ("stroom", "ontwerpen-media", "maken", "zorgtechniek"),
    "vervoer": ("energie", "maken", "water"),
    "energie": ("stroom", "bouwen", "water", "proefjes"),
    "water": ("bouwen", "energie", "proefjes", "vervoer"),
    "boerderij-eten": ("robots-code", "proefjes", "energie"),
    "proefjes": ("stroom", "water", "energie", "zorgtechniek"),
    "zorgtechniek": ("robots-code", "maken", "proefjes"),
    "ontwerpen-media": ("robots-code", "maken", "bouwen"),
}

OPENING_HOURS = ("Di t/m zo 10-17 uur", "Wo t/m zo 11-17 uur", "Di t/m za 10-16 uur")
ON_REQUEST = ("hele schooljaar", "op dinsdag en donderdag", "in overleg met de school")
POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"  # never SA, SD or SS
# Dates: weekdays (0 = Monday, weekends weigh more for families) and times per kind of slot.
FAMILY_DAYS, SCHOOL_DAYS = (5, 5, 5, 6, 2), (1, 2, 3)
FAMILY_TIMES = ("10:00-12:00", "13:30-15:30", "14:00-16:30", "10:30-12:00")
SCHOOL_TIMES = ("09:00-11:30", "13:00-14:45", "10:00-12:00")
OPEN_DAY_TIMES = ("10:00-15:00", "10:00-16:00", "11:00-16:00")
CAMP_TIMES = ("09:30-15:30", "10:00-16:00")
CLUB_SLOTS = ((2, "15:30-17:00"), (4, "16:00-17:30"), (5, "10:00-11:30"), (1, "18:30-20:00"))
ONLINE_SLOTS = ((2, "16:00-17:00"), (0, "19:00-19:45"), (5, "10:00-11:00"))
STREETS = (
    "Werkplaatsweg", "Tandwielstraat", "Schroefdraadlaan", "Soldeerstraat", "Dijkgraafweg",
    "Molenwiekstraat", "Boutenstraat", "Vonkenlaan", "Schakelweg", "Hefbrugweg", "Sluiswachterspad",
    "Zonnepaneelstraat", "Printplaatlaan", "Gemaalweg", "Ploegschaarweg", "Draaibankstraat",
)  # fmt: skip

ACTIVITIES = """
== bouwen ==
workshop | Bouw je eigen brug van spaghetti | Spaghettibruggen bouwen in {place}
  Hoe sterk is jouw brug? Je bouwt hem van spaghetti en plakband en test hem met echte gewichtjes.
  Bruggenbouwers rekenen precies uit hoeveel gewicht een brug kan dragen. Jij ontdekt het door te bouwen en te testen.
techlables | Techlables: de stevigste toren van de klas | Techlables: torens bouwen tegen de storm
  Met je klas bouw je torens van karton en touw. Welke toren blijft staan als het gaat waaien?
  De klas werkt in teams als een echte bouwploeg. Met een grote ventilator testen jullie of de torens stevig genoeg zijn.
bedrijfsbezoek | Kijk mee op de bouwplaats in {place} | Met een helm op de bouwplaats | @bouwbedrijf houtbouw
  Loop met een helm op over een echte bouwplaats en zie hoe een huis wordt gebouwd.
  Een uitvoerder laat zien hoe een huis laag voor laag ontstaat. Je ziet de kraan van dichtbij en metselt zelf een muurtje.
gastles | Gastles: hoe blijft een huis warm? | Gastles: speuren naar warmtelekken
  Een vakman komt in de klas vertellen hoe je een huis warm houdt. Met een warmtecamera zie je waar warmte weglekt.
  De leerlingen zoeken zelf de koude plekken in het lokaal en bedenken hoe je die dicht kunt maken.
open-dag | Open dag: timmeren in de bouwwerkplaats | Open dag: zaag en timmer je eigen vogelhuisje | @bouwbedrijf houtbouw mbo vo techlab
  Zaag, schuur en timmer je eigen vogelhuisje in de werkplaats van echte timmerlieden.
  Studenten en vakmensen helpen je met echt gereedschap. Je neemt je vogelhuisje mee naar huis.
club | Bouwclub: samen een boomhut ontwerpen | Bouwclub {place}
  Elke keer werk je met andere kinderen verder aan een grote maquette van een boomhut.
  Je tekent, meet en bouwt op schaal, net als een architect. Aan het eind laten jullie de maquette aan je ouders zien.
kamp | Bouwkamp: in drie dagen een hut van pallets | Huttenbouwkamp {place}
  Met je team bouw je in drie dagen een echte hut van pallets, touw en schroeven.
  Je leert veilig zagen en schroeven. Op de laatste dag komen ouders kijken en lunchen jullie samen in de hut.
wedstrijd | Bouwwedstrijd: de sterkste brug van {place} | Wie bouwt de sterkste brug?
  Welk team bouwt de brug die het meeste gewicht houdt? Doe mee met je klas of met vrienden.
  Alle teams krijgen hetzelfde materiaal en twee uur de tijd. Een jury van echte ingenieurs test de bruggen.
workshop | Ontwerp je droomhuis met LEGO | Droomhuizen bouwen met LEGO
  Ontwerp en bouw je droomhuis van LEGO. Krijgt het een zwembad, een toren of zonnepanelen?
  Een architect vertelt waar je op let als je een huis ontwerpt. Daarna bouw je jouw eigen ontwerp.
workshop | Bouw een tiny house op schaal | Een huisje op schaal met echt licht
  Maak een klein huisje op schaal met een lampje dat echt brandt en een dak dat open kan.
  Je leert meten met een liniaal en rekenen op schaal.
== maken ==
workshop | Maak je eigen knikkerbaan van hout | Knikkerbanen zagen en schuren
  Zaag, boor en lijm een knikkerbaan met bochten, sprongen en een tunnel.
  Je werkt met echt gereedschap, zoals een figuurzaag en een accuboor. Hoe sneller je knikker gaat, hoe beter!
bedrijfsbezoek | Kijk hoe staal wordt gelast bij {provider} | In de fabriek: van plaatstaal tot machine | @metaal machine
  Zie hoe vakmensen en robots stukken staal zagen, buigen en aan elkaar lassen.
  Je loopt met een veiligheidsbril op door de fabriekshal. Aan het eind maak je zelf een sleutelhanger van metaal.
techlables | Techlables: een lasrobot aan het werk | Techlables: metaal buigen en vormen
  Met de klas ontdek je hoe een robotarm metaal aan elkaar last. Daarna maak je zelf iets van metaal.
  Oudere leerlingen en studenten helpen jouw klas. Elk kind gaat naar huis met een eigen werkstuk.
open-dag | Open dag: de machinehal van {provider} | Open dag: draaibanken en freesmachines | @metaal machine mbo
  Kom kijken in de machinehal. Hoe werkt een draaibank en wat maakt een freesmachine?
  Vakmensen laten zien wat ze maken en je mag zelf aan de knoppen van een machine draaien.
workshop | Werken met de 3D-printer | Print je eigen sleutelhanger in 3D
  Ontwerp een sleutelhanger op de computer en zie hoe de 3D-printer hem laagje voor laagje maakt.
  Je leert hoe je een ontwerp tekent dat de printer begrijpt.
club | Maakclub: elke keer iets nieuws | Maakclub {place}
  Zagen, solderen, naaien of printen: op de maakclub maak je elke keer iets anders.
  Je kiest zelf waar je aan werkt en begeleiders helpen als het even niet lukt.
kamp | Uitvinderskamp: bouw een kettingreactie | Kettingreactiekamp in {place}
  Bouw met je team een enorme kettingreactie van knikkers, dominostenen en katrollen.
  Elke dag komt er een stuk bij. Op de laatste dag laten jullie de hele kettingreactie afgaan voor publiek.
gastles | Gastles: van plastic fles tot nieuw speelgoed | Gastles: wat kun je maken van afval?
  Hoe maak je van oude plastic flessen iets nieuws? Een vakvrouw laat het zien in jullie klas.
  De leerlingen sorteren plastic en maken met een kleine pers een eigen munt van gerecycled plastic.
wedstrijd | Wedstrijd: de snelste zeepkist | Zeepkistenrace {place}
  Bouw samen een zeepkist en race van de helling. Welke kist is het snelst en het mooist?
  Teams krijgen wielen en een bouwpakket, de rest bedenken ze zelf.
bedrijfsbezoek | Kijk mee in de fabriek van {provider} | Rondleiding: machines aan het werk | @fabriek jachtbouw kotter drukkerij
  Zie hoe machines en robots in een fabriek samenwerken om iets nieuws te maken.
  Je loopt langs lopende banden en grote machines en ziet wat vakmensen doen.
museum | Stoommachines in het echt | Museum: machines van vroeger en nu
  Zie hoe stoommachines, pompen en oude werktuigen bewegen en ontdek hoe ze werken.
  Bij veel machines mag je zelf aan een wiel draaien of een hendel overhalen.
== stroom ==
workshop | Soldeer je eigen knipperlicht | Solderen voor beginners
  Soldeer een echt printplaatje met lampjes die om en om knipperen.
  Je leert veilig werken met een soldeerbout. Het knipperlicht neem je mee naar huis.
workshop | Maak een alarm voor je kamerdeur | Bouw een deuralarm met zoemer
  Bouw een alarm dat piept als iemand je kamerdeur opendoet.
  Je leert wat een stroomkring is en hoe een schakelaar werkt.
techlables | Techlables: stroomkringen met lampjes en zoemers | Techlables: het stroomspel
  De klas bouwt stroomkringen met batterijen, lampjes, zoemers en schakelaars.
  Aan het eind maakt ieder team een eigen spel dat piept als je het fout doet.
bedrijfsbezoek | Achter de schermen bij de elektricien | Kijk in de meterkast bij {provider} | @installatie zonne
  Wat doet een elektricien eigenlijk de hele dag? Je kijkt mee in de werkplaats en in een echte meterkast.
  Je mag zelf een lamp aansluiten en ontdekt waarom aarding zo belangrijk is.
gastles | Gastles: waar komt de stroom in het stopcontact vandaan? | Gastles: de reis van de stroom
  Een monteur vertelt hoe stroom van de windmolen of centrale in jullie klas komt.
  Met een proefopstelling zien de leerlingen hoe een dynamo stroom maakt.
club | Elektronicaclub: bouw je eigen gadgets | Elektronicaclub {place}
  Bouw elke keer een nieuw apparaatje, zoals een nachtlampje, een radio of een kleine ventilator.
  Je leert onderdelen herkennen en schakelingen lezen.
open-dag | Open dag: ontdek de slimme meterkast | Open dag: lampjes, kabels en schakelaars | @installatie zonne mbo vo
  Ontdek hoe een huis slim wordt: lampen die zelf aangaan en een meterkast die alles meet.
  Bij verschillende tafels doe je proefjes met stroom.
online | Online: stroomkringen bouwen in een simulator | Online stroomlab
  Bouw stroomkringen op de computer en zie meteen of je lampje gaat branden.
  Je hebt alleen een computer of tablet nodig.
kamp | Lichtkamp: maak een lamp van hout en ledjes | Lampenkamp in {place}
  Ontwerp en bouw in een paar dagen je eigen lamp van hout met ledjes die van kleur veranderen.
  Je zaagt, soldeert en programmeert een beetje. De lamp is daarna van jou.
wedstrijd | Wedstrijd: het mooiste lichtkunstwerk | Lichtjeswedstrijd {place}
  Maak een kunstwerk dat licht geeft en doe mee aan de lichtjeswedstrijd.
  Alle kunstwerken worden op een avond in het donker getoond. Het publiek kiest de winnaar.
== robots-code ==
workshop | Robots programmeren in de bieb | Robotmiddag in de bibliotheek | @bibliotheek
  Programmeer een kleine robot zodat hij door een doolhof rijdt of een dansje doet.
  Je werkt met blokjes op een tablet, je hoeft nog niets te weten van programmeren.
workshop | Maak je eerste game met Scratch | Je eigen spel in Scratch
  Maak een spelletje op de computer met Scratch. Jij bepaalt hoe de poppetjes bewegen.
  Je leert hoe je met blokjes een computer opdrachten geeft.
techlables | Techlables: laat een robot de weg vinden | Techlables: programmeer een zelfrijdende auto
  Met je klas programmeer je robots die zelf een route vinden en niet tegen muren botsen.
  De leerlingen werken in duo's en testen hun programma op een groot parcours.
club | Codeclub {place} | Codeclub: programmeren voor kinderen
  Elke keer leer je iets nieuws: een game maken, een website bouwen of een robot besturen.
  Vrijwilligers die zelf programmeur zijn helpen je op weg.
wedstrijd | Robotwedstrijd: sumo met LEGO-robots | Robotsumo in {place}
  Bouw en programmeer een LEGO-robot die de robot van de tegenstander uit de ring duwt.
  Je kunt meedoen met een team van je school of met vrienden.
online | Online codeerles: programmeer een micro:bit | Online: maak een spelletje voor de micro:bit
  Programmeer thuis een micro:bit, een klein computertje met lampjes en knopjes.
  Je krijgt vooraf een micro:bit thuisgestuurd of leent er een bij de bibliotheek.
bedrijfsbezoek | Bij de softwarebouwers: hoe maak je een app? | Kijk mee bij {provider} | @software
  Hoe maak je een app? Kijk mee met echte programmeurs en bedenk samen een eigen app.
  Je ziet hoe een team een app ontwerpt, bouwt en test.
kamp | Robotkamp: bouw en programmeer je eigen robot | Robotkamp {place}
  In een paar dagen bouw je een robot van motortjes en sensoren en leer je hem programmeren.
  Op de laatste dag doen alle robots mee aan een race.
gastles | Gastles: zo denkt een computer | Gastles: programmeren zonder computer
  Hoe weet een computer wat hij moet doen? Dat ontdek je met spelletjes zonder computer.
  De leerlingen geven elkaar opdrachten als een robot en ontdekken zo wat een algoritme is.
open-dag | Open dag: robots op de techniekafdeling | Open dag: maak kennis met robots | @vo mbo hbo machine
  Zie robots aan het werk, bestuur een robotarm en programmeer een kleine robot.
  Leerlingen laten zien wat ze dit jaar hebben gebouwd.
== vervoer ==
museum | Van stoomtrein tot elektrische bus | Museum: alles wat rijdt, vaart en vliegt
  Klim in oude voertuigen en ontdek hoe mensen vroeger en nu reizen.
  In het museum zie je hoe motoren werken en wat er verandert met elektrisch rijden.
bedrijfsbezoek | Kijk in de werkplaats van de vrachtwagens | Bedrijfsbezoek: hoe repareer je een bus? | @transport
  Hoe houd je een vrachtwagen of bus in goede staat? Monteurs laten je alles zien.
  Je mag in de cabine zitten en ziet hoe een motor wordt nagekeken.
workshop | Bouw een auto die rijdt op ballonlucht | Ballonauto's bouwen
  Maak een autootje dat vooruit schiet door de lucht uit een ballon.
  Daarna test je welke auto het verst komt.
workshop | Vouw en test je eigen vliegtuig | Papieren vliegtuigen testen in de windtunnel
  Hoe blijft een vliegtuig in de lucht? Vouw vliegtuigjes en test ze in een windtunnel.
  Je ontdekt wat vleugels doen en hoe je een vliegtuig verder laat vliegen.
techlables | Techlables: ontwerp een zonneboot | Techlables: bouw een boot die niet zinkt
  De klas ontwerpt en bouwt bootjes die varen op een zonnepaneel.
  In een bak water testen de leerlingen welke boot het snelst is.
open-dag | Open dag: zo bouw je een boot | Open dag op de werf van {provider} | @werf jachtbouw kotter
  Kijk hoe een boot wordt gebouwd, van romp tot motor, en stap aan boord.
  Bootbouwers laten zien hoe ze lassen, lijmen en schuren.
open-dag | Open dag: vrachtwagens en heftrucks van dichtbij | Open dag bij {provider} | @transport
  Klim in een vrachtwagen, kijk hoe een heftruck werkt en zie hoe pakketjes worden gesorteerd.
  Chauffeurs en monteurs beantwoorden al je vragen.
club | Modelbouwclub: treinen en schepen | Modelbouwclub {place}
  Bouw aan modeltreinen en modelschepen die echt rijden en varen.
  Ervaren modelbouwers leren je lijmen, schilderen en kleine motortjes inbouwen.
wedstrijd | Wie bouwt de snelste waterraket? | Waterraketwedstrijd {place}
  Bouw een raket van een plastic fles en lanceer hem met water en lucht. Welke gaat het hoogst?
  Teams bouwen hun raket op de wedstrijddag zelf. Er zijn prijzen voor de hoogste en de mooiste raket.
kamp | Scheepsbouwkamp aan het water | Botenbouwkamp {place}
  Bouw in een paar dagen met je team een bootje dat echt kan varen.
  Op de laatste dag varen jullie een rondje en kijken ouders toe.
gastles | Gastles: hoe komt een pakketje bij jou thuis? | Gastles: de reis van een pakketje
  Van fabriek tot voordeur: een logistiek planner vertelt hoe een pakketje reist.
  De leerlingen spelen zelf planner en zoeken de snelste route.
== energie ==
workshop | Bouw een windmolen die een lampje laat branden | Windmolens bouwen
  Bouw een kleine windmolen met een dynamo en laat een lampje branden met wind.
  Je test welke wieken het beste werken.
workshop | Kook een ei met de zon | Bouw je eigen zonnekoker
  Bouw een zonnekoker van karton en folie en kijk of je er iets mee kunt opwarmen.
  Je leert hoe je de warmte van de zon kunt opvangen.
techlables | Techlables: energie uit zon en wind | Techlables: het energiehuis
  De klas bouwt een huisje dat zijn eigen stroom maakt met een zonnepaneel en een windmolen.
  Teams meten hoeveel energie hun huisje maakt en gebruikt.
bedrijfsbezoek | Bezoek het zonnepark bij {place} | Rondleiding langs de zonnepanelen | @zonne gemeente
  Loop tussen duizenden zonnepanelen en ontdek hoe er stroom van wordt gemaakt.
  Een technicus laat zien hoe de stroom het net op gaat.
gastles | Gastles: word energiespeurder op school | Gastles: waar verspilt de school energie?
  Met meters speuren de leerlingen door de school naar plekken waar energie wordt verspild.
  Aan het eind schrijft de klas een energieplan voor de directeur.
open-dag | Open dag: kijk in de warmtepomp | Open dag: zo wordt een huis duurzaam | @installatie bouwbedrijf houtbouw zonne mbo
  Hoe verwarm je een huis zonder gas? Bekijk een warmtepomp en zonnepanelen van dichtbij.
  Je doet proefjes met warm en koud water.
online | Online: energiequiz en bouwplaat | Online energie-escaperoom
  Speel een online quiz over energie en bouw daarna een windmolen van een bouwplaat.
  Je doet mee vanaf de bank, alleen of met je klas.
museum | De oude molen van {place} | Museum: van windmolen tot windturbine
  Klim in een echte molen en zie hoe wind vroeger het werk deed. Hoe werkt een windturbine nu?
  Een molenaar vertelt over het weer, de wieken en de maalstenen.
kamp | Klimaatkamp: bedenk de stad van de toekomst | Klimaatkamp {place}
  Ontwerp en bouw met je team een stad die zijn eigen schone energie maakt.
  Je bouwt met karton, zonnepaneeltjes en ledjes.
wedstrijd | Zonnewagenrace | Zonnewagenrace {place}
  Bouw een auto die rijdt op een zonnepaneel en race tegen andere teams.
  Op de wedstrijddag krijgt elk team een bouwpakket en tijd om te bouwen en testen.
== water ==
open-dag | Open dag: kijk in het gemaal | Open dag: zo blijft de polder droog | @gemeente waterschap
  Zie hoe enorme pompen water uit de polder pompen zodat jij droge voeten houdt.
  Een machinist laat de pompen draaien en vertelt wat er gebeurt bij veel regen.
museum | Zo hielden we vroeger droge voeten | Museum: water, dijken en sluizen
  Ontdek hoe mensen vroeger dijken bouwden en polders droog pompten.
  In de doe-hoek laat je zelf een sluis werken en bouw je een dijk.
workshop | Bouw een dijk die niet doorbreekt | Dijkenbouwen in de waterbak
  Bouw een dijk van zand, klei en gras en kijk of hij het water tegenhoudt.
  Je leert waarom een dijk een bepaalde vorm heeft.
workshop | Maak vies water weer schoon | Waterfilters bouwen
  Bouw een filter van zand, grind en watten en maak modderwater weer helder.
  Je ontdekt hoe een waterzuivering werkt.
techlables | Techlables: een sluis die echt werkt | Techlables: bouw een gemaal
  De klas bouwt een werkend model van een sluis of gemaal.
  Teams testen hun model met water en laten bootjes schutten.
gastles | Gastles: wat doet het waterschap? | Gastles: de dijkwachter komt langs
  Een dijkwachter vertelt hoe het waterschap dijken controleert en wat er gebeurt bij hoog water.
  De leerlingen zoeken op een kaart van hun eigen buurt waar het water heen stroomt.
bedrijfsbezoek | Bedrijfsbezoek bij de waterzuivering | Rondleiding: waar gaat je wc-water heen? | @gemeente waterschap
  Waar gaat het water heen als je doortrekt? Volg de reis van het water langs bakken en filters.
  Je ziet hoe bacteriën helpen het water schoon te maken.
kamp | Waterkamp: vlotten bouwen | Vlottenbouwkamp {place}
  Bouw met je team een vlot van tonnen, planken en touw en vaar ermee het water op.
  Je leert knopen en drijven. Zwemdiploma A is nodig.
club | Waterclub: proefjes aan de waterkant | Waterclub {place}
  Onderzoek het water in de sloot: hoe schoon is het en wat leeft erin?
  Je gebruikt loepen, meters en een echte waterdrone.
wedstrijd | Wedstrijd: wie houdt de polder droog? | Polderwedstrijd {place}
  Bouw in teams een pomp die zoveel mogelijk water uit een polderbak haalt.
  Het team dat de polder het snelst droog heeft, wint.
== boerderij-eten ==
open-dag | Open dag: kijk in de melkrobotstal | Open dag: koeien melken met een robot | @melkvee boeren
  Hoe melkt een robot een koe? Kijk mee in de stal en ontdek hoe de boer alles met de computer regelt.
  Je ziet hoe de koeien zelf naar de melkrobot lopen en wat een koe allemaal eet.
bedrijfsbezoek | Hoe groeien tomaten in een slimme kas? | Rondleiding door de slimme kas | @akkerbouw
  In de kas regelen computers het licht, het water en de warmte. Loop mee en proef een tomaat.
  De teler laat zien hoe robots helpen bij het plukken.
workshop | Maak je eigen kaas | Kaasmaken: van melk tot kaas | @kaas melkvee boeren museum bibliotheek
  Maak van melk je eigen kaasje en ontdek welke stappen er in de fabriek worden gedaan.
  Je leert wat stremsel doet en waarom kaas moet rijpen.
workshop | Bouw een minikas met sensor | Slimme plantenbak bouwen
  Bouw een kleine kas met een sensor die meet of je plantje water nodig heeft.
  Je neemt je kas mee naar huis.
techlables | Techlables: boeren met drones | Techlables: de slimme boerderij
  Met je klas ontdek je hoe boeren drones en sensoren gebruiken op het land.
  De leerlingen laten een drone een akker fotograferen en zoeken zieke planten.
gastles | Gastles: van graan tot brood | Gastles: hoe komt eten op je bord?
  Waar komt je boterham vandaan? Een boer en een bakker vertellen over machines op het land en in de bakkerij.
  De leerlingen malen zelf graan en bakken een broodje.
bedrijfsbezoek | Van boer tot bord bij {provider} | Kijk achter de schermen bij {provider}
  Ontdek welke slimme machines, sensoren en robots nodig zijn om ons eten te maken.
  Je ziet hoe alles schoon en vers blijft en mag aan het eind proeven.
museum | Van ploeg tot trekker | Museum: landbouwmachines door de jaren heen
  Zie hoe boeren vroeger werkten met paarden en nu met GPS-trekkers.
  Je mag op een oude trekker klimmen.
kamp | Boerderijkamp: techniek op het erf | Boerderijkamp {place}
  Werk een paar dagen mee op de boerderij en ontdek alle techniek in de stal en op het land.
  Je voert kalfjes, rijdt mee op de trekker en bouwt een voerautomaat.
club | Moestuinclub met slimme sensoren | Moestuinclub {place}
  Kweek groenten en meet met sensoren hoe nat en warm de grond is.
  Je houdt bij hoe je planten groeien op een tablet.
online | Online: ontdek hoe een melkrobot werkt | Online stalbezoek
  Kijk via een livestream in de stal en stel vragen aan de boer.
  Je ziet de melkrobot aan het werk en doet een quiz.
== proefjes ==
workshop | Proefjesmiddag: slijm, schuim en bubbels | Proefjesmiddag in {place}
  Maak slijm, reuzenbellen en schuim dat uit een fles spuit. Waarom gebeurt dat eigenlijk?
  Je doet de proefjes zelf en krijgt een proefjeskaart mee naar huis.
workshop | Maak een vulkaan die echt uitbarst | Vulkaanproefjes
  Bouw een vulkaan en laat hem uitbarsten met spullen uit de keuken.
  Je ontdekt wat er gebeurt als je zuur en soda mengt.
techlables | Techlables: het geheim van magneten | Techlables: proefjes met licht en geluid
  Met je klas doe je proeven met magneten, licht en geluid en schrijf je op wat je ziet.
  De leerlingen werken als echte onderzoekers met een vraag, een proef en een conclusie.
club | Jonge onderzoekersclub | Proefjesclub {place}
  Elke keer een nieuwe onderzoeksvraag: waarom drijft een ijsblokje en hoe werkt een raket?
  Je leert zelf een proef bedenken en uitvoeren.
online | Online proefjes met spullen uit de keuken | Online proefjesuur
  Doe thuis proefjes mee met een presentator via je computer.
  Je krijgt vooraf een lijstje met spullen die je in huis hebt.
museum | Het doe-lab met veertig proefjes | Museum: zelf proberen en ontdekken
  Ontdek in het doe-lab veertig proefjes over licht, geluid, magneten en lucht.
  Bij elke proef staat een vraag die je zelf kunt onderzoeken.
kamp | Wetenschapskamp: een week echte onderzoeker | Onderzoekerskamp {place}
  Een paar dagen lang doe je proeven in een echt lab met witte jas en veiligheidsbril.
  Aan het eind presenteer je je onderzoek aan je ouders.
gastles | Gastles: proefjes met licht en kleur | Gastles: de regenboog in de klas
  Een onderzoeker komt in de klas proefjes doen met licht, spiegels en prisma's.
  De leerlingen maken zelf een regenboog.
open-dag | Open dag: kijk in het laboratorium | Open dag: proefjes in het lab | @lab mbo vo hbo
  Doe proefjes in een echt laboratorium met laboranten die je alles laten zien.
  Je maakt zelf een kleurenproef en neemt hem mee.
wedstrijd | Eierval-wedstrijd: het ei mag niet breken | Eierval-wedstrijd {place}
  Bouw een pakketje waarmee een ei heel blijft als het van drie meter hoog valt.
  Je krijgt rietjes, papier en plakband en een uur de tijd.
== zorgtechniek ==
workshop | Bouw een robothand van rietjes | Robothanden bouwen
  Bouw een hand van karton en rietjes die kan grijpen als je aan de touwtjes trekt.
  Je ontdekt hoe pezen in je hand werken en hoe prothesen worden gemaakt.
bedrijfsbezoek | Kijk hoe een beenprothese wordt gemaakt | In de werkplaats van {provider} | @orthopedisch revalidatie
  In de werkplaats maken vakmensen nieuwe benen en steunen op maat. Kijk mee hoe dat gaat.
  Je ziet een 3D-scanner en mag zelf een gipsafdruk maken.
gastles | Gastles: slimme techniek in het ziekenhuis | Gastles: de dokter en de computer
  Een verpleegkundige vertelt over de slimme apparaten in het ziekenhuis.
  De leerlingen meten hun hartslag en bloeddruk met echte apparaten.
techlables | Techlables: ontwerp een hulpmiddel voor opa en oma | Techlables: uitvinden voor de zorg
  De klas bedenkt en bouwt een hulpmiddel dat ouderen helpt, zoals een slimme wandelstok.
  Teams presenteren hun uitvinding aan een echte zorgtechnicus.
workshop | Meet je eigen hartslag met een sensor | Hartslagmeter bouwen
  Bouw een hartslagmeter met een sensor en zie je hartslag op een schermpje.
  Je ontdekt wat er met je hartslag gebeurt als je springt.
open-dag | Open dag: de opleiding zorgtechniek | Open dag: oefenen in het zorglab | @mbo hbo
  Kijk in het zorglab met oefenpoppen, tilliften en slimme bedden.
  Studenten laten zien wat ze leren.
online | Online: zo werkt een röntgenfoto | Online: kijk in je eigen lijf
  Hoe kan een dokter in je lijf kijken? Ontdek het online met filmpjes en een quiz.
  Je ziet röntgenfoto's van echte botten.
museum | Zo keek de dokter vroeger in je lijf | Museum: van stethoscoop tot scanner
  Bekijk oude doktersspullen en ontdek hoe slim de apparaten nu zijn.
  In de doe-hoek luister je met een stethoscoop naar je eigen hart.
club | Zorgrobotclub: bouw een robot die helpt | Hulprobotclub {place}
  Bouw en programmeer robots die mensen helpen, zoals een robot die medicijnen brengt.
  Elke keer werk je verder aan je eigen robot.
kamp | Uitvinderskamp voor de zorg | Zorguitvinderskamp {place}
  Bedenk in een paar dagen uitvindingen die mensen helpen die ziek zijn of niet goed kunnen lopen.
  Je bouwt een prototype en presenteert het.
== ontwerpen-media ==
workshop | Maak je eigen stop-motionfilm | Stop-motion met klei en tablet
  Maak een filmpje met klei-poppetjes die bewegen, foto voor foto.
  Je leert hoe animatiefilms worden gemaakt.
workshop | Ontwerp je eigen logo op de computer | Logo's ontwerpen
  Ontwerp een logo voor jezelf of een verzonnen bedrijf en print het op een button.
  Je werkt met een tekenprogramma op de computer.
techlables | Techlables: ontwerp een spelbord met de lasersnijder | Techlables: ontwerpen en lasersnijden
  De klas ontwerpt een spelbord op de computer en de lasersnijder snijdt het uit hout.
  De leerlingen leren tekenen met vormen en maten.
club | Vlogclub: filmen en monteren | Mediaclub {place}
  Maak elke keer een filmpje: bedenk het verhaal, film het en monteer het op de tablet.
  Je leert hoe je met licht en geluid een filmpje mooier maakt.
online | Online tekenles: animeren op een tablet | Online animatieclub
  Leer via de computer een tekenfilmpje maken.
  Je hebt alleen een tablet of computer nodig.
kamp | Gamekamp: ontwerp je eigen gamewereld | Gamedesignkamp {place}
  Ontwerp een gamewereld met personages, levels en geluid.
  Op de laatste dag spelen jullie elkaars games.
wedstrijd | Wedstrijd: de mooiste poster van {place} | Ontwerpwedstrijd {place}
  Ontwerp op de computer een poster over techniek in jouw woonplaats.
  De beste posters worden opgehangen.
open-dag | Open dag: de mediastudio | Open dag: filmen in de greenscreen-studio | @mbo hbo vo
  Sta voor een greenscreen en vlieg door de ruimte, of neem een radiospotje op.
  Studenten laten zien hoe het werkt.
gastles | Gastles: hoe ontwerp je een app? | Gastles: ontwerpen met post-its
  Een ontwerper komt in de klas en laat zien hoe je een app bedenkt, tekent en test.
  De leerlingen ontwerpen op papier een app voor de school.
bedrijfsbezoek | Bedrijfsbezoek: in de drukkerij | Kijk hoe een boek wordt gedrukt | @drukkerij
  Zie hoe grote machines boeken, posters en verpakkingen drukken.
  Je ontwerpt een eigen kaart en ziet hem van de pers rollen.
"""


# --- Reading the tables ---------------------------------------------------------------------


class Offer(NamedTuple):
    activities: int  # how many (not `count`: that is tuple.count)
    kinds: tuple[str, ...]
    blurb: str


class Rule(NamedTuple):
    audiences: tuple[str, ...]
    ages: tuple[str, ...]  # "8-12"
    prices: tuple[str, ...]
    signups: tuple[str, ...]


class ProviderSpec(NamedTuple):
    kind: str
    place: str
    themes: tuple[str, ...]
    name: str


class Template(NamedTuple):
    key: int
    theme: str
    kind: str
    titles: tuple[str, ...]
    summary: str
    description: str
    only: tuple[str, ...]  # offered only by a provider of this kind or with this word in its name


def _table(text: str) -> list[list[str]]:
    return [[cell.strip() for cell in line.split("|")] for line in text.strip().splitlines()]


@cache
def offers() -> dict[str, Offer]:
    rows = _table(OFFERS)
    return {kind: Offer(int(n), tuple(kinds.split()), blurb) for kind, n, kinds, blurb in rows}


@cache
def rules() -> dict[str, Rule]:
    return {kind: Rule(*(tuple(cell.split()) for cell in cells)) for kind, *cells in _table(KINDS)}


@cache
def provider_specs() -> tuple[ProviderSpec, ...]:
    rows = _table(PROVIDERS)
    return tuple(
        ProviderSpec(kind, at, tuple(themes.split()), name) for kind, at, themes, name in rows
    )


@cache
def templates() -> tuple[Template, ...]:
    result: list[Template] = []
    lines = [line for line in ACTIVITIES.splitlines() if line.strip()]
    theme = ""
    for index, line in enumerate(lines):
        if line.startswith("=="):
            theme = line.strip("= ")
        elif not line.startswith(" "):
            kind, *cells = (part.strip() for part in line.split("|"))
            titles = tuple(cell for cell in cells if not cell.startswith("@"))
            only = tuple(
                word for cell in cells if cell.startswith("@") for word in cell[1:].split()
            )
            text = lines[index + 1].strip(), lines[index + 2].strip()
            result.append(Template(len(result), theme, kind, titles, *text, only))
    if any(len(t.summary) > 200 for t in result):
        raise ValueError("A summary in ACTIVITIES is longer than 200 characters.")
    return tuple(result)
