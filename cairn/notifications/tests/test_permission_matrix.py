"""Who reaches the notification pages: their rows of the role × page matrix (the harness:
``cairn/accounts/tests/matrix.py``)."""

from __future__ import annotations

import pytest

from cairn.accounts.tests.matrix import PageMatrix

pytestmark = pytest.mark.django_db

PAGES = {
    "notification centre": "/fr/notifications/",
    "follows and e-mails": "/fr/notifications/suivis/",
}

MATRIX = """
page                | visitor | registered | member | facilitator | coordination | department_lead | admin
notification centre | login   | 200        | 200    | 200         | 200          | 200             | 200
follows and e-mails | login   | 200        | 200    | 200         | 200          | 200             | 200
"""

PAGE_MATRIX = PageMatrix(PAGES, MATRIX)


@pytest.mark.parametrize("page_name", PAGES)
def test_role_page_matrix(page_name: str) -> None:
    PAGE_MATRIX.check(page_name)
