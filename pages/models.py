"""Pages the coordinator writes in the admin: about the Techniekpact, partners, privacy, accessibility."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from techniekkaart.sanitise import BODY_HELP, clean_html

# Pages with their own short address; any other page lives under /over/<slug>/.
FIXED_URLS = {
    "techniekpact": "pages:about",
    "privacy": "pages:privacy",
    "toegankelijkheid": "pages:accessibility",
}


class PageQuerySet(models.QuerySet["Page"]):
    def published(self) -> PageQuerySet:
        return self.filter(published=True)


class Page(models.Model):
    slug = models.SlugField(
        _("korte naam"),
        unique=True,
        max_length=80,
        help_text=_("Het laatste stukje van het adres. Verander dit liever niet als de pagina al "
                    "bestaat: oude links werken dan niet meer."),
    )  # fmt: skip
    title = models.CharField(_("titel"), max_length=120)
    intro = models.CharField(
        _("korte inleiding"),
        max_length=300,
        blank=True,
        help_text=_("Eén of twee zinnen bovenaan de pagina en in zoekmachines."),
    )
    body = models.TextField(
        _("tekst"),
        blank=True,
        help_text=BODY_HELP,
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    published = models.BooleanField(_("zichtbaar op de site"), default=True)
    updated = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("pagina")
        verbose_name_plural = _("pagina's")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Sanitising is an invariant of the stored row, not a workflow: whoever saves (admin,
        # migration, command), the body in the database is always clean.
        self.body = clean_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        if self.slug in FIXED_URLS:
            return reverse(FIXED_URLS[self.slug])
        return reverse("pages:page", args=[self.slug])

    @property
    def is_fixed(self) -> bool:
        return self.slug in FIXED_URLS
