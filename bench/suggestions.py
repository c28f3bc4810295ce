"""Link suggestions between cycles (decision 0030): how good, and how fast.

    uv run python bench/suggestions.py                 # the demo seed, then 3,000 recommendations
    uv run python bench/suggestions.py --scale realistic

Seeds a fresh SQLite database (``cairn seed``, in a temporary folder), then:

1. **Quality**: the seed links recommendations that re-issue or continue one of an earlier
   cycle (``RecommendationLink``, some written in Dutch): those are the labelled pairs.
   For each linked recommendation, the five suggestions of ``SimilarityIndex.neighbours``
   (the same as the background task computes, before excluding pairs already linked) are
   compared with its true partners: precision at 5 (share of suggestions that are true
   links) and recall at 5 (share of true links found).
2. **Time**: the index over 3,000 recommendations (the seed's texts, repeated over more
   cycles with their numbers changed) and the suggestions of every one of them, timed.

Prints both; writes ``bench/results/suggestions-latest.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import common


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/suggestions.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=["small", "realistic"], default="small")
    parser.add_argument("--size", type=int, default=3000, help="recommendations for the timing")
    args = parser.parse_args(argv)

    temp = Path(tempfile.mkdtemp(prefix="cairn-bench-suggestions-"))
    try:
        env = common.clean_env(CAIRN_DATA_DIR=str(temp))
        print("» migrating and seeding a fresh SQLite database", flush=True)
        common.run_quiet(common.cairn("manage", "migrate", "--noinput"), env)
        common.timed_seed(args.scale, 2015, env)
        os.environ["CAIRN_DATA_DIR"] = str(temp)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cairn.settings")
        import django

        django.setup()
        results = measure(args.size)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    print(json.dumps(results, indent=2))
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "suggestions-latest.json").write_text(json.dumps(results, indent=2))
    return 0


def measure(size: int) -> dict[str, object]:
    from cairn.recommendations.models import RecommendationLink
    from cairn.recommendations.selectors.suggestions import similarity_texts
    from cairn.recommendations.similarity import PER_RECOMMENDATION, SimilarityIndex, Text

    texts = similarity_texts()
    truth: dict[int, set[int]] = {}
    for source, target in RecommendationLink.objects.values_list("source_id", "target_id"):
        truth.setdefault(source, set()).add(target)
        truth.setdefault(target, set()).add(source)
    started = time.monotonic()
    index = SimilarityIndex(texts)
    found = index.neighbours(list(truth), limit=PER_RECOMMENDATION)
    quality_s = time.monotonic() - started
    suggested = sum(len(found.get(key, [])) for key in truth)
    hits = sum(len({other for other, _score in found.get(key, [])} & partners) for key, partners in truth.items())
    relevant = sum(min(len(partners), PER_RECOMMENDATION) for partners in truth.values())

    # 3,000 recommendations: the seed's texts again, in more cycles.
    big = [Text(n, n % 12, text.parts) for n, text in enumerate((texts * (size // max(len(texts), 1) + 1))[:size])]
    started = time.monotonic()
    SimilarityIndex(big).neighbours([text.key for text in big])
    big_s = time.monotonic() - started
    return {
        "recommendations": len(texts),
        "linked_recommendations": len(truth),
        "precision_at_5": round(hits / suggested, 3) if suggested else None,
        "recall_at_5": round(hits / relevant, 3) if relevant else None,
        "quality_run_s": round(quality_s, 2),
        "timing_size": size,
        "timing_s": round(big_s, 2),
        "revision": common.git_revision(),
        "machine": common.machine(),
    }


if __name__ == "__main__":
    raise SystemExit(main())
