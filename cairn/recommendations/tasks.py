"""Background work of the registry: applying a confirmed import, suggesting links between
cycles. Both are bulk work (cairn/core/lanes.py): an import of thousands of rows, and the
suggestions computed against every recommendation, must never hold up a PDF or an e-mail
someone is waiting for; the import's page follows its state meanwhile."""

from django.tasks import task

from cairn.core.lanes import BULK


@task(queue_name=BULK)
def apply_registry_import(*, import_id: int) -> bool:
    """Apply a confirmed registry import; a re-run finds it applied and does nothing."""
    from cairn.recommendations.services.imports import registry_import_run

    return registry_import_run(import_id=import_id)


@task(queue_name=BULK)
def refresh_link_suggestions(*, recommendation_ids: list[int]) -> int:
    """Suggest links to other cycles for recommendations just imported or changed."""
    from cairn.recommendations.services.suggestions import suggestions_refresh

    return suggestions_refresh(recommendation_ids=recommendation_ids)
