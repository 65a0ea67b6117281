#!/usr/bin/env bash
# bench/compare.sh — actorgraph side by side with the tools a user would otherwise pick to
# find a list of names in news: ripgrep, pyahocorasick, flashtext and spaCy's
# PhraseMatcher, with `cat` as the I/O floor. Measures wall time, MB/s and peak RSS of each
# on the same ≥ 200 MB of real news and the same 20,000 aliases, plus actorgraph's startup
# and its memory on 1× and 10× the news; prints a table and writes it, with the machine,
# the versions and the issue's targets, into bench/RESULTS.md (between its compare.sh
# markers; the rest of the file is left alone).
#
# Usage:
#     bench/compare.sh            # install what is missing, build, wait for quiet, measure
#
# Environment (all optional):
#     RUNS=3              runs per tool, the fastest kept (startup: STARTUP_RUNS=10)
#     QUIET_LOAD=0.5      wait until the 1-minute load average is below this …
#     QUIET_MINUTES=45    … polling every 30 s for at most this long, then measure anyway
#     NEWS=DIR            the news folder (default ../shared/data/news beside the repo)
#
# What it installs, all under bench/work/ (git-ignored; news text never enters the repo):
#     bench/work/bin/rg     ripgrep 15.x (cargo install --root bench/work)
#     bench/work/venv/      Python venv: pyahocorasick 2.x, flashtext 2.7, spaCy 3.x
#                           (spacy.blank("en"): no model is downloaded)
# and GNU time (/usr/bin/time, apt-get) when missing. hyperfine is not needed.
#
# Steps (each skipped when already done, so a rerun only measures again):
#  1. tools: release build of actorgraph, ripgrep, the venv, GNU time;
#  2. corpus (bench/make_corpus.py corpus): Reuters-21578 bodies + BBC articles once
#     (corpus-1x.*, ≈ 21 MB) and repeated to ≥ 200 MB (corpus.*), as JSON Lines
#     ({"id","text"}) for actorgraph and as plain text, one article per line, for the
#     line-oriented peers; slice.txt (≈ 5 MB, every 4th article) for the two slowest peers,
#     spaCy and ripgrep -i;
#  3. aliases (bench/make_corpus.py aliases): `actorgraph gazetteer aliases` without titles
#     and ignore phrases, plus synthetic person names up to 20,000 (aliases.txt), the
#     synthetic names also as a gazetteer for actorgraph (synthetic.tsv);
#  4. wait until the machine is quiet (bench/measure.py wait-quiet);
#  5. measure (bench/measure.py run / startup), best of RUNS each;
#  6. report (bench/measure.py report) → table on stdout and in bench/RESULTS.md.
# Takes about 15 minutes on a quiet 2-core machine, plus the wait and the first installs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/bench/work
RUNS=${RUNS:-3}
STARTUP_RUNS=${STARTUP_RUNS:-10}
QUIET_LOAD=${QUIET_LOAD:-0.5}
QUIET_MINUTES=${QUIET_MINUTES:-45}
NEWS=${NEWS:-$ROOT/../shared/data/news}
mkdir -p "$WORK/out"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
step() { printf '\n== %s\n' "$*"; }

# ---------------------------------------------------------------------------------------
step "1. tools"
if [ ! -x /usr/bin/time ]; then
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
cargo build --release --locked --quiet
AG=$ROOT/target/release/actorgraph
"$AG" --version

RG=$WORK/bin/rg
if ! { [ -x "$RG" ] && "$RG" --version | grep -q '^ripgrep 15\.'; }; then
    cargo install ripgrep --version '^15' --locked --root "$WORK"
fi
"$RG" --version | head -1

PY=$WORK/venv/bin/python
if ! { [ -x "$PY" ] && "$PY" -c 'import ahocorasick, flashtext, spacy' 2>/dev/null; }; then
    python3 -m venv "$WORK/venv"
    "$PY" -m pip install -q --upgrade pip
    "$PY" -m pip install -q 'pyahocorasick>=2,<3' 'flashtext==2.7' 'spacy>=3.7,<4'
fi
"$PY" -c 'import ahocorasick, spacy; from importlib.metadata import version as v
print("pyahocorasick", v("pyahocorasick"), "| flashtext", v("flashtext"), "| spaCy", spacy.__version__)'

# ---------------------------------------------------------------------------------------
step "2. corpus"
python3 bench/make_corpus.py corpus --news "$NEWS" --out "$WORK" --min-mb 200

step "3. aliases"
"$AG" gazetteer aliases -o "$WORK/builtin-aliases.tsv.new"
if cmp -s "$WORK/builtin-aliases.tsv.new" "$WORK/builtin-aliases.tsv"; then
    rm "$WORK/builtin-aliases.tsv.new"     # unchanged: keep its time, so the step is skipped
else
    mv "$WORK/builtin-aliases.tsv.new" "$WORK/builtin-aliases.tsv"
fi
python3 bench/make_corpus.py aliases --builtin "$WORK/builtin-aliases.tsv" --out "$WORK" --total 20000
"$AG" gazetteer check "$WORK/synthetic.tsv" >/dev/null 2>&1 || {
    echo "synthetic.tsv has errors:"; "$AG" gazetteer check "$WORK/synthetic.tsv"; exit 2; }
: > "$WORK/empty.jsonl"

size() { stat -c %s "$1"; }
TXT=$WORK/corpus.txt
JSONL=$WORK/corpus.jsonl
TXT_BYTES=$(size "$TXT")
TXT1_BYTES=$(size "$WORK/corpus-1x.txt")
SLICE_BYTES=$(size "$WORK/slice.txt")
echo "corpus: $TXT_BYTES bytes of plain text, $(size "$JSONL") bytes of JSON Lines;" \
     "1x: $TXT1_BYTES bytes; slice: $SLICE_BYTES bytes; aliases: $(wc -l < "$WORK/aliases.txt")"

# ---------------------------------------------------------------------------------------
step "4. waiting for a quiet machine (1-minute load < $QUIET_LOAD, at most $QUIET_MINUTES min)"
rm -f "$WORK/results.jsonl"
cat "$WORK"/corpus*.txt "$WORK"/corpus*.jsonl "$WORK/slice.txt" > /dev/null   # page cache
python3 bench/measure.py wait-quiet --below "$QUIET_LOAD" --every 30 --minutes "$QUIET_MINUTES"

# ---------------------------------------------------------------------------------------
step "5. measuring (best of $RUNS)"
M="python3 bench/measure.py"
SYN=(--gazetteer "$WORK/synthetic.tsv")

$M run --name cat --bytes "$TXT_BYTES" --runs "$RUNS" -- cat "$TXT"
$M run --name graph-j1 --bytes "$TXT_BYTES" --runs "$RUNS" -- \
    "$AG" graph -j 1 --window sentence "${SYN[@]}" "$JSONL" -o "$WORK/out/graph-j1.json"
$M run --name graph-jall --bytes "$TXT_BYTES" --runs "$RUNS" -- \
    "$AG" graph -j 0 --window sentence "${SYN[@]}" "$JSONL" -o "$WORK/out/graph-jall.json"
$M run --name extract-j1 --bytes "$TXT_BYTES" --runs "$RUNS" -- \
    "$AG" extract -j 1 "${SYN[@]}" "$JSONL" -o /dev/null
$M run --name graph-j1-builtin --bytes "$TXT_BYTES" --runs "$RUNS" -- \
    "$AG" graph -j 1 --window sentence "$JSONL" -o "$WORK/out/graph-j1-builtin.json"
$M run --name graph-j1-1x --bytes "$TXT1_BYTES" --runs "$RUNS" -- \
    "$AG" graph -j 1 --window sentence "${SYN[@]}" "$WORK/corpus-1x.jsonl" -o "$WORK/out/graph-j1-1x.json"
$M startup --name startup-builtin --runs "$STARTUP_RUNS" -- \
    "$AG" graph "$WORK/empty.jsonl" -o "$WORK/out/empty.json"
$M startup --name startup-synthetic --runs "$STARTUP_RUNS" -- \
    "$AG" graph "${SYN[@]}" "$WORK/empty.jsonl" -o "$WORK/out/empty.json"

# ripgrep exits 1 when nothing matches, which is not an error here. With -i and 20,000
# aliases ripgrep runs at a fraction of a MB/s on this text (about 8 minutes per run on
# the whole corpus), so `--count-matches -i` reads the slice, like spaCy; its start-up
# (under a second) is not scaled away, which slightly understates its rate.
$M run --name rg-count-lines --bytes "$TXT_BYTES" --runs "$RUNS" --ok-codes 0,1 -- \
    "$RG" -c -F -w -f "$WORK/aliases.txt" "$TXT"
$M run --name rg-count-matches --bytes "$SLICE_BYTES" --runs "$RUNS" --ok-codes 0,1 -- \
    "$RG" --count-matches -i -F -w -f "$WORK/aliases.txt" "$WORK/slice.txt"

$M run --name pyahocorasick --bytes "$TXT_BYTES" --runs "$RUNS" -- \
    "$PY" bench/peers.py pyahocorasick "$WORK/aliases.txt" "$TXT"
$M run --name flashtext --bytes "$TXT_BYTES" --runs "$RUNS" -- \
    "$PY" bench/peers.py flashtext "$WORK/aliases.txt" "$TXT"
$M run --name spacy --bytes "$SLICE_BYTES" --scale-to "$TXT_BYTES" --runs "$RUNS" -- \
    "$PY" bench/peers.py spacy "$WORK/aliases.txt" "$WORK/slice.txt"

# ---------------------------------------------------------------------------------------
step "6. report"
python3 bench/measure.py report --actorgraph "$AG" --rg "$RG" --python "$PY" \
    --results-md "$ROOT/bench/RESULTS.md"
