"""An uploaded registry file kept between its preview and its confirmation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cairn.recommendations.models.registry import Cycle, CycleCountry, ThemeCategory

if TYPE_CHECKING:
    pass


class RegistryImportQuerySet(models.QuerySet["RegistryImport"]):
    def pending(self) -> RegistryImportQuerySet:
        return self.filter(state=RegistryImport.State.PENDING)


class RegistryImport(models.Model):
    """An uploaded registry file (CSV, XLSX or pad) kept between its preview and its
    confirmation, so that the coordinator confirms exactly what they previewed without
    sending the file again. Only its uploader may confirm it, once.

    pending → (confirmed) queued → applied by a background task; a task that cannot apply
    it puts it back to pending with the reason in ``failure``, so the coordinator sees a
    fresh preview and may confirm again. Pending uploads expire."""

    class State(models.TextChoices):
        PENDING = "pending", _("En attente de confirmation")
        QUEUED = "queued", _("Import en cours")
        APPLIED = "applied", _("Importé")
        EXPIRED = "expired", _("Expiré")

    class Failure(models.TextChoices):
        NONE = "", _("Aucun échec")
        CHANGED = "changed", _("Le registre a changé depuis l’aperçu : rien n’a été importé. Vérifiez l’aperçu à jour, puis confirmez.")
        INVALID = "invalid", _("Ce fichier contient des erreurs : rien n’a été importé.")
        ERROR = (
            "error",
            _(
                "L’import a échoué sur une erreur inattendue : rien n’a été importé. Réessayez ; si l’échec se répète, prévenez l’équipe technique."
            ),
        )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("envoyé par"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    filename = models.CharField(_("fichier"), max_length=255)
    content = models.BinaryField(_("contenu"), blank=True)
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("taille (octets)"))
    cycle = models.ForeignKey(Cycle, verbose_name=_("cycle"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    category = models.ForeignKey(
        ThemeCategory, verbose_name=_("grande thématique"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A cycle to create with the import, as the uploader described it (instead of ``cycle``).
    new_cycle_name = models.CharField(_("nouveau cycle"), max_length=40, blank=True)
    new_cycle_country = models.CharField(_("pays du nouveau cycle"), max_length=2, choices=CycleCountry.choices, blank=True)
    new_cycle_starts_on = models.DateField(_("début du nouveau cycle"), null=True, blank=True)
    state = models.CharField(_("état"), max_length=8, choices=State.choices, default=State.PENDING)
    fingerprint = models.CharField(_("empreinte de l’aperçu"), max_length=64, blank=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    applied_at = models.DateTimeField(_("importé le"), null=True, blank=True)
    failure = models.CharField(_("dernier échec"), max_length=8, choices=Failure.choices, default=Failure.NONE, blank=True)
    summary = models.JSONField(_("résumé"), default=dict, blank=True)

    objects = RegistryImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import du registre")
        verbose_name_plural = _("imports du registre")

    def __str__(self) -> str:
        return f"{self.filename} ({self.state})"
