"""Every write of the state of play: analyses by broad theme, publishing an edition."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.core.editing import refuse_stale
from cairn.recommendations.models import ThemeCategory
from cairn.recommendations.selectors.registry import RegistryFilters
from cairn.reports.chronology import chronology
from cairn.reports.figures import figures
from cairn.reports.models import LANGUAGES, CategoryAnalysis, Edition, EditionAnalysis, EditionRecommendation, ExportFile, ReportPdf

ANALYSIS_FIELDS = ["text_fr", "text_nl", "text_en"]


def category_analysis_update(
    *,
    category: ThemeCategory,
    text_fr: str,
    text_nl: str,
    text_en: str,
    actor: Any,
    expected_updated_at: datetime.datetime | None = None,
) -> CategoryAnalysis:
    """Write a broad theme's analysis (created on first write), audited. An edit made on a
    version someone else has changed since raises ``StaleEdit`` (``cairn.core.editing``)."""
    with transaction.atomic():
        analysis, created = CategoryAnalysis.objects.select_for_update().get_or_create(category=category)
        if not created:
            refuse_stale(analysis, expected_updated_at)
        before = {} if created else snapshot(analysis, ANALYSIS_FIELDS)
        analysis.text_fr, analysis.text_nl, analysis.text_en = text_fr.strip(), text_nl.strip(), text_en.strip()
        analysis.updated_by = actor if getattr(actor, "is_authenticated", False) else None
        analysis.save(update_fields=[*ANALYSIS_FIELDS, "updated_by", "updated_at"])
        record_change(
            actor=actor,
            instance=analysis,
            action="create" if created else "update",
            before=before,
            after=snapshot(analysis, ANALYSIS_FIELDS),
        )
    return analysis


@dataclass(frozen=True)
class MissingAnalysis:
    category: ThemeCategory
    languages: list[str]


def missing_analyses(*, as_of: datetime.date | None = None) -> list[MissingAnalysis]:
    """The broad themes an edition at ``as_of`` would show whose analysis lacks French or
    Dutch. Two queries: the categories with public recommendations then, their analyses."""
    keys = {row.key for row in figures(viewer=AnonymousUser(), filters=RegistryFilters(as_of=as_of)).breakdowns["category"] if row.key}
    categories = ThemeCategory.objects.filter(slug__in=keys).select_related("analysis").order_by("position", "name_fr")
    missing = []
    for category in categories:
        analysis = getattr(category, "analysis", None)
        languages = analysis.missing_languages() if analysis is not None else ["fr", "nl"]
        if languages:
            missing.append(MissingAnalysis(category=category, languages=languages))
    return missing


def edition_publish(*, title: str, as_of: datetime.date, introduction: str = "", actor: Any) -> Edition:
    """Publish an edition: freeze, at ``as_of``, the public figures (in each language), each
    broad theme's analysis and every public recommendation's status and public comment.
    Refused (``ValidationError``, nothing written) while a broad theme lacks its analysis in
    French or Dutch, or when the title or date is not acceptable."""
    title = title.strip()
    if not title:
        raise ValidationError(_("Donnez un titre à l’édition."), code="title")
    if as_of > timezone.localdate():
        raise ValidationError(_("La date de l’édition ne peut pas être dans le futur."), code="as_of")
    slug = slugify(title)[:120]
    if not slug or Edition.objects.filter(slug=slug).exists() or Edition.objects.filter(title=title).exists():
        raise ValidationError(_("Une édition porte déjà ce titre."), code="title")
    missing = missing_analyses(as_of=as_of)
    if missing:
        names = ", ".join(f"{m.category.name} ({', '.join(m.languages).upper()})" for m in missing)
        raise ValidationError(_("Analyse manquante pour : %(names)s.") % {"names": names}, code="missing_analyses")

    public = AnonymousUser()
    filters = RegistryFilters(as_of=as_of)
    with transaction.atomic():
        frozen: dict[str, Any] = {}
        for language in LANGUAGES:
            with translation.override(language):
                frozen[language] = figures(viewer=public, filters=filters).as_dict()
        edition = Edition.objects.create(
            title=title,
            slug=slug,
            as_of=as_of,
            introduction=introduction.strip(),
            figures=frozen,
            published_at=timezone.now(),
            published_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        category_keys = [item["key"] for item in frozen["fr"]["by_category"] if item["key"]]
        analyses = {
            a.category.slug: a for a in CategoryAnalysis.objects.filter(category__slug__in=category_keys).select_related("category")
        }
        EditionAnalysis.objects.bulk_create(
            EditionAnalysis(
                edition=edition,
                category_key=key,
                position=position,
                text_fr=analyses[key].text_fr,
                text_nl=analyses[key].text_nl,
                text_en=analyses[key].text_en,
            )
            for position, key in enumerate(category_keys)
        )
        rows = []
        position = 0
        for cycle in chronology(viewer=public, filters=filters):
            for theme in cycle.themes:
                for group in theme.groups:
                    for rec in group.recommendations:
                        position += 1
                        rows.append(
                            EditionRecommendation(
                                edition=edition,
                                recommendation=rec,
                                position=position,
                                reference=rec.reference,
                                title=rec.title,
                                cycle=cycle.cycle.name,
                                theme=theme.theme.title,
                                category_key=theme.theme.category.slug if theme.theme.category_id else "",
                                groups=group.label[:600],
                                status=rec.status,  # type: ignore[attr-defined]  # an annotation
                                status_date=rec.status_date,  # type: ignore[attr-defined]
                                public_comment=getattr(rec, "public_comment", "") or "",
                            )
                        )
        EditionRecommendation.objects.bulk_create(rows, batch_size=500)
        record_change(
            actor=actor,
            instance=edition,
            action="edition_published",
            after={"title": title, "as_of": as_of.isoformat(), "recommendations": len(rows)},
        )
    return edition


# --- PDF -----------------------------------------------------------------------------------


def report_pdf_key(*, edition: Edition | None, language: str) -> str:
    """What a PDF is built from: an edition (frozen) or the live public registry, whose
    stamp and analyses change the key — a new key means a new PDF, an old one is reused."""
    if edition is not None:
        parts: tuple[Any, ...] = ("edition", edition.pk, language)
    else:
        from cairn.recommendations.selectors.registry import registry_stamp
        from cairn.reports.selectors import analyses_stamp, state_of_play_sections_stamp

        parts = ("live", language, timezone.localdate().isoformat(), registry_stamp(), analyses_stamp(), state_of_play_sections_stamp())
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def report_pdf_request(*, edition: Edition | None, language: str) -> ReportPdf:
    """The PDF for this data and language: the existing one, or a new one whose building is
    enqueued after commit. A failed one is tried again."""
    key = report_pdf_key(edition=edition, language=language)
    with transaction.atomic():
        pdf, created = ReportPdf.objects.get_or_create(key=key, defaults={"edition": edition, "language": language})
        if not created and pdf.state == ReportPdf.State.FAILED:
            ReportPdf.objects.filter(pk=pdf.pk).update(state=ReportPdf.State.PENDING, error="")
            pdf.state = ReportPdf.State.PENDING
            created = True
        if created:
            from cairn.reports.tasks import build_report_pdf

            transaction.on_commit(partial(build_report_pdf.enqueue, pdf_id=pdf.pk))
    return pdf


#: Lines of the annex laid out at once when building the PDF: WeasyPrint holds about 50 MB
#: per thousand until the part is written (``cairn.core.pdf.html_parts_to_pdf``).
PDF_PART_LINES = 1500


def _annex_parts(rows: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """The annex's lines in parts of about ``PDF_PART_LINES``, each ending where a theme
    does when one ends within half a part more (a part starts on a new page), at most
    half as long again otherwise. Always one part, the first, even with no line."""
    start, size = 0, PDF_PART_LINES
    while True:
        end = min(start + size, len(rows))
        limit = min(start + size + size // 2, len(rows))
        while end < limit and (rows[end].cycle, rows[end].theme) == (rows[end - 1].cycle, rows[end - 1].theme):
            end += 1
        yield rows[start:end]
        if end >= len(rows):
            return
        start = end


def report_pdf_build(*, pdf_id: int) -> str:
    """Render the PDF (WeasyPrint, from the page templates) and store it. Idempotent."""
    from django.core.files.base import ContentFile
    from django.template.loader import render_to_string

    from cairn.reports.selectors import pdf_context

    claimed = ReportPdf.objects.filter(pk=pdf_id, state=ReportPdf.State.PENDING).update(state=ReportPdf.State.RUNNING)
    if not claimed:  # built, being built, or gone
        return "skipped"
    pdf = ReportPdf.objects.select_related("edition").get(pk=pdf_id)
    try:
        from cairn.core.pdf import html_parts_to_pdf

        with translation.override(pdf.language):
            context = pdf_context(edition=pdf.edition)
            rows = context.pop("rows")
            parts = (
                render_to_string("reports/pdf.html", {**context, "rows": part, "continued": number > 0})
                for number, part in enumerate(_annex_parts(rows))
            )
            content = html_parts_to_pdf(
                parts, page_numbers=lambda total: render_to_string("reports/pdf_page_numbers.html", {"pages": range(total)})
            )
    except Exception as exc:  # a failed build is shown on the page, then retried on request
        ReportPdf.objects.filter(pk=pdf.pk).update(state=ReportPdf.State.FAILED, error=repr(exc)[:2000], finished_at=timezone.now())
        raise
    name = f"etat-des-lieux-{pdf.edition.slug if pdf.edition else 'actuel'}-{pdf.language}-{pdf.key[:8]}.pdf"
    pdf.file.save(name, ContentFile(content), save=False)
    pdf.state, pdf.size, pdf.finished_at = ReportPdf.State.READY, len(content or b""), timezone.now()
    pdf.save(update_fields=["file", "state", "size", "finished_at"])
    return "built"


# --- Open-data files -------------------------------------------------------------------------

#: A file asked for within this many days is built again, in the background, after each
#: change of the data; an older one only when someone asks for it again.
EXPORT_KEPT_WARM_DAYS = 30
#: A build still pending or running after this long is taken for lost (a worker that
#: stopped) and queued again by the next request.
EXPORT_LOST_AFTER = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class ExportVariant:
    """What decides a file's content besides the data: its name, language, audience
    (``public`` or ``internal``) and the registry's filters (validated, as strings)."""

    filename: str
    language: str
    audience: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def digest(self) -> str:
        return hashlib.sha256(repr((self.filename, self.language, self.audience, self.params)).encode()).hexdigest()

    def key(self, *, fresh: bool = False) -> str:
        """The variant for the data as it stands: the registry's stamp, today's date (the
        figures' trend ends today) and the licence and name the package states. ``fresh`` reads the stamp from the database, not
        from this process's cache (the worker's may lag behind a web process's write)."""
        from django.conf import settings

        from cairn.recommendations.selectors.registry import registry_stamp

        data = registry_stamp.compute() if fresh else registry_stamp()
        named = (settings.CAIRN_OPEN_DATA_LICENCE, settings.CAIRN_COOPERATIVE_NAME)  # what the package names
        return hashlib.sha256(repr((self.digest, timezone.localdate().isoformat(), data, named)).encode()).hexdigest()


def export_variant(*, filename: str, language: str, audience: str, params: dict[str, str]) -> ExportVariant:
    return ExportVariant(filename=filename, language=language, audience=audience, params=tuple(sorted(params.items())))


def export_request(
    *, variant: ExportVariant, requested_by: Any = None, key: str | None = None, asked_at: datetime.datetime | None = None
) -> ExportFile:
    """The file of ``variant`` for the current data: the one built or being built, or a new
    row whose build is queued in the bulk lane. ``key`` is unique, so two requests at once
    get the same row and the file is never built twice. A failed or lost build is queued
    again. Call it outside a transaction: the worker must see the row it is asked to build."""
    key = key or variant.key()
    export = ExportFile.objects.filter(key=key).first()
    if export is not None and (export.state == ReportPdf.State.READY or not _export_lost(export)):
        if requested_by is not None and export.asked_at < timezone.now() - datetime.timedelta(days=1):
            ExportFile.objects.filter(pk=export.pk).update(asked_at=timezone.now())  # still wanted: kept warm
        return export
    user = requested_by if getattr(requested_by, "is_authenticated", False) else None
    with transaction.atomic():
        export, created = ExportFile.objects.get_or_create(
            key=key,
            defaults={
                "variant": variant.digest,
                "filename": variant.filename,
                "language": variant.language,
                "audience": variant.audience,
                "params": dict(variant.params),
                "requested_by": user,
                "asked_at": asked_at or timezone.now(),
            },
        )
        if not created and export.state != ReportPdf.State.READY and (export.state == ReportPdf.State.FAILED or _export_lost(export)):
            ExportFile.objects.filter(pk=export.pk).update(
                state=ReportPdf.State.PENDING, error="", queued_at=timezone.now(), requested_by=user or export.requested_by
            )
            created = True
    if created:
        from cairn.reports.tasks import build_export

        build_export.enqueue(export_id=export.pk)
        export.refresh_from_db()  # built already when tasks run at once (the tests)
    return export


def export_file_missing(export: ExportFile) -> None:
    """A ready file that storage no longer holds (a database restored without its files, a
    lost volume): marked failed, so the next ``export_request`` builds it again."""
    ExportFile.objects.filter(pk=export.pk, state=ReportPdf.State.READY).update(
        state=ReportPdf.State.FAILED, error="the file was missing from storage"
    )


def _export_lost(export: ExportFile) -> bool:
    if export.state == ReportPdf.State.FAILED:
        return True
    return export.state != ReportPdf.State.READY and export.queued_at < timezone.now() - EXPORT_LOST_AFTER


def export_build(*, export_id: int) -> str:
    """Build the file ``export_id`` if nobody has (a re-run does nothing), store it in the
    private storage, then drop the files of the same variant built for older data. An
    internal file is built as the person who asked for it sees the registry, and refused
    if they may no longer see its internal part."""
    from django.core.files.base import ContentFile

    from cairn.recommendations.rules import can_see_internal
    from cairn.reports.forms import DashboardFilterForm
    from cairn.reports.opendata import file_content

    claimed = ExportFile.objects.filter(pk=export_id, state=ReportPdf.State.PENDING).update(state=ReportPdf.State.RUNNING)
    if not claimed:
        return "skipped"
    export = ExportFile.objects.select_related("requested_by").get(pk=export_id)
    viewer: Any = AnonymousUser() if export.audience == "public" else export.requested_by
    try:
        if viewer is None or (export.audience == "internal" and not can_see_internal(viewer)):
            raise PermissionError("internal file asked by someone who may no longer see it")
        filters = RegistryFilters(**DashboardFilterForm(export.params).valid_values())
        with translation.override(export.language):
            content = file_content(export.filename, viewer=viewer, filters=filters)
    except Exception as exc:  # shown as "try again"; the next request queues it again
        ExportFile.objects.filter(pk=export.pk).update(state=ReportPdf.State.FAILED, error=repr(exc)[:2000], finished_at=timezone.now())
        raise
    export.file.save(f"{export.variant[:16]}-{export.key[:8]}-{export.filename}", ContentFile(content), save=False)
    export.state, export.size, export.finished_at = ReportPdf.State.READY, len(content), timezone.now()
    export.save(update_fields=["file", "state", "size", "finished_at"])
    older = ExportFile.objects.filter(variant=export.variant, queued_at__lt=export.queued_at).exclude(pk=export.pk)
    for old in older.filter(state=ReportPdf.State.READY):
        old.file.delete(save=False)
    older.exclude(state=ReportPdf.State.RUNNING).delete()
    return "built"


#: Set in the cache every process shares while a refresh waits in the queue: the commits
#: made meanwhile (a seed, a campaign published row by row) queue no other one.
REFRESH_QUEUED = "cairn:open-data:refresh-queued"


def exports_refresh_claim() -> bool:
    """Whether a change of the data should queue a refresh: False while one already waits
    (ten minutes at most, should no worker run)."""
    from django.core.cache import caches

    from cairn.core.stamps import SHARED_CACHE

    return bool(caches[SHARED_CACHE].add(REFRESH_QUEUED, True, 600))


def exports_refresh() -> int:
    """After a change of the data: queue the build, for the data as it now stands, of every
    file asked for in the last ``EXPORT_KEPT_WARM_DAYS`` days (the latest request of each
    variant: its language, audience, filters and who asked). Returns how many were queued;
    a file already built or queued for this data is left alone."""
    from django.core.cache import caches

    from cairn.core.stamps import SHARED_CACHE

    caches[SHARED_CACHE].delete(REFRESH_QUEUED)  # first: a commit from now on queues another
    since = timezone.now() - datetime.timedelta(days=EXPORT_KEPT_WARM_DAYS)
    latest: dict[str, ExportFile] = {}
    for export in ExportFile.objects.filter(asked_at__gte=since).select_related("requested_by").order_by("asked_at", "pk"):
        latest[export.variant] = export
    queued = 0
    for export in latest.values():
        variant = export_variant(filename=export.filename, language=export.language, audience=export.audience, params=export.params)
        key = variant.key(fresh=True)
        if not ExportFile.objects.filter(key=key).exists():
            export_request(variant=variant, requested_by=export.requested_by, key=key, asked_at=export.asked_at)
            queued += 1
    return queued
