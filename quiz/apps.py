from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizConfig(AppConfig):
    name = "quiz"
    verbose_name = _("Quiz")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from quiz.models import Answer, AnswerWeight, Question
        from quiz.services import questions_changed

        for model in (Question, Answer, AnswerWeight):
            post_save.connect(
                questions_changed, sender=model, dispatch_uid=f"quiz-{model.__name__}-s"
            )
            post_delete.connect(
                questions_changed, sender=model, dispatch_uid=f"quiz-{model.__name__}-d"
            )
