#!/usr/bin/env python3
"""The Python tools a user would otherwise pick to find a list of names in text, run the
way their documentation shows, for bench/compare.sh.

Usage (with the venv compare.sh makes, which has the three libraries):
    bench/work/venv/bin/python bench/peers.py TOOL ALIASES TEXT

TOOL is one of:
    pyahocorasick  an automaton of the lower-cased aliases (ahocorasick.Automaton), run over
                   each lower-cased line with Automaton.iter (every match, overlapping), then
                   a whole-word filter: the characters either side must not be str.isalnum()
                   (what actorgraph calls a word boundary)
    flashtext      KeywordProcessor(case_sensitive=False) with every alias,
                   extract_keywords(line) (longest match, non-overlapping, whole words)
    spacy          spacy.blank("en") (tokenizer only, no model), PhraseMatcher(nlp.vocab,
                   attr="LOWER") with every alias as a pattern, matcher(doc) for each line
                   through nlp.pipe

ALIASES is one alias per line; TEXT is one article per line (compare.sh's corpus.txt, or
slice.txt for spaCy). Prints one JSON line: the tool and its version, bytes and lines
read, matches found, and the seconds spent building the matcher (setup_s) and matching
(match_s), so a run over a slice can be scaled to the whole corpus.
"""

import json
import sys
import time


def read_aliases(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def lines(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        yield from f


def run_pyahocorasick(aliases, text_path):
    import ahocorasick

    t0 = time.perf_counter()
    automaton = ahocorasick.Automaton()
    for alias in aliases:
        key = alias.lower()
        automaton.add_word(key, len(key))
    automaton.make_automaton()
    t1 = time.perf_counter()
    nbytes = nlines = matches = 0
    for line in lines(text_path):
        nbytes += len(line.encode("utf-8"))
        nlines += 1
        low = line.lower()
        n = len(low)
        for end, length in automaton.iter(low):
            start = end - length + 1
            if start > 0 and low[start - 1].isalnum():
                continue
            if end + 1 < n and low[end + 1].isalnum():
                continue
            matches += 1
    t2 = time.perf_counter()
    version = getattr(ahocorasick, "__version__", None) or pkg_version("pyahocorasick")
    return version, t1 - t0, t2 - t1, nbytes, nlines, matches


def run_flashtext(aliases, text_path):
    from flashtext import KeywordProcessor

    t0 = time.perf_counter()
    kp = KeywordProcessor(case_sensitive=False)
    kp.add_keywords_from_list(aliases)
    t1 = time.perf_counter()
    nbytes = nlines = matches = 0
    for line in lines(text_path):
        nbytes += len(line.encode("utf-8"))
        nlines += 1
        matches += len(kp.extract_keywords(line))
    t2 = time.perf_counter()
    return pkg_version("flashtext"), t1 - t0, t2 - t1, nbytes, nlines, matches


def run_spacy(aliases, text_path):
    import spacy
    from spacy.matcher import PhraseMatcher

    t0 = time.perf_counter()
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("ALIAS", list(nlp.tokenizer.pipe(aliases)))
    t1 = time.perf_counter()
    nbytes = nlines = matches = 0
    texts = []
    for line in lines(text_path):
        nbytes += len(line.encode("utf-8"))
        nlines += 1
        texts.append(line.rstrip("\n"))
    for doc in nlp.pipe(texts):
        matches += len(matcher(doc))
    t2 = time.perf_counter()
    return spacy.__version__, t1 - t0, t2 - t1, nbytes, nlines, matches


def pkg_version(name):
    from importlib.metadata import version

    return version(name)


TOOLS = {"pyahocorasick": run_pyahocorasick, "flashtext": run_flashtext, "spacy": run_spacy}


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in TOOLS:
        sys.exit(__doc__)
    tool, aliases_path, text_path = sys.argv[1:]
    aliases = read_aliases(aliases_path)
    version, setup, match, nbytes, nlines, matches = TOOLS[tool](aliases, text_path)
    print(json.dumps({
        "tool": tool, "version": version, "aliases": len(aliases), "bytes": nbytes,
        "lines": nlines, "matches": matches, "setup_s": round(setup, 4),
        "match_s": round(match, 4),
    }))


if __name__ == "__main__":
    main()
