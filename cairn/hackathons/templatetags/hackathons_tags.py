"""How a placement's reasons (``core.grouping`` codes with data) read in the page's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from cairn.accounts.models import Language
from cairn.core import grouping
from cairn.hackathons.models import Role

register = template.Library()


def _roles(names: list[str]) -> str:
    labels = dict(Role.choices)
    return ", ".join(str(labels.get(n, n)) for n in names)


def reason_text(code: str, data: dict[str, Any]) -> str:
    if code == grouping.PREFERENCE:
        rank = data.get("rank", 1)
        return _("1er choix") if rank == 1 else _("%(rank)se choix") % {"rank": rank}
    if code == grouping.NO_PREFERENCE:
        return _("aucun choix exprimé : placé·e où il restait de la place")
    if code == "self_formed":
        return _("a formé ou rejoint l’équipe")
    if code == grouping.LOCKED:
        return _("placé·e par l’organisation")
    if code == grouping.NEEDED_SKILLS:
        return _("apporte ce qui manquait à l’équipe : %(skills)s") % {"skills": _roles(data.get("skills", []))}
    if code == grouping.BRINGS_SKILLS:
        return _("apporte %(skills)s") % {"skills": _roles(data.get("skills", []))}
    if code == grouping.LEADS:
        return _("prêt·e à animer l’équipe")
    if code == grouping.NEWCOMER_WITH_VETERANS:
        return _("premier hackathon, avec des habitué·es")
    if code == grouping.VETERAN_WITH_NEWCOMERS:
        return _("habitué·e, aux côtés de nouveaux venus")
    if code == grouping.LANGUAGE:
        return _("langue commune : %(language)s") % {
            "language": dict(Language.choices).get(data.get("language", ""), data.get("language", ""))
        }
    return ""


@register.simple_tag
def placement_reasons(reasons: list[dict[str, Any]]) -> str:
    """ "2e choix ; apporte ce qui manquait à l’équipe : Juridique et finances" — escaped by the template."""
    return " ; ".join(text for r in reasons if (text := reason_text(r.get("code", ""), r.get("data") or {})))


@register.simple_tag
def formation_refusal(reason: dict[str, Any]) -> str:
    """Why a formation wrote no team, and what to do (``core.grouping.Refused`` codes), in
    the reader's language — escaped by the template."""
    code, data = reason.get("code", ""), reason.get("data") or {}
    if code == grouping.LOCKS_OVER_SIZE:
        return _(
            "%(size)s personnes sont verrouillées dans l’équipe %(number)s de la question « %(question)s », "
            "plus que la taille maximale d’une équipe (%(max)s). Déverrouillez-en ou déplacez-en, puis relancez la formation."
        ) % {
            "size": data.get("size", ""),
            "number": int(data.get("number", 0)) + 1,
            "question": data.get("question", ""),
            "max": data.get("max_size", ""),
        }
    if code == grouping.LOCK_OUTSIDE:
        return _(
            "Une personne verrouillée n’a plus sa place : sa question n’est plus retenue, ou son équipe dépasse le nombre "
            "d’équipes par question. Déplacez-la ou déverrouillez-la, puis relancez la formation."
        )
    if code == grouping.NO_SOLUTION and data.get("locked"):
        return _(
            "Aucune répartition ne garde toutes les personnes verrouillées tout en respectant la taille des équipes et une langue "
            "commune à chaque équipe. Déverrouillez ou déplacez quelques personnes, puis relancez la formation."
        )
    if code == grouping.BAD_BOUNDS:
        return _("Les tailles minimale et maximale des équipes ne permettent aucune équipe.")
    return _(
        "Aucune répartition ne respecte la taille des équipes et une langue commune à chaque équipe : "
        "il y a peut-être trop peu de participant·es confirmé·es."
    )


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key, ("", False))


@register.simple_tag
def role_names(roles: list[str]) -> str:
    """The roles' labels in the page's language, comma-separated."""
    return _roles(roles)
