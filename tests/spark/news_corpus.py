#!/usr/bin/env python3
"""Write a JSON Lines news corpus built from the shared data, for the Spark test and the
figures in examples/spark/README.md.

The news texts are third-party data that must never be copied into the repository: this
script reads them from the shared data folder (<repo>/../shared/data by default) and
writes the corpus wherever it is told, which is under target/ in the tests.

    python3 tests/spark/news_corpus.py OUT.jsonl [--data DIR] [--limit N]

One record per article, {"id", "date", "text"}:
    Reuters-21578   every article with a BODY, id reuters/<file>/<NEWID>, date from
                    <DATE> (26-FEB-1987 15:01:01.79 -> 1987-02-26); text is the TITLE, a
                    blank line and the BODY, cleaned as tests/gold/corpus.py does
    BBC News        every article, id bbc/<category>/<NNN>.txt, undated; text as is
Records are in that order (Reuters by file then position, BBC by path), so the output is
the same bytes on every run. --limit N keeps the first N records.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tarfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
MONTHS = {m: i + 1 for i, m in enumerate(
    "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())}
ARTICLE = re.compile(r"<REUTERS\b([^>]*)>(.*?)</REUTERS>", re.S)


def field(tag: str, sgml: str) -> str | None:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", sgml, re.S)
    return m.group(1) if m else None


def clean(s: str) -> str:
    s = re.sub(r"&#\d+;", "", s)
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def reuters(data: Path):
    for i in range(22):
        name = f"reut2-{i:03d}.sgm"
        raw = gzip.decompress((data / "news/reuters21578" / f"{name}.gz").read_bytes())
        for m in ARTICLE.finditer(raw.decode("latin-1")):
            attrs, sgml = m.groups()
            body = field("BODY", sgml)
            if body is None:
                continue
            body = re.sub(r"\s*\breuter\s*$", "", clean(body).rstrip(), flags=re.I).strip()
            title = " ".join(clean(field("TITLE", sgml) or "").split())
            newid = re.search(r'NEWID="(\d+)"', attrs).group(1)
            record = {"id": f"reuters/{name}/{newid}"}
            d = re.match(r"\s*(\d{1,2})-([A-Z]{3})-(\d{4})", field("DATE", sgml) or "")
            if d and d.group(2) in MONTHS:
                record["date"] = f"{d.group(3)}-{MONTHS[d.group(2)]:02d}-{int(d.group(1)):02d}"
            record["text"] = f"{title}\n\n{body}"
            yield record


def bbc(data: Path):
    with tarfile.open(data / "news/bbc/bbc-fulltext.tar.gz", "r:gz") as tar:
        members = sorted((m for m in tar.getmembers()
                          if m.isfile() and re.fullmatch(r"bbc/[a-z]+/\d+\.txt", m.name)),
                         key=lambda m: m.name)
        for m in members:
            text = tar.extractfile(m).read().decode("utf-8", errors="replace")
            yield {"id": m.name, "text": text}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    n = 0
    with open(args.out, "w", encoding="utf-8") as f:
        for gen in (reuters(args.data), bbc(args.data)):
            for record in gen:
                if args.limit is not None and n >= args.limit:
                    break
                f.write(json.dumps(record, ensure_ascii=False) + "\n")
                n += 1
    print(f"{n} documents, {args.out.stat().st_size} bytes -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
