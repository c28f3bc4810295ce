"""The header's menus: "Gestion" for staff pages, "Mon compte" for a member's own pages.

``core`` knows no domain: each app lists its own pages under the ``menu_links`` hook
(``cairn.core.hooks``) from its ``hooks.py``, with the permission that its view checks, so
a page that a later app adds (hackathons, calls for experiments…) shows in the menu
without touching the base template, and nobody needs to type a URL::

    hooks.register("menu_links", MenuLink("inbox", MANAGE, _("Questions reçues"), "inbox:inbox", "inbox.view_inbox"), order=40)

The header reads ``{% menu_links "manage" as links %}`` (``cairn.core.templatetags.menus``),
which keeps the links the viewer may open: permissions are rules over the viewer's roles,
which the user object caches, so a menu costs no query per link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rules
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import get_language

from cairn.core import hooks

#: The staff menu ("Gestion"): pages that run the process.
MANAGE = "manage"
#: A signed-in person's own pages ("Mon compte"): "Mes…" pages.
MINE = "mine"
MENUS = (MANAGE, MINE)


@dataclass(frozen=True)
class MenuLink:
    key: str
    menu: str
    label: str | Promise
    url_name: str
    #: The rules permission the page's view checks, a rule over the viewer's roles alone
    #: (the menus are worked out per set of roles); None: any signed-in account.
    permission: str | None = None

    def __post_init__(self) -> None:
        if self.menu not in MENUS:
            raise ValueError(f"A menu link goes in one of {MENUS}, not {self.menu!r}.")


#: The links already worked out, per menu, roles, language and registered links: the
#: header asks on every signed-in page, and two dozen rules cost more than the rest of a
#: short page's layout. Bounded: a handful of role sets times three languages.
_WORKED_OUT: dict[tuple[Any, ...], list[dict[str, str]]] = {}
_WORKED_OUT_MAX = 512


def menu_links(menu: str, user: Any) -> list[dict[str, str]]:
    """The links of ``menu`` that ``user`` may open, in the hook's order (label and URL).

    A link's permission is a rule over the viewer's roles alone (``MenuLink.permission``),
    so the answer depends on nothing else than the roles, whether the account is active or
    a superuser, the language (labels and addresses) and the links registered: it is
    worked out once per process for each of those."""
    if user is None or not user.is_authenticated:
        return []
    registered: list[MenuLink] = hooks.get_hooks("menu_links")
    key = (menu, frozenset(user.role_names), user.is_superuser, user.is_active, get_language(), tuple(map(id, registered)))
    links = _WORKED_OUT.get(key)
    if links is None:
        links = [
            {"key": link.key, "label": str(link.label), "url": reverse(link.url_name)}
            for link in registered
            if link.menu == menu and (link.permission is None or rules.has_perm(link.permission, user))
        ]
        if len(_WORKED_OUT) >= _WORKED_OUT_MAX:
            _WORKED_OUT.clear()
        _WORKED_OUT[key] = links
    return [dict(link) for link in links]
