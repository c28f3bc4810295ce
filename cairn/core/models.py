"""Domain-free building blocks shared by every app."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cairn.core.translation import Translatable, shown_in


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class TranslatedNameModel(Translatable, models.Model):
    """A name written in the three languages of the platform; ``name`` picks the active one.

    French is required (the source language); Dutch and English fall back to French
    (``cairn.core.translation``, the one mechanism for translated content).
    """

    TRANSLATED = ("name",)
    SOURCE_SUFFIX = "_fr"

    name_fr = models.CharField(_("nom (français)"), max_length=200)
    name_nl = models.CharField(_("nom (néerlandais)"), max_length=200, blank=True)
    name_en = models.CharField(_("nom (anglais)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return shown_in(self, "name").text


class AuditEntry(models.Model):
    """One audited change of any object (see ``cairn.core.audit``). Append-only."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("par"), on_delete=models.SET_NULL, null=True, related_name="+")
    action = models.CharField(_("action"), max_length=40)
    changes = models.JSONField(_("modifications"), default=dict)
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des modifications")
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"], name="core_audit_object")]

    def __str__(self) -> str:
        return f"{self.action} {self.content_type_id}:{self.object_id}"


class ScheduledRun(models.Model):
    """A recurring job's run for one period (a day, an ISO week): the unique pair is how
    several workers agree that it ran once (see ``cairn.core.scheduling``)."""

    job = models.CharField(_("tâche"), max_length=100)
    period = models.CharField(_("période"), max_length=20)
    ran_at = models.DateTimeField(_("lancée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("tâche périodique lancée")
        verbose_name_plural = _("tâches périodiques lancées")
        constraints = [models.UniqueConstraint(fields=["job", "period"], name="scheduled_run_once_per_period")]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"


class SharedCacheEntry(models.Model):
    """A row of the shared cache without Redis: Django's database cache backend reads and
    writes this table itself (``settings.cache_settings``, decision 0020). A model, so that
    ``migrate`` creates it on every machine and a test's flush empties it; nothing else
    touches it."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = settings.SHARED_CACHE_TABLE
        verbose_name = _("entrée du cache partagé")
        verbose_name_plural = _("entrées du cache partagé")

    def __str__(self) -> str:
        return self.cache_key


class RateCounter(models.Model):
    """A rate limit's counter for one client and one window, without Redis: counted in one
    statement (``cairn.core.services.rate_count``) instead of the database cache's read
    then write, so an API request pays one query for its limit (decision 0039)."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "cairn_rate_counter"
        verbose_name = _("compteur de limite de débit")
        verbose_name_plural = _("compteurs de limite de débit")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
