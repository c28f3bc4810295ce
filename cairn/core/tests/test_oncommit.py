"""``on_commit_batch``: the items of a transaction reach ``flush`` once, together, after the
commit; a rolled-back savepoint's items do not start a flush of their own."""

from __future__ import annotations

import pytest
from django.db import transaction

from cairn.core.oncommit import on_commit_batch

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_transaction_flushes_its_items_once_after_commit() -> None:
    flushed: list[list[int]] = []
    with transaction.atomic():
        for item in (1, 2, 2, 3):
            on_commit_batch("sample", item, flushed.append)
        assert flushed == []  # nothing before the commit
    assert flushed == [[1, 2, 3]]


def test_a_rolled_back_transaction_flushes_nothing_and_the_next_one_its_own() -> None:
    flushed: list[list[int]] = []
    with pytest.raises(RuntimeError), transaction.atomic():
        on_commit_batch("sample", 1, flushed.append)
        raise RuntimeError
    with transaction.atomic():
        on_commit_batch("sample", 2, flushed.append)
    on_commit_batch("sample", 3, flushed.append)  # outside a transaction: at once
    assert flushed == [[2], [3]]


def test_a_rolled_back_savepoint_leaves_the_rest_of_the_batch() -> None:
    flushed: list[list[int]] = []
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            on_commit_batch("sample", 1, flushed.append)
            raise RuntimeError
        on_commit_batch("sample", 2, flushed.append)
    assert flushed == [[2]]
