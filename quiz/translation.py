"""Quiz questions and answers in every language (django-modeltranslation, issue 18)."""

from modeltranslation.translator import TranslationOptions, register

from quiz.models import Answer, Question


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text",)


@register(Answer)
class AnswerTranslation(TranslationOptions):
    fields = ("text",)
