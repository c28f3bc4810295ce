"""The state of play's forms: the dashboard's filters are the registry's."""

from __future__ import annotations

from typing import Any

from cairn.recommendations.forms import RegistryFilterForm


class DashboardFilterForm(RegistryFilterForm):
    """The registry's filters (same names, same validation, same facet counts), without
    its sort order: a dashboard URL's query string opens the same recommendations in the
    registry."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["sort"]
