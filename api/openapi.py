"""The OpenAPI 3.1 document of the open-data API, written by hand in Python.

It is the contract: /api/v1/openapi.json serves it, /api/v1/ renders it as the documentation page,
schemathesis tests the server against it, and the allow-list test derives from it the set of keys the
API may ever return. Response objects say `additionalProperties: false`, so a field that is not written
down here cannot slip out unnoticed. No database access: the document is the same for every request.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from api import write
from catalogue.models import Activity, Provider
from techniekkaart.vocab import LIST_RADIUS_KM, MAX_AGE, MIN_AGE, RADIUS_STEPS

JSON = "application/json"
API_VERSION = "1.0.0"


def _obj(properties: dict[str, Any], description: str = "", optional: tuple[str, ...] = ()) -> dict:
    data: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": [name for name in properties if name not in optional],
        "additionalProperties": False,
    }
    if description:
        data["description"] = description
    return data


def _str(description: str = "", **extra: Any) -> dict:
    return {"type": "string", **({"description": description} if description else {}), **extra}


def _null(schema: dict) -> dict:
    """The same schema, or null."""
    kind = schema["type"]
    return {**schema, "type": [*(kind if isinstance(kind, list) else [kind]), "null"]}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _array(items: dict, description: str = "") -> dict:
    return {
        "type": "array",
        "items": items,
        **({"description": description} if description else {}),
    }


def _int(description: str = "", **extra: Any) -> dict:
    return {"type": "integer", **({"description": description} if description else {}), **extra}


DATE_TIME = {"type": "string", "format": "date-time"}
DATE = {"type": "string", "format": "date"}
URI = {"type": "string", "format": "uri"}

VENUE = {
    "id": _int(),
    "name": _str(),
    "address": _ref("PostalAddress"),
    "geo": {"oneOf": [_ref("GeoCoordinates"), {"type": "null"}]},
}

SCHEMAS: dict[str, Any] = {
    "Availability": _obj(
        {
            "activity": _str("Slug van de activiteit."),
            "dates": _array(
                _obj(
                    {
                        "date": DATE,
                        "free_classes": _int("Zoveel klassen kunnen nog komen.", minimum=0),
                        "free_pupils": _null(
                            _int("Zoveel leerlingen nog; null: geen grens.", minimum=0)
                        ),
                        "full": {"type": "boolean"},
                    }
                ),
                "Elke komende datum waarvoor de aanbieder plaatsen opgaf.",
            ),
            "period": {
                "oneOf": [
                    _obj(
                        {
                            "per": _str(enum=["jaar", "maand"]),
                            "free_classes": _int("Nog vrij in dit jaar of deze maand.", minimum=0),
                        }
                    ),
                    {"type": "null"},
                ]
            },
        },
        "Vrije plaatsen voor schoolklassen. Nooit aanvragen, scholen of leraren.",
    ),
    "Error": _obj(
        {
            "error": _str("Wat er mis is, in het Nederlands."),
            "parameter": _str("De parameter die niet klopt."),
        },
        "Een fout: onbekende parameterwaarde (400), niet gevonden (404) of te veel verzoeken (429).",
        optional=("parameter",),
    ),
    "GeoCoordinates": _obj(
        {"latitude": {"type": "number"}, "longitude": {"type": "number"}},
        "Breedte- en lengtegraad (WGS 84).",
    ),
    "PostalAddress": _obj(
        {
            "streetAddress": _str(),
            "postalCode": _str(),
            "addressLocality": _str("Plaats."),
            "addressRegion": _str("Gemeente."),
            "addressCountry": _str(enum=["NL"]),
        }
    ),
    "Venue": _obj(VENUE, "Een locatie van een aanbieder (schema.org Place)."),
    "VenueWithProvider": _obj(
        {**VENUE, "provider": _str("Korte naam (slug) van de aanbieder.")},
        "Een locatie, met de aanbieder van wie die is.",
    ),
    "Organizer": _obj(
        {
            "slug": _str(),
            "name": _str(),
            "url": {**URI, "description": "De pagina van de aanbieder op de Techniekkaart."},
            "website": _null({**URI, "description": "De eigen website van de aanbieder."}),
        },
        "De aanbieder (schema.org organizer). Geen contactpersoon, e-mail of telefoon.",
    ),
    "Provider": _obj(
        {
            "slug": _str(),
            "name": _str(),
            "url": URI,
            "website": _null(URI),
            "kind": _str(enum=list(Provider.Kind.values)),
            "description": _str(),
            "place": _str(),
            "municipality": _str(),
            "geo": {"oneOf": [_ref("GeoCoordinates"), {"type": "null"}]},
            "activityCount": _int("Aantal activiteiten dat nu op de kaart staat.", minimum=1),
        }
    ),
    "Theme": _obj(
        {
            "slug": _str("Waarde voor de parameter thema."),
            "name": _str(),
            "description": _str("Uitleg voor kinderen."),
            "activityCount": _int("Aantal activiteiten met dit thema dat nu op de kaart staat."),
        }
    ),
    "Place": _obj(
        {
            "name": _str("Waarde voor de parameter plaats."),
            "municipality": _str(),
            "province": _str(),
            "geo": _ref("GeoCoordinates"),
            "postcodes": _array(_str(pattern="^[1-9][0-9]{3}$"), "Postcodes (vier cijfers)."),
        }
    ),
    "Session": _obj(
        {
            "identifier": _str(
                "Code van deze keer, bijvoorbeeld 20261212T1000. Een verplaatste keer houdt de "
                "code van de eerste tijd."
            ),
            "startDate": {
                **DATE_TIME,
                "description": "Begin; bij een verplaatste keer de nieuwe tijd.",
            },
            "endDate": DATE_TIME,
            "eventStatus": {
                **URI,
                "enum": [
                    "https://schema.org/EventScheduled",
                    "https://schema.org/EventCancelled",
                    "https://schema.org/EventRescheduled",
                    "https://schema.org/EventPostponed",
                ],
                "description": "Gaat door, afgelast, verplaatst (zie previousStartDate) of uitgesteld "
                "(nieuwe datum volgt).",
            },
            "previousStartDate": _null(
                {**DATE_TIME, "description": "Bij een verplaatste keer: het eerste begin."}
            ),
            "statusReason": _null(
                _str("Waarom afgelast of verplaatst, in de woorden van de aanbieder.")
            ),
        },
        "Eén komende keer (schema.org subEvent).",
    ),
    "Tombstone": {
        **_obj(
            {
                "id": _int("Het id van de activiteit die je eerder kreeg."),
                "deleted": {"type": "boolean", "enum": [True]},
                "dateDeleted": {
                    **DATE_TIME,
                    "description": "Wanneer hij uit deze selectie verdween (ongeveer, bij verlopen data).",
                },
            },
            "Een activiteit die sinds updated_since uit deze selectie is verdwenen: verwijderd, "
            "teruggetrokken, gearchiveerd, niet meer openbaar, zijn laatste datum voorbij, of hij past "
            "niet meer bij de filters. Haal hem weg bij jou. Zo'n melding blijft minstens "
            "90 dagen staan; wie langer niet bijwerkte, haalt alles opnieuw op.",
        ),
        "examples": [{"id": 42, "deleted": True, "dateDeleted": "2026-11-30T14:05:00+01:00"}],
    },
    "Schedule": _obj(
        {
            "repeatFrequency": _str(
                "ISO 8601-duur: P1W elke week, P1M elke maand.", enum=["P1W", "P1M"]
            ),
            "byDay": _array(URI),
            "byMonthWeek": _int(
                "De hoeveelste weekdag van de maand; -1 is de laatste.", minimum=-1, maximum=4
            ),
            "startDate": DATE,
            "endDate": _null(DATE),
            "startTime": _str(pattern="^[0-2][0-9]:[0-5][0-9]$"),
            "endTime": _str(pattern="^[0-2][0-9]:[0-5][0-9]$"),
            "scheduleTimezone": _str(enum=["Europe/Amsterdam"]),
            "exceptDate": _array(DATE_TIME, "Data waarop de reeks niet doorgaat."),
        },
        "Een terugkerende reeks (schema.org / OpenActive Schedule).",
        optional=("byMonthWeek",),
    ),
    "Activity": _obj(
        {
            "id": _int("Vast nummer; de volgorde van de lijst."),
            "slug": _str("Korte naam, voor /api/v1/activities/{slug}."),
            "name": _str(),
            "summary": _str("Eén of twee zinnen die een kind van 8 snapt."),
            "description": _str(),
            "nameEn": _str("Titel in het Engels, door de aanbieder; leeg als die er niet is."),
            "summaryEn": _str("Korte uitleg in het Engels; leeg als die er niet is."),
            "descriptionEn": _str("Beschrijving in het Engels; leeg als die er niet is."),
            "url": {**URI, "description": "De pagina op de Techniekkaart."},
            "image": _null(URI),
            "imageDescription": _null(_str("Tekst bij de afbeelding (alt-tekst).")),
            "mainTheme": _str(),
            "themes": _array(_str(), "Alle thema's, hoofdthema eerst."),
            "kind": _str(enum=list(Activity.Kind.values)),
            "audience": _str(enum=list(Activity.Audience.values)),
            "ageRange": _obj(
                {
                    "minValue": _int(minimum=MIN_AGE, maximum=MAX_AGE),
                    "maxValue": _int(minimum=MIN_AGE, maximum=MAX_AGE),
                },
                "Leeftijd van en tot en met (OpenActive ageRange).",
            ),
            "isAccessibleForFree": {"type": "boolean"},
            "offers": _array(
                _obj({"price": _str(pattern=r"^\d+\.\d\d$"), "priceCurrency": _str(enum=["EUR"])})
            ),
            "wheelchairAccessible": {"type": "boolean"},
            "locationType": _str(enum=list(Activity.LocationType.values)),
            "location": {"oneOf": [_ref("Venue"), {"type": "null"}]},
            "geo": {
                "oneOf": [_ref("GeoCoordinates"), {"type": "null"}],
                "description": "Waar het op de kaart staat (locatie, of de plaats van de aanbieder bij een bezoek op school).",
            },
            "organizer": _ref("Organizer"),
            "signupMethod": _str(enum=list(Activity.SignupMethod.values)),
            "signupUrl": _null(
                {**URI, "description": "Aanmelden via de Techniekkaart (stuurt door)."}
            ),
            "availability": _str(enum=list(Activity.Availability.values)),
            "availabilityText": _str(),
            "startDate": _null({**DATE_TIME, "description": "De eerstvolgende keer."}),
            "subEvent": _array(_ref("Session"), "De komende keren."),
            "eventSchedule": _array(_ref("Schedule"), "Terugkerende reeksen die nog lopen."),
            "lastConfirmed": _null(DATE),
            "dateModified": DATE_TIME,
        },
        "Een activiteit (schema.org Event).",
    ),
    "ActivityPage": _obj(
        {
            "count": _int("Aantal activiteiten voor deze filters, op alle pagina's samen."),
            "page": _int(minimum=1),
            "perPage": _int(minimum=1),
            "next": _null(URI),
            "previous": _null(URI),
            "results": _array(
                {"oneOf": [_ref("Activity"), _ref("Tombstone")]},
                "Activiteiten; met updated_since ook Tombstones ({id, deleted: true}) voor wat "
                "sindsdien verdween.",
            ),
        }
    ),
    "ThemeList": _obj({"count": _int(), "results": _array(_ref("Theme"))}),
    "ProviderList": _obj({"count": _int(), "results": _array(_ref("Provider"))}),
    "VenueList": _obj({"count": _int(), "results": _array(_ref("VenueWithProvider"))}),
    "PlaceList": _obj({"count": _int(), "results": _array(_ref("Place"))}),
    "Recommendations": _obj(
        {
            "count": _int(),
            "radius_km": {"type": "number"},
            "widened": {"type": "boolean"},
            "items": _array(
                _obj(
                    {
                        "slug": _str(),
                        "title": _str(),
                        "url": URI,
                        "themes": _array(_str()),
                        "distance_km": {"type": ["number", "null"]},
                        "next_start": _null(DATE_TIME),
                        "score": {"type": "number"},
                        "reasons": _array(_str()),
                        "try_new": {"type": "boolean"},
                        "town": _str("Plaats, of “online”."),
                        "also_in": _array(
                            _str(), "Dezelfde activiteit ook op deze plaatsen (“online”)."
                        ),
                    }
                )
            ),
        }
    ),
    "FeatureCollection": _obj(
        {
            "type": _str(enum=["FeatureCollection"]),
            "features": _array(
                _obj(
                    {
                        "type": _str(enum=["Feature"]),
                        "geometry": _obj(
                            {
                                "type": _str(enum=["Point"]),
                                "coordinates": {
                                    "type": "array",
                                    "items": {"type": "number"},
                                    "minItems": 2,
                                    "maxItems": 2,
                                    "description": "[lengtegraad, breedtegraad]",
                                },
                            }
                        ),
                        "properties": _obj(
                            {
                                "slug": _str(),
                                "title": _str(),
                                "url": URI,
                                "themes": _array(_str()),
                                "min_age": _int(),
                                "max_age": _int(),
                                "next_start": _null(DATE_TIME),
                                "free": {"type": "boolean"},
                                "distance_km": {"type": "number"},
                            },
                            optional=("distance_km",),
                        ),
                    }
                )
            ),
        },
        "GeoJSON (RFC 7946). Online activiteiten staan er niet in: die hebben geen plek.",
    ),
}


def _query(name: str, schema: dict, description: str, **extra: Any) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
        **extra,
    }


FILTERS = [
    _query(
        "q", _str(maxLength=100), "Zoekwoorden in titel, korte uitleg en naam van de aanbieder."
    ),
    _query(
        "thema",
        _array(_str(maxLength=40)),
        "Eén of meer thema's (slug uit /api/v1/themes); herhaal de parameter voor meer.",
        style="form",
        explode=True,
    ),
    _query("leeftijd", _int(minimum=MIN_AGE, maximum=MAX_AGE), "Leeftijd van het kind."),
    _query(
        "wanneer",
        _str(enum=["", "week", "weekend", "maand", "datum"]),
        "Deze week, dit weekend, deze maand, of `datum` met van en tot.",
    ),
    _query("van", DATE, "Vanaf deze datum (tussen vorig jaar en over drie jaar)."),
    _query("tot", DATE, "Tot en met deze datum."),
    _query(
        "plaats", _str(maxLength=100), "Plaats of postcode in Regio Zwolle (zie /api/v1/places)."
    ),
    _query(
        "afstand",
        _int(enum=list(RADIUS_STEPS)),
        f"Straal in km rond de plaats; standaard {LIST_RADIUS_KM}.",
    ),
    _query("gratis", {"type": "boolean"}, "Alleen gratis activiteiten."),
    _query(
        "soort",
        _array(_str(enum=list(Activity.Kind.values))),
        "Soort activiteit; herhaal de parameter voor meer.",
        style="form",
        explode=True,
    ),
    _query("voor", _str(enum=["", "gezin", "school"]), "Voor gezinnen of voor schoolklassen."),
    _query("rolstoel", {"type": "boolean"}, "Alleen met rolstoel te doen."),
]
SORT = _query(
    "sorteer",
    _str(enum=["datum", "afstand", "relevantie"]),
    "Volgorde: binnenkort eerst, dichtbij eerst of best passend bij q (standaard met q).",
)
UPDATED_SINCE = _query(
    "updated_since",
    _str(maxLength=40),
    "Alleen activiteiten die sinds dit moment zijn gewijzigd (datum of ISO 8601-tijdstip), "
    "voor bijwerken zonder alles opnieuw op te halen. In /api/v1/activities komen er dan ook "
    '{"id": 42, "deleted": true, "dateDeleted": ...} bij (Tombstone) voor activiteiten die '
    "sindsdien verdwenen, minstens 90 dagen lang.",
)
PAGING = [
    _query("page", _int(minimum=1, maximum=100000), "Pagina, vanaf 1."),
    _query("per_page", _int(minimum=1, maximum=100), "Activiteiten per pagina, standaard 50."),
]

CACHE_HEADERS = {
    "ETag": {
        "description": "Versie van dit antwoord; stuur terug in If-None-Match.",
        "schema": {"type": "string"},
    },
    "Cache-Control": {"schema": {"type": "string"}},
}


def _responses(
    ok: dict, *, bad: bool = True, missing: bool = False, html_errors: bool = False
) -> dict:
    error = {
        "content": {
            ("text/html" if html_errors else JSON): {
                "schema": _str() if html_errors else _ref("Error")
            }
        }
    }
    data: dict[str, Any] = {
        "200": {"headers": CACHE_HEADERS, **ok},
        "304": {"description": "Niet gewijzigd sinds de ETag in If-None-Match."},
    }
    if bad:
        data["400"] = {"description": "Een parameter klopt niet.", **error}
    if missing:
        data["404"] = {"description": "Niet gevonden, of niet (meer) openbaar.", **error}
    data["429"] = {
        "description": "Te veel verzoeken; probeer het na Retry-After seconden opnieuw.",
        "headers": {"Retry-After": {"required": True, "schema": {"type": "integer"}}},
        **error,
    }
    return data


def _json_ok(description: str, schema: dict, media: str = JSON) -> dict:
    return {"description": description, "content": {media: {"schema": schema}}}


def _get(
    operation_id: str, summary: str, description: str, parameters: list, responses: dict, tag: str
) -> dict:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "description": description,
            "tags": [tag],
            "parameters": parameters,
            "responses": responses,
        }
    }


@cache
def document() -> dict[str, Any]:
    """The whole OpenAPI document (built once per process)."""
    slug = {
        "name": "slug",
        "in": "path",
        "required": True,
        "schema": _str(pattern="^[-a-zA-Z0-9_]+$"),
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Techniekkaart Regio Zwolle: open data",
            "version": API_VERSION,
            "summary": "Het technische aanbod voor kinderen in Regio Zwolle, om over te nemen op je eigen site.",
            "description": (
                "Alleen gepubliceerde activiteiten en openbare gegevens: geen contactpersonen, geen e-mailadressen, "
                "niets over kinderen. Alle antwoorden hebben een ETag (stuur If-None-Match voor een 304). Per adres "
                "mag je een beperkt aantal verzoeken per minuut doen; daarboven volgt 429 met Retry-After. "
                "De filters zijn dezelfde als op /activiteiten/ van de Techniekkaart."
            ),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": "/"}],
        "tags": [
            {"name": "activiteiten", "description": "Activiteiten met hun komende keren."},
            {"name": "naslag", "description": "Thema's, aanbieders, locaties en plaatsen."},
            {"name": "feeds", "description": "Kaart, agenda en nieuws: dezelfde filters."},
            {"name": "widget", "description": "Om in te bouwen op je eigen site."},
            {"name": write.TAG, "description": "Schrijf-API voor partners, met een API-sleutel."},
        ],
        "paths": {
            "/api/v1/activities": _get(
                "listActivities",
                "Activiteiten",
                "Alle activiteiten die nu op de Techniekkaart staan, met hun komende keren, op volgorde van id "
                "(stabiel bij het doorbladeren).",
                [*FILTERS, UPDATED_SINCE, *PAGING],
                _responses(_json_ok("Een pagina activiteiten.", _ref("ActivityPage"))),
                "activiteiten",
            ),
            "/api/v1/activities/{slug}": _get(
                "getActivity",
                "Eén activiteit",
                "Eén activiteit, zolang die op de Techniekkaart staat.",
                [slug],
                _responses(_json_ok("De activiteit.", _ref("Activity")), bad=False, missing=True),
                "activiteiten",
            ),
            "/api/v1/activities/{slug}/availability": _get(
                "getAvailability",
                "Vrije plaatsen voor klassen",
                "Vrije plaatsen per datum (en per jaar of maand bij aanbod op aanvraag) van een activiteit "
                "voor schoolklassen. Aanvragen zelf staan nooit in de API.",
                [slug],
                _responses(
                    _json_ok("De vrije plaatsen.", _ref("Availability")), bad=False, missing=True
                ),
                "activiteiten",
            ),
            "/api/v1/activities.geojson": _get(
                "activitiesGeoJSON",
                "Activiteiten als GeoJSON",
                "Dezelfde filters, als punten op een kaart.",
                [*FILTERS, UPDATED_SINCE],
                _responses(
                    _json_ok(
                        "GeoJSON FeatureCollection.",
                        _ref("FeatureCollection"),
                        "application/geo+json",
                    )
                ),
                "feeds",
            ),
            "/api/v1/activities.ics": _get(
                "activitiesICS",
                "Agenda (iCalendar)",
                "Dezelfde filters als agenda om op te abonneren. Een reeks staat erin als één afspraak met "
                "RRULE; data die niet doorgaan als EXDATE.",
                [*FILTERS, UPDATED_SINCE],
                _responses(_json_ok("iCalendar (RFC 5545).", _str(), "text/calendar")),
                "feeds",
            ),
            "/api/v1/feeds/new.rss": _get(
                "newActivitiesRSS",
                "Nieuwe activiteiten (RSS)",
                "De laatst gepubliceerde activiteiten, nieuwste eerst; dezelfde filters.",
                FILTERS,
                _responses(_json_ok("RSS 2.0.", _str(), "application/rss+xml")),
                "feeds",
            ),
            "/api/v1/themes": _get(
                "listThemes",
                "Thema's",
                "Alle thema's, met hoeveel activiteiten er nu zijn.",
                [],
                _responses(_json_ok("Thema's.", _ref("ThemeList")), bad=False),
                "naslag",
            ),
            "/api/v1/providers": _get(
                "listProviders",
                "Aanbieders",
                "Aanbieders met minstens één activiteit op de kaart.",
                [],
                _responses(_json_ok("Aanbieders.", _ref("ProviderList")), bad=False),
                "naslag",
            ),
            "/api/v1/venues": _get(
                "listVenues",
                "Locaties",
                "Locaties waar nu activiteiten zijn.",
                [],
                _responses(_json_ok("Locaties.", _ref("VenueList")), bad=False),
                "naslag",
            ),
            "/api/v1/places": _get(
                "listPlaces",
                "Plaatsen",
                "Plaatsen en postcodes in Regio Zwolle die de parameter plaats kent.",
                [],
                _responses(_json_ok("Plaatsen.", _ref("PlaceList")), bad=False),
                "naslag",
            ),
            "/api/v1/recommendations": _get(
                "recommendations",
                "Aanraders",
                "Activiteiten gerangschikt bij een profiel van thema's, zoals de uitslag van de quiz. "
                "Voor een kind thuis komen activiteiten alleen voor schoolklassen er niet in; voor een "
                "klas alleen activiteiten voor klassen op een schooldag onder schooltijd of op aanvraag. "
                "Dezelfde titel op meer plaatsen is één aanrader (also_in).",
                [
                    _query(
                        "profile",
                        _str(maxLength=400),
                        "Thema's met gewicht: bouwen:0.6,energie:0.4.",
                        required=True,
                    ),
                    _query("leeftijd", _int(minimum=4, maximum=18), "Leeftijd van het kind."),
                    _query(
                        "limit", _int(minimum=1, maximum=50), "Hoeveel aanraders, standaard 10."
                    ),
                    _query("plaats", _str(maxLength=100), "Plaats of postcode in Regio Zwolle."),
                    _query(
                        "voor",
                        _str(enum=["kind", "klas"]),
                        "Voor een kind thuis (standaard) of voor een schoolklas.",
                    ),
                ],
                _responses(_json_ok("Aanraders.", _ref("Recommendations"))),
                "activiteiten",
            ),
            "/api/v1/widget/": _get(
                "widget",
                "Widget",
                "Een kleine HTML-pagina met activiteiten voor de filters, om in een iframe op je eigen site te "
                "zetten. Maak de code op /api/v1/widget/maken/.",
                [
                    *FILTERS,
                    SORT,
                    _query(
                        "aantal", _int(minimum=1, maximum=20), "Hoeveel activiteiten, standaard 5."
                    ),
                ],
                _responses(
                    _json_ok("HTML om in te bouwen.", _str(), "text/html"), html_errors=True
                ),
                "widget",
            ),
            **write.PATHS,  # the partners' write API (api/write.py)
        },
        "components": {
            "schemas": {**SCHEMAS, **write.SCHEMAS},
            "securitySchemes": write.SECURITY_SCHEMES,
        },
    }
