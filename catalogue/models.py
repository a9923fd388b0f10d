"""The shared core: themes, providers, venues, activities and when they happen."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from catalogue.dates import EARLIEST, STORABLE_LATEST, validate_entered_date
from catalogue.places import find_place, municipality_choices
from catalogue.weburl import validate_web_url
from techniekkaart.vocab import MAX_AGE, MIN_AGE


class Theme(models.Model):
    slug = models.SlugField(_("korte naam"), unique=True, max_length=40)
    name = models.CharField(_("naam"), max_length=80)
    description = models.CharField(_("uitleg voor kinderen"), max_length=300, blank=True)
    sectors = models.CharField(
        _("sectoren"), max_length=200, blank=True, help_text=_("Gescheiden door ;")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    character = models.CharField(
        _("karakter"),
        max_length=40,
        blank=True,
        help_text=_("Voor de uitslag van de quiz: “Jij bent een Bouwer”."),
    )
    jobs = models.TextField(
        _("echte beroepen"),
        blank=True,
        help_text=_("Twee of drie zinnen die een kind snapt, één per regel."),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")

    def __str__(self) -> str:
        return self.name

    def job_lines(self) -> list[str]:
        return [line.strip() for line in self.jobs.splitlines() if line.strip()]


class Provider(models.Model):
    class Kind(models.TextChoices):
        COMPANY = "bedrijf", _("Bedrijf")
        PRIMARY_SCHOOL = "basisschool", _("Basisschool")
        SECONDARY_SCHOOL = "vo", _("Middelbare school")
        MBO = "mbo", _("Mbo")
        HBO = "hbo", _("Hbo")
        LIBRARY = "bibliotheek", _("Bibliotheek")
        MUSEUM = "museum", _("Museum")
        CLUB = "club", _("Club of vereniging")
        TECHLAB = "techlab", _("Techlab")
        STO = "sto", _("STO-regio")
        MUNICIPALITY = "gemeente", _("Gemeente")
        OTHER = "anders", _("Anders")

    name = models.CharField(_("naam"), max_length=120)
    slug = models.SlugField(_("korte naam"), unique=True, max_length=140)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("over deze aanbieder"), blank=True)
    municipality = models.CharField(_("gemeente"), max_length=40, choices=municipality_choices())
    place = models.CharField(_("plaats"), max_length=80)
    website = models.URLField(_("website"), blank=True, validators=[validate_web_url])
    lat = models.FloatField(_("breedtegraad"), null=True, blank=True)
    lon = models.FloatField(_("lengtegraad"), null=True, blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=20, blank=True)
    verified = models.BooleanField(
        _("mag direct publiceren"),
        default=False,
        help_text=_(
            "De coördinator vertrouwt deze organisatie: activiteiten hoeven niet langs de controle."
        ),
    )
    created = models.DateTimeField(_("aangemeld"), auto_now_add=True, null=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("aanbieder")
        verbose_name_plural = _("aanbieders")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("public:provider", args=[self.slug])

    def clean(self) -> None:
        fill_coordinates(self)


class Venue(models.Model):
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="venues", verbose_name=_("aanbieder")
    )
    name = models.CharField(_("naam"), max_length=120)
    address = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    place = models.CharField(_("plaats"), max_length=80)
    municipality = models.CharField(_("gemeente"), max_length=40, choices=municipality_choices())
    lat = models.FloatField(_("breedtegraad"), null=True, blank=True)
    lon = models.FloatField(_("lengtegraad"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")

    def __str__(self) -> str:
        return f"{self.name}, {self.place}"

    def clean(self) -> None:
        fill_coordinates(self)


def fill_coordinates(obj: Provider | Venue) -> None:
    """Take the coordinates of the place from the gazetteer when none were given."""
    if obj.lat is not None and obj.lon is not None:
        return
    place = find_place(obj.place, obj.municipality)
    if place is None:
        raise ValidationError(
            {"place": _("Deze plaats kennen we niet. Vul de coördinaten zelf in.")}
        )
    obj.lat, obj.lon = place.lat, place.lon


class ActivityQuerySet(models.QuerySet["Activity"]):
    def with_next_start(self, now: dt.datetime | None = None) -> ActivityQuerySet:
        now = now or timezone.now()
        upcoming = Occurrence.objects.filter(activity=OuterRef("pk"), start__gte=now)
        first = upcoming.order_by("start")
        # next_status: whether that date was called off, put off or moved (cards say so); only
        # computed where it is read
        return self.annotate(
            next_start=Subquery(first.values("start")[:1]),
            next_status=Subquery(first.values("status")[:1]),
        )

    def published(self, now: dt.datetime | None = None) -> ActivityQuerySet:
        """Published; ongoing offers (on request, always open) only while recently confirmed."""
        now = now or timezone.now()
        cutoff = timezone.localdate(now) - dt.timedelta(days=settings.CONFIRM_EVERY_DAYS)
        return self.filter(status=Activity.Status.PUBLISHED, revision_of__isnull=True).filter(
            Q(availability=Activity.Availability.DATES) | Q(last_confirmed__gte=cutoff)
        )

    def public(self, now: dt.datetime | None = None) -> ActivityQuerySet:
        """Published, and either with a coming date or a confirmed offer on request/always."""
        return (
            self.published(now)
            .with_next_start(now)
            .filter(Q(next_start__isnull=False) | ~Q(availability=Activity.Availability.DATES))
        )


class Activity(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        COMPANY_VISIT = "bedrijfsbezoek", _("Bedrijfsbezoek")
        TECHLAB = "techlables", _("Techlables")
        CLUB = "club", _("Club")
        OPEN_DAY = "open-dag", _("Open dag")
        MUSEUM = "museum", _("Museum")
        CAMP = "kamp", _("Kamp")
        GUEST_LESSON = "gastles", _("Gastles op school")
        COMPETITION = "wedstrijd", _("Wedstrijd")
        ONLINE = "online", _("Online")

    class Audience(models.TextChoices):
        FAMILIES = "gezin", _("Kinderen met ouders")
        SCHOOLS = "school", _("Schoolklassen")
        BOTH = "beide", _("Kinderen met ouders en schoolklassen")

    class SignupMethod(models.TextChoices):
        LINK = "link", _("Via een website")
        EMAIL = "email", _("Per e-mail")
        PHONE = "telefoon", _("Per telefoon")
        NONE = "geen", _("Aanmelden is niet nodig")

    class LocationType(models.TextChoices):
        VENUE = "locatie", _("Op een locatie")
        SCHOOL = "school", _("Op jouw school")
        ONLINE = "online", _("Online")

    class Availability(models.TextChoices):
        DATES = "data", _("Op vaste data")
        ON_REQUEST = "aanvraag", _("Op aanvraag")
        ALWAYS = "altijd", _("Altijd open")

    class Status(models.TextChoices):
        DRAFT = "concept", _("Concept")
        SUBMITTED = "ingediend", _("Ingediend")
        CHANGES_REQUESTED = "aanpassen", _("Aanpassing gevraagd")
        PUBLISHED = "gepubliceerd", _("Gepubliceerd")
        REJECTED = "afgewezen", _("Afgewezen")
        ARCHIVED = "gearchiveerd", _("Gearchiveerd")

    title = models.CharField(_("titel"), max_length=120)
    slug = models.SlugField(_("korte naam"), unique=True, max_length=140)
    summary = models.CharField(
        _("korte uitleg"),
        max_length=200,
        help_text=_("Eén of twee zinnen die een kind van 8 snapt."),
    )
    description = models.TextField(_("beschrijving"), blank=True)
    # Optional English texts from the provider (issue 18), shown on /en/ pages when filled. Plain
    # fields, not modeltranslation: the provider writes them, no translator does.
    title_en = models.CharField(_("titel in het Engels"), max_length=120, blank=True)
    summary_en = models.CharField(_("korte uitleg in het Engels"), max_length=200, blank=True)
    description_en = models.TextField(_("beschrijving in het Engels"), blank=True)
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="activities", verbose_name=_("aanbieder")
    )
    main_theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        related_name="main_activities",
        verbose_name=_("hoofdthema"),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="activities", verbose_name=_("andere thema's")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    min_age = models.PositiveSmallIntegerField(
        _("leeftijd vanaf"), validators=[MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)]
    )
    max_age = models.PositiveSmallIntegerField(
        _("leeftijd tot en met"),
        validators=[MinValueValidator(MIN_AGE), MaxValueValidator(MAX_AGE)],
    )
    audience = models.CharField(
        _("voor wie"), max_length=10, choices=Audience.choices, default=Audience.FAMILIES
    )
    price = models.DecimalField(
        _("prijs in euro"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("0 betekent gratis."),
    )
    wheelchair_accessible = models.BooleanField(_("toegankelijk met rolstoel"), default=False)
    signup_method = models.CharField(
        _("aanmelden"), max_length=10, choices=SignupMethod.choices, default=SignupMethod.NONE
    )
    signup_url = models.URLField(_("aanmeldlink"), blank=True, validators=[validate_web_url])
    signup_email = models.EmailField(_("aanmeld-e-mail"), blank=True)
    signup_phone = models.CharField(_("aanmeldtelefoon"), max_length=20, blank=True)
    location_type = models.CharField(
        _("waar"), max_length=10, choices=LocationType.choices, default=LocationType.VENUE
    )
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("locatie"),
    )
    availability = models.CharField(
        _("wanneer"), max_length=10, choices=Availability.choices, default=Availability.DATES
    )
    availability_text = models.CharField(
        _("beschikbaarheid"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: “Di t/m zo 10-17 uur” of “Voor groep 5-8, hele schooljaar”."),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    last_confirmed = models.DateField(
        _("laatst bevestigd"), null=True, blank=True, validators=[validate_entered_date]
    )
    reminded = models.DateField(_("herinnering gestuurd"), null=True, blank=True, editable=False)
    external_ref = models.CharField(
        _("eigen kenmerk"),
        max_length=60,
        blank=True,
        help_text=_("Jullie eigen code voor deze activiteit, bijvoorbeeld uit een spreadsheet."),
    )
    moderation_note = models.TextField(
        _("bericht van de coördinator"),
        blank=True,
        help_text=_("Waarom de activiteit is afgewezen of wat er anders moet."),
    )
    image = models.ImageField(_("afbeelding"), upload_to="activiteiten/", blank=True)
    image_alt = models.CharField(_("beschrijving van de afbeelding"), max_length=200, blank=True)
    # Written only by moderation.services: +1 on every change of the content, so a coordinator's
    # decision names the version it was taken on and a stale decision is refused.
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    # A pending change of a published activity: a draft copy, never public, applied onto
    # `revision_of` (same id, slug and address) when approved.
    revision_of = models.OneToOneField(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="pending_revision",
        verbose_name=_("wijziging van"),
    )
    created = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated = models.DateTimeField(_("bijgewerkt"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        indexes = [models.Index(fields=["status", "availability"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_age__lte=models.F("max_age")), name="activity_age_range_ordered"
            ),
            models.CheckConstraint(
                condition=Q(last_confirmed__isnull=True)
                | Q(last_confirmed__gte=EARLIEST, last_confirmed__lte=STORABLE_LATEST),
                name="activity_last_confirmed_in_range",
            ),
            models.UniqueConstraint(
                fields=["provider", "external_ref"],
                condition=~Q(external_ref="") & Q(revision_of__isnull=True),
                name="activity_external_ref_once_per_provider",
            ),
            models.CheckConstraint(
                condition=Q(revision_of__isnull=True) | ~Q(status="gepubliceerd"),
                name="activity_revision_never_published",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("public:activity", args=[self.slug])

    ENGLISH_TEXTS = ("title", "summary", "description")

    def text_in(self, field: str, language: str | None) -> tuple[str, str]:
        """(text, language of that text) of the title, summary or description for a page in
        `language`: the provider's English text on an English page when there is one, else the
        Dutch text they always write."""
        if field not in self.ENGLISH_TEXTS:
            raise ValueError(f"no English text for {field!r}")
        if language == "en":
            english: str = getattr(self, f"{field}_en")
            if english.strip():
                return english, "en"
        return getattr(self, field), "nl"

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors["max_age"] = _("“Leeftijd tot” is kleiner dan “leeftijd vanaf”.")
        venue = self.venue  # may be a new, not yet saved venue of the same provider
        if self.location_type == self.LocationType.VENUE and venue is None:
            errors["venue"] = _("Kies een locatie, of kies “op jouw school” of “online”.")
        if venue is not None and self.provider_id and venue.provider_id != self.provider_id:
            errors["venue"] = _("Deze locatie hoort bij een andere aanbieder.")
        required_field: dict[str, str] = {
            self.SignupMethod.LINK: "signup_url",
            self.SignupMethod.EMAIL: "signup_email",
            self.SignupMethod.PHONE: "signup_phone",
        }
        required = required_field.get(self.signup_method)
        if required and not getattr(self, required):
            errors[required] = _("Vul in hoe kinderen of ouders zich aanmelden.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_ongoing(self) -> bool:
        return self.availability != self.Availability.DATES

    @property
    def is_free(self) -> bool:
        return self.price == 0

    def point(self) -> tuple[float, float] | None:
        """Where to put it on a map: the venue, or the provider's place for visits to school."""
        if self.location_type == self.LocationType.ONLINE:
            return None
        source = self.venue if self.venue_id else self.provider
        if source is None or source.lat is None or source.lon is None:
            return None
        return (source.lat, source.lon)

    def theme_list(self) -> list[Theme]:
        """Main theme first, then the others (uses the prefetch cache)."""
        others = [t for t in self.themes.all() if t.pk != self.main_theme_id]
        return [self.main_theme, *others]

    def upcoming(self, now: dt.datetime | None = None) -> list[Occurrence]:
        now = now or timezone.now()
        return [o for o in self.occurrences.all() if o.start >= now]


class Schedule(models.Model):
    """One date or a recurring series; its occurrences are stored as rows."""

    class Frequency(models.TextChoices):
        ONCE = "eenmalig", _("Eén keer")
        WEEKLY = "wekelijks", _("Elke week")
        MONTHLY = "maandelijks", _("Elke maand (zelfde weekdag)")

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="schedules", verbose_name=_("activiteit")
    )
    frequency = models.CharField(
        _("hoe vaak"), max_length=12, choices=Frequency.choices, default=Frequency.ONCE
    )
    start_date = models.DateField(_("(eerste) datum"), validators=[validate_entered_date])
    start_time = models.TimeField(_("begintijd"))
    end_time = models.TimeField(_("eindtijd"))
    until = models.DateField(
        _("tot en met"), null=True, blank=True, validators=[validate_entered_date]
    )
    skip_dates = models.JSONField(
        _("overslaan"),
        default=list,
        blank=True,
        help_text=_("Data waarop de reeks niet doorgaat, bijvoorbeeld in de vakantie."),
    )

    class Meta:
        ordering = ["start_date", "start_time"]
        verbose_name = _("datum of reeks")
        verbose_name_plural = _("data en reeksen")
        constraints = [  # the fixed range of catalogue.dates; forms check the narrower window
            models.CheckConstraint(
                condition=Q(start_date__gte=EARLIEST, start_date__lte=STORABLE_LATEST)
                & (Q(until__isnull=True) | Q(until__gte=EARLIEST, until__lte=STORABLE_LATEST)),
                name="schedule_dates_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} {self.start_date:%d-%m-%Y}"

    def clean(self) -> None:
        errors: dict[str, StrOrPromise] = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("De eindtijd moet na de begintijd liggen.")
        if self.frequency != self.Frequency.ONCE:
            if not self.until:
                errors["until"] = _("Een reeks heeft een einddatum nodig.")
            elif self.start_date and self.until < self.start_date:
                errors["until"] = _("De einddatum ligt voor de eerste datum.")
            elif self.start_date and (self.until - self.start_date).days > 366:
                errors["until"] = _("Een reeks duurt hoogstens een jaar.")
        if not _skip_dates_valid(self.skip_dates):
            errors["skip_dates"] = _(
                'Schrijf de data als een lijst, bijvoorbeeld ["2026-12-26"], binnen vijf jaar.'
            )
        if errors:
            raise ValidationError(errors)


def _skip_dates_valid(days: object) -> bool:
    """A list of ISO dates (as the portal stores them), each in the window of catalogue.dates."""
    if not isinstance(days, list):
        return False
    for day in days:
        try:
            validate_entered_date(dt.date.fromisoformat(day))
        except (TypeError, ValueError, ValidationError):
            return False
    return True


class DateStatus(models.TextChoices):
    """What happens to one date: it goes on, is called off, moves to another time, or is put off
    until a new date is known. Mapped onto schema.org eventStatus and iCalendar STATUS."""

    SCHEDULED = "gepland", _("Gaat door")
    CANCELLED = "afgelast", _("Afgelast")
    MOVED = "verplaatst", _("Verplaatst")
    POSTPONED = "uitgesteld", _("Uitgesteld")


class DateChange(models.Model):
    """A provider or the coordinator called off or moved one date of a schedule (with a reason).
    Kept apart from the occurrences, which are recreated from the schedules on every edit: the
    occurrence of `day` takes this status (and the new time) each time they are made."""

    schedule = models.ForeignKey(
        Schedule, on_delete=models.CASCADE, related_name="date_changes", verbose_name=_("reeks")
    )
    day = models.DateField(_("oorspronkelijke datum"))
    status = models.CharField(
        _("wat er gebeurt"),
        max_length=12,
        choices=[c for c in DateStatus.choices if c[0] != DateStatus.SCHEDULED],
    )
    new_start = models.DateTimeField(_("nieuw begin"), null=True, blank=True)
    new_end = models.DateTimeField(_("nieuw einde"), null=True, blank=True)
    reason = models.CharField(_("reden"), max_length=300)
    created = models.DateTimeField(_("wanneer"), auto_now=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("afgelaste of verplaatste datum")
        verbose_name_plural = _("afgelaste en verplaatste data")
        constraints = [
            models.UniqueConstraint(fields=["schedule", "day"], name="date_change_once_per_day"),
            models.CheckConstraint(
                condition=Q(status="verplaatst", new_start__isnull=False, new_end__isnull=False)
                | (~Q(status="verplaatst") & Q(new_start__isnull=True, new_end__isnull=True)),
                name="date_change_moved_has_new_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day:%d-%m-%Y} {self.status}"


class Occurrence(models.Model):
    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="occurrences", verbose_name=_("activiteit")
    )
    schedule = models.ForeignKey(
        Schedule, on_delete=models.CASCADE, related_name="occurrences", verbose_name=_("reeks")
    )
    start = models.DateTimeField(_("begin"), db_index=True)
    end = models.DateTimeField(_("einde"))
    # Copied from the schedule's DateChange of this day when the occurrences are made
    # (catalogue.datechanges): the public pages, feeds and API read them from here.
    status = models.CharField(
        _("gaat door?"), max_length=12, choices=DateStatus.choices, default=DateStatus.SCHEDULED
    )
    previous_start = models.DateTimeField(_("eerst gepland op"), null=True, blank=True)
    change_reason = models.CharField(_("reden"), max_length=300, blank=True)

    class Meta:
        ordering = ["start"]
        verbose_name = _("keer")
        verbose_name_plural = _("keren")
        indexes = [models.Index(fields=["activity", "start"])]

    def __str__(self) -> str:
        return f"{self.activity} {timezone.localtime(self.start):%d-%m-%Y %H:%M}"

    @property
    def code(self) -> str:
        """Public identifier of one date of an activity, e.g. 20261212T1000. A moved date keeps
        the code of its first time, so its address and its calendar UID stay the same."""
        return f"{timezone.localtime(self.previous_start or self.start):%Y%m%dT%H%M}"

    @property
    def is_off(self) -> bool:
        """Called off or put off: it does not happen at this time."""
        return self.status in (DateStatus.CANCELLED, DateStatus.POSTPONED)


class DailyCount(models.Model):
    """Counts per activity per day: views and clicks on the sign-up link. No personal data."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="daily_counts")
    date = models.DateField()
    views = models.PositiveIntegerField(default=0)
    signup_clicks = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("telling per dag")
        verbose_name_plural = _("tellingen per dag")
        constraints = [
            models.UniqueConstraint(fields=["activity", "date"], name="daily_count_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} {self.date}"


class RemovedActivity(models.Model):
    """An activity that was public and was deleted: its id and address stay known for a while, so
    a harvester that syncs with updated_since learns it is gone (api/tombstones.py). Written on
    every delete (post_delete below), whoever deletes; removed after TOMBSTONE_DAYS."""

    activity_id = models.PositiveIntegerField(_("id van de activiteit"), unique=True)
    slug = models.SlugField(_("korte naam"), max_length=140, blank=True)
    removed = models.DateTimeField(_("verwijderd"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-removed"]
        verbose_name = _("verwijderde activiteit")
        verbose_name_plural = _("verwijderde activiteiten")

    def __str__(self) -> str:
        return f"{self.activity_id} {self.slug}"


@receiver(post_delete, sender=Activity)
def _remember_removal(sender: type[Activity], instance: Activity, **kwargs: object) -> None:
    """Pending changes (revisions) leave no trace. A draft may have been public before (taken
    back to draft): its id is kept too, its slug (from an unpublished title) is not."""
    if instance.revision_of_id is not None or instance.pk is None:
        return
    shown = instance.status in (Activity.Status.PUBLISHED, Activity.Status.ARCHIVED)
    RemovedActivity.objects.update_or_create(
        activity_id=instance.pk,
        defaults={"slug": instance.slug if shown else "", "removed": timezone.now()},
    )
