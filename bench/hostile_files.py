"""Time and peak memory of reading an import file: legitimate ones and bombs.

    uv run python bench/hostile_files.py                  # the reader of this checkout
    uv run python bench/hostile_files.py --root /path/to/other/checkout --without-defusedxml

Each file is built here (``cairn/core/tests/hostile_files.py``), written to a temporary
folder, then read by ``cairn.core.tabular.read_table`` in a fresh Python process whose
``cairn`` package comes from ``--root`` (default: this checkout), so that another
checkout — the code before a change — is measured on the same files. Each child is
stopped after ``--timeout`` seconds and may not use more than ``--max-memory`` MB of
address space (the machine is shared). The table gives the wall time of ``read_table``,
the child's peak resident memory (its baseline — Python, Django, openpyxl — is the
first line) and what came out: the number of rows read or the message of the refusal.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import string
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

CHILD = r"""
import json, os, resource, sys, time
sys.path.insert(0, sys.argv[1])
os.environ["DJANGO_SETTINGS_MODULE"] = "cairn.test_settings"
limit = int(sys.argv[4]) * 1024 * 1024
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
import django
django.setup()
from django.utils import translation
from cairn.core.tabular import TabularError, read_table
data = open(sys.argv[2], "rb").read()
outcome = "baseline"
start = time.perf_counter()
if sys.argv[3] != "-":
    translation.activate("en")
    try:
        table = read_table(data, sys.argv[3], {"email": "email", "name": "name"}, max_bytes=10 * 1024 * 1024)
        outcome = f"read {len(table.rows):,} rows"
    except TabularError as exc:
        outcome = f"refused: {exc}"
    except MemoryError:
        outcome = "MemoryError"
    except Exception as exc:
        outcome = f"crashed: {type(exc).__name__}"
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "outcome": outcome}))
"""


def members_xlsx(count: int) -> bytes:
    from openpyxl import Workbook

    rnd = random.Random(2015)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["email", "name", "language", "country", "office", "sector"])
    for n in range(count):
        sheet.append([f"m{n}@example.org", "".join(rnd.choices(string.ascii_letters, k=12)), "fr", "BE", "Liège", "banque"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def members_csv(count: int) -> bytes:
    rnd = random.Random(2015)
    lines = ["email;name;language;country;office;sector"]
    lines += [f"m{n}@example.org;{''.join(rnd.choices(string.ascii_letters, k=12))};fr;BE;Liège;banque" for n in range(count)]
    return ("\n".join(lines) + "\n").encode()


def cases(bomb_rows: int) -> list[tuple[str, str, bytes]]:
    from cairn.core.tests import hostile_files as hostile

    bomb = hostile.workbook(hostile.repeated_rows(bomb_rows))
    wide = b'<row r="1">' + b"".join(b'<c r="A1"><v>%d</v></c>' % random.Random(n).randrange(10**9) for n in range(540_000)) + b"</row>"
    return [
        ("baseline (no read)", "-", b""),
        ("30,000 members, XLSX", "f.xlsx", members_xlsx(30_000)),
        ("30,000 members, CSV", "f.csv", members_csv(30_000)),
        (f"bomb: {bomb_rows:,} rows, XLSX", "f.xlsx", bomb),
        ("bomb lying about its size", "f.xlsx", hostile.declare_size(bomb, "xl/worksheets/sheet1.xml", 1_000_000)),
        ("one row of 540,000 cells (16 MB)", "f.xlsx", hostile.workbook(hostile.sheet(wide))),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=HERE.parent, help="the checkout whose cairn package reads the files")
    parser.add_argument("--without-defusedxml", action="store_true", help="run openpyxl as if defusedxml were not installed")
    parser.add_argument("--bomb-rows", type=int, default=3_000_000)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--max-memory", type=int, default=3000, help="address space of a child, in MB")
    args = parser.parse_args()
    env = {"OPENPYXL_DEFUSEDXML": "False"} if args.without_defusedxml else {}
    print(f"reader: {args.root}{' (openpyxl without defusedxml)' if env else ''}")
    print("| file | size | seconds | peak MB | outcome |\n| --- | ---: | ---: | ---: | --- |")
    with tempfile.TemporaryDirectory() as folder:
        for label, filename, data in cases(args.bomb_rows):
            path = Path(folder) / "upload"
            path.write_bytes(data)
            command = [sys.executable, "-c", CHILD, str(args.root), str(path), filename, str(args.max_memory)]
            try:
                done = subprocess.run(command, capture_output=True, text=True, timeout=args.timeout, env={**_environ(), **env}, check=False)
            except subprocess.TimeoutExpired:
                print(f"| {label} | {len(data):,} B | > {args.timeout:.0f} (stopped) | – | – |", flush=True)
                continue
            lines = done.stdout.strip().splitlines()
            if done.returncode or not lines:
                print(f"| {label} | {len(data):,} B | – | – | child failed: {done.stderr.strip().splitlines()[-1:]} |", flush=True)
                continue
            result = json.loads(lines[-1])
            print(
                f"| {label} | {len(data):,} B | {result['seconds']:.2f} | {result['peak_mb']:.0f} | {result['outcome'][:90]} |",
                flush=True,
            )


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)


if __name__ == "__main__":
    main()
