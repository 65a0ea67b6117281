#!/usr/bin/env python3
"""Score actorgraph's mentions against the CoNLL-2003 English NER gold spans.

CoNLL-2003 (Reuters news, 1996) tags LOC, ORG, PER and MISC spans. actorgraph's mentions
are not NER spans, so the comparison is the one that makes sense for a dictionary of
actors:

* precision, per actor type: a mention is correct when it overlaps a gold span of a
  compatible type (country -> LOC or MISC, since demonyms such as "Israeli" are MISC;
  organization -> ORG; group -> ORG or MISC, since party and movement adjectives such as
  "Conservative MP" or "Republican senator" are MISC, like demonyms; person -> PER).
  "strict" also requires the same boundaries.
* recall: of the gold spans whose text is one of actorgraph's aliases for an actor of a
  compatible type, the share that a mention of a compatible type overlaps. Aliases that
  count only in context (capitals standing for governments) are left out: a capital used
  as a place is not a mention of its country, by design. (Gold spans
  that no gazetteer alias covers are outside what a dictionary can find and are counted
  separately, as coverage.)

The CoNLL text is read from ../shared/data/conll2003/ and never written anywhere: the
documents are piped to actorgraph through stdin.

Usage: python3 bench/conll_eval.py [--split eng.testb] [--bin target/release/actorgraph]
       [--errors N] [--check]
--check exits with 1 when a target is missed (country precision >= 0.97, others >= 0.90).
"""

import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(os.path.dirname(ROOT), "shared", "data", "conll2003")

COMPATIBLE = {
    "country": {"LOC", "MISC"},
    "organization": {"ORG"},
    "group": {"ORG", "MISC"},
    "person": {"PER"},
}
TARGETS = {"country": 0.97, "organization": 0.90, "group": 0.90, "person": 0.90}


def read_conll(path):
    """Yields documents as (id, text, gold spans [(start, end, type, text)])."""
    docs = []
    lines, spans, sentence = [], [], []

    def flush_sentence():
        if not sentence:
            return
        offset = sum(len(l) + 1 for l in lines)
        parts, cur, ent = [], 0, None
        for word, tag in sentence:
            start = offset + cur
            parts.append(word)
            cur += len(word) + 1
            kind = tag[2:] if tag != "O" else None
            begins = tag.startswith("B-") or (ent is not None and kind != ent[2])
            if ent is not None and (kind is None or begins):
                spans.append(tuple(ent))
                ent = None
            if kind is not None:
                if ent is None:
                    ent = [start, start + len(word), kind]
                else:
                    ent[1] = start + len(word)
        if ent is not None:
            spans.append(tuple(ent))
        lines.append(" ".join(parts))
        sentence.clear()

    def flush_doc():
        flush_sentence()
        if lines:
            text = "\n".join(lines) + "\n"
            docs.append((f"doc{len(docs):03d}", text, [(s, e, k, text[s:e]) for s, e, k in spans]))
        lines.clear()
        spans.clear()

    with open(path, encoding="ascii", errors="replace") as f:
        for raw in f:
            raw = raw.rstrip("\n")
            if raw.startswith("-DOCSTART-"):
                flush_doc()
                continue
            if not raw.strip():
                flush_sentence()
                continue
            cols = raw.split(" ")
            sentence.append((cols[0], cols[-1]))
    flush_doc()
    return docs


def run_actorgraph(binary, docs):
    payload = "".join(json.dumps({"id": d, "text": t}) + "\n" for d, t, _ in docs)
    out = subprocess.run(
        [binary, "extract", "--input-format", "jsonl"],
        input=payload.encode(), capture_output=True, check=True,
    )
    mentions = collections.defaultdict(list)
    for line in out.stdout.decode().splitlines():
        m = json.loads(line)
        mentions[m["doc"]].append(m)
    return mentions


def alias_table(binary):
    out = subprocess.run([binary, "gazetteer", "aliases"], capture_output=True, check=True)
    table = collections.defaultdict(set)
    for line in out.stdout.decode().splitlines()[1:]:
        alias, _actor, kind, alias_kind, case, _flags = line.split("\t")
        # A capital counts only where it stands for its government, never as a venue, so
        # spans that only a metonymy alias covers are not expected to be found.
        if kind in COMPATIBLE and alias_kind != "metonymy":
            key = alias if case == "exact" else alias.lower()
            table[(key, case == "exact")].add(kind)
    return table


def alias_types(table, text):
    return table.get((text, True), set()) | table.get((text.lower(), False), set())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="eng.testb")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "actorgraph"))
    ap.add_argument("--errors", type=int, default=0, help="print the N most frequent errors per type")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    path = os.path.join(DATA, args.split)
    if not os.path.exists(path):
        sys.exit(f"conll_eval: {path} not found (the shared data folder is needed)")
    docs = read_conll(path)
    mentions = run_actorgraph(args.bin, docs)
    aliases = alias_table(args.bin)

    stats = {k: collections.Counter() for k in COMPATIBLE}
    false_pos = {k: collections.Counter() for k in COMPATIBLE}
    misses = {k: collections.Counter() for k in COMPATIBLE}
    for doc_id, text, gold in docs:
        found = mentions.get(doc_id, [])
        for m in found:
            kind = m["type"]
            if kind not in stats:
                continue
            s, e = m["start"], m["end"]
            overlapping = [g for g in gold if g[0] < e and s < g[1]]
            ok = [g for g in overlapping if g[2] in COMPATIBLE[kind]]
            stats[kind]["predicted"] += 1
            if ok:
                stats[kind]["correct"] += 1
                if any(g[0] == s and g[1] == e for g in ok):
                    stats[kind]["strict"] += 1
            else:
                tag = overlapping[0][2] if overlapping else "O"
                false_pos[kind][f"{m['text']} -> {m['actor']} (gold {tag})"] += 1
        for s, e, tag, surface in gold:
            for kind in alias_types(aliases, surface):
                if tag not in COMPATIBLE[kind]:
                    continue
                stats[kind]["gold_alias"] += 1
                hit = any(m["type"] == kind and m["start"] < e and s < m["end"] for m in found)
                if hit:
                    stats[kind]["recalled"] += 1
                else:
                    misses[kind][surface] += 1
        for s, e, tag, surface in gold:
            for kind, tags in COMPATIBLE.items():
                if tag in tags:
                    stats[kind]["gold_all"] += 1
                    if any(m["type"] == kind and m["start"] < e and s < m["end"] for m in found):
                        stats[kind]["found_any"] += 1

    report = {}
    failed = False
    print(f"CoNLL-2003 {args.split}: {len(docs)} documents, {sum(len(g) for _, _, g in docs)} gold spans")
    print(f"{'type':<13}{'mentions':>9}{'precision':>11}{'strict':>8}{'recall':>8}{'(of alias spans)':>18}{'target':>8}")
    for kind, c in stats.items():
        p = c["correct"] / c["predicted"] if c["predicted"] else float("nan")
        ps = c["strict"] / c["predicted"] if c["predicted"] else float("nan")
        r = c["recalled"] / c["gold_alias"] if c["gold_alias"] else float("nan")
        met = c["predicted"] == 0 or p >= TARGETS[kind]
        failed |= not met
        report[kind] = {"mentions": c["predicted"], "precision": p, "strict_precision": ps,
                        "recall": r, "gold_alias_spans": c["gold_alias"],
                        "gold_spans_compatible": c["gold_all"], "gold_spans_found": c["found_any"]}
        print(f"{kind:<13}{c['predicted']:>9}{p:>11.3f}{ps:>8.3f}{r:>8.3f}{c['gold_alias']:>18}"
              f"{TARGETS[kind]:>8.2f}{'' if met else '  MISSED'}")
    if args.errors:
        for kind in stats:
            if false_pos[kind]:
                print(f"\nfalse positives, {kind}:")
                for what, n in false_pos[kind].most_common(args.errors):
                    print(f"  {n:4d}  {what}")
            if misses[kind]:
                print(f"\nmissed alias spans, {kind}:")
                for what, n in misses[kind].most_common(args.errors):
                    print(f"  {n:4d}  {what}")
    if args.json:
        print(json.dumps(report, indent=2))
    if args.check and failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
