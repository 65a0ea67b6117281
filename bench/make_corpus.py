#!/usr/bin/env python3
"""Builds the benchmark corpus and alias lists for bench/compare.sh (standard library only).

Usage:
    python3 bench/make_corpus.py corpus  [--news DIR] [--out DIR] [--min-mb 200]
    python3 bench/make_corpus.py aliases --builtin FILE [--out DIR] [--total 20000]

`corpus` reads the news under DIR (default ../shared/data/news: the Reuters-21578 SGML
bodies from reut2-*.sgm.gz, decoded as latin-1, and the BBC articles from
bbc/bbc-fulltext.tar.gz, decoded as UTF-8 with a latin-1 fallback) and writes, under OUT
(default bench/work, which git ignores; news text never goes into the repository):

    corpus-1x.jsonl   every article once, one JSON object per line: {"id", "text"}
    corpus-1x.txt     the same articles, one per line, line breaks inside replaced by spaces
    corpus.jsonl      the 1x articles repeated (ids prefixed with the copy number) until the
    corpus.txt        plain text is at least --min-mb MB (10 copies or more)
    slice.txt         about 5 MB of corpus-1x.txt: every k-th article, so both sources are
                      in it (for the slowest peer, spaCy)
    corpus.meta.json  article counts, copies and byte sizes of each file

`aliases` reads the output of `actorgraph gazetteer aliases` (FILE) and writes:

    aliases.txt       the built-in aliases (first column; types title and ignore left out),
                      then synthetic person names, --total lines in all, all distinct
    synthetic.tsv     the synthetic names as a user gazetteer (type person), so that
                      `actorgraph --gazetteer synthetic.tsv` searches the same aliases
    aliases.meta.json counts

Each step is skipped when its outputs exist and are newer than its inputs.
"""

import argparse
import gzip
import io
import json
import os
import random
import re
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_NEWS = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data", "news"))
DEFAULT_OUT = os.path.join(HERE, "work")
SLICE_BYTES = 5_000_000

BODY = re.compile(rb"<REUTERS[^>]*NEWID=\"(\d+)\"(.*?)</REUTERS>", re.S)
BODY_TEXT = re.compile(rb"<BODY>(.*?)</BODY>", re.S)
ENTITY = re.compile(r"&(#\d+|lt|gt|amp|quot);")


def unescape_sgml(text):
    """&lt; &gt; &amp; &quot; decoded; numeric references (control characters) dropped."""
    named = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
    return ENTITY.sub(lambda m: named.get(m.group(1), ""), text)


def reuters(news):
    folder = os.path.join(news, "reuters21578")
    for name in sorted(os.listdir(folder)):
        if not (name.startswith("reut2-") and name.endswith(".sgm.gz")):
            continue
        with gzip.open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        for m in BODY.finditer(data):
            body = BODY_TEXT.search(m.group(2))
            if body is None:
                continue
            text = unescape_sgml(body.group(1).decode("latin-1")).strip()
            if text:
                yield f"reuters/{name[:-7]}/{m.group(1).decode()}", text


def bbc(news):
    path = os.path.join(news, "bbc", "bbc-fulltext.tar.gz")
    with tarfile.open(path, "r:gz") as tar:
        for member in sorted(tar.getmembers(), key=lambda m: m.name):
            if not member.isfile() or not member.name.endswith(".txt"):
                continue
            if member.name.upper().endswith("README.TXT"):
                continue
            raw = tar.extractfile(member).read()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            text = text.strip()
            if text:
                yield member.name, text


def up_to_date(outputs, inputs):
    if not all(os.path.exists(o) for o in outputs):
        return False
    oldest = min(os.path.getmtime(o) for o in outputs)
    return all(os.path.getmtime(i) <= oldest for i in inputs)


def one_line(text):
    return " ".join(text.splitlines())


def write_atomic(path, write):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        write(f)
    os.replace(tmp, path)


def corpus(args):
    out = args.out
    os.makedirs(out, exist_ok=True)
    names = ["corpus-1x.jsonl", "corpus-1x.txt", "corpus.jsonl", "corpus.txt", "slice.txt",
             "corpus.meta.json"]
    outputs = [os.path.join(out, n) for n in names]
    inputs = [os.path.abspath(__file__)]
    for root, _, files in os.walk(args.news):
        inputs += [os.path.join(root, f) for f in files]
    if up_to_date(outputs, inputs):
        meta = json.load(open(outputs[-1]))
        if meta.get("min_mb") == args.min_mb:
            print(f"corpus: up to date ({meta['txt_bytes'] / 1e6:.1f} MB plain text, "
                  f"{meta['jsonl_bytes'] / 1e6:.1f} MB JSON Lines)")
            return
    articles = list(reuters(args.news))
    n_reuters = len(articles)
    articles += list(bbc(args.news))
    n_bbc = len(articles) - n_reuters
    lines_json = [json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in articles]
    lines_txt = [one_line(t) + "\n" for _, t in articles]
    txt_1x = sum(len(l.encode()) for l in lines_txt)
    copies = max(10, -(-int(args.min_mb * 1e6) // txt_1x))

    write_atomic(outputs[0], lambda f: f.writelines(lines_json))
    write_atomic(outputs[1], lambda f: f.writelines(lines_txt))

    def repeated_json(f):
        for c in range(copies):
            for (i, t) in articles:
                f.write(json.dumps({"id": f"{c}:{i}", "text": t}, ensure_ascii=False) + "\n")

    def repeated_txt(f):
        for _ in range(copies):
            f.writelines(lines_txt)

    write_atomic(outputs[2], repeated_json)
    write_atomic(outputs[3], repeated_txt)
    step = max(1, txt_1x // SLICE_BYTES)
    picked = lines_txt[::step]
    write_atomic(outputs[4], lambda f: f.writelines(picked))
    size = lambda p: os.path.getsize(p)
    meta = {
        "min_mb": args.min_mb,
        "articles": len(articles),
        "reuters_articles": n_reuters,
        "bbc_articles": n_bbc,
        "copies": copies,
        "jsonl_1x_bytes": size(outputs[0]),
        "txt_1x_bytes": size(outputs[1]),
        "jsonl_bytes": size(outputs[2]),
        "txt_bytes": size(outputs[3]),
        "slice_bytes": size(outputs[4]),
        "slice_articles": len(picked),
        "text_1x_bytes": sum(len(t.encode()) for _, t in articles),
    }
    write_atomic(outputs[5], lambda f: json.dump(meta, f, indent=1))
    print(f"corpus: {len(articles)} articles ({n_reuters} Reuters, {n_bbc} BBC), "
          f"{meta['txt_1x_bytes'] / 1e6:.1f} MB once; x{copies}: "
          f"{meta['txt_bytes'] / 1e6:.1f} MB plain text, {meta['jsonl_bytes'] / 1e6:.1f} MB JSON Lines; "
          f"slice {meta['slice_bytes'] / 1e6:.1f} MB")


# Common English given names and surnames, combined into synthetic people. Real-looking
# names make the automaton and its first-word gate behave as with a real list of people
# (some of them do occur in news, as they would in a real gazetteer).
FIRST = """Aaron Abigail Adam Adrian Alan Albert Alexander Alice Allison Amanda Amber Amy Andrea
Andrew Angela Anna Anthony Arthur Ashley Austin Barbara Benjamin Betty Beverly Billy Bobby Bradley
Brandon Brenda Brian Brittany Bruce Bryan Carl Carol Carolyn Catherine Charles Charlotte Cheryl
Christian Christina Christine Christopher Cynthia Daniel Danielle David Deborah Debra Denise Dennis
Diana Diane Donald Donna Doris Dorothy Douglas Dylan Edward Elizabeth Emily Emma Eric Ethan Eugene
Evelyn Frances Frank Gabriel Gary George Gerald Gloria Grace Gregory Hannah Harold Heather Helen
Henry Isabella Jack Jacob Jacqueline James Janet Janice Jason Jean Jeffrey Jennifer Jeremy Jerry
Jesse Jessica Joan Joe Johnny Jonathan Jordan Jose Joseph Joshua Joyce Juan Judith Judy Julia Julie
Justin Karen Katherine Kathleen Kathryn Keith Kelly Kenneth Kevin Kimberly Kyle Larry Laura Lauren
Lawrence Linda Lisa Logan Louis Madison Margaret Maria Marie Marilyn Mark Martha Mary Matthew Megan
Melissa Michael Michelle Nancy Natalie Nathan Nicholas Nicole Noah Olivia Pamela Patricia Patrick
Paul Peter Philip Rachel Ralph Randy Raymond Rebecca Richard Robert Roger Ronald Rose Roy Russell
Ruth Ryan Samantha Samuel Sandra Sara Sarah Scott Sean Sharon Shirley Sophia Stephanie Stephen
Steven Susan Teresa Terry Theresa Thomas Timothy Tyler Victoria Vincent Virginia Walter Wayne
William Willie Zachary""".split()
LAST = """Adams Alexander Allen Alvarez Anderson Bailey Baker Barnes Bell Bennett Brooks Brown
Bryant Butler Campbell Carter Castillo Chavez Clark Coleman Collins Cook Cooper Cox Cruz Davis Diaz
Edwards Evans Fisher Flores Ford Foster Garcia Gibson Gomez Gonzales Gonzalez Graham Gray Green
Griffin Gutierrez Hall Hamilton Harris Hayes Henderson Hernandez Hill Howard Hughes Jackson James
Jenkins Jimenez Johnson Jones Jordan Kelly Kennedy Kim King Lee Lewis Long Lopez Marshall Martin
Martinez Mendoza Miller Mitchell Moore Morales Morgan Morris Murphy Myers Nelson Nguyen Ortiz Owens
Parker Patel Perez Perry Peterson Phillips Powell Price Ramirez Ramos Reed Reyes Reynolds Richardson
Rivera Roberts Robinson Rodriguez Rogers Ross Ruiz Russell Sanchez Sanders Scott Simmons Smith
Stewart Sullivan Taylor Thomas Thompson Torres Turner Walker Wallace Ward Washington Watson West
White Williams Wilson Wood Woods Wright Young Abbott Acosta Aguilar Barker Barrett Bishop Blake
Bowen Boyd Bradley Burke Burns Caldwell Carpenter Carr Carroll Chambers Chapman Cohen Cole Craig
Crawford Cunningham Curtis Daniels Dean Dixon Duncan Dunn Elliott Ellis Ferguson Fields Fleming
Fletcher Fowler Franklin Freeman Fuller Gardner Garrett Gilbert Gordon Grant Greene Hansen Harper
Harrison Hart Harvey Hawkins Henry Hicks Holland Holmes Hopkins Hudson Hunt Hunter Jacobs Jensen
Johnston Keller Kelley Knight Lane Larson Lawrence Lawson Little Lucas Lynch Mason Matthews
McCarthy McDonald Meyer Mills Montgomery Moreno Morrison Murray Newman Nichols Obrien Oliver Olson
Palmer Payne Pearson Pierce Porter Quinn Ray Rice Riley Robertson Rose Ryan Saunders Shaw Silva
Snyder Spencer Stanley Stephens Stone Tucker Wagner Warren Weaver Webb Welch Wells Wheeler Willis
Woodward""".split()


def aliases(args):
    out = args.out
    os.makedirs(out, exist_ok=True)
    outputs = [os.path.join(out, n) for n in ("aliases.txt", "synthetic.tsv", "aliases.meta.json")]
    if up_to_date(outputs, [args.builtin, os.path.abspath(__file__)]):
        meta = json.load(open(outputs[2]))
        if meta.get("total") == args.total:
            print(f"aliases: up to date ({meta['total']} aliases)")
            return
    builtin, seen = [], set()
    with open(args.builtin, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        col_type = header.index("type")
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) <= col_type or cols[col_type] in ("title", "ignore"):
                continue
            alias = cols[0]
            if alias and alias not in seen:
                seen.add(alias)
                builtin.append(alias)
    folded = {a.lower() for a in builtin}
    # One-word built-in aliases (Jordan, Washington, Chad): a synthetic name containing
    # one would take its span from the built-in actor and change what the built-ins find.
    words = {a for a in folded if re.fullmatch(r"\w+", a)}
    pairs = [(f, l) for f in FIRST for l in LAST if f != l]
    random.Random(20000).shuffle(pairs)
    need = args.total - len(builtin)
    synthetic = []
    for first, last in pairs:
        if len(synthetic) >= need:
            break
        name = f"{first} {last}"
        if name.lower() in folded:
            continue
        if first.lower() in words or last.lower() in words:
            continue
        synthetic.append(name)
    if len(synthetic) < need:
        # Fall back to three-part names (first, middle initial, last).
        for first, last in pairs:
            for initial in "ABCDEFGHJKLMNPRSTW":
                if len(synthetic) >= need:
                    break
                name = f"{first} {initial}. {last}"
                if first.lower() in words or last.lower() in words:
                    continue
                synthetic.append(name)
    if len(synthetic) < need:
        sys.exit(f"aliases: could make only {len(synthetic)} of {need} synthetic names")

    def write_aliases(f):
        for a in builtin + synthetic:
            f.write(a + "\n")

    def write_tsv(f):
        f.write("# Synthetic people for bench/compare.sh (made by bench/make_corpus.py).\n")
        f.write("id\ttype\tlabel\taliases\tattributes\n")
        for name in synthetic:
            ident = "synthetic-" + re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            f.write(f"{ident}\tperson\t{name}\t\t\n")

    write_aliases_path, tsv_path, meta_path = outputs
    write_atomic(write_aliases_path, write_aliases)
    write_atomic(tsv_path, write_tsv)
    meta = {
        "total": args.total,
        "builtin": len(builtin),
        "synthetic": len(synthetic),
        "distinct_lowercase": len({a.lower() for a in builtin + synthetic}),
    }
    write_atomic(meta_path, lambda f: json.dump(meta, f, indent=1))
    print(f"aliases: {len(builtin)} built-in + {len(synthetic)} synthetic = {args.total}")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("--news", default=DEFAULT_NEWS)
    c.add_argument("--out", default=DEFAULT_OUT)
    c.add_argument("--min-mb", type=float, default=200)
    a = sub.add_parser("aliases")
    a.add_argument("--builtin", required=True)
    a.add_argument("--out", default=DEFAULT_OUT)
    a.add_argument("--total", type=int, default=20000)
    args = p.parse_args()
    {"corpus": corpus, "aliases": aliases}[args.cmd](args)


if __name__ == "__main__":
    main()
