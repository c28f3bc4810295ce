"""Template helpers of experiments: ``{% load experiments_tags %}``."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from cairn.accounts.models import Language
from cairn.core import grouping
from cairn.core.templatetags.components import badge_html
from cairn.experiments.models import CALL_STATE_TONES, GROUP_STATUS_TONES, CallState, GroupStatus, Moment, Rhythm
from cairn.experiments.services.proposals import ONLINE

register = template.Library()


@register.simple_tag
def call_state_badge(value: str) -> SafeString:
    state = CallState(value) if value in CallState.values else CallState.DRAFT
    return badge_html(state.label, CALL_STATE_TONES[state])


@register.simple_tag
def group_status_badge(value: str) -> SafeString:
    status = GroupStatus(value) if value in GroupStatus.values else GroupStatus.FORMING
    return badge_html(status.label, GROUP_STATUS_TONES[status])


def _slot(slot: str) -> str:
    rhythm, _sep, moment = (slot or "").partition("|")
    labels = {**dict(Rhythm.choices), **dict(Moment.choices)}
    return " · ".join(str(labels.get(part, part)) for part in (rhythm, moment) if part)


def _word(code: str, data: dict[str, Any]) -> str:
    languages = dict(Language.choices)
    if code == grouping.PREFERENCE:
        return str(_("a exprimé son intérêt pour ce sujet"))
    if code == grouping.LANGUAGE:
        return str(
            _("parle la langue du groupe : %(language)s") % {"language": languages.get(data.get("language", ""), data.get("language", ""))}
        )
    if code == grouping.PLACE:
        place = data.get("place")
        if place in (None, ONLINE):
            return str(_("peut se réunir en ligne"))
        return str(_("même lieu : %(place)s") % {"place": place})
    if code == grouping.AVAILABLE:
        return str(_("disponible au rythme et au moment du groupe : %(slot)s") % {"slot": _slot(data.get("slot", ""))})
    if code == grouping.NOT_AVAILABLE:
        return str(_("n’a pas indiqué le rythme ou le moment du groupe (%(slot)s)") % {"slot": _slot(data.get("slot", ""))})
    if code == grouping.LEADS:
        return str(_("prêt·e à co-animer"))
    if code in (grouping.BRINGS_SKILLS, grouping.NEEDED_SKILLS):
        return str(_("apporte au groupe : %(skills)s") % {"skills": ", ".join(data.get("skills", []))})
    if code == grouping.NEWCOMER_WITH_VETERANS:
        return str(_("première expérimentation, avec des personnes qui en ont déjà mené"))
    if code == grouping.VETERAN_WITH_NEWCOMERS:
        return str(_("a déjà mené une expérimentation, avec des personnes qui commencent"))
    if code == grouping.LOCKED:
        return str(_("placé·e par l’équipe de coordination"))
    if code == grouping.NO_CANDIDATE:
        return str(_("aucun groupe n’était possible pour ce sujet"))
    if code == grouping.NO_COMPANIONS:
        return str(_("trop peu de personnes partagent votre langue et votre lieu pour former un groupe"))
    if code == grouping.FULL:
        return str(_("les groupes possibles étaient complets, ou le nombre de groupes du sujet atteint"))
    return ""


@register.simple_tag
def reasons_in_words(reasons: Any) -> list[str]:
    """Cairn's reasons (``core.grouping`` codes and data, as stored) in the reader's language."""
    words = [_word(str(r.get("code", "")), dict(r.get("data") or {})) for r in (reasons or []) if isinstance(r, dict)]
    return [w for w in words if w]
