#!/usr/bin/env bash
# Runs the fuzz targets one after the other on the stable toolchain (libFuzzer without
# sanitizers), each for SECONDS (default 600), starting from the committed seeds in
# corpus/<target>/ and growing a working corpus in work/<target>/ (git-ignored).
# Logs go to work/logs/<target>.log; a crash leaves its input in artifacts/<target>/.
#
#   fuzz/run.sh                      every target, 10 minutes each
#   fuzz/run.sh 60 extract writers   these targets, one minute each
#
# FUZZ_ARGS adds libFuzzer options, e.g. FUZZ_ARGS="-len_control=0 -max_len=2048" for
# writers, whose structured inputs need a few hundred bytes to make a graph.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(gazetteer extract writers)

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked

mkdir -p work/logs
status=0
for t in "${targets[@]}"; do
    mkdir -p "work/$t"
    dict=()
    [ -f "$t.dict" ] && dict=("-dict=$t.dict")
    echo "== $t (${seconds}s)"
    if cargo fuzz run --sanitizer none "$t" "work/$t" "corpus/$t" -- \
        -max_total_time="$seconds" -print_final_stats=1 "${dict[@]}" ${FUZZ_ARGS:-} \
        >"work/logs/$t.log" 2>&1; then
        grep -E "^Done|^stat::number_of_executed_units|^#[0-9]+ +DONE" "work/logs/$t.log" || true
    else
        status=1
        echo "$t: crash, see work/logs/$t.log and artifacts/$t/"
        grep -A8 "panicked" "work/logs/$t.log" | head -20 || true
    fi
done
exit $status
