"""Template helpers of experiments: ``{% load experiments_tags %}``."""

from __future__ import annotations

from typing import Any

from django import template

from cairn.experiments.models import CALL_STATE_TONES, GROUP_STATUS_TONES, CallState, GroupStatus

register = template.Library()


@register.inclusion_tag("components/badge.html")
def call_state_badge(value: str) -> dict[str, Any]:
    state = CallState(value) if value in CallState.values else CallState.DRAFT
    return {"label": state.label, "tone": CALL_STATE_TONES[state]}


@register.inclusion_tag("components/badge.html")
def group_status_badge(value: str) -> dict[str, Any]:
    status = GroupStatus(value) if value in GroupStatus.values else GroupStatus.FORMING
    return {"label": status.label, "tone": GROUP_STATUS_TONES[status]}
