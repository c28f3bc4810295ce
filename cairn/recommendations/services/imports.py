"""The registry import: stage an upload, preview its plan, confirm it, apply it in a task.
All or nothing, idempotent, audited like any edit."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import record_change
from cairn.recommendations.models import Assessment, GroupPerson, Recommendation
from cairn.recommendations.services.assessments import assessment_record_many
from cairn.recommendations.services.recommendations import (
    NewRecommendation,
    recommendation_create_many,
    recommendation_refresh_search,
    recommendation_translate,
    recommendation_update,
)
from cairn.recommendations.services.structure import (
    cycle_create,
    group_people_add,
    theme_category_create,
    theme_create,
    theme_update,
    working_group_create,
)
from cairn.recommendations.services.suggestions import suggestions_refresh_later

# --- registry import -------------------------------------------------------------------


class RegistryImportChanged(Exception):
    """The registry changed since the preview: the plan is no longer what was shown."""


def registry_import(*, plan: Any, actor: Any) -> dict[str, int]:
    """Apply a checked ``importers.RegistryPlan`` in one transaction, audited like any edit.

    Only a plan without errors is applied: one bad row and nothing is written. Returns the
    plan's summary (what was created, updated, left unchanged).
    """
    if not plan.ok:
        raise ValueError("An import plan with errors cannot be applied.")
    source = _("Import du registre : %(file)s") % {"file": plan.filename} if plan.filename else _("Import du registre")
    summary = plan.summary()  # before applying: the plan's entries get their new objects as it goes
    with transaction.atomic():
        for category_plan in plan.categories:
            if category_plan.instance is None:
                category_plan.instance = theme_category_create(actor=actor, slug=category_plan.slug, name_fr=category_plan.name)
        for cycle_plan in plan.cycles:
            if cycle_plan.instance is None:
                cycle_plan.instance = cycle_create(
                    actor=actor,
                    name=cycle_plan.name,
                    slug=cycle_plan.slug,
                    code=cycle_plan.code,
                    country=cycle_plan.country,
                    starts_on=cycle_plan.starts_on,
                )
        for theme_plan in plan.themes:
            theme_category = theme_plan.category.instance if theme_plan.category else None
            if theme_plan.instance is None:
                theme_plan.instance = theme_create(
                    actor=actor,
                    cycle=theme_plan.cycle.instance,
                    title=theme_plan.title,
                    code=theme_plan.code,
                    category=theme_category,
                    introduction=theme_plan.introduction,
                )
            elif theme_plan.changes:
                changes = {"category": theme_category, "introduction": theme_plan.introduction}
                theme_plan.instance = theme_update(
                    actor=actor, theme=theme_plan.instance, **{name: changes[name] for name in theme_plan.changes}
                )
        for group_plan in plan.groups:
            if group_plan.instance is None:
                group_plan.instance = working_group_create(
                    actor=actor,
                    theme=group_plan.theme.instance,
                    name=group_plan.name,
                    cities=group_plan.name,
                    languages=group_plan.languages,
                )
            if group_plan.new_people:
                group_people_add(
                    actor=actor,
                    group=group_plan.instance,
                    people=[GroupPerson(role=role, name=name) for role, name in group_plan.new_people],
                )

        by_key: dict[tuple[Any, str], Recommendation] = {}
        for rec_plan in plan.recommendations:
            if rec_plan.instance is not None:
                by_key[(rec_plan.theme.key, rec_plan.number)] = rec_plan.instance
        parents_needed = {(p.theme.key, p.parent_number) for p in plan.recommendations if p.parent_number}
        missing_parents = [key for key in parents_needed if key not in by_key and key[1] not in {p.number for p in plan.recommendations}]
        if missing_parents:
            theme_ids = {p.theme.instance.pk: p.theme.key for p in plan.recommendations}
            for found in Recommendation.objects.filter(theme_id__in=theme_ids, number__in=[n for _k, n in missing_parents]):
                by_key[(theme_ids[found.theme_id], found.number)] = found

        # New recommendations at once (the service writes parents before their sub-items)…
        new: dict[tuple[Any, str], NewRecommendation] = {
            (rec_plan.theme.key, rec_plan.number): NewRecommendation(
                theme=rec_plan.theme.instance,
                number=rec_plan.number,
                title=rec_plan.title,
                groups=[g.instance for g in rec_plan.groups] if rec_plan.groups is not None else [],
                departments=rec_plan.departments or [],
                section=rec_plan.section,
                text=rec_plan.text,
                kind=rec_plan.kind,
                language=rec_plan.language or "fr",
                number_assigned=rec_plan.number_assigned,
            )
            for rec_plan in plan.recommendations
            if rec_plan.instance is None
        }
        to_create = [rec_plan for rec_plan in plan.recommendations if rec_plan.instance is None]
        for rec_plan in to_create:
            if rec_plan.parent_number:
                parent_key = (rec_plan.theme.key, rec_plan.parent_number)
                new[(rec_plan.theme.key, rec_plan.number)].parent = new.get(parent_key) or by_key[parent_key]
        created = recommendation_create_many(actor=actor, recommendations=list(new.values()))
        for rec_plan, recommendation in zip(to_create, created, strict=True):
            rec_plan.instance = recommendation
            by_key[(rec_plan.theme.key, rec_plan.number)] = recommendation

        # … then the changes to those already in the registry.
        touched_search: list[Recommendation] = []
        just_created = {id(rec_plan) for rec_plan in to_create}
        for rec_plan in plan.recommendations:
            if id(rec_plan) in just_created or not rec_plan.changes:
                continue
            existing = rec_plan.instance
            parent = by_key[(rec_plan.theme.key, rec_plan.parent_number)] if rec_plan.parent_number else None
            field_changes: dict[str, Any] = {
                name: (parent if name == "parent" else getattr(rec_plan, name))
                for name in rec_plan.changes
                if name in {"title", "text", "section", "kind", "language", "parent"}
            }
            if field_changes:
                recommendation_update(actor=actor, recommendation=existing, **field_changes)
            if "groups" in rec_plan.changes:
                existing.groups.add(*[g.instance for g in rec_plan.groups or []])
                touched_search.append(existing)
                record_change(actor=actor, instance=existing, action="groups_added", after={"groups": rec_plan.changes["groups"][1]})
            if "departments" in rec_plan.changes:
                existing.departments.set(rec_plan.departments or [])
                record_change(
                    actor=actor,
                    instance=existing,
                    action="departments_set",
                    after={"departments": [d.code for d in rec_plan.departments or []]},
                )
        if touched_search:
            recommendation_refresh_search(recommendations=touched_search)

        # Translations (a bilingual pad's other half), new or changed, once the originals are as planned.
        for rec_plan in plan.recommendations:
            for language, (title, text) in sorted(rec_plan.translations.items()):
                recommendation_translate(actor=actor, recommendation=rec_plan.instance, language=language, title=title, text=text)

        # What is new or changed may resemble recommendations of other cycles: suggested in the background.
        changed = [r.instance.pk for r in plan.recommendations if id(r) in just_created or r.changes or r.translations]
        suggestions_refresh_later(changed)

        assessment_record_many(
            actor=actor,
            assessments=[
                Assessment(
                    recommendation=assessment_plan.recommendation.instance,
                    status=assessment_plan.status,
                    effective_date=assessment_plan.effective_date,
                    public_comment=assessment_plan.public_comment,
                    source=source[:300],
                )
                for assessment_plan in plan.assessments
            ],
        )
    return summary


def registry_import_stage(
    *, actor: Any, filename: str, content: bytes, cycle: Any = None, category: Any = None, new_cycle: Any = None
) -> Any:
    """Keep an uploaded file until its uploader confirms the preview; pending uploads past
    ``CAIRN_REGISTRY_IMPORT_TTL`` expire and lose their content. ``new_cycle`` (a
    ``plan.NewCycle``) describes a cycle the import creates."""
    import hashlib

    from django.conf import settings

    from cairn.recommendations.models import RegistryImport

    with transaction.atomic():
        RegistryImport.objects.pending().filter(created_at__lt=timezone.now() - settings.CAIRN_REGISTRY_IMPORT_TTL).update(
            state=RegistryImport.State.EXPIRED, content=b""
        )
        staged = RegistryImport.objects.create(
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            filename=filename[:255],
            content=content,
            sha256=hashlib.sha256(content).hexdigest(),
            size=len(content),
            cycle=cycle,
            category=category,
            new_cycle_name=new_cycle.name if new_cycle else "",
            new_cycle_country=new_cycle.country if new_cycle else "",
            new_cycle_starts_on=new_cycle.starts_on if new_cycle else None,
        )
    return staged


def registry_import_plan(*, staged: Any, resemblances: bool = False) -> Any:
    """The plan of a staged upload, recomputed against the registry as it is now; with
    ``resemblances``, each new recommendation is flagged with the existing ones of other
    cycles it resembles (the preview shows them)."""
    from cairn.recommendations.imports.plan import NewCycle
    from cairn.recommendations.imports.reading import read_registry_file

    new_cycle = NewCycle(staged.new_cycle_name, staged.new_cycle_country, staged.new_cycle_starts_on) if staged.new_cycle_name else None
    plan = read_registry_file(bytes(staged.content), staged.filename, cycle=staged.cycle, category=staged.category, new_cycle=new_cycle)
    if resemblances and plan.ok:
        from cairn.recommendations.selectors.suggestions import flag_resemblances

        flag_resemblances(plan)
    return plan


def registry_import_confirm(*, staged: Any, fingerprint: str) -> bool:
    """Queue a staged upload for import once its uploader confirmed the preview whose
    ``fingerprint`` they saw. The import itself runs in a background task
    (``tasks.apply_registry_import``): a file of thousands of rows never holds a web worker.

    Returns False when there was nothing to do (already queued, applied or expired).
    Raises ``RegistryImportChanged`` when the registry changed since that preview and
    ``ValueError`` when the plan has errors; in both cases nothing is queued."""
    from django.conf import settings

    from cairn.recommendations.models import RegistryImport
    from cairn.recommendations.tasks import apply_registry_import

    still_pending = RegistryImport.objects.filter(
        pk=staged.pk, state=RegistryImport.State.PENDING, created_at__gte=timezone.now() - settings.CAIRN_REGISTRY_IMPORT_TTL
    )
    if not still_pending.exists():
        return False
    plan = registry_import_plan(staged=staged)
    if not plan.ok:
        raise ValueError("An import plan with errors cannot be applied.")
    if plan.fingerprint() != fingerprint:
        raise RegistryImportChanged
    with transaction.atomic():
        # An atomic conditional UPDATE: of two confirmations racing, only one wins (SQLite too).
        claimed = still_pending.update(
            state=RegistryImport.State.QUEUED,
            fingerprint=fingerprint,
            confirmed_at=timezone.now(),
            failure=RegistryImport.Failure.NONE,
        )
        if claimed:
            import_id = staged.pk
            transaction.on_commit(lambda: apply_registry_import.enqueue(import_id=import_id))
    staged.refresh_from_db()
    return bool(claimed)


def registry_import_run(*, import_id: int) -> bool:
    """Apply a queued upload, all or nothing, as its uploader. Safe to run twice: only a
    queued upload is applied, and applying it marks it applied in the same transaction.

    When the registry changed since the confirmed preview, or the file no longer passes,
    nothing is written and the upload goes back to pending with the reason, so its
    uploader sees the fresh preview and may confirm again. Returns True when applied."""
    from cairn.recommendations.models import RegistryImport

    staged = RegistryImport.objects.select_related("created_by", "cycle", "category").filter(pk=import_id).first()
    if staged is None or staged.state != RegistryImport.State.QUEUED:
        return False

    def fail(reason: str) -> None:
        RegistryImport.objects.filter(pk=import_id, state=RegistryImport.State.QUEUED).update(
            state=RegistryImport.State.PENDING, failure=reason
        )

    try:
        with transaction.atomic():
            claimed = RegistryImport.objects.filter(pk=import_id, state=RegistryImport.State.QUEUED).update(
                state=RegistryImport.State.APPLIED, applied_at=timezone.now()
            )
            if not claimed:
                return False
            plan = registry_import_plan(staged=staged)
            if not plan.ok:
                raise ValueError("An import plan with errors cannot be applied.")
            if plan.fingerprint() != staged.fingerprint:
                raise RegistryImportChanged
            summary = registry_import(plan=plan, actor=staged.created_by)
            RegistryImport.objects.filter(pk=import_id).update(summary=summary)
    except RegistryImportChanged:
        fail(RegistryImport.Failure.CHANGED)
        return False
    except (ValueError, ValidationError):  # importers.ImportFileError is a ValueError
        fail(RegistryImport.Failure.INVALID)
        return False
    except Exception:
        fail(RegistryImport.Failure.ERROR)
        raise
    return True
