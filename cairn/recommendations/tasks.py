"""Background work of the registry: applying a confirmed import."""

from django.tasks import task


@task()
def apply_registry_import(*, import_id: int) -> bool:
    """Apply a confirmed registry import; a re-run finds it applied and does nothing."""
    from cairn.recommendations.services.imports import registry_import_run

    return registry_import_run(import_id=import_id)
