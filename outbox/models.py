from django.db import models
from django.utils.translation import gettext_lazy as _


class QueuedMail(models.Model):
    """A message the mail server did not take; `send_queued_mail` tries it again."""

    created = models.DateTimeField(_("gemaakt"), auto_now_add=True)
    to = models.JSONField(_("aan"))
    subject = models.CharField(_("onderwerp"), max_length=255)
    body = models.TextField(_("tekst"))
    html = models.TextField(_("html"), blank=True)
    headers = models.JSONField(_("kopregels"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=1)
    last_error = models.CharField(_("laatste fout"), max_length=255, blank=True)

    class Meta:
        ordering = ["created"]
        verbose_name = _("mail in de wachtrij")
        verbose_name_plural = _("mail in de wachtrij")

    def __str__(self) -> str:
        return self.subject
