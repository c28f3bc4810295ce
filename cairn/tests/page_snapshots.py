"""The fixed cooperative the page snapshots are taken on, and how a page is reduced to
what must not change (``test_page_snapshots.py``, ``test_cached_blocks.py``).

The fixture is ``cairn seed --scale small --seed 2015`` with the clock stopped at
``FROZEN_AT`` and every table's id sequence set back to its largest id first, so the
same rows get the same ids and dates on every run, on SQLite and on PostgreSQL alike. The
benchmark's own list of pages (``bench/pages.py``) says which pages are taken, so every
page the benchmark measures is held to its output.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.utils.timesince import timesince

REPO = Path(__file__).resolve().parents[2]
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
FROZEN_AT = dt.datetime(2026, 11, 18, 9, 30, tzinfo=dt.UTC)
MEMBER_EMAIL = "societaire@demo.cairn.example"
STAFF_EMAIL = "coordination@demo.cairn.example"

#: What changes from one request or one run to the next whatever the data: the CSP nonce,
#: CSRF tokens, the inbox's random references, the private calendar feed's token and the
#: stories' random image file names.
#: (Dates do not move: the clock is stopped.)
MASKS = [
    (re.compile(r'nonce="[^"]*"'), 'nonce="…"'),
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*'), r"\1…"),
    (re.compile(r"\bQ[A-HJ-NP-Z2-9]{7}\b"), "Q…"),
    (re.compile(r"[A-Za-z0-9_-]{43}(?=\.ics)"), "token…"),
    (re.compile(r"[0-9a-f]{32}"), "hex…"),
]
_MAIN = re.compile(r"<main\b.*?</main>", re.DOTALL)


def bench_pages() -> Any:
    """``bench/pages.py``, imported from the benchmark's folder."""
    bench = str(REPO / "bench")
    sys.path.insert(0, bench)
    try:
        import pages

        return pages
    finally:
        sys.path.remove(bench)


def _timesince_at_frozen_clock(d: Any, now: Any = None, *args: Any, **kwargs: Any) -> str:
    return timesince(d, now or FROZEN_AT, *args, **kwargs)


@contextmanager
def frozen_clock() -> Iterator[None]:
    """``timezone.now`` stopped at ``FROZEN_AT``, and the ``timesince`` filter with it: Django's
    filter reads the system clock (``datetime.now``), so an age shown on a page ("reçue il y
    a 2 mois") would otherwise change with the day the tests run."""
    with (
        mock.patch("django.utils.timezone.now", return_value=FROZEN_AT),
        mock.patch("django.template.defaultfilters.timesince", _timesince_at_frozen_clock),
    ):
        yield


def _restart_sequences() -> None:
    """Each table's next id follows its largest id, whatever earlier tests left in the
    sequences (PostgreSQL never rolls a sequence back)."""
    models = [m for m in apps.get_models(include_auto_created=True) if m._meta.pk.get_internal_type() in {"AutoField", "BigAutoField"}]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in models:
                table, pk = model._meta.db_table, model._meta.pk.column
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, %s), coalesce(max({connection.ops.quote_name(pk)}), 0) + 1, false) "  # noqa: S608 — names from the models
                    f"FROM {connection.ops.quote_name(table)}",
                    [table, pk],
                )
        # SQLite: Django's tables have no AUTOINCREMENT, so the next id is already the
        # largest one plus one.


@contextmanager
def seeded_cooperative() -> Iterator[None]:
    """The fixed cooperative, inside a transaction rolled back at the end."""
    with transaction.atomic(), frozen_clock():
        _restart_sequences()
        call_command("seed", scale="small", seed=2015, stdout=StringIO())
        try:
            yield
        finally:
            transaction.set_rollback(True)


def clients() -> dict[str, Client]:
    """A visitor, the demo member and the demo coordinator (TOTP active, as production
    requires of staff)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import is_mfa_enabled

    from cairn.accounts.models import User

    member, staff = Client(), Client()
    member.force_login(User.objects.get(email=MEMBER_EMAIL))
    coordinator = User.objects.get(email=STAFF_EMAIL)
    if not is_mfa_enabled(coordinator):
        TOTP.activate(coordinator, generate_totp_secret())
    staff.force_login(coordinator)
    return {"visitor": Client(), "member": member, "staff": staff}


def page_path(page: Any) -> str:
    placeholders = bench_pages().PLACEHOLDERS
    return re.sub(r"{(\w+)}", lambda m: placeholders[m[1]](), page.path)


def main_content(response: Any) -> str:
    """The page's ``<main>`` (the whole body for a feed, JSON or a file), masked."""
    text = response.content.decode()
    if "html" in response.get("Content-Type", "") and (found := _MAIN.search(text)):
        text = found.group(0)
    for pattern, replacement in MASKS:
        text = pattern.sub(replacement, text)
    return text


def snapshot_file(name: str) -> Path:
    """Per database: SQLite and PostgreSQL sort some text differently."""
    return SNAPSHOTS / connection.vendor / f"{name}.txt"
