"""The machine's Redis databases that tests empty and use.

CI runs the SQLite and the PostgreSQL suites at the same time; the second sets
``CAIRN_TEST_REDIS_SHIFT=1`` so that its tests use the next database up (11 → 12,
13 → 14) and neither run empties the other's.
"""

from __future__ import annotations

import os

SHARED_CACHE = 11  # test_shared_cache.py: two worker processes share their counters
TASK_QUEUE = 13  # test_task_queue.py: the RQ lanes


def redis_url_for(database: int) -> str:
    return f"redis://127.0.0.1:6379/{database + int(os.environ.get('CAIRN_TEST_REDIS_SHIFT', '0'))}"
