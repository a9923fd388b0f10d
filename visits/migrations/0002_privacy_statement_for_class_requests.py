"""The privacy statement says what a class request keeps and for how long (VISIT_EMAIL_RETENTION_DAYS = 90,
VISIT_CONFIRM_DAYS = 7 by default). Added before the cookies section of the privacy page when that page still
has it; a coordinator who rewrote the page gets the paragraph at the end."""

from django.db import migrations

TEXT = """<h2>Aanvragen voor een klas</h2>
<p>Vraagt een leraar een activiteit aan voor de klas, dan bewaren we de naam van de school, de groep, het
aantal leerlingen, de plaats, de voorkeursdata, het bericht, de sterkste thema's van de klas uit de quiz
(nooit de keuze van één kind) en één e-mailadres van de leraar. Namen van leerlingen vragen we niet.</p>
<p>De aanbieder ziet de aanvraag pas als de leraar het e-mailadres heeft bevestigd. Wordt het adres niet
binnen 7 dagen bevestigd, dan verwijderen we de aanvraag.</p>
<p><strong>Hoe lang?</strong> Het e-mailadres bewaren we zolang de aanvraag loopt en daarna nog 90 dagen
(zo kunnen we vragen of het bezoek is doorgegaan). Daarna wissen we het adres. Wat overblijft (school,
groep, datum en of het bezoek doorging) telt alleen nog mee in de cijfers van het Techniekpact, waarin
kleine aantallen zijn afgeschermd.</p>
"""
MARK = "<h2>Aanvragen voor een klas</h2>"


def add(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    page = Page.objects.filter(slug="privacy").first()
    if page is None or MARK in page.body:
        return
    if "<h2>Cookies</h2>" in page.body:
        page.body = page.body.replace("<h2>Cookies</h2>", TEXT + "\n<h2>Cookies</h2>", 1)
    else:
        page.body = page.body + "\n" + TEXT
    page.save(update_fields=["body"])


def remove(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    page = Page.objects.filter(slug="privacy").first()
    if page is not None and TEXT in page.body:
        page.body = page.body.replace(TEXT + "\n", "").replace(TEXT, "")
        page.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_class_visit_requests"),
        ("pages", "0003_body_help_without_tags"),
    ]

    operations = [migrations.RunPython(add, remove)]
