"""Group formation at the cooperative's scale and ten times it (``cairn/core/grouping.py``).

    uv run python bench/grouping.py             # hackathon (300 people, 25 questions) and 10× (3,000 people, 100 topics)
    uv run python bench/grouping.py --only hackathon

Prints, for each case, the wall time, the solver's status and the scores of the groups:
share placed, share on their first choice, share of needed skills covered, and diversity
(distinct traits — offices, sectors — per member, averaged over groups). The people are
generated from a fixed seed, so every run solves the same problem. Goal: the hackathon case
under 10 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cairn.core.grouping import Person, Settings, Target, form_groups

ROLES = ["experience", "design", "development", "legal", "finance", "communication", "facilitation"]
OFFICES = ["Bruxelles", "Liège", "Gand", "Anvers", "Charleroi", "Namur", "Paris", "Lille", "Lyon", "Marseille"]
SECTORS = ["culture", "formation", "conseil", "numérique", "artisanat", "santé", "bâtiment", "commerce"]


def people(count: int, targets: int, *, places: bool, rng: random.Random) -> list[Person]:
    result = []
    for i in range(count):
        roll = rng.random()
        languages = frozenset({"fr"} if roll < 0.6 else {"nl"} if roll < 0.85 else {"fr", "nl"})
        office = rng.choice(OFFICES)
        popular = [rng.randrange(targets) if rng.random() < 0.5 else rng.randrange(max(1, targets // 5)) for _ in range(5)]
        result.append(
            Person(
                id=i,
                languages=languages,
                place=(office if rng.random() < 0.7 else None) if places else None,
                skills=frozenset(rng.sample(ROLES, rng.randint(1, 2))),
                traits=frozenset({f"office:{office}", f"sector:{rng.choice(SECTORS)}"}),
                preferences=tuple(dict.fromkeys(popular))[:3] if rng.random() < 0.9 else (),
                availability=frozenset(rng.sample(["mon", "tue", "wed", "thu", "fri"], 3)) if places else None,
                first_timer=rng.random() < 0.4,
                lead=rng.random() < 0.15,
            )
        )
    return result


CASES = {
    # A hackathon: everyone in one place, questions that need some roles, teams of 4–7.
    "hackathon": {"people": 300, "targets": 25, "places": False, "settings": Settings(min_size=4, max_size=7, max_groups_per_target=3)},
    # Ten times the cooperative's experiments: local groups meeting on a weekday.
    "experiments-10x": {
        "people": 3000,
        "targets": 100,
        "places": True,
        "settings": Settings(min_size=4, max_size=10, max_groups_per_target=3, slots=("mon", "tue", "wed", "thu", "fri")),
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=sorted(CASES), nargs="*")
    args = parser.parse_args()
    print(f"{'case':<18} {'people':>6} {'targets':>7} {'groups':>6} {'seconds':>7} {'status':<8} placed  first  needs  diversity")
    for name, case in CASES.items():
        if args.only and name not in args.only:
            continue
        rng = random.Random(12)
        who = people(case["people"], case["targets"], places=case["places"], rng=rng)
        targets = [Target(t, needs=frozenset(rng.sample(ROLES, 3))) for t in range(case["targets"])]
        result = form_groups(who, targets, case["settings"])
        s = result.scores(who, targets)
        print(
            f"{name:<18} {len(who):>6} {len(targets):>7} {len(result.groups):>6} {result.seconds:>7.2f} {result.status:<8}"
            f" {s['placed']:>6.1%} {s['first_choice']:>6.1%} {s['needs_covered']:>6.1%} {s['diversity']:>9.2f}"
        )


if __name__ == "__main__":
    main()
