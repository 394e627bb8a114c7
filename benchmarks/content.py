"""Precision and recall of the content checks on the labelled sentences, per kind and overall, for
the development part and each blind part; and the time the checks take over 100,000 texts.

The labelled set is tests/audit/labelled_sentences.csv: sentence, expected kinds (or none),
label, source, article, part. Parts: dev (the patterns are tuned on it), blind (held back, but
written by the patterns' author), dev2 to dev5 and dev7 to dev25 (each written by someone else
before the checker saw it, as the parts blind2 to blind18, blind20 and blind23 to blind27; their
mistakes were studied for checkers 4 to 25, so they are development data now), and dev6 and
dev26 to dev28 (written by a sixth, a thirtieth, a thirty-first and a thirty-third hand for the
learned reading, scripts/train-content-model, and for development; never held back). The blind
part is never used to tune the patterns nor to train: this script prints its figures but lists
the mistakes of the development parts only. With --part all it also scores
tests/audit/labelled_blind19.csv, labelled_blind21.csv, labelled_blind22.csv,
labelled_blind28.csv and labelled_blind29.csv, the held-back sets by the twentieth,
twenty-second, twenty-third, twenty-ninth and thirty-second hands (the honest figures: never
read, never tuned or trained on).

With --second-reading it compares tests/audit/second_reading.csv, the same sentences of four
sets (dev27, dev28, blind28, blind29) labelled again by a second reviewer who saw neither the
first labels nor the checks: how far two careful readings agree, and the checks scored on the
sentences both readings agree on. Only figures are printed, never a held-back sentence.

Run: python benchmarks/content.py [--part dev|dev2|…|dev28|blind|all] [--mistakes] [--texts 100000]
     [--real-texts]
     python benchmarks/content.py --file other.csv   (any labelled file with the same columns)
     python benchmarks/content.py --second-reading
"""

import argparse
import csv
import inspect
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "audit" / "labelled_sentences.csv"
# The held-back sets by other hands (never read, never tuned or trained on), each with its name.
HELD_BACK = (
    (
        ROOT / "tests" / "audit" / "labelled_blind19.csv",
        "blind19 (held back, by a twentieth hand)",
    ),
    (
        ROOT / "tests" / "audit" / "labelled_blind21.csv",
        "blind21 (held back, by a twenty-second hand)",
    ),
    (
        ROOT / "tests" / "audit" / "labelled_blind22.csv",
        "blind22 (held back, by a twenty-third hand)",
    ),
    (
        ROOT / "tests" / "audit" / "labelled_blind28.csv",
        "blind28 (held back, by a twenty-ninth hand)",
    ),
    (
        ROOT / "tests" / "audit" / "labelled_blind29.csv",
        "blind29 (held back, by a thirty-second hand)",
    ),
)
SECOND_READING = ROOT / "tests" / "audit" / "second_reading.csv"
LAWS = ROOT / "samples" / "superior-laws.csv"
SAMPLES = ROOT / "samples" / "documents"

sys.path.insert(0, str(ROOT / "src"))


# The parts of the labelled set, and the name each is printed under ("a+b": both together).
PARTS = {
    "dev": "development",
    "dev2": "dev2 (the former blind2, written by another hand)",
    "dev3": "dev3 (the former blind3, written by another hand)",
    "dev4": "dev4 (the former blind4, written by another hand)",
    "dev5": "dev5 (the former blind5, written by a fifth hand)",
    "dev6": "dev6 (sentences written by a sixth hand for the learned reading)",
    "dev7": "dev7 (the former blind6, written by a seventh hand)",
    "dev8": "dev8 (the former blind7, written by an eighth hand)",
    "dev9": "dev9 (the former blind8, written by a ninth hand)",
    "dev10": "dev10 (the former blind9, written by a tenth hand)",
    "dev11": "dev11 (the former blind10, written by an eleventh hand)",
    "dev12": "dev12 (the former blind11, written by a twelfth hand)",
    "dev13": "dev13 (the former blind12, written by a thirteenth hand)",
    "dev14": "dev14 (the former blind13, written by a fourteenth hand)",
    "dev15": "dev15 (the former blind14, written by a fifteenth hand)",
    "dev16": "dev16 (the former blind15, written by a sixteenth hand)",
    "dev17": "dev17 (the former blind17, written by an eighteenth hand)",
    "dev18": "dev18 (the former blind16, written by a seventeenth hand)",
    "dev19": "dev19 (the former blind18, written by a nineteenth hand)",
    "dev20": "dev20 (the former blind20, written by a twenty-first hand)",
    "dev21": "dev21 (the former blind23, written by a twenty-fourth hand)",
    "dev22": "dev22 (the former blind24, written by a twenty-fifth hand)",
    "dev23": "dev23 (the former blind25, written by a twenty-sixth hand)",
    "dev24": "dev24 (the former blind26, written by a twenty-seventh hand)",
    "dev25": "dev25 (the former blind27, written by a twenty-eighth hand)",
    "dev26": "dev26 (sentences written by a thirtieth hand for development, never held back)",
    "dev27": "dev27 (sentences written by a thirty-first hand for development, never held back)",
    "dev28": "dev28 (sentences written by a thirty-third hand for development, never held back)",
    "blind": "blind",
}
# The parts whose mistakes --mistakes lists: never a blind one.
DEVELOPMENT = tuple(part for part in PARTS if part != "blind")


def labelled(part: str | None = None, path: Path = LABELLED) -> list[dict[str, str]]:
    """The labelled rows of one part ("dev+dev2": of both), or all of them, of the
    labelled set or of another file with its columns."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    wanted = None if part is None else set(part.split("+"))
    return [row for row in rows if wanted is None or row["part"] in wanted]


def expected_of(row: dict[str, str]) -> set[str]:
    return set() if row["expected"] == "none" else set(row["expected"].split("|"))


def law_index() -> object:
    """The superior laws an office starts with (samples/superior-laws.csv) as the checks read
    them; None with checks older than the law index."""
    import normdocs.domain.content_checks as checks

    if not hasattr(checks, "LawIndex"):
        return None
    with open(LAWS, encoding="utf-8", newline="") as f:
        titles = [row["title"] for row in csv.DictReader(f)]
    return checks.LawIndex.of(titles)


def classifier() -> Callable[[str], set[str]]:
    import normdocs.domain.content_checks as checks

    laws = law_index()
    takes_laws = len(inspect.signature(checks.classify_sentence).parameters) > 1

    def classify(sentence: str) -> set[str]:
        found = checks.classify_sentence(sentence, laws) if takes_laws else None
        if found is None:
            found = checks.classify_sentence(sentence)
        return {c.value for c in found}

    return classify


class Score:
    """True and false positives and false negatives per kind."""

    def __init__(self, kinds: Iterable[str]) -> None:
        self.counts: dict[str, Counter[str]] = {kind: Counter() for kind in kinds}
        self.mistakes: list[str] = []

    def add(self, row: dict[str, str], got: set[str]) -> None:
        expected = expected_of(row)
        for kind in got & expected:
            self.counts[kind]["tp"] += 1
        for kind in got - expected:
            self.counts[kind]["fp"] += 1
        for kind in expected - got:
            self.counts[kind]["fn"] += 1
        if got != expected:
            self.mistakes.append(
                f"  {row['sentence']}  expected={'|'.join(sorted(expected)) or 'none'}"
                f" got={'|'.join(sorted(got)) or 'none'}  [{row['source']}]"
            )

    def of(self, kind: str | None = None) -> tuple[float, float, int]:
        """(precision, recall, positives) of one kind, or of all kinds together."""
        counts: Counter[str] = Counter()
        for k, c in self.counts.items():
            if kind is None or k == kind:
                counts.update(c)
        tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        return precision, recall, tp + fn


def score(rows: list[dict[str, str]]) -> Score:
    from normdocs.domain.content_checks import Category

    classify = classifier()
    result = Score(c.value for c in Category)
    for row in rows:
        result.add(row, classify(row["sentence"]))
    return result


def report(name: str, rows: list[dict[str, str]], result: Score) -> str:
    lines = [f"{name}: {len(rows)} sentences"]
    for kind in result.counts:
        precision, recall, positives = result.of(kind)
        lines.append(
            f"  {kind:<12} precision {precision:.2f}  recall {recall:.2f}  ({positives} positives)"
        )
    precision, recall, positives = result.of()
    lines.append(
        f"  {'overall':<12} precision {precision:.2f}  recall {recall:.2f}  ({positives} positives)"
    )
    return "\n".join(lines)


def second_reading() -> str:
    """Two readings of the same sentences compared, set by set: the second reviewer's labels
    scored against the first (how far careful reviewers agree), and the checks scored on the
    sentences where both readings agree; each for all sentences and for the real ones alone."""
    from normdocs.domain.content_checks import Category

    kinds = [c.value for c in Category]
    with open(SECOND_READING, encoding="utf-8", newline="") as f:
        second = list(csv.DictReader(f))
    held_back = {path.stem.removeprefix("labelled_"): path for path, _name in HELD_BACK}
    classify = classifier()
    lines = []
    for part in dict.fromkeys(row["part"] for row in second):
        if part in held_back:
            first = {row["sentence"]: row for row in labelled(path=held_back[part])}
        else:
            first = {row["sentence"]: row for row in labelled(part)}
        for real_only in (False, True):
            agreement, checks, rows = Score(kinds), Score(kinds), 0
            for row in second:
                original = first[row["sentence"]] if row["part"] == part else None
                if original is None or (real_only and original["source"].startswith("written")):
                    continue
                rows += 1
                again = expected_of(row)
                agreement.add(original, again)
                if again == expected_of(original):
                    checks.add(original, classify(row["sentence"]))
            which = "real sentences" if real_only else "all sentences"
            lines.append(f"{part}, {which} ({rows}):")
            for name, result in (("second reviewer", agreement), ("checks on agreed", checks)):
                precision, recall, positives = result.of()
                per_kind = "  ".join(
                    "{} {:.2f}/{:.2f}".format(kind[:4], *result.of(kind)[:2]) for kind in kinds
                )
                lines.append(
                    f"  {name:<16} {precision:.2f} / {recall:.2f} ({positives:>3})  {per_kind}"
                )
    return "\n".join(lines)


def texts(count: int, seed: int = 7, *, real: bool = False) -> list[str]:
    """`count` texts shaped as benchmarks/audit.py builds a registry's: 8 to 20 real sample
    sentences or lawful labelled ones (most of them: look-alikes written to resemble violations,
    the hardest text there is for the checks), and in one text of twenty a labelled violation.
    With `real`, the lawful sentences are the real samples' only, as in a real registry."""
    from normdocs.domain.content_checks import split_sentences

    plain: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        plain += [s for s in split_sentences(path.read_text(encoding="utf-8")) if len(s) > 8]
    flagged: list[str] = []
    for row in labelled():
        if row["expected"] != "none":
            flagged.append(row["sentence"])
        elif not real:
            plain.append(row["sentence"])
    rng = random.Random(seed)
    out = []
    for i in range(count):
        size = rng.randint(8, 20)
        body = [rng.choice(plain) for _ in range(size)]
        if rng.random() < 0.05:
            body.insert(rng.randint(0, size), rng.choice(flagged))
        out.append(f"关于第{i}号事项的通知\n" + "。\n".join(body) + "。")
    return out


def time_checks(count: int, *, real: bool = False) -> tuple[float, float, int]:
    """Seconds (wall clock and CPU) to run the content checks over `count` texts, and the hits
    found. On a shared machine the CPU time is the figure to compare."""
    try:  # as the audit runs them (with the anchor automaton), where the tree has that
        import normdocs.services.content_scan as checks
    except ImportError:
        import normdocs.domain.content_checks as checks  # type: ignore[no-redef]

    corpus = texts(count, real=real)
    laws = law_index()
    takes_laws = len(inspect.signature(checks.find_hits).parameters) > 1
    started = time.perf_counter()
    cpu_started = time.process_time()
    hits = 0
    for text in corpus:
        hits += len(checks.find_hits(text, laws) if takes_laws else checks.find_hits(text))
    return time.perf_counter() - started, time.process_time() - cpu_started, hits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=(*PARTS, "all"), default="all")
    parser.add_argument(
        "--mistakes", action="store_true", help="list the development parts' mistakes"
    )
    parser.add_argument("--texts", type=int, default=0, help="time the checks over N texts")
    parser.add_argument(
        "--real-texts",
        action="store_true",
        help="with --texts: texts of real sample sentences only, without the look-alikes",
    )
    parser.add_argument(
        "--file", type=Path, help="score every row of another labelled file with the same columns"
    )
    parser.add_argument(
        "--second-reading",
        action="store_true",
        help="compare the labels with a second reviewer's, and score the checks where both agree",
    )
    args = parser.parse_args()
    if args.second_reading:
        print(second_reading())
        return
    if args.file:
        rows = labelled(path=args.file)
        print(report(f"{args.file.name} (all parts)", rows, score(rows)))
        return
    parts = tuple(PARTS) if args.part == "all" else (args.part,)
    for part in parts:
        rows = labelled(part)
        result = score(rows)
        print(report(PARTS[part], rows, result))
        if args.mistakes and part in DEVELOPMENT:
            print("\n".join(result.mistakes))
    for path, name in HELD_BACK if args.part == "all" else ():
        if path.exists():
            rows = labelled(path=path)
            print(report(f"{name}; never read", rows, score(rows)))
    if args.texts:
        seconds, cpu, hits = time_checks(args.texts, real=args.real_texts)
        shape = "real-sample texts" if args.real_texts else "texts"
        print(
            f"content checks over {args.texts:,} {shape}: {seconds:.2f} s, CPU {cpu:.2f} s"
            f" ({hits:,} hits)"
        )


if __name__ == "__main__":
    main()
