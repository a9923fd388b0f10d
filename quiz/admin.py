"""The coordinator edits questions, answers, pictures and theme weights here, without a developer.

Each answer row has one weight column per theme, so a question is edited on one page. An active
question must have at least two answers and every answer a weight (quiz.services.question_problems).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from catalogue.images import SafeImageField
from catalogue.models import Theme
from quiz.icons import icon_choices
from quiz.models import Answer, AnswerWeight, Question, Result
from quiz.services import question_problems
from techniekkaart import pagecache


def _weight_field(theme: Theme) -> forms.DecimalField:
    return forms.DecimalField(
        label=theme.name, required=False, min_value=Decimal("0"), max_value=Decimal("3"),
        max_digits=3, decimal_places=1, widget=forms.NumberInput({"step": "0.5", "class": "vTinyField"}),
    )  # fmt: skip


# The answer in every language (django-modeltranslation's columns): Dutch required, the others
# may stay empty (the quiz then shows the Dutch, marked lang="nl").
TEXTS = [f"text_{code}" for code, _name in settings.LANGUAGES]


class AnswerForm(forms.ModelForm):
    icon = forms.ChoiceField(label=_("plaatje"), required=False)

    class Meta:
        model = Answer
        fields = [*TEXTS, "icon", "image", "order"]
        # The portal's one image pipeline: re-encoded, no EXIF/GPS, a random file name.
        field_classes = {"image": SafeImageField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["icon"].choices = [("", "—"), *icon_choices()]  # type: ignore[attr-defined]
        self.fields[TEXTS[0]].required = True
        self.themes = list(Theme.objects.all())
        current = {}
        if self.instance.pk:
            current = {w.theme_id: w.weight for w in self.instance.weights.all()}
        for theme in self.themes:
            name = f"weight_{theme.slug}"
            self.fields[name] = _weight_field(theme)
            self.initial.setdefault(name, current.get(theme.pk))

    def weights(self) -> dict[Theme, Decimal]:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {t: data[f"weight_{t.slug}"] for t in self.themes if data.get(f"weight_{t.slug}")}

    def save(self, commit: bool = True) -> Answer:
        answer = super().save(commit=commit)
        if commit:
            save_weights(answer, self.weights())
        return answer


def save_weights(answer: Answer, weights: dict[Theme, Decimal]) -> None:
    AnswerWeight.objects.filter(answer=answer).exclude(theme__in=list(weights)).delete()
    for theme, weight in weights.items():
        AnswerWeight.objects.update_or_create(
            answer=answer, theme=theme, defaults={"weight": weight}
        )


class AnswerFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if not self.instance.active:
            return
        kept = [f for f in self.forms if f.has_changed() or f.instance.pk]
        kept = [f for f in kept if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if len(kept) < 2:
            raise ValidationError(_("Een actieve vraag heeft minstens twee antwoorden nodig."))
        for form in kept:
            if not form.weights():
                raise ValidationError(
                    _("Het antwoord “%(answer)s” heeft nog geen thema met een gewicht. "
                      "Geef het een gewicht, of zet de vraag op niet actief.")
                    % {"answer": form.cleaned_data.get(TEXTS[0], "")}
                )  # fmt: skip


class AnswerInline(TranslationStackedInline):  # the answer in every language (issue 18)
    model = Answer
    form = AnswerForm
    formset = AnswerFormSet
    extra = 0

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        kwargs["fields"] = AnswerForm.Meta.fields  # the weight columns are form-only fields
        return super().get_formset(request, obj, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        weights = [f"weight_{t.slug}" for t in Theme.objects.all()]
        return [
            (None, {"fields": [(TEXTS[0], "order"), tuple(TEXTS[1:]), ("icon", "image")]}),
            (_("Gewicht per thema (leeg = past niet)"), {"fields": [tuple(weights)]}),
        ]


@admin.register(Question)
class QuestionAdmin(TranslationAdmin):
    list_display = ["text", "kind", "order", "active", "answer_count"]
    list_editable = ["order"]
    list_filter = ["active", "kind"]
    inlines = [AnswerInline]
    actions = ["activate", "deactivate"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        return super().get_queryset(request).prefetch_related("answers__weights")

    @admin.display(description=_("antwoorden"))
    def answer_count(self, obj: Question) -> int:
        return len(obj.answers.all())

    @admin.action(description=_("Zet de gekozen vragen aan"))
    def activate(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        for question in queryset:
            problems = question_problems(question)
            if problems:
                self.message_user(request, f"{question}: {' '.join(problems)}", messages.ERROR)
            else:
                question.active = True
                question.save(update_fields=["active"])

    @admin.action(description=_("Zet de gekozen vragen uit"))
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Question]) -> None:
        queryset.update(active=False)
        pagecache.content_changed(Question)  # an update sends no signal


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    """Read-only: results are anonymous and only deleted by age (manage.py delete_old_quiz_results)."""

    list_display = ["code", "created", "age", "municipality"]
    list_filter = ["age", "municipality"]
    readonly_fields = ["code", "answers", "profile", "age", "municipality", "pc4", "created"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting single results would change published impact figures of past quarters.
        return False
