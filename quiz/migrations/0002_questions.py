"""The first quiz (quiz/data/questions.json) and the result texts per theme (quiz/data/themes.json).

After this the coordinator edits everything in the admin. Runs only into an empty quiz.
"""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def load(apps, schema_editor):
    Theme = apps.get_model("catalogue", "Theme")
    Question = apps.get_model("quiz", "Question")
    Answer = apps.get_model("quiz", "Answer")
    AnswerWeight = apps.get_model("quiz", "AnswerWeight")
    themes = {t.slug: t for t in Theme.objects.all()}
    extras = json.loads((DATA / "themes.json").read_text(encoding="utf-8"))
    for slug, extra in extras.items():
        if slug in themes and not themes[slug].character:
            themes[slug].character = extra["character"]
            themes[slug].jobs = "\n".join(extra["jobs"])
            themes[slug].save(update_fields=["character", "jobs"])
    if Question.objects.exists():
        return
    questions = json.loads((DATA / "questions.json").read_text(encoding="utf-8"))
    for q_order, item in enumerate(questions):
        question = Question.objects.create(
            text=item["text"], kind=item["kind"], order=q_order * 10, active=True
        )
        for a_order, data in enumerate(item["answers"]):
            answer = Answer.objects.create(
                question=question, text=data["text"], icon=data["icon"], order=a_order
            )
            AnswerWeight.objects.bulk_create(
                AnswerWeight(answer=answer, theme=themes[slug], weight=weight)
                for slug, weight in data["weights"].items()
                if slug in themes
            )


class Migration(migrations.Migration):
    dependencies = [("quiz", "0001_initial"), ("catalogue", "0003_theme_character_theme_jobs")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
