"""Events: workshops and meetups, their recurring series, registrations and feedback.

A one-off event is an ``Event`` row. A recurring series is a ``Series`` (the details every
occurrence shares, plus an RFC 5545 rule and its exceptions) materialised into ``Event``
rows, one per occurrence, each with its own registrations. An occurrence edited on its own
is ``detached``: later edits of the series leave it alone.

Seats: ``Event.confirmed_count`` is a stored counter of confirmed registrations, changed
only by the services with an atomic conditional ``UPDATE``; a CHECK constraint keeps it
between 0 and the capacity, so even a bug could not book a seat too many (ADR 0010).
"""

from __future__ import annotations

import datetime
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cairn.accounts.models import Language
from cairn.core.models import TimeStampedModel
from cairn.core.translation import Translatable, translations

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cairn.accounts.models import User


class Kind(models.TextChoices):
    WORKSHOP = "workshop", _("Atelier")
    MEETUP = "meetup", _("Rencontre")
    INFO_SESSION = "info_session", _("Séance d’information")
    HACKATHON_DAY = "hackathon_day", _("Journée de hackathon")
    EXPERIMENT_MEETING = "experiment_meeting", _("Réunion d’expérimentation")


class MeetupFormat(models.TextChoices):
    AFTERWORK = "afterwork", _("Afterwork")
    BREAKFAST = "breakfast", _("Petit-déjeuner de travail")
    MEET_CONNECT = "meet_connect", _("Meet&connect")
    OTHER = "other", _("Autre rencontre")


class Scope(models.TextChoices):
    LOCAL = "local", _("Local : un bureau ou une ville")
    SECTOR = "sector", _("Sectoriel")
    COOPERATIVE = "cooperative", _("Toute la coopérative")


class Attendance(models.TextChoices):
    IN_PERSON = "in_person", _("En présentiel")
    ONLINE = "online", _("En ligne")
    HYBRID = "hybrid", _("Hybride")


class EventDetails(Translatable, TimeStampedModel):
    """What an event says about itself; a series holds the same, for its occurrences."""

    TRANSLATED = ("title", "description")

    title = models.CharField(_("titre"), max_length=200)
    title_nl, title_en = translations(title)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown accepté."))
    description_nl, description_en = translations(description)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.WORKSHOP)
    meetup_format = models.CharField(_("format de rencontre"), max_length=20, choices=MeetupFormat.choices, blank=True)
    scope = models.CharField(_("portée"), max_length=12, choices=Scope.choices, default=Scope.COOPERATIVE)
    office = models.ForeignKey(
        "accounts.Office", verbose_name=_("bureau"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    city = models.CharField(_("ville"), max_length=120, blank=True)
    sector = models.ForeignKey(
        "accounts.Sector", verbose_name=_("secteur"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attendance = models.CharField(_("modalité"), max_length=10, choices=Attendance.choices, default=Attendance.IN_PERSON)
    address = models.CharField(_("adresse"), max_length=300, blank=True)
    online_url = models.URLField(_("lien de connexion"), blank=True, help_text=_("Montré seulement aux personnes inscrites."))
    #: Language codes, space-separated and sorted ("fr nl"): filtered with a plain contains.
    languages = models.CharField(_("langues parlées"), max_length=20, default=Language.FR)
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Laissez vide pour un nombre illimité."))
    requires_approval = models.BooleanField(_("inscriptions validées par l’organisation"), default=False)
    #: Registration questions, one label per item (e.g. dietary needs).
    questions = models.JSONField(_("questions à l’inscription"), default=list, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    @property
    def language_codes(self) -> list[str]:
        return self.languages.split()

    def get_languages_display(self) -> str:
        labels = dict(Language.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.language_codes)

    @property
    def place(self) -> str:
        """The city (or office) shown in lists."""
        if self.city:
            return self.city
        return self.office.city if self.office_id and self.office else ""


class Series(EventDetails):
    """A recurring event: an RFC 5545 rule read in Europe/Brussels wall-clock time."""

    rule = models.CharField(_("règle de récurrence"), max_length=300, help_text=_("Règle RFC 5545, par exemple FREQ=MONTHLY;BYDAY=1TH."))
    #: The first occurrence's start; the rule runs on its Europe/Brussels wall-clock time: every
    #: occurrence starts at the same local time, whatever the daylight-saving offset.
    first_start = models.DateTimeField(_("première date"))
    duration = models.DurationField(_("durée"))
    #: Excluded occurrences (EXDATE): naive local ISO datetimes.
    exceptions = models.JSONField(_("exceptions"), default=list, blank=True)
    organisers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("organisation"), blank=True, related_name="+")
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation", verbose_name=_("recommandations"), blank=True, related_name="+"
    )
    categories = models.ManyToManyField(
        "recommendations.ThemeCategory", verbose_name=_("grandes thématiques"), blank=True, related_name="+"
    )
    projects = models.ManyToManyField("projects.Project", verbose_name=_("projets"), blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("série")
        verbose_name_plural = _("séries")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration__gt=datetime.timedelta(0)),
                name="events_series_positive_duration",
                violation_error_message=_("La durée doit être positive."),
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("events:series", args=[self.pk])


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Programmé")
    CANCELLED = "cancelled", _("Annulé")


class EventQuerySet(models.QuerySet["Event"]):
    def scheduled(self) -> EventQuerySet:
        return self.filter(status=EventStatus.SCHEDULED)

    def upcoming(self) -> EventQuerySet:
        return self.filter(ends_at__gte=timezone.now())

    def visible_to(self, user: User | AnonymousUser) -> EventQuerySet:
        """Every event is public (DESIGN.md §2: visitors read events); a cancelled one stays
        visible, marked as such, so a shared link does not break."""
        return self.all()


class Event(EventDetails):
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    status = models.CharField(_("statut"), max_length=10, choices=EventStatus.choices, default=EventStatus.SCHEDULED)
    registration_opens_at = models.DateTimeField(_("ouverture des inscriptions"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("clôture des inscriptions"), null=True, blank=True, help_text=_("Laissez vide pour clore au début de l’évènement.")
    )
    confirmed_count = models.PositiveIntegerField(_("inscriptions confirmées"), default=0, editable=False)
    series = models.ForeignKey(Series, verbose_name=_("série"), on_delete=models.CASCADE, null=True, blank=True, related_name="occurrences")
    #: RECURRENCE-ID: the occurrence's start as the rule generated it (aware), even if moved.
    occurrence_key = models.DateTimeField(null=True, blank=True, editable=False)
    #: Edited on its own: edits of the whole series leave it alone.
    detached = models.BooleanField(default=False, editable=False)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("organisation"), blank=True, related_name="organised_events"
    )
    recommendations = models.ManyToManyField(
        "recommendations.Recommendation", verbose_name=_("recommandations"), blank=True, related_name="events"
    )
    categories = models.ManyToManyField(
        "recommendations.ThemeCategory", verbose_name=_("grandes thématiques"), blank=True, related_name="events"
    )
    projects = models.ManyToManyField("projects.Project", verbose_name=_("projets"), blank=True, related_name="events")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    full_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminders_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("évènement")
        verbose_name_plural = _("évènements")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["starts_at", "id"], name="events_event_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="events_event_ends_after_start",
                violation_error_message=_("La fin doit suivre le début."),
            ),
            # Never over capacity: the seat counter may not pass the capacity, whatever races.
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(confirmed_count__lte=F("capacity")),
                name="events_event_within_capacity",
                violation_error_message=_("Plus de personnes inscrites que de places."),
            ),
            models.UniqueConstraint(fields=["series", "occurrence_key"], name="events_event_one_per_occurrence"),
        ]

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.confirmed_count >= self.capacity

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def closes_at(self) -> datetime.datetime:
        return self.registration_closes_at or self.starts_at

    def registration_refusal(self, now: datetime.datetime | None = None) -> str:
        """Why one cannot register now ("" when one can): the one place that says it."""
        now = now or timezone.now()
        if self.status == EventStatus.CANCELLED:
            return str(_("Cet évènement est annulé : les inscriptions sont fermées."))
        if self.starts_at <= now:
            return str(_("Cet évènement a déjà commencé ou est passé : les inscriptions sont fermées."))
        if self.registration_opens_at and now < self.registration_opens_at:
            return str(_("Les inscriptions ne sont pas encore ouvertes."))
        if now >= self.closes_at:
            return str(_("Les inscriptions sont closes."))
        return ""

    @property
    def online_allowed(self) -> bool:
        return self.attendance in {Attendance.ONLINE, Attendance.HYBRID}


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Inscrit·e")
    WAITLISTED = "waitlisted", _("En liste d’attente")
    PENDING = "pending", _("En attente de validation")
    CANCELLED = "cancelled", _("Désinscrit·e")


#: A registration that counts: it holds a seat, a place in the queue or awaits approval.
ACTIVE_STATUSES = [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED, RegistrationStatus.PENDING]
REGISTRATION_TONES = {
    RegistrationStatus.CONFIRMED: "success",
    RegistrationStatus.WAITLISTED: "warning",
    RegistrationStatus.PENDING: "info",
    RegistrationStatus.CANCELLED: "neutral",
}


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def active(self) -> RegistrationQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def waitlist(self) -> RegistrationQuerySet:
        return self.filter(status=RegistrationStatus.WAITLISTED).order_by("queued_at", "pk")


class Registration(TimeStampedModel):
    event = models.ForeignKey(Event, verbose_name=_("évènement"), on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sociétaire"), on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(_("état"), max_length=12, choices=RegistrationStatus.choices)
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    #: When the person joined the waitlist (or registered): the waitlist's order.
    queued_at = models.DateTimeField(default=timezone.now)
    attended_at = models.DateTimeField(_("présence notée le"), null=True, blank=True)
    #: The secret of the cancellation link in e-mails (no sign-in needed to cancel).
    cancel_token = models.CharField(max_length=43, default=_new_token, unique=True, editable=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["queued_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="events_registration_one_per_member")]
        indexes = [models.Index(fields=["event", "status", "queued_at"], name="events_registration_queue")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.event_id} ({self.status})"

    @property
    def tone(self) -> str:
        return REGISTRATION_TONES[RegistrationStatus(self.status)]

    @property
    def name_at_the_door(self) -> str:
        """The registrant's name as the organisers read it on the attendee list, the
        check-in and the export, whatever the profile's visibility (docs/events.md,
        "Names"): the profile's public name, or the e-mail address of an account without
        a profile or with an empty name. Needs ``user__profile`` joined."""
        profile = getattr(self.user, "profile", None)
        return (profile.public_name if profile is not None else "") or self.user.email


class Feedback(TimeStampedModel):
    """An attendee's opinion after the event: a rating and a comment, one per person."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(_("note"))
    comment = models.TextField(_("commentaire"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_feedback_one_per_member"),
            models.CheckConstraint(condition=Q(rating__gte=1) & Q(rating__lte=5), name="events_feedback_rating_range"),
        ]


class CalendarFeed(models.Model):
    """A member's private calendar of their registrations, behind a secret URL."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_feed")
    token = models.CharField(max_length=43, default=_new_token, unique=True)

    class Meta:
        verbose_name = _("agenda privé")
        verbose_name_plural = _("agendas privés")

    def __str__(self) -> str:
        return f"{self.user_id}"


class EventMessage(models.Model):
    """A message an organiser sends to everyone registered; sent once by a task."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="messages")
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message aux inscrit·es")
        verbose_name_plural = _("messages aux inscrit·es")

    def __str__(self) -> str:
        return self.subject
