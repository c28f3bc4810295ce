"""Core's writes that are not an app's: the rate limits' counters without Redis."""

from __future__ import annotations

import datetime

from django.db import connection

from cairn.core.models import RateCounter


def rate_count(*, key: str, expires: datetime.datetime) -> int:
    """Add one to the counter ``key`` (made at 1 if it does not exist, to be forgotten after
    ``expires``) and return its new value: one statement, atomic on PostgreSQL and SQLite
    alike, so concurrent requests never lose a count (decision 0039)."""
    quote = connection.ops.quote_name
    table, key_column, count_column, expires_column = (
        quote(RateCounter._meta.db_table),
        quote("key"),
        quote("count"),
        quote("expires"),
    )
    # Names from the model, quoted; every value is a parameter.
    sql = (
        f"INSERT INTO {table} ({key_column}, {count_column}, {expires_column}) VALUES (%s, 1, %s) "  # noqa: S608
        f"ON CONFLICT ({key_column}) DO UPDATE SET {count_column} = {table}.{count_column} + 1 RETURNING {count_column}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [key, connection.ops.adapt_datetimefield_value(expires)])
        row = cursor.fetchone()
    return int(row[0])


def rate_counters_purge(*, now: datetime.datetime) -> int:
    """Forget the counters of windows that are over."""
    deleted, _by_model = RateCounter.objects.filter(expires__lt=now).delete()
    return deleted
