"""How a role is written beside a person's name: the one place that agrees it with them.

French and Dutch write most roles differently for a woman and a man (« animatrice » /
« animateur », « coördinatrice » / « coördinator »). A member may say which form suits
them on their profile (``Profile.gender``, optional, used for nothing else); without it,
and whenever the viewer may not see the person's profile (``person_shown`` then hides
the gender with the name), the neutral form is written (« animateur·rice »).

An app that shows someone's role keeps its ``RoleLabel``s beside its roles (the working
groups' in ``cairn/recommendations/models/registry.py``) and asks ``label.for_person(shown)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cairn.accounts.models import Gender, Role

if TYPE_CHECKING:
    from cairn.accounts.selectors import PersonShown


@dataclass(frozen=True)
class RoleLabel:
    """A role's label in its neutral, feminine and masculine forms (French msgids)."""

    neutral: str | Promise
    feminine: str | Promise
    masculine: str | Promise

    def for_gender(self, gender: str) -> str:
        if gender == Gender.FEMININE:
            return str(self.feminine)
        if gender == Gender.MASCULINE:
            return str(self.masculine)
        return str(self.neutral)

    def for_person(self, shown: PersonShown) -> str:
        """The form that agrees with ``shown`` (a person as the viewer may see them)."""
        return self.for_gender(shown.gender)


#: The cooperative's roles as a person holds them (the people picker shows them).
ACCOUNT_ROLE_LABELS: dict[str, RoleLabel] = {
    Role.MEMBER: RoleLabel(_("Sociétaire"), _("Sociétaire"), _("Sociétaire")),
    Role.FACILITATOR: RoleLabel(_("Animateur·rice"), _("Animatrice"), _("Animateur")),
    Role.COORDINATION: RoleLabel(_("Coordinateur·rice"), _("Coordinatrice"), _("Coordinateur")),
    Role.DEPARTMENT_LEAD: RoleLabel(_("Responsable de direction"), _("Responsable de direction"), _("Responsable de direction")),
    Role.ADMIN: RoleLabel(_("Administrateur·rice"), _("Administratrice"), _("Administrateur")),
}

#: When someone holds several roles, the one shown beside their name (the picker's
#: query ranks them in this order too).
ROLE_PRECEDENCE = (Role.ADMIN, Role.COORDINATION, Role.DEPARTMENT_LEAD, Role.FACILITATOR, Role.MEMBER)


def account_role_label(role_names: set[str], shown: PersonShown) -> str:
    """The highest of ``role_names``, written to agree with ``shown``; "" without a role."""
    for role in ROLE_PRECEDENCE:
        if role in role_names:
            return ACCOUNT_ROLE_LABELS[role].for_person(shown)
    return ""
