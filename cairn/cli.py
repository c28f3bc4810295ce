"""The ``cairn`` command: ``demo``, ``serve``, ``worker``, ``seed``, ``import``, ``report`` and ``manage``.

``cairn demo`` runs the whole platform on one machine with the embedded defaults;
``cairn serve`` and ``cairn worker`` are the production processes; ``cairn manage``
reaches every Django management command.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

DEMO_SEED = 2015


def _django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cairn.settings")
    import django

    django.setup()


def _gunicorn_args(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn", "cairn.wsgi:application",
        "--bind", f"{host}:{port}",
        "--workers", str(workers),
        "--worker-class", "gthread", "--threads", "4",
        # The application is loaded once, in the master, and each worker is forked from it:
        # a recycled worker starts in milliseconds instead of importing Django and Cairn
        # again (about a second of CPU each, taken from the workers serving requests), and
        # the workers share the loaded code's memory. Loading opens no database connection
        # and starts no thread (test_serve.py). A release restarts the service; a HUP
        # would keep the old code.
        "--preload",
        "--no-control-socket",
        "--access-logfile", "-",
        "--forwarded-allow-ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"),
        "--graceful-timeout", "10",
        # Recycle each worker after about this many requests (the jitter spreads the
        # restarts), so memory a worker gathers over days is given back.
        "--max-requests", os.environ.get("CAIRN_MAX_REQUESTS", "2000"),
        "--max-requests-jitter", os.environ.get("CAIRN_MAX_REQUESTS_JITTER", "200"),
    ]  # fmt: skip


def cmd_demo(args: argparse.Namespace) -> int:
    # The demo is a laptop on plain HTTP: CAIRN_PLAIN_HTTP relaxes HTTPS-only settings, and
    # DEBUG stays off so errors show Cairn's own pages, never Django's debug page (which
    # lists every URL to anyone); staff MFA is off so every demo account opens with its
    # printed password (production keeps it on).
    os.environ.setdefault("CAIRN_PLAIN_HTTP", "true")
    os.environ.setdefault("CAIRN_STAFF_MFA_REQUIRED", "false")
    os.environ.setdefault("SITE_URL", f"http://{args.host}:{args.port}")
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    started = time.monotonic()
    _django_setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from cairn.accounts.models import Profile

    if not Profile.objects.exists():
        print("Cairn: building the demo cooperative (once)…", flush=True)
        call_command("seed", scale=args.scale, seed=DEMO_SEED)
    from cairn.accounts.seed import DEMO_ACCOUNTS

    url = f"http://{args.host}:{args.port}/"
    print()
    print(f"Cairn demo — {settings.CAIRN_COOPERATIVE_NAME}")
    print(f"  Database: {settings.DATABASES['default']['NAME']}")
    print(f"  E-mails are written to: {settings.CAIRN_EMAIL_FILE_PATH}")
    print("  Demo accounts (e-mail / password):")
    for account in DEMO_ACCOUNTS:
        print(f"    {account.role:<16} {account.email:<36} {account.password}")
    print("  Staff two-factor authentication is off in the demo (CAIRN_STAFF_MFA_REQUIRED); production requires it.")
    print(f"  Ready in {time.monotonic() - started:.1f} s — open {url}  (Ctrl-C stops the server and the worker)")
    print(flush=True)

    env = os.environ.copy()
    processes = [
        subprocess.Popen(_gunicorn_args(args.host, args.port, args.workers), env=env),
        subprocess.Popen([sys.executable, "-m", "cairn.cli", "worker"], env=env),
    ]
    return _supervise(processes)


def _supervise(processes: list[subprocess.Popen[bytes]]) -> int:
    """Wait until one process ends or Ctrl-C / SIGTERM arrives, then stop them all cleanly."""
    stopping = False

    def request_stop(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    code = 0
    while not stopping:
        for process in processes:
            if process.poll() is not None:
                code = process.returncode or 0
                print(f"Cairn: a process ended (exit {process.returncode}); stopping the others.", file=sys.stderr)
                stopping = True
                break
        time.sleep(0.2)
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 15
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    print("Cairn: stopped.", flush=True)
    return code


def cmd_serve(args: argparse.Namespace) -> int:
    """Production web server: settings from the environment only, DEBUG off."""
    os.environ["DEBUG"] = "false"
    os.environ["CAIRN_PLAIN_HTTP"] = "false"
    _django_setup()
    from django.conf import settings

    if not (Path(str(settings.STATIC_ROOT)) / "staticfiles.json").exists():
        print(
            f"Cairn: no collected static files in {settings.STATIC_ROOT}. Run `cairn manage collectstatic --noinput` first "
            "(and `cairn manage migrate` after each upgrade).",
            file=sys.stderr,
        )
        return 2
    argv = _gunicorn_args(args.host, args.port, args.workers)
    os.execv(sys.executable, argv)


def worker_command(lane: str, backend: str, interval: float) -> tuple[str, list[str], dict[str, object]]:
    """The management command that works one lane (cairn/core/lanes.py), reading only that
    lane's queue, so a bulk backlog never holds up an interactive job."""
    if backend == "redis":
        # RQ forks a fresh process per job; its scheduler runs tasks enqueued for later.
        return "rqworker", [lane], {"job_class": "django_tasks_rq.Job", "with_scheduler": True}
    return "db_worker", [], {"queue_name": lane, "interval": interval, "reload": False}


def cmd_worker(args: argparse.Namespace) -> int:
    if args.lane == "all":  # one process per lane, stopped together
        env = os.environ.copy()
        base = [sys.executable, "-m", "cairn.cli", "worker", "--interval", str(args.interval), "--lane"]
        return _supervise([subprocess.Popen([*base, lane], env=env) for lane in ("interactive", "bulk")])
    _django_setup()
    from django.conf import settings
    from django.core.management import call_command

    from cairn.core import lanes
    from cairn.core.scheduling import start_scheduler

    start_scheduler()  # recurring jobs (reminders, digests): once per period whatever the number of workers
    lane = lanes.INTERACTIVE if args.lane == "interactive" else lanes.BULK
    name, positional, options = worker_command(lane, settings.TASKS_QUEUE, args.interval)
    print(f"Cairn: {args.lane} worker on the {lane!r} queue.", flush=True)
    call_command(name, *positional, **options)
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    _django_setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("seed", scale=args.scale, seed=args.seed)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """``cairn import recommendations FILE`` / ``cairn import members FILE``: the import
    management commands, with their exit status (1 and the reason on stderr when refused)."""
    _django_setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    options: dict[str, object] = {"dry_run": args.dry_run}
    if args.what == "recommendations":
        options.update(cycle=args.cycle, category=args.category)
    try:
        call_command(f"import_{args.what}", str(args.file), **options)
    except CommandError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """``cairn report figures``: the state of play's figures on stdout (docs/figures.md)."""
    _django_setup()
    from django.core.management import call_command
    from django.core.management.base import CommandError

    options: dict[str, object] = {"format": args.format, "as_of": args.as_of, "country": args.country, "language": args.language}
    try:
        call_command(f"report_{args.what}", **options)
    except CommandError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_manage(argv: Sequence[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cairn.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["cairn manage", *argv])
    return 0


def _default_workers() -> int:
    return int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) * 2 + 1))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cairn", description="Cairn, the cooperative's participation platform.")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="run the whole platform with demo data on SQLite")
    demo.add_argument("--port", type=int, default=8000)
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--workers", type=int, default=2)
    demo.add_argument("--scale", choices=["small", "realistic", "large"], default="realistic", help="size of the demo data")
    demo.set_defaults(func=cmd_demo)

    serve = sub.add_parser("serve", help="production web server (gunicorn)")
    serve.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    serve.add_argument("--host", default=os.environ.get("HOST", "0.0.0.0"))
    serve.add_argument("--workers", type=int, default=_default_workers())
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="background task worker")
    worker.add_argument("--interval", type=float, default=1.0, help="seconds between polls when idle")
    worker.add_argument(
        "--lane", choices=["all", "interactive", "bulk"], default="all",
        help="which lane to work: both by default (one process each), or one, to run more workers of it",
    )  # fmt: skip
    worker.set_defaults(func=cmd_worker)

    seed = sub.add_parser("seed", help="fill the database with a generated cooperative")
    seed.add_argument("--scale", choices=["small", "realistic", "large"], default="small")
    seed.add_argument("--seed", type=int, default=DEMO_SEED, help="random seed: the same seed gives the same data")
    seed.set_defaults(func=cmd_seed)

    importer = sub.add_parser("import", help="import data from a file: recommendations (CSV, XLSX, Markdown pad) or members")
    what = importer.add_subparsers(dest="what", required=True)
    recommendations = what.add_parser("recommendations", help="the registry from a CSV/XLSX file or a working group's pad (.md)")
    recommendations.add_argument("file")
    recommendations.add_argument("--dry-run", action="store_true", help="check the file and print what would change; write nothing")
    recommendations.add_argument("--cycle", metavar="SLUG", help="the cycle of a pad (required for .md)")
    recommendations.add_argument("--category", metavar="SLUG", help="the theme category of a pad's theme")
    members = what.add_parser("members", help="members from a CSV/XLSX export of the register")
    members.add_argument("file")
    members.add_argument("--dry-run", action="store_true", help="check the file and print what would change; write nothing")
    importer.set_defaults(func=cmd_import)

    report = sub.add_parser("report", help="the state of play: print its figures")
    report_what = report.add_subparsers(dest="what", required=True)
    report_figures = report_what.add_parser("figures", help="figures of the public registry as JSON or CSV (docs/figures.md)")
    report_figures.add_argument("--as-of", metavar="DATE", help="as they stood on that date (YYYY-MM-DD); default today")
    report_figures.add_argument("--format", choices=["json", "csv"], default="json")
    report_figures.add_argument("--country", choices=["BE", "FR", "BI"], help="only the cycles of one country")
    report_figures.add_argument("--language", choices=["fr", "nl", "en"], default="fr", help="language of the labels")
    report.set_defaults(func=cmd_report)

    sub.add_parser("manage", help="any Django management command: cairn manage <command> …", add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "manage":
        return cmd_manage(argv[1:])
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
