"""How many recommendations have each status, and the rates derived from them: the one
definition (DESIGN.md §4) behind every page, export, PDF and the command line.

- assessed = every status but "not assessed";
- completion rate = done ÷ assessed;
- engagement rate = (done + in progress) ÷ assessed;
- a rate is ``None`` when nothing is assessed, and is always shown with its counts.

``StatusCounts.of_queryset`` counts in one grouped query; the state of play's figures
(``cairn.reports.figures``) build the same object from their grouped counts. Pages show a
rate with the ``percent`` template filter (``registry_tags``), exports with ``rounded``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cairn.recommendations.models import STATUS_TONES, Status

#: Every status, in the order the pages and the report list them.
STATUS_KEYS: tuple[str, ...] = tuple(Status.values)
#: The decimals a rate keeps in the exports (JSON, CSV, XLSX): 0.6667.
RATE_DECIMALS = 4


def rate(part: int, whole: int) -> float | None:
    """``part ÷ whole``, or None when the whole is nothing."""
    return part / whole if whole else None


def rounded(value: float | None) -> float | None:
    """A rate as the exports give it."""
    return None if value is None else round(value, RATE_DECIMALS)


def percent(value: float | None) -> str:
    """A rate as a whole percentage in the reader's language ("67 %"); a dash when there is none."""
    if value is None:
        return "—"
    return _("%(percent)s %%") % {"percent": number_format(round(100 * value))}


@dataclass(frozen=True)
class StatusBadge:
    status: str
    label: str
    tone: str
    count: int


@dataclass(frozen=True)
class StatusCounts:
    """How many recommendations have each status, and the rates derived from them."""

    by_status: Mapping[str, int]

    @classmethod
    def of(cls, counts: Mapping[str, int]) -> StatusCounts:
        return cls({key: int(counts.get(key, 0)) for key in STATUS_KEYS})

    @classmethod
    def of_queryset(cls, recommendations: QuerySet[Any]) -> StatusCounts:
        """The counts of ``recommendations`` (annotated ``with_status``): one grouped COUNT."""
        # ``status`` is an annotation (``with_status``), which the type checker cannot see.
        grouped = recommendations.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
        return cls.of(dict(grouped))

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def assessed(self) -> int:
        return self.total - self.by_status[Status.NOT_ASSESSED]

    @property
    def done(self) -> int:
        return self.by_status[Status.DONE]

    @property
    def engaged(self) -> int:
        """Done or in progress: the numerator of the engagement rate."""
        return self.by_status[Status.DONE] + self.by_status[Status.IN_PROGRESS]

    @property
    def completion_rate(self) -> float | None:
        return rate(self.done, self.assessed)

    @property
    def engagement_rate(self) -> float | None:
        return rate(self.engaged, self.assessed)

    @property
    def badges(self) -> list[StatusBadge]:
        """Each status with its label, badge tone and count, in the registry's order."""
        return [
            StatusBadge(status=value, label=str(label), tone=STATUS_TONES[Status(value)], count=self.by_status[value])
            for value, label in Status.choices
        ]

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "by_status": dict(self.by_status),
            "assessed": self.assessed,
            "done": self.done,
            "engaged": self.engaged,
            "completion_rate": rounded(self.completion_rate),
            "engagement_rate": rounded(self.engagement_rate),
        }
