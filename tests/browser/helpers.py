"""What the browser tests call: typed members, signing in through the real form, and
``audit``, which checks a page with axe-core and at a 360 px wide screen.

axe-core comes inside the axe-playwright-python wheel (``axe.min.js``): nothing is
downloaded while the tests run. axe-core needs JavaScript: pages are audited in the tests
that run with it, the same HTML the JavaScript-free tests use.
"""

from __future__ import annotations

import re
from typing import Any, cast

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from cairn.accounts.factories import PASSWORD, UserFactory
from cairn.accounts.models import User

DESKTOP = {"width": 1280, "height": 900}
PHONE_WIDTH = 360
#: axe-core's impacts that fail a test; minor and moderate ones are printed only.
BLOCKING_IMPACTS = frozenset({"serious", "critical"})

_axe = Axe()
#: What Chromium says when the page axe-core is reading is replaced by the next one: a
#: link clicked just before ``audit`` may still be loading its page.
_NAVIGATED = re.compile(r"Execution context was destroyed|reading 'documentElement'|because of a navigation")


def make_member(**kwargs: Any) -> User:
    """``UserFactory`` with its real return type: an active member, verified e-mail, profile."""
    return cast("User", UserFactory(**kwargs))


def _report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} — {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            lines.extend(f"      {check['message']}" for key in ("any", "all", "none") for check in node.get(key, []))
    return "\n".join(lines)


def _run_axe(page: Page, attempts: int = 3) -> list[dict[str, Any]]:
    """axe-core's violations on the page once it has loaded.

    A click on a link returns before the next page has loaded: the audit waits for it,
    and when the page is replaced while axe-core reads it, audits the new page instead.
    """
    for attempt in range(1, attempts + 1):
        page.wait_for_load_state("load")
        try:
            return cast("list[dict[str, Any]]", _axe.run(page).response["violations"])
        except PlaywrightError as error:
            if attempt == attempts or not _NAVIGATED.search(str(error)):
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def axe_check(page: Page, *, label: str = "") -> None:
    """Run axe-core on the page as shown; fail on any serious or critical violation.

    Every violation (minor and moderate too) is printed, so pytest shows them all
    when a test fails.
    """
    violations = _run_axe(page)
    where = label or page.url
    if violations:
        print(f"axe-core on {where}:\n{_report(violations)}")  # noqa: T201 — shown by pytest on failure
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core found serious or critical violations on {where}:\n{_report(blocking)}"


def assert_no_horizontal_scroll(page: Page, width: int = PHONE_WIDTH) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        culprits = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
                 .filter((el) => el.getBoundingClientRect().right > width + 0.5)
                 .slice(0, 8)
                 .map((el) => el.outerHTML.slice(0, 160))""",
            width,
        )
        pytest.fail(f"{page.url} scrolls sideways at {width} px (scrollWidth {scroll_width}); too wide:\n" + "\n".join(culprits))


def audit(page: Page) -> None:
    """axe-core at desktop width, then axe-core and no sideways scrolling at 360 px."""
    axe_check(page, label=f"{page.url} ({page.viewport_size['width'] if page.viewport_size else '?'} px)")
    original = page.viewport_size
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 780})
    try:
        assert_no_horizontal_scroll(page)
        axe_check(page, label=f"{page.url} ({PHONE_WIDTH} px)")
    finally:
        if original:
            page.set_viewport_size(original)


def log_in(page: Page, user: User, *, password: str = PASSWORD) -> None:
    """Sign in through allauth's real form, in French, as a member would."""
    page.goto("/fr/compte/login/")
    form = page.get_by_role("main").locator("form")
    # allauth's wording of the labels may change with a catalogue: the ids do not.
    form.locator("#id_login").fill(user.email)
    form.locator("#id_password").fill(password)
    form.get_by_role("button").click()
    expect(page).not_to_have_url(re.compile(r"/compte/login/"))


def open_staff_page(page: Page, name: str) -> None:
    """Open a staff page as staff do: the header's "Gestion" menu, then its link."""
    banner = page.get_by_role("banner")
    banner.get_by_text("Gestion", exact=True).click()
    banner.get_by_role("link", name=name, exact=True).click()
