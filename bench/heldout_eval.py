#!/usr/bin/env python3
"""Score actorgraph per document against the hand-annotated gold sets in tests/gold/.

For each document, the set of actors actorgraph reports is compared with the gold set
(tests/gold/GUIDELINES.md says what counts): precision and recall over (document,
actor) pairs, overall and per type.

Matching a predicted actor to a gold entry:
* countries: by ISO 3166-1 alpha-3 code;
* everything else: a gold name (any of its `|` alternatives) equal to the actor's label
  or to one of its aliases (case, accents and spacing ignored), or whose slug is the
  actor's id. Organisations and groups match each other (a party is a group in
  actorgraph and may be annotated either way).

Out of scope, as the guidelines define it, and so not scored: national institutions
(actorgraph's organisations that are affiliated with a country, such as the Pentagon),
since the gold set does not annotate them.

The texts are rebuilt from ../shared/data by tests/gold/corpus.py and piped to the
binary; nothing is written.

Usage: python3 bench/heldout_eval.py [dev|heldout] [--bin PATH] [--errors] [--check]
"""

import argparse
import collections
import csv
import json
import os
import re
import subprocess
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = {"precision": 0.97, "recall": 0.90}


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2019", "'").lower()
    return re.sub(r"\s+", " ", s).strip()


def slug(s):
    s = fold(s).replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def load_gold(name):
    gold = collections.defaultdict(list)
    docs = [l.strip() for l in open(os.path.join(ROOT, "tests", "gold", f"{name}.docs")) if l.strip()]
    with open(os.path.join(ROOT, "tests", "gold", f"{name}.tsv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["type"] == "none":
                continue
            gold[row["doc"]].append((row["type"], row["name"]))
    return docs, gold


def run(binary, name):
    corpus = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "gold", "corpus.py"), "jsonl", name],
                            capture_output=True, check=True)
    out = subprocess.run([binary, "extract", "--input-format", "jsonl"], input=corpus.stdout,
                         capture_output=True, check=True)
    mentions = collections.defaultdict(list)
    for line in out.stdout.decode().splitlines():
        m = json.loads(line)
        mentions[m["doc"]].append(m)
    return mentions


def alias_index(binary):
    out = subprocess.run([binary, "gazetteer", "aliases"], capture_output=True, check=True)
    names = collections.defaultdict(set)
    for line in out.stdout.decode().splitlines()[1:]:
        alias, actor = line.split("\t")[:2]
        names[actor].add(fold(alias))
    return names


def kind_group(kind):
    return "org" if kind in ("organization", "group") else kind


def matches(pred, gold_entry, names):
    gtype, gname = gold_entry
    if pred["type"] == "country" or gtype == "country":
        return pred["type"] == gtype == "country" and pred.get("iso3") == gname
    if kind_group(pred["type"]) != kind_group(gtype):
        return False
    known = names.get(pred["actor"], set()) | {fold(pred["label"])}
    for alt in gname.split("|"):
        if fold(alt) in known or slug(alt) == pred["actor"]:
            return True
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("set", nargs="?", default="dev", choices=["dev", "dev2", "heldout"])
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "actorgraph"))
    ap.add_argument("--errors", action="store_true", help="list false positives and misses")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--min-precision", type=float, help="exit 1 when precision is lower")
    ap.add_argument("--min-recall", type=float, help="exit 1 when recall is lower")
    args = ap.parse_args()

    docs, gold = load_gold(args.set)
    mentions = run(args.bin, args.set)
    names = alias_index(args.bin)
    totals = collections.Counter()
    per_type = collections.defaultdict(collections.Counter)
    errors = []
    for doc in docs:
        predicted = {}
        for m in mentions.get(doc, []):
            if m["type"] == "organization" and "affiliation" in m and "role" not in m:
                continue  # a national institution: outside the gold set's scope
            predicted.setdefault(m["actor"], m)
        gold_entries = gold.get(doc, [])
        matched_gold = set()
        for actor, m in sorted(predicted.items()):
            hit = next((i for i, g in enumerate(gold_entries) if i not in matched_gold and matches(m, g, names)), None)
            t = kind_group(m["type"])
            if hit is None:
                totals["fp"] += 1
                per_type[t]["fp"] += 1
                errors.append((doc, "FP", f"{actor} ({m['type']}) as {m['text']!r}"))
            else:
                matched_gold.add(hit)
                totals["tp"] += 1
                per_type[t]["tp"] += 1
        for i, (gtype, gname) in enumerate(gold_entries):
            if i not in matched_gold:
                totals["fn"] += 1
                per_type[kind_group(gtype)]["fn"] += 1
                errors.append((doc, "FN", f"{gname} ({gtype})"))

    def pr(c):
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else float("nan")
        return p, r

    p, r = pr(totals)
    print(f"{args.set}: {len(docs)} documents, {totals['tp'] + totals['fn']} gold (document, actor) pairs")
    print(f"{'type':<10}{'tp':>6}{'fp':>6}{'fn':>6}{'precision':>11}{'recall':>8}")
    for t in ["country", "org", "person"]:
        c = per_type[t]
        tp, tr = pr(c)
        print(f"{t:<10}{c['tp']:>6}{c['fp']:>6}{c['fn']:>6}{tp:>11.3f}{tr:>8.3f}")
    print(f"{'all':<10}{totals['tp']:>6}{totals['fp']:>6}{totals['fn']:>6}{p:>11.3f}{r:>8.3f}"
          f"   (targets: precision {TARGETS['precision']}, recall {TARGETS['recall']})")
    if args.errors:
        for doc, kind, what in errors:
            print(f"{kind}  {doc}  {what}")
    if args.check and (p < TARGETS["precision"] or r < TARGETS["recall"]):
        sys.exit(1)
    if args.min_precision is not None and p < args.min_precision:
        sys.exit(f"precision {p:.3f} is below {args.min_precision}")
    if args.min_recall is not None and r < args.min_recall:
        sys.exit(f"recall {r:.3f} is below {args.min_recall}")


if __name__ == "__main__":
    main()
