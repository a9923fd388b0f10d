"""The contract of the partners' write API (/api/v1/partner/, served by portal/partner_api.py): its
paths and schemas, merged into the one OpenAPI document by api/openapi.py. Plain data, no imports
of the portal (the audiences import none of each other); tests/test_write_api_schemathesis.py
holds the server to it with a real key.

Every path also has a GET, so the documentation page and the allow-list walk of the open data
(tests/test_api_open_data.py) read it like the rest; the answers are wrapped ("activity",
"activities"), so none of their keys widens what the public endpoints may return."""

from __future__ import annotations

from typing import Any

from catalogue.models import Activity, Schedule
from techniekkaart.vocab import MAX_AGE, MIN_AGE

JSON = "application/json"
TAG = "partners"
REF_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._~:@-]{0,59}$"
SECURITY: list[dict[str, list[str]]] = [{"partnerKey": []}]


def _obj(properties: dict[str, Any], description: str = "", required: tuple[str, ...] = ()) -> dict:
    data: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }
    if description:
        data["description"] = description
    return data


def _str(description: str = "", **extra: Any) -> dict:
    return {"type": "string", **({"description": description} if description else {}), **extra}


def _nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


DAY = {"type": "string", "format": "date"}
TIME = _str("Tijd als 14:00.", pattern="^([01][0-9]|2[0-3]):[0-5][0-9]$")

EXAMPLE = {
    "externalRef": "BIB-2026-001",
    "name": "Robots bouwen in de bieb",
    "summary": "Bouw en programmeer je eigen robot.",
    "description": "Met LEGO en een laptop. Je hoeft niets mee te nemen.",
    "mainTheme": "robots-code",
    "themes": ["maken"],
    "kind": "workshop",
    "minAge": 8,
    "maxAge": 12,
    "audience": "gezin",
    "price": "2.50",
    "wheelchairAccessible": True,
    "signupMethod": "link",
    "signupUrl": "https://bibliotheek.example.nl/robots",
    "locationType": "locatie",
    "venue": {
        "name": "Bibliotheek Zwolle",
        "address": "Diezerstraat 80",
        "postcode": "8011 RJ",
        "place": "Zwolle",
        "municipality": "Zwolle",
    },
    "availability": "data",
    "schedules": [
        {
            "frequency": "wekelijks",
            "startDate": "2026-12-09",
            "startTime": "14:00",
            "endTime": "16:00",
            "until": "2027-01-27",
            "skipDates": ["2026-12-30"],
        }
    ],
}

SCHEMAS: dict[str, Any] = {
    "PartnerActivityInput": {
        **_obj(
            {
                "externalRef": _str(
                    "Jullie eigen id voor de activiteit (bijvoorbeeld de UID in jullie agenda). "
                    "Nog eens sturen met hetzelfde id past dezelfde activiteit aan.",
                    pattern=REF_PATTERN,
                ),
                "name": _str("Titel, kort en duidelijk.", maxLength=120),
                "summary": _str("Eén of twee zinnen die een kind van 8 snapt.", maxLength=200),
                "description": _str("Langere beschrijving (mag leeg).", maxLength=5000),
                "nameEn": _str("Titel in het Engels (mag leeg).", maxLength=120),
                "summaryEn": _str("Korte uitleg in het Engels (mag leeg).", maxLength=200),
                "descriptionEn": _str("Beschrijving in het Engels (mag leeg).", maxLength=5000),
                "mainTheme": _str("Thema (slug uit /api/v1/themes).", maxLength=40),
                "themes": {
                    "type": "array",
                    "items": _str(maxLength=40),
                    "maxItems": 2,
                    "description": "Hoogstens twee andere thema's.",
                },
                "kind": _str(enum=list(Activity.Kind.values)),
                "minAge": {"type": "integer", "minimum": MIN_AGE, "maximum": MAX_AGE},
                "maxAge": {"type": "integer", "minimum": MIN_AGE, "maximum": MAX_AGE},
                "audience": _str(enum=list(Activity.Audience.values)),
                "price": _str(
                    "Prijs in euro; 0 is gratis.", pattern="^[0-9]{1,4}([.][0-9]{1,2})?$"
                ),
                "wheelchairAccessible": {"type": "boolean"},
                "signupMethod": _str(enum=list(Activity.SignupMethod.values)),
                "signupUrl": _str("Bij signupMethod link.", maxLength=200),
                "signupEmail": _str("Bij signupMethod email.", maxLength=254),
                "signupPhone": _str("Bij signupMethod telefoon.", maxLength=20),
                "locationType": _str(enum=list(Activity.LocationType.values)),
                "venueId": _nullable({"type": "integer", "minimum": 1}),
                "venue": {
                    "oneOf": [
                        _obj(
                            {
                                "name": _str(maxLength=120),
                                "address": _str(maxLength=200),
                                "postcode": _str(maxLength=7),
                                "place": _str("Plaats in Regio Zwolle.", maxLength=80),
                                "municipality": _str(maxLength=40),
                            },
                            "Een locatie; een bestaande van jullie met dezelfde naam en plaats "
                            "wordt opnieuw gebruikt.",
                            required=("name", "place"),
                        ),
                        {"type": "null"},
                    ]
                },
                "availability": _str(enum=list(Activity.Availability.values)),
                "availabilityText": _str(maxLength=200),
                "imageDescription": _str(maxLength=200),
                "schedules": {
                    "type": "array",
                    "maxItems": 20,
                    "items": _obj(
                        {
                            "frequency": _str(enum=list(Schedule.Frequency.values)),
                            "startDate": DAY,
                            "startTime": TIME,
                            "endTime": TIME,
                            "until": _nullable(DAY),
                            "skipDates": {"type": "array", "items": DAY, "maxItems": 60},
                        },
                        required=("startDate", "startTime", "endTime"),
                    ),
                },
                "submit": {
                    "type": "boolean",
                    "description": "Meteen indienen voor controle (standaard true); false: "
                    "als concept laten staan.",
                },
            },
            "Eén activiteit. Wat ontbreekt, krijgt de standaardwaarde; de regels zijn die van "
            "het portaal.",
            required=("name", "summary", "mainTheme", "kind", "minAge", "maxAge"),
        ),
        "examples": [EXAMPLE],
    },
    "PartnerActivity": _obj(
        {
            "id": {"type": "integer"},
            "externalRef": _str(),
            "slug": _str(),
            "name": _str(),
            "status": _str(enum=list(Activity.Status.values)),
            "statusText": _str("De status in het Nederlands."),
            "version": {"type": "integer"},
            "moderationNote": _str("Wat de coördinator erover schreef."),
            "url": _nullable(_str("De openbare pagina, zolang hij gepubliceerd is.")),
            "pendingChange": {
                "oneOf": [
                    _obj(
                        {
                            "status": _str(enum=list(Activity.Status.values)),
                            "statusText": _str(),
                            "version": {"type": "integer"},
                            "moderationNote": _str(),
                        },
                        "Een wijziging die nog op controle wacht; tot dan blijft de "
                        "gepubliceerde versie staan.",
                        required=("status", "statusText", "version", "moderationNote"),
                    ),
                    {"type": "null"},
                ]
            },
            "updated": {"type": "string", "format": "date-time"},
        },
        "Een activiteit van jullie organisatie, in elke status.",
        required=(
            "id",
            "externalRef",
            "slug",
            "name",
            "status",
            "statusText",
            "version",
            "moderationNote",
            "url",
            "pendingChange",
            "updated",
        ),
    ),
    "PartnerActivityAnswer": _obj({"activity": _ref("PartnerActivity")}, required=("activity",)),
    "PartnerSaveAnswer": _obj(
        {
            "activity": _ref("PartnerActivity"),
            "created": {"type": "boolean"},
            "changed": {"type": "boolean", "description": "false: alles was al zo."},
        },
        required=("activity", "created", "changed"),
    ),
    "PartnerActivityList": _obj(
        {"activities": {"type": "array", "items": _ref("PartnerActivity")}},
        required=("activities",),
    ),
    "PartnerError": _obj(
        {
            "error": _str("Wat er mis is, in het Nederlands."),
            "code": _str(
                "Voor programma's: invalid, unauthorized, key_in_url, key_maker_left, forbidden, "
                "not_found, withdrawn, refused, conflict, rate_limited."
            ),
            "fields": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": _str()},
                "description": "Per veld (JSON-naam) wat er anders moet.",
            },
        },
        "Een fout van de schrijf-API.",
        required=("error", "code"),
    ),
}

SECURITY_SCHEMES = {
    "partnerKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "Een API-sleutel van jullie organisatie (tk_…), gemaakt in het portaal onder "
        "“Koppeling met je eigen systeem”. Alleen in de kop Authorization, nooit in het adres.",
    }
}


def _error(description: str, **headers: dict) -> dict:
    data: dict[str, Any] = {
        "description": description,
        "content": {JSON: {"schema": _ref("PartnerError")}},
    }
    if headers:
        data["headers"] = headers
    return data


RETRY = {"Retry-After": {"required": True, "schema": {"type": "integer"}}}
AUTH = {"WWW-Authenticate": {"required": True, "schema": {"type": "string"}}}


def _responses(ok: dict[str, dict], *, body: bool = False, missing: bool = False) -> dict:
    data: dict[str, Any] = dict(ok)
    data["400"] = _error(
        "De invoer klopt niet (per veld in fields), of de sleutel staat in het adres."
    )
    data["401"] = _error("Geen geldige of een ingetrokken sleutel.", **AUTH)
    data["403"] = _error("Wie de sleutel maakte, hoort niet meer bij de organisatie.")
    if missing:
        data["404"] = _error("Jullie organisatie heeft geen activiteit met dit id.")
    if body:
        data["409"] = _error("Teruggetrokken activiteit, of tegelijk al opgeslagen.")
    data["429"] = _error("Te veel verzoeken; probeer het na Retry-After seconden opnieuw.", **RETRY)
    return data


def _ok(description: str, schema: str, status: str = "200") -> dict[str, dict]:
    return {status: {"description": description, "content": {JSON: {"schema": _ref(schema)}}}}


def _op(operation_id: str, summary: str, description: str, **extra: Any) -> dict:
    return {
        "operationId": operation_id,
        "summary": summary,
        "description": description,
        "tags": [TAG],
        "security": SECURITY,
        **extra,
    }


REF = {
    "name": "ref",
    "in": "path",
    "required": True,
    "description": "Jullie eigen id (externalRef).",
    "schema": _str(pattern=REF_PATTERN),
}
BODY = {"required": True, "content": {JSON: {"schema": _ref("PartnerActivityInput"),
                                             "example": EXAMPLE}}}  # fmt: skip
SAVED = {
    **_ok("Aangepast (of niets veranderd: changed false).", "PartnerSaveAnswer"),
    **_ok("Nieuw aangemaakt; ingediend voor controle.", "PartnerSaveAnswer", "201"),
}

PATHS: dict[str, Any] = {
    "/api/v1/partner/activities": {
        "get": _op(
            "partnerListActivities",
            "Jullie activiteiten (schrijf-API)",
            "Alle activiteiten van de organisatie van de sleutel, in elke status, met wat de "
            "coördinator erover schreef. Alleen met een API-sleutel.",
            parameters=[],
            responses=_responses(_ok("De activiteiten.", "PartnerActivityList")),
        ),
        "post": _op(
            "partnerSaveActivity",
            "Activiteit klaarzetten of aanpassen",
            "Maakt de activiteit met dit externalRef, of past hem aan als jullie hem al hebben "
            "(idempotent: hetzelfde nog eens sturen verandert niets). Dezelfde regels, controle "
            "en logboek als in het portaal: een nieuwe gaat naar de controle (een vertrouwde "
            "organisatie publiceert direct); een wijziging van een gepubliceerde activiteit "
            "wacht op controle terwijl de oude versie blijft staan.",
            parameters=[],
            requestBody=BODY,
            responses=_responses(SAVED, body=True),
        ),
    },
    "/api/v1/partner/activities/{ref}": {
        "get": _op(
            "partnerGetActivity",
            "Eén van jullie activiteiten (schrijf-API)",
            "De activiteit met jullie eigen id, in elke status. Alleen met een API-sleutel.",
            parameters=[REF],
            responses=_responses(_ok("De activiteit.", "PartnerActivityAnswer"), missing=True),
        ),
        "post": _op(
            "partnerSaveActivityByRef",
            "Activiteit met dit id klaarzetten of aanpassen",
            "Als POST /api/v1/partner/activities, met het id in het adres.",
            parameters=[REF],
            requestBody=BODY,
            responses=_responses(SAVED, body=True),
        ),
        "delete": _op(
            "partnerWithdrawActivity",
            "Activiteit terugtrekken",
            "Haalt de activiteit van de Techniekkaart en uit de controle (met een wachtende "
            "wijziging). Nog eens terugtrekken verandert niets.",
            parameters=[REF],
            responses=_responses(_ok("Teruggetrokken.", "PartnerActivityAnswer"), missing=True),
        ),
    },
}
