"""The shared cache: what every process must agree on, allauth's rate-limit counters first
(decision 0020). Each web worker is a process of its own, and a restart is a new one: a
counter kept in one process's memory would let a client try N times the limit, and start
again after each restart.

The tests run real processes with the production settings (``cairn.settings``), each
counting failed logins as allauth does, on the embedded set-up (a fresh SQLite database,
migrated as ``cairn demo`` and a release do), on this run's database (PostgreSQL in CI's
second run) and on Redis.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from cairn import settings as production
from cairn.accounts.services import shared_cache_purge
from cairn.core.models import SharedCacheEntry
from cairn.core.stamps import PAGE_CACHE
from cairn.core.tests.redis_databases import SHARED_CACHE, redis_url_for

REPO = Path(__file__).resolve().parents[3]
REDIS_URL = redis_url_for(SHARED_CACHE)  # a database of its own on the machine's Redis

#: One process (a web worker) that records failed logins from one address, on as many
#: accounts, and prints its cache backend then whether each was allowed.
WORKER = """
import os, sys
import django

os.environ["DJANGO_SETTINGS_MODULE"] = "cairn.settings"
django.setup()
from allauth.core import ratelimit
from django.core.cache import caches
from django.test import RequestFactory

attempts, address, first = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
print(type(caches["default"]).__name__)
for n in range(first, first + attempts):
    request = RequestFactory().post("/fr/compte/login/", REMOTE_ADDR=address)
    allowed = ratelimit.consume(request, action="login_failed", key=f"guess-{n}@example.org")
    print("allowed" if allowed else "refused")
"""


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "DEBUG", "CAIRN_"))}
    return {**env, "CAIRN_DATA_DIR": str(data_dir), "SECRET_KEY": "shared-cache-test", **extra}


def worker(env: dict[str, str], attempts: int, first: int = 0, address: str = "203.0.113.5") -> tuple[list[str], str]:
    """Whether each attempt was allowed, and the process's default cache backend."""
    result = subprocess.run(
        [sys.executable, "-c", WORKER, str(attempts), address, str(first)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    backend, *allowed = result.stdout.split()
    return allowed, backend


def this_runs_database_url() -> str:
    database = connection.settings_dict
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{database['NAME']}"
    assert database["ENGINE"] == "django.db.backends.postgresql"
    user = quote(database["USER"] or "", safe="") + (":" + quote(database["PASSWORD"], safe="") if database["PASSWORD"] else "")
    return f"postgres://{user}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"


def test_two_worker_processes_share_the_counters_on_a_fresh_sqlite_database(tmp_path: Path) -> None:
    env = environment(tmp_path)
    migrate = subprocess.run(
        [sys.executable, "-m", "cairn.cli", "manage", "migrate", "--verbosity", "0"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert migrate.returncode == 0, migrate.stderr

    first = worker(env, 10)
    second = worker(env, 1, first=10)  # another worker, or the same one restarted
    elsewhere = worker(env, 1, first=11, address="198.51.100.7")

    assert (first[0], second[0], elsewhere[0]) == (["allowed"] * 10, ["refused"], ["allowed"])
    assert {first[1], second[1], elsewhere[1]} == {"DatabaseCache"}


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_share_the_counters_in_this_runs_database(tmp_path: Path) -> None:
    env = environment(tmp_path, DATABASE_URL=this_runs_database_url())

    first = worker(env, 10)
    second = worker(env, 1, first=10)

    assert (first[0], second[0]) == (["allowed"] * 10, ["refused"])
    assert {first[1], second[1]} == {"DatabaseCache"}
    # The counters are rows of the shared cache's table: one per address and per account.
    assert SharedCacheEntry.objects.filter(cache_key__contains="login_failed").count() == 11


@pytest.fixture
def redis_database_11():
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield
    client.flushdb()


@pytest.mark.usefixtures("redis_database_11")
def test_two_worker_processes_share_the_counters_on_redis(tmp_path: Path) -> None:
    env = environment(tmp_path, REDIS_URL=REDIS_URL)

    first = worker(env, 10)
    second = worker(env, 1, first=10)

    assert (first[0], second[0]) == (["allowed"] * 10, ["refused"])
    assert {first[1], second[1]} == {"RedisCache"}


def test_without_redis_the_counters_go_to_the_database_and_the_pages_stay_in_memory() -> None:
    caches_ = production.cache_settings("")

    assert caches_ == {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cairn_shared_cache",
            "OPTIONS": {"MAX_ENTRIES": 50_000},
        },
        PAGE_CACHE: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cairn-pages"},
    }
    # The table is the model's, so `migrate` creates it; the tests run on the same layout.
    assert SharedCacheEntry._meta.db_table == caches_["default"]["LOCATION"]
    assert caches_ == settings.CACHES


def test_with_redis_both_caches_are_redis() -> None:
    redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}

    assert production.cache_settings(REDIS_URL) == {"default": redis, PAGE_CACHE: redis}


@pytest.mark.django_db
def test_reading_a_cached_page_value_runs_no_query(django_assert_num_queries) -> None:
    from cairn.core.stamps import cached

    cached("probe", compute=lambda: 42, ttl=60)

    with django_assert_num_queries(0):
        assert cached("probe", compute=lambda: 0, ttl=60) == 42


@pytest.mark.django_db
def test_the_nightly_purge_deletes_the_expired_counters_only() -> None:
    """Django's database cache keeps expired rows until its table is full; they hold client
    addresses, so the worker deletes them every night (``accounts.purge_shared_cache``)."""
    from allauth.core import ratelimit
    from django.test import RequestFactory

    request = RequestFactory().post("/fr/compte/login/", REMOTE_ADDR="203.0.113.5")
    assert ratelimit.consume(request, action="login_failed", key="ada@example.org")
    keys = sorted(SharedCacheEntry.objects.values_list("cache_key", flat=True))

    deleted = shared_cache_purge(now=timezone.now() + datetime.timedelta(seconds=120))

    # The address's counter (a minute) expired a minute ago; the account's (five minutes) has not.
    ip_counter = ":1:allauth:rl:allauth.account:login_failed:10/60/ip:ip:203.0.113.5"
    account_counter = ":1:allauth:rl:allauth.account:login_failed:5/300.0/key:" + hashlib.sha256(b"ada@example.org").hexdigest()
    assert keys == sorted([ip_counter, account_counter])
    assert deleted == 1
    assert list(SharedCacheEntry.objects.values_list("cache_key", flat=True)) == [account_counter]


def test_cairn_caches_its_own_values_in_the_pages_cache_only() -> None:
    """The default cache is the shared store allauth uses (a table without Redis): Cairn's
    values go through ``cairn.core.stamps`` and the ``pages`` alias; only ``/readyz``
    touches the default one, for its Redis round trip."""
    package = REPO / "cairn"
    direct = re.compile(r"from django\.core\.cache import (?:.*\b)?cache\b(?!s)|django\.core\.cache\.cache\b")
    users = sorted(
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "tests" not in path.relative_to(package).parts and direct.search(path.read_text(encoding="utf-8"))
    )

    assert users == ["core/views.py"]
