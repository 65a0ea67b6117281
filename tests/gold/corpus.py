#!/usr/bin/env python3
"""Document loader and deterministic sampler for the actorgraph gold set.

The news texts are third-party data that must not be copied into this
repository.  The gold files (heldout.tsv, dev.tsv, dev2.tsv) therefore hold
only document *references*; this script turns a reference back into text,
read from the shared data directory (by default <repo>/../shared/data).

References
    bbc/<category>/<NNN>.txt      an article of the BBC News dataset, read
                                  from news/bbc/bbc-fulltext.tar.gz; the text
                                  is the file as is (headline, blank line,
                                  paragraphs).
    reuters/<file>/<NEWID>        an article of Reuters-21578, e.g.
                                  reuters/reut2-004.sgm/4321, read from
                                  news/reuters21578/<file>.gz; the text is the
                                  TITLE, a blank line, then the BODY, with
                                  &lt; &gt; &amp; decoded, control-character
                                  references (&#2; &#3; ...) removed and the
                                  trailing "Reuter" signature dropped.

Usage (from anywhere):
    python3 tests/gold/corpus.py sample
        Print the three samples and write tests/gold/heldout.docs,
        tests/gold/dev.docs and tests/gold/dev2.docs (one reference per
        line).
    python3 tests/gold/corpus.py jsonl heldout|dev|dev2 [DATA_DIR]
        Print the sample's documents as JSON Lines {"id": ref, "text": text,
        "date": "YYYY-MM-DD"}; the date only where the source gives one
        (Reuters).
    python3 tests/gold/corpus.py show REF [DATA_DIR]
        Print one document.

Sampling (random.Random(20261122), standard library only):
    HELDOUT = 30 BBC politics + 15 BBC business + 35 Reuters articles;
    DEV     = 10 BBC politics +  5 BBC business + 15 Reuters articles,
              drawn with the same generator after the held-out draws, from
              what the held-out set left, so the two sets are disjoint.
    DEV2    = 20 BBC politics + 10 BBC business + 5 BBC tech + 25 Reuters
              articles, drawn with a second generator,
              random.Random(20261123), from what the held-out and dev sets
              left, so the three sets are disjoint.
    A Reuters article is eligible if its <PLACES> list is non-empty and its
    cleaned body has at least 600 characters.  Pools are sorted (BBC by path,
    Reuters by file then position in file) before drawing.
"""

from __future__ import annotations

import functools
import gzip
import json
import random
import re
import sys
import tarfile
from pathlib import Path

SEED = 20261122
SEED_DEV2 = 20261123
HERE = Path(__file__).resolve().parent            # <repo>/tests/gold
REPO = HERE.parent.parent                         # <repo>
DEFAULT_DATA = REPO.parent / "shared" / "data"    # <repo>/../shared/data

BBC_TAR = Path("news/bbc/bbc-fulltext.tar.gz")
REUTERS_DIR = Path("news/reuters21578")
REUTERS_FILES = [f"reut2-{i:03d}.sgm" for i in range(22)]

# (name, BBC category or "reuters", held-out size, dev size), in draw order.
POOLS = [("bbc-politics", "politics", 30, 10),
         ("bbc-business", "business", 15, 5),
         ("reuters", "reuters", 35, 15)]
# (name, BBC category or "reuters", dev2 size), in draw order.
DEV2_POOLS = [("bbc-politics", "politics", 20),
              ("bbc-business", "business", 10),
              ("bbc-tech", "tech", 5),
              ("reuters", "reuters", 25)]
MIN_BODY = 600
SETS = ("heldout", "dev", "dev2")


# ---------------------------------------------------------------- BBC
@functools.lru_cache(maxsize=None)
def bbc_articles(data: Path) -> dict[str, str]:
    """All BBC articles as {"bbc/<category>/<NNN>.txt": text}."""
    out = {}
    with tarfile.open(data / BBC_TAR, "r:gz") as tar:
        for m in tar.getmembers():
            if m.isfile() and re.fullmatch(r"bbc/[a-z]+/\d+\.txt", m.name):
                raw = tar.extractfile(m).read()
                out[m.name] = raw.decode("utf-8", errors="replace")
    return out


# ---------------------------------------------------------------- Reuters
_ARTICLE = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')


def _field(tag: str, sgml: str) -> str | None:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", sgml, re.S)
    return m.group(1) if m else None


def _clean(s: str) -> str:
    s = re.sub(r"&#\d+;", "", s)          # control characters (&#2; &#3; ...)
    s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return s


def _body(raw: str) -> str:
    body = _clean(raw).rstrip()
    body = re.sub(r"\s*\breuter\s*$", "", body, flags=re.I)  # signature
    return body.strip()


_MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()


def _date(raw: str) -> str | None:
    """`26-FEB-1987 15:01:01.79` -> `1987-02-26` (None when unreadable)."""
    m = re.match(r"\s*(\d{1,2})-([A-Z]{3})-(\d{4})", raw)
    if not m or m.group(2) not in _MONTHS:
        return None
    return f"{m.group(3)}-{_MONTHS.index(m.group(2)) + 1:02d}-{int(m.group(1)):02d}"


@functools.lru_cache(maxsize=None)
def reuters_file(data: Path, name: str) -> dict[str, dict]:
    """Articles of one .sgm file: {NEWID: {"places": [...], "text": str,
    "body": str}}, in file order.  Articles without a BODY are left out."""
    raw = gzip.decompress((data / REUTERS_DIR / f"{name}.gz").read_bytes())
    out = {}
    for m in _ARTICLE.finditer(raw.decode("latin-1")):
        attrs, sgml = m.groups()
        body = _field("BODY", sgml)
        if body is None:
            continue
        body = _body(body)
        title = " ".join(_clean(_field("TITLE", sgml) or "").split())
        places = re.findall(r"<D>(.*?)</D>", _field("PLACES", sgml) or "")
        out[_NEWID.search(attrs).group(1)] = {
            "places": places, "body": body, "text": f"{title}\n\n{body}",
            "date": _date(_field("DATE", sgml) or "")}
    return out


# ---------------------------------------------------------------- access
def load(ref: str, data: Path = DEFAULT_DATA) -> str:
    """The text of a document reference (see the module docstring)."""
    data = Path(data)
    if ref.startswith("bbc/"):
        return bbc_articles(data)[ref]
    m = re.fullmatch(r"reuters/(reut2-\d{3}\.sgm)/(\d+)", ref)
    if not m:
        raise KeyError(f"bad document reference: {ref!r}")
    return reuters_file(data, m.group(1))[m.group(2)]["text"]


def date_of(ref: str, data: Path = DEFAULT_DATA) -> str | None:
    """The publication date of a document (ISO 8601), where the source gives one:
    Reuters articles carry theirs; the BBC files do not."""
    m = re.fullmatch(r"reuters/(reut2-\d{3}\.sgm)/(\d+)", ref)
    if not m:
        return None
    return reuters_file(Path(data), m.group(1))[m.group(2)]["date"]


def pool(kind: str, data: Path) -> list[str]:
    """The sorted list of eligible references of one pool."""
    if kind != "reuters":
        return sorted(r for r in bbc_articles(data)
                      if r.startswith(f"bbc/{kind}/"))
    refs = []
    for name in REUTERS_FILES:
        for newid, art in reuters_file(data, name).items():
            if art["places"] and len(art["body"]) >= MIN_BODY:
                refs.append(f"reuters/{name}/{newid}")
    return refs


def sample(data: Path = DEFAULT_DATA) -> tuple[list[str], list[str]]:
    """The (heldout, dev) reference lists."""
    rng = random.Random(SEED)
    pools = {name: pool(kind, data) for name, kind, _, _ in POOLS}
    heldout, dev = [], []
    for name, _, n, _ in POOLS:
        heldout += rng.sample(pools[name], n)
    taken = set(heldout)
    for name, _, _, n in POOLS:
        rest = [r for r in pools[name] if r not in taken]
        dev += rng.sample(rest, n)
    return heldout, dev


def sample_dev2(data: Path = DEFAULT_DATA) -> list[str]:
    """The dev2 reference list (disjoint from the held-out and dev sets)."""
    taken = set().union(*sample(data))
    rng = random.Random(SEED_DEV2)
    dev2 = []
    for _, kind, n in DEV2_POOLS:
        rest = [r for r in pool(kind, data) if r not in taken]
        dev2 += rng.sample(rest, n)
    return dev2


def read_docs(which: str) -> list[str]:
    path = HERE / f"{which}.docs"
    return [l.strip() for l in path.read_text().splitlines() if l.strip()]


# ---------------------------------------------------------------- CLI
def main(argv: list[str]) -> int:
    if len(argv) >= 1 and argv[0] == "sample":
        data = Path(argv[1]) if len(argv) > 1 else DEFAULT_DATA
        heldout, dev = sample(data)
        dev2 = sample_dev2(data)
        for which, refs in zip(SETS, (heldout, dev, dev2)):
            (HERE / f"{which}.docs").write_text("".join(r + "\n" for r in refs))
            print(f"# {which}: {len(refs)} documents")
            print("\n".join(refs))
        return 0
    if len(argv) in (2, 3) and argv[0] == "jsonl" and argv[1] in SETS:
        data = Path(argv[2]) if len(argv) > 2 else DEFAULT_DATA
        for ref in read_docs(argv[1]):
            doc = {"id": ref, "text": load(ref, data)}
            date = date_of(ref, data)
            if date:
                doc["date"] = date
            print(json.dumps(doc, ensure_ascii=False))
        return 0
    if len(argv) in (2, 3) and argv[0] == "show":
        data = Path(argv[2]) if len(argv) > 2 else DEFAULT_DATA
        print(load(argv[1], data))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
