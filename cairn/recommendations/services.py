"""Every write to the registry goes through these functions; each is audited."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cairn.core.audit import record_change, snapshot
from cairn.core.search import normalise
from cairn.recommendations.models import (
    STATUSES_NEEDING_RATIONALE,
    Assessment,
    Campaign,
    CampaignAssignment,
    Recommendation,
    Status,
)
from cairn.recommendations.selectors import registry_stamp

RECOMMENDATION_FIELDS = ["section", "number", "title", "text", "kind", "language", "parent", "is_internal"]


def number_position(number: str) -> str:
    """A sort key for numbers as written: "2" < "2.3" < "10"; letters keep their order."""
    parts = re.findall(r"\d+|[^\d\W]+", number.lower())
    return ".".join(part.zfill(4) if part.isdigit() else part for part in parts)[:60] or "~"


def recommendation_reference(*, cycle_code: str, theme_code: str, number: str) -> str:
    """The stable public reference, e.g. ``2020-21/ACC/04``; it never changes afterwards."""
    cleaned = ".".join(part.zfill(2) if part.isdigit() else part for part in re.findall(r"\w+", number)) or number
    return f"{cycle_code}/{theme_code}/{cleaned}"


def recommendation_create(
    *, actor: Any, theme: Any, number: str, title: str, groups: Iterable[Any] = (), departments: Iterable[Any] = (), **fields: Any
) -> Recommendation:
    with transaction.atomic():
        recommendation = Recommendation(
            cycle=theme.cycle,
            theme=theme,
            number=number,
            position=number_position(number),
            title=title,
            reference=recommendation_reference(cycle_code=theme.cycle.code, theme_code=theme.code, number=number),
            **fields,
        )
        recommendation.full_clean(exclude=["groups", "departments"])
        recommendation.save()
        recommendation.groups.set(list(groups))
        recommendation.departments.set(list(departments))
        recommendation_refresh_search(recommendations=[recommendation])
        record_change(
            actor=actor, instance=recommendation, action="create", after=snapshot(recommendation, ["title", *RECOMMENDATION_FIELDS])
        )
    return recommendation


class StaleEdit(Exception):
    """The recommendation changed since the form was opened; the edit is refused."""


def recommendation_update(
    *,
    actor: Any,
    recommendation: Recommendation,
    departments: Iterable[Any] | None = None,
    expected_updated_at: datetime.datetime | None = None,
    **changes: Any,
) -> Recommendation:
    """Change text fields and the responsible departments; the cycle, theme and public
    reference never change. With ``expected_updated_at`` (the version the editor saw), an
    edit made on a version someone else has since changed raises ``StaleEdit``."""
    unknown = set(changes) - {"title", *RECOMMENDATION_FIELDS}
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        current = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
        if expected_updated_at is not None and current.updated_at != expected_updated_at:
            raise StaleEdit
        changes = {name: value for name, value in changes.items() if getattr(current, name) != value}
        before = snapshot(current, sorted(changes))
        old_departments = sorted(current.departments.values_list("pk", flat=True))
        new_departments = sorted(d.pk for d in departments) if departments is not None else old_departments
        if not changes and new_departments == old_departments:
            return current
        for name, value in changes.items():
            setattr(current, name, value)
        if "number" in changes:
            current.position = number_position(current.number)
        current.full_clean(exclude=["groups", "departments"])
        current.save(update_fields=[*changes, *(["position"] if "number" in changes else []), "updated_at"])
        after = snapshot(current, sorted(changes))
        if new_departments != old_departments:
            current.departments.set(new_departments)
            before["departments"], after["departments"] = old_departments, new_departments
        if set(changes) & SEARCHED_FIELDS:
            recommendation_refresh_search(recommendations=[current])
        record_change(actor=actor, instance=current, action="update", before=before, after=after)
    return current


#: The recommendation's own fields that ``search_text`` holds (with its theme's title and
#: its groups' names).
SEARCHED_FIELDS = {"number", "title", "section", "text"}


def recommendation_search_text(recommendation: Recommendation, group_names: Iterable[str]) -> str:
    parts = [
        recommendation.reference,
        recommendation.number,
        recommendation.title,
        recommendation.section,
        recommendation.text,
        recommendation.theme.title,
        *group_names,
    ]
    return normalise(" ".join(part for part in parts if part))


def recommendation_refresh_search(*, recommendations: Iterable[Recommendation]) -> int:
    """Rebuild ``search_text`` of these recommendations, e.g. after their groups changed or
    their theme was renamed: two reads, then a bulk UPDATE of the rows whose text changed."""
    recommendations = list(recommendations)
    ids = [r.pk for r in recommendations]
    rows = Recommendation.objects.filter(pk__in=ids).select_related("theme").prefetch_related("groups").order_by("pk")
    changed = []
    for row in rows:
        text = recommendation_search_text(row, sorted(group.name for group in row.groups.all()))
        if text != row.search_text:
            row.search_text = text
            changed.append(row)
    Recommendation.objects.bulk_update(changed, ["search_text"], batch_size=500)
    texts = {row.pk: row.search_text for row in changed}
    for recommendation in recommendations:  # keep the caller's instances in step
        if recommendation.pk in texts:
            recommendation.search_text = texts[recommendation.pk]
    return len(changed)


def _validate_assessment(status: str, public_comment: str, effective_date: datetime.date) -> None:
    errors: dict[str, list[str]] = {}
    if status not in Status.values or status == Status.NOT_ASSESSED:
        errors["status"] = [_("Choisissez un état d’avancement.")]
    if status in STATUSES_NEEDING_RATIONALE and not public_comment.strip():
        errors["public_comment"] = [_("Une recommandation rejetée ou reportée doit être expliquée publiquement.")]
    if effective_date > timezone.localdate():
        errors["effective_date"] = [_("La date d’effet ne peut pas être dans le futur.")]
    if errors:
        raise ValidationError(errors)


def assessment_record(
    *,
    actor: Any,
    recommendation: Recommendation,
    status: str,
    effective_date: datetime.date,
    public_comment: str = "",
    internal_note: str = "",
    publish: bool = True,
    campaign: Campaign | None = None,
    **evidence: Any,
) -> Assessment:
    """Record an assessment: published at once by the coordination team, or proposed
    within a campaign for a coordinator to review."""
    _validate_assessment(status, public_comment, effective_date)
    allowed = {"interviewee", "interviewee_role", "interviewee_department", "interview_date", "source", "notes"}
    if set(evidence) - allowed:
        raise ValueError(f"Unknown evidence fields: {sorted(set(evidence) - allowed)}")
    now = timezone.now()
    with transaction.atomic():
        assessment = Assessment.objects.create(
            recommendation=recommendation,
            campaign=campaign,
            status=status,
            effective_date=effective_date,
            assessed_by=actor if getattr(actor, "is_authenticated", False) else None,
            public_comment=public_comment.strip(),
            internal_note=internal_note.strip(),
            published_at=now if publish else None,
            published_by=actor if publish and getattr(actor, "is_authenticated", False) else None,
            **evidence,
        )
        record_change(
            actor=actor,
            instance=recommendation,
            action="assessment_published" if publish else "assessment_proposed",
            after={"status": status, "effective_date": effective_date.isoformat(), "assessment": assessment.pk},
        )
        if publish:
            from cairn.recommendations.follows import notify_assessment_published

            notify_assessment_published(assessment=assessment, recommendation=recommendation, actor=actor)
    return assessment


def assessment_publish(*, actor: Any, assessments: Iterable[Assessment]) -> int:
    """Publish proposed assessments (one or many); already published ones are left alone,
    and so are proposals sent back to their author (they wait for the author's edit).

    Each row is published by a conditional ``UPDATE … WHERE published_at IS NULL``: of two
    coordinators publishing the same proposal at once, exactly one updates the row and
    audits it (SQLite has no ``SELECT … FOR UPDATE``; PostgreSQL also takes the row locks).
    """
    now = timezone.now()
    published = 0
    with transaction.atomic():
        candidates = Assessment.objects.select_for_update(of=("self",)).filter(
            pk__in=[a.pk for a in assessments], published_at__isnull=True, returned_at__isnull=True
        )
        for assessment in candidates.select_related("recommendation").order_by("pk"):
            won = Assessment.objects.filter(pk=assessment.pk, published_at__isnull=True, returned_at__isnull=True).update(
                published_at=now, published_by=actor
            )
            if not won:
                continue
            record_change(
                actor=actor,
                instance=assessment.recommendation,
                action="assessment_published",
                after={"status": assessment.status, "effective_date": assessment.effective_date.isoformat(), "assessment": assessment.pk},
            )
            from cairn.recommendations.follows import notify_assessment_published

            notify_assessment_published(assessment=assessment, recommendation=assessment.recommendation, actor=actor)
            published += 1
        if published:
            registry_stamp.forget()  # the UPDATE above sends no signal
    return published


def campaign_open(*, actor: Any, name: str, description: str = "") -> Campaign:
    with transaction.atomic():
        campaign = Campaign(name=name.strip(), description=description, opened_by=actor)
        campaign.full_clean()
        campaign.save()
        record_change(actor=actor, instance=campaign, action="create", after={"name": campaign.name})
    return campaign


def campaign_assign(*, actor: Any, campaign: Campaign, recommendations: Iterable[Recommendation], assignee: Any) -> int:
    """Assign many recommendations to one person; re-assigning moves them."""
    ids = sorted({r.pk for r in recommendations})
    if campaign.state != Campaign.State.OPEN:
        raise ValidationError(_("Cette campagne est clôturée : on ne peut plus y attribuer de recommandations."))
    if not rules.has_perm("recommendations.propose_assessment", assignee):
        raise ValidationError(
            {"assignee": [_("Cette personne ne peut pas proposer d’évaluation : donnez-lui d’abord un rôle d’animation ou de direction.")]}
        )
    with transaction.atomic():
        previous = dict(
            CampaignAssignment.objects.select_for_update()
            .filter(campaign=campaign, recommendation_id__in=ids)
            .values_list("recommendation_id", "assignee_id")
        )
        CampaignAssignment.objects.filter(campaign=campaign, recommendation_id__in=previous).update(assignee=assignee)
        CampaignAssignment.objects.bulk_create(
            [CampaignAssignment(campaign=campaign, recommendation_id=pk, assignee=assignee) for pk in ids if pk not in previous],
            ignore_conflicts=True,  # a concurrent assignment of the same recommendation keeps the first one
        )
        record_change(
            actor=actor,
            instance=campaign,
            action="assign",
            before={"assignees": {str(pk): previous[pk] for pk in ids if pk in previous}},
            after={"assignee": assignee.pk, "recommendations": ids},
        )
    return len(ids)


def campaign_close(*, actor: Any, campaign: Campaign) -> bool:
    """Close an open campaign: nobody proposes in it any more; proposals already made can
    still be reviewed. Closing a closed campaign changes nothing and returns False."""
    with transaction.atomic():
        closed = Campaign.objects.filter(pk=campaign.pk, state=Campaign.State.OPEN).update(
            state=Campaign.State.CLOSED, updated_at=timezone.now()
        )
        if closed:
            record_change(
                actor=actor,
                instance=campaign,
                action="close",
                before={"state": Campaign.State.OPEN},
                after={"state": Campaign.State.CLOSED},
            )
    campaign.refresh_from_db(fields=["state", "updated_at"])
    return bool(closed)


#: What an interviewer may write on a proposal (and change until it is published).
PROPOSAL_FIELDS = [
    "status",
    "effective_date",
    "public_comment",
    "internal_note",
    "interviewee",
    "interviewee_role",
    "interviewee_department",
    "interview_date",
    "source",
    "notes",
]


def assessment_propose(
    *,
    actor: Any,
    assignment: CampaignAssignment,
    status: str,
    effective_date: datetime.date,
    public_comment: str = "",
    internal_note: str = "",
    **evidence: Any,
) -> Assessment:
    """Propose a status for an assigned recommendation, with the interview behind it, for a
    coordinator to review. One proposal at a time per recommendation and campaign: while
    one waits (or was sent back), its author edits it with ``assessment_proposal_update``.

    Department leads propose for their department's recommendations or what is assigned to
    them; facilitators only for what is assigned to them (``rules.py``).
    """
    if not rules.has_perm("recommendations.propose_for_assignment", actor, assignment):
        raise PermissionDenied(_("Vous ne pouvez pas proposer d’évaluation pour cette recommandation."))
    campaign = assignment.campaign
    with transaction.atomic():
        # Writing to the assignment row first serialises proposals for the same
        # recommendation: a row lock on PostgreSQL, the database write lock on SQLite.
        CampaignAssignment.objects.filter(pk=assignment.pk).update(assigned_at=F("assigned_at"))
        if not Campaign.objects.filter(pk=campaign.pk, state=Campaign.State.OPEN).exists():
            raise ValidationError(_("Cette campagne est clôturée : elle ne reçoit plus de propositions."))
        if Assessment.objects.proposals().filter(campaign=campaign, recommendation_id=assignment.recommendation_id).exists():
            raise ValidationError(_("Une proposition attend déjà la relecture pour cette recommandation : modifiez-la plutôt."))
        return assessment_record(
            actor=actor,
            recommendation=assignment.recommendation,
            status=status,
            effective_date=effective_date,
            public_comment=public_comment,
            internal_note=internal_note,
            publish=False,
            campaign=campaign,
            **evidence,
        )


def _proposal_snapshot(assessment: Assessment) -> dict[str, Any]:
    data = snapshot(assessment, PROPOSAL_FIELDS)
    data["assessment"] = assessment.pk
    return data


def assessment_proposal_update(*, actor: Any, assessment: Assessment, **changes: Any) -> Assessment:
    """Change a proposal: only its author, only until it is published. A proposal that was
    sent back goes back to the reviewers' queue."""
    unknown = set(changes) - set(PROPOSAL_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    if assessment.assessed_by_id is None or assessment.assessed_by_id != getattr(actor, "pk", None):
        raise PermissionDenied(_("Seule la personne qui a fait cette proposition peut la modifier."))
    changes = {name: value.strip() if isinstance(value, str) else value for name, value in changes.items()}
    merged = {name: changes.get(name, getattr(assessment, name)) for name in ("status", "public_comment", "effective_date")}
    _validate_assessment(merged["status"], merged["public_comment"], merged["effective_date"])
    with transaction.atomic():
        before = _proposal_snapshot(assessment)
        # Conditional: a proposal published in the meantime is never changed.
        updated = Assessment.objects.filter(pk=assessment.pk, published_at__isnull=True).update(**changes, returned_at=None, review_note="")
        if not updated:
            raise ValidationError(_("Cette proposition vient d’être publiée : elle ne peut plus être modifiée."))
        assessment.refresh_from_db()
        record_change(
            actor=actor,
            instance=assessment.recommendation,
            action="assessment_proposal_updated",
            before=before,
            after=_proposal_snapshot(assessment),
        )
    return assessment


def assessment_return(*, actor: Any, assessment: Assessment, note: str) -> bool:
    """Send a proposal back to its author with a note saying what to change. Returns False
    when it was published or sent back in the meantime (nothing changes then)."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": [_("Expliquez à l’auteur·rice ce qu’il faut revoir.")]})
    with transaction.atomic():
        returned = Assessment.objects.filter(pk=assessment.pk, published_at__isnull=True, returned_at__isnull=True).update(
            returned_at=timezone.now(), review_note=note
        )
        if returned:
            record_change(
                actor=actor,
                instance=assessment.recommendation,
                action="assessment_returned",
                after={"assessment": assessment.pk, "review_note": note},
            )
    assessment.refresh_from_db(fields=["returned_at", "review_note", "published_at"])
    return bool(returned)


# --- registry import -------------------------------------------------------------------


class RegistryImportChanged(Exception):
    """The registry changed since the preview: the plan is no longer what was shown."""


def registry_import(*, plan: Any, actor: Any) -> dict[str, int]:
    """Apply a checked ``importers.RegistryPlan`` in one transaction, audited like any edit.

    Only a plan without errors is applied: one bad row and nothing is written. Returns the
    plan's summary (what was created, updated, left unchanged).
    """
    from cairn.recommendations.models import Cycle, GroupPerson, Theme, ThemeCategory, WorkingGroup

    if not plan.ok:
        raise ValueError("An import plan with errors cannot be applied.")
    source = _("Import du registre : %(file)s") % {"file": plan.filename} if plan.filename else _("Import du registre")
    summary = plan.summary()  # before applying: the plan's entries get their new objects as it goes
    with transaction.atomic():
        categories: dict[int, ThemeCategory] = {}
        for category_plan in plan.categories:
            if category_plan.instance is None:
                category = ThemeCategory(slug=category_plan.slug, name_fr=category_plan.name)
                category.full_clean()
                category.save()
                record_change(actor=actor, instance=category, action="create", after={"name_fr": category.name_fr, "slug": category.slug})
                category_plan.instance = category
            categories[id(category_plan)] = category_plan.instance
        for cycle_plan in plan.cycles:
            if cycle_plan.instance is None:
                cycle = Cycle(
                    name=cycle_plan.name,
                    slug=cycle_plan.slug,
                    code=cycle_plan.code,
                    country=cycle_plan.country,
                    starts_on=cycle_plan.starts_on,
                )
                cycle.full_clean()
                cycle.save()
                record_change(
                    actor=actor, instance=cycle, action="create", after=snapshot(cycle, ["name", "slug", "code", "country", "starts_on"])
                )
                cycle_plan.instance = cycle
        for theme_plan in plan.themes:
            theme_category = theme_plan.category.instance if theme_plan.category else None
            if theme_plan.instance is None:
                theme = Theme(
                    cycle=theme_plan.cycle.instance,
                    title=theme_plan.title,
                    code=theme_plan.code,
                    category=theme_category,
                    introduction=theme_plan.introduction,
                )
                theme.full_clean()
                theme.save()
                record_change(
                    actor=actor, instance=theme, action="create", after=snapshot(theme, ["title", "code", "category", "introduction"])
                )
                theme_plan.instance = theme
            elif theme_plan.changes:
                theme = theme_plan.instance
                fields = sorted(theme_plan.changes)
                before = snapshot(theme, fields)
                if "category" in theme_plan.changes:
                    theme.category = theme_category
                if "introduction" in theme_plan.changes:
                    theme.introduction = theme_plan.introduction
                theme.save(update_fields=[*fields, "updated_at"])
                record_change(actor=actor, instance=theme, action="update", before=before, after=snapshot(theme, fields))
        for group_plan in plan.groups:
            if group_plan.instance is None:
                group = WorkingGroup(
                    theme=group_plan.theme.instance, name=group_plan.name, cities=group_plan.name, languages=group_plan.languages
                )
                group.full_clean(exclude=["languages", "meeting_dates"])  # JSON lists may be empty
                group.save()
                record_change(actor=actor, instance=group, action="create", after=snapshot(group, ["name", "cities", "languages"]))
                group_plan.instance = group
            if group_plan.new_people:
                GroupPerson.objects.bulk_create(
                    GroupPerson(group=group_plan.instance, role=role, name=name) for role, name in group_plan.new_people
                )
                record_change(
                    actor=actor,
                    instance=group_plan.instance,
                    action="people_added",
                    after={"people": [f"{role}: {name}" for role, name in group_plan.new_people]},
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

        touched_search: list[Recommendation] = []
        # Parents before their sub-items, so that each sub-item finds its parent.
        for rec_plan in sorted(plan.recommendations, key=lambda p: len(p.parent_number.split(".")) if p.parent_number else 0):
            parent = by_key[(rec_plan.theme.key, rec_plan.parent_number)] if rec_plan.parent_number else None
            groups = [g.instance for g in rec_plan.groups] if rec_plan.groups is not None else []
            if rec_plan.instance is None:
                recommendation = recommendation_create(
                    actor=actor,
                    theme=rec_plan.theme.instance,
                    number=rec_plan.number,
                    title=rec_plan.title,
                    groups=groups,
                    departments=rec_plan.departments or [],
                    section=rec_plan.section,
                    text=rec_plan.text,
                    kind=rec_plan.kind,
                    language=rec_plan.language or "fr",
                    parent=parent,
                )
                rec_plan.instance = recommendation
                by_key[(rec_plan.theme.key, rec_plan.number)] = recommendation
                continue
            existing = rec_plan.instance
            field_changes: dict[str, Any] = {
                name: (parent if name == "parent" else getattr(rec_plan, name))
                for name in rec_plan.changes
                if name in {"title", "text", "section", "kind", "language", "parent"}
            }
            if field_changes:
                recommendation_update(actor=actor, recommendation=existing, **field_changes)
            if "groups" in rec_plan.changes:
                existing.groups.add(*groups)
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

        for assessment_plan in plan.assessments:
            assessment_record(
                actor=actor,
                recommendation=assessment_plan.recommendation.instance,
                status=assessment_plan.status,
                effective_date=assessment_plan.effective_date,
                public_comment=assessment_plan.public_comment,
                source=source[:300],
            )
    return summary


def registry_import_stage(*, actor: Any, filename: str, content: bytes, cycle: Any = None, category: Any = None) -> Any:
    """Keep an uploaded file until its uploader confirms the preview; pending uploads past
    ``CAIRN_REGISTRY_IMPORT_TTL`` expire and lose their content."""
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
        )
    return staged


def registry_import_plan(*, staged: Any) -> Any:
    """The plan of a staged upload, recomputed against the registry as it is now."""
    from cairn.recommendations.importers import read_registry_file

    return read_registry_file(bytes(staged.content), staged.filename, cycle=staged.cycle, category=staged.category)


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
