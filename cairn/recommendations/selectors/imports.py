"""Reads of the registry's uploaded files (the import page)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from cairn.recommendations.models import RegistryImport

#: How many of their latest uploads the import page lists to a coordinator.
RECENT_UPLOADS = 10


def recent_uploads(*, user: Any) -> QuerySet[RegistryImport]:
    """``user``'s latest uploads with their cycle, without the files' content."""
    return RegistryImport.objects.filter(created_by=user).select_related("cycle").defer("content")[:RECENT_UPLOADS]


def own_upload(*, user: Any, pk: int) -> RegistryImport | None:
    """One of ``user``'s uploads, or None: an upload is seen and confirmed only by its uploader."""
    return RegistryImport.objects.filter(pk=pk, created_by=user).first()
