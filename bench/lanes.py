"""A PDF asked for during a 20,000-row import: how long it waits before a worker starts it.

    uv run python bench/lanes.py                    # 20,000 rows, the database task queue
    uv run python bench/lanes.py --redis            # the same on Redis (RQ)
    uv run python bench/lanes.py --rows 2000 --scale small

Everything is real and runs as in production: a PostgreSQL database (``--db-name``,
dropped and created again each run, migrated and seeded with ``cairn seed``), the task
workers started by ``cairn worker`` (one process per lane), and the coordinator's way in:
the file staged, previewed and confirmed through the services the import page calls
(``cairn.recommendations.services.imports``), which queue its application. The file holds
``--rows`` new recommendations in the seeded themes, each with its working group and a
status, so that applying it also raises an assessment event per row for the members who
follow them.

Then, while the import is applied (``--ask-after`` seconds after the confirmation) and
again once it is applied and its notifications are being fanned out, the state of play's
PDF is asked for as its page asks (``reports.services.report_pdf_request``). The script
prints, for each PDF, what the queues held at that moment, how long it waited before a
worker started building it (the goal: under 5 s) and how long it took to build, then how
long the bulk lane took to work through its backlog. It exits 1 when a PDF waited 5 s or
more.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import common
import database
from common import step

GOAL_S = 5.0
POLL_S = 0.05


def _registry_file(rows: int) -> bytes:
    """``rows`` new recommendations spread over the seeded themes, in the registry's CSV
    form (docs/registry-import.md), each with a working group of its theme and a status."""
    from cairn.recommendations.models import Theme, WorkingGroup

    themes = list(Theme.objects.select_related("cycle").order_by("pk"))
    group_of = {}
    for theme_id, name in WorkingGroup.objects.order_by("pk").values_list("theme_id", "name"):
        group_of.setdefault(theme_id, name)
    themes = [theme for theme in themes if theme.pk in group_of]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["cycle", "thématique", "groupes", "numéro", "titre", "texte", "état", "date d'effet"])
    for n in range(rows):
        theme = themes[n % len(themes)]
        writer.writerow(
            [
                theme.cycle.code,
                theme.title,
                group_of[theme.pk],
                f"L{n // len(themes) + 1}",
                f"Recommandation importée {n + 1} : un accueil partagé entre bureaux",
                "Les groupes proposent de mutualiser l’accueil des nouveaux sociétaires.",
                "en cours",
                "2024-03-01",
            ]
        )
    return out.getvalue().encode()


def _queues() -> dict[str, dict[str, int]]:
    """How many tasks wait and run in each lane, read from the queue itself."""
    from django.conf import settings

    from cairn.core import lanes

    if settings.TASKS_QUEUE == "redis":
        import django_rq
        from rq.registry import StartedJobRegistry

        return {
            lane: {
                "waiting": django_rq.get_queue(lane).count,
                "running": StartedJobRegistry(lane, connection=django_rq.get_connection(lane)).count,
            }
            for lane in lanes.QUEUES
        }
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    counts = {lane: {"waiting": 0, "running": 0} for lane in lanes.QUEUES}
    for row in DBTaskResult.objects.values("queue_name", "status").annotate(n=Count("pk")):
        state = {"READY": "waiting", "RUNNING": "running"}.get(row["status"])
        if state and row["queue_name"] in counts:
            counts[row["queue_name"]][state] += row["n"]
    return counts


def _running_tasks() -> list[str]:
    from django.conf import settings

    if settings.TASKS_QUEUE == "redis":
        return []
    from django_tasks_db.models import DBTaskResult

    return [path.rsplit(".", 1)[-1] for path in DBTaskResult.objects.filter(status="RUNNING").values_list("task_path", flat=True)]


def _describe(queues: dict[str, dict[str, int]]) -> str:
    return ", ".join(f"{lane}: {q['waiting']:,} waiting, {q['running']} running" for lane, q in queues.items())


def _ask_pdf(language: str, timeout: float) -> dict[str, Any]:
    """Ask for the PDF as its page does, then time until a worker starts it and until it is built."""
    from django.db import transaction

    from cairn.reports.models import ReportPdf
    from cairn.reports.services import report_pdf_request

    queues, running = _queues(), _running_tasks()
    asked = time.monotonic()
    with transaction.atomic():  # as in a request: the task is queued once this commits
        pdf = report_pdf_request(edition=None, language=language)
    started = built = None
    state = pdf.state
    while time.monotonic() - asked < timeout:
        state = ReportPdf.objects.filter(pk=pdf.pk).values_list("state", flat=True).first()
        if started is None and state != ReportPdf.State.PENDING:
            started = time.monotonic() - asked
        if state in (ReportPdf.State.READY, ReportPdf.State.FAILED):
            built = time.monotonic() - asked
            break
        time.sleep(POLL_S)
    return {"language": language, "queues": queues, "running": running, "wait_s": started, "done_s": built, "state": state}


def _wait_for(condition: Any, timeout: float, what: str) -> None:
    began = time.monotonic()
    while not condition():
        if time.monotonic() - began > timeout:
            raise SystemExit(f"bench: {what} did not happen within {timeout:.0f} s")
        time.sleep(0.2)


def _bench(options: argparse.Namespace) -> int:
    from cairn.accounts.models import User
    from cairn.recommendations.models import RegistryImport
    from cairn.recommendations.services import imports

    coordinator = User.objects.get(email="coordination@demo.cairn.example")
    content = _registry_file(options.rows)
    step(f"staging and previewing a file of {options.rows:,} recommendations ({len(content) / 1e6:.1f} MB)")
    began = time.monotonic()
    staged = imports.registry_import_stage(actor=coordinator, filename="registre-import.csv", content=content)
    plan = imports.registry_import_plan(staged=staged)
    if not plan.ok:
        raise SystemExit(f"bench: the generated file has errors: {plan.errors[:3]}")
    step(f"preview read in {time.monotonic() - began:.1f} s: {plan.summary()['created']:,} to create")

    step("confirming: the import is queued")
    confirmed = time.monotonic()
    if not imports.registry_import_confirm(staged=staged, fingerprint=plan.fingerprint()):
        raise SystemExit("bench: the import was not queued")
    time.sleep(options.ask_after)
    results = []
    step(f"{options.ask_after:.0f} s later, while the import is applied: asking for the French PDF")
    results.append({"moment": "during the import", **_ask_pdf("fr", options.timeout)})

    _wait_for(
        lambda: RegistryImport.objects.filter(pk=staged.pk, state=RegistryImport.State.APPLIED).exists(), options.timeout, "the import"
    )
    applied = time.monotonic() - confirmed
    step(f"import applied {applied:.1f} s after the confirmation")
    time.sleep(1)
    step("while its notifications are fanned out: asking for the Dutch PDF")
    results.append({"moment": "during the fan-out", **_ask_pdf("nl", options.timeout)})

    step("waiting for the bulk lane to work through its backlog")
    _wait_for(lambda: not any(sum(q.values()) for q in _queues().values()), options.drain_timeout, "the drain of every queue")
    drained = time.monotonic() - confirmed

    from cairn.notifications.models import Event, Notification

    print()
    print(f"task queue             {options.backend}")
    print(f"rows imported          {options.rows:>10,}")
    print(f"import applied         {applied:>10.1f} s after its confirmation")
    print(f"events, notifications  {Event.objects.count():>10,}  {Notification.objects.count():,}")
    print(f"every queue empty      {drained:>10.1f} s after the confirmation")
    failed = False
    for result in results:
        wait = result["wait_s"]
        ok = wait is not None and wait < GOAL_S
        failed |= not ok
        print()
        print(f"PDF ({result['language']}) asked {result['moment']}")
        print(f"  queues then          {_describe(result['queues'])}")
        if result["running"]:
            print(f"  running then         {', '.join(sorted(result['running']))}")
        shown = f"{wait:.2f} s" if wait is not None else f"not started within {options.timeout:.0f} s"
        print(f"  waited to start      {shown:>10}   goal < {GOAL_S:.0f} s: {'pass' if ok else 'FAIL'}")
        done = f"{result['done_s']:.1f} s" if result["done_s"] is not None else "-"
        print(f"  built, after asking  {done:>10}   ({result['state']})")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/lanes.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000, help="recommendations in the imported file (default 20,000)")
    parser.add_argument("--scale", choices=("small", "realistic", "large"), default="realistic", help="the seed under the import")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--redis", action="store_true", help="the task queue on Redis (RQ) instead of the database")
    parser.add_argument("--ask-after", type=float, default=3.0, help="seconds after the confirmation to ask for the first PDF")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds to wait for a PDF or for the import")
    parser.add_argument("--drain-timeout", type=float, default=1800.0, help="seconds to wait for the queues to empty")
    parser.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    parser.add_argument("--db-name", default="cairn_bench_lanes")
    options = parser.parse_args(argv)
    options.backend = "redis" if options.redis else "database"

    folder = tempfile.mkdtemp(prefix="cairn-lanes-bench-")
    env = common.clean_env(
        DATABASE_URL=f"{options.pg_url}/{options.db_name}",
        CAIRN_DATA_DIR=folder,
        SECRET_KEY="bench-lanes-" + os.urandom(16).hex(),
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        CAIRN_TASKS_BACKEND=options.backend,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(Path(folder) / "mail"),
        LOG_LEVEL="WARNING",
    )
    if options.redis:
        env["REDIS_URL"] = options.redis_url
    worker = None
    try:
        # The benchmark's own database step, always afresh: the import changes what it seeded.
        database.prepare_database(argparse.Namespace(**vars(options), reuse_db=False), env)
        if options.redis:
            import redis

            redis.Redis.from_url(options.redis_url).flushdb()
        os.environ.update(env)
        import django

        django.setup()
        step(f"starting the task workers: cairn worker ({options.backend} queue, one process per lane)")
        log = open(Path(folder) / "worker.log", "w", encoding="utf-8")  # noqa: SIM115 — closed with the worker
        worker = subprocess.Popen(common.cairn("worker"), env=env, cwd=common.REPO, stdout=log, stderr=subprocess.STDOUT)
        time.sleep(3)
        _wait_for(lambda: not any(sum(q.values()) for q in _queues().values()), options.drain_timeout, "the seed's tasks to drain")
        return _bench(options)
    finally:
        if worker is not None:
            worker.terminate()
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
