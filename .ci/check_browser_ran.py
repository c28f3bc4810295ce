"""Fail unless the browser tests really ran in a pytest run (read from its JUnit XML report).

A browser test that is skipped (no Chromium, a marker filtered out, a collection change)
would let a run look green without a browser ever starting; CI refuses that. Expected
failures (xfail) are reported apart and allowed.

Usage: python .ci/check_browser_ran.py REPORT.xml [MINIMUM]
"""

from __future__ import annotations

import sys
from xml.etree import ElementTree

BROWSER_TESTS = "tests.browser."


def main() -> int:
    report, minimum = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 1
    cases = [case for case in ElementTree.parse(report).iter("testcase") if case.get("classname", "").startswith(BROWSER_TESTS)]  # noqa: S314 — our own report
    skipped = [case for case in cases if (tag := case.find("skipped")) is not None and tag.get("type") != "pytest.xfail"]
    xfailed = [case for case in cases if (tag := case.find("skipped")) is not None and tag.get("type") == "pytest.xfail"]
    ran = len(cases) - len(skipped) - len(xfailed)
    sys.stdout.write(f"browser tests: {ran} ran, {len(xfailed)} expected failures, {len(skipped)} skipped\n")
    for case in skipped:
        tag = case.find("skipped")
        reason = tag.get("message", "") if tag is not None else ""
        sys.stdout.write(f"  skipped: {case.get('classname')}::{case.get('name')}: {reason}\n")
    if skipped or ran < minimum:
        sys.stdout.write(f"The browser tests must run in CI (at least {minimum}, none skipped).\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
