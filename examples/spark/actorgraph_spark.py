#!/usr/bin/env python3
"""The actorgraph co-mention graph of a JSON Lines corpus, on Apache Spark.

    spark-submit examples/spark/actorgraph_spark.py CORPUS -o graph.json [options]
    python3 examples/spark/actorgraph_spark.py --master 'local[2]' CORPUS -o graph.json

The result is byte for byte what one `actorgraph graph - < CORPUS` would write (with the
same --graph-args and --merge-args), however the corpus is partitioned.

How it works
    1. Ship the actorgraph binary (and any gazetteer files, --ship) to every executor
       with SparkContext.addFile; each task finds its copy with SparkFiles.get.
    2. Read the corpus with sc.textFile(CORPUS, minPartitions=--partitions): one record
       per line, each partition a contiguous range of lines.
    3. Count: per partition, stream its lines into
       `actorgraph graph --format partial -` (mapPartitions + subprocess) and keep the
       one line it prints, the partition's partial graph.
    4. Reduce: a tree of `actorgraph merge --format partial` runs, --fan-in partials per
       run, level by level on the executors, until at most --fan-in are left.
    5. Finish on the driver: `actorgraph merge` of the last partials writes every -o
       output (any format, with --merge-args such as --score or --top). With
       --save-partial URI the merged partial is also saved where Spark writes (HDFS, S3):
       in cluster deploy mode the driver's local files are lost with its container.

Why a tree of `actorgraph merge` runs, not a Spark reduce over per-pair counts
    Exactness lives in one place. Merging is more than adding pair counts: per-tier unit
    frequencies and N, first and last dates per tier, the evidence sentences with the
    smallest (document, sentence) keys, the affiliation links, the role and spelling
    tallies behind labels, the choice among pattern-made definitions of one person, and
    the checks that every part was built alike. `actorgraph merge` does all of that and
    is tested to be associative, commutative and byte-identical to a single run; a
    reduceByKey over (actor, actor) keys would re-implement it in Python, drift from it,
    and still need actorgraph at the end for scores, filters and the export formats.
    A partial grows with the actors and pairs seen, not with the text (about 9 MB for
    the 23 MB news corpus of the tests, mostly evidence sentences), so moving a few of
    them through a shuffle is cheap next to counting. A tree (rather than collecting
    every partial on the driver) bounds what one process merges at --fan-in partials
    and spreads the merging over the executors. A reduce over per-pair counts would
    only win when one partial no longer fits in a process's memory, that is, with
    tens of millions of distinct pairs.

Requirements
    Give every record an id (the JSON Lines "id" field, or --graph-args
    "--id-field F"): a record without one is named `-:LINE`, and LINE is its line in
    the partition, not in the corpus. Every executor runs the binary, so it must run
    there: build it static (x86_64-unknown-linux-musl) or on the executors' glibc (see
    examples/spark/README.md).
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import threading
import time


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="The module docstring (python3 -m pydoc this file) explains the design.")
    ap.add_argument("corpus", help="JSON Lines corpus: a path or URI sc.textFile reads "
                    "(local file, hdfs://, s3a://, a folder or a glob)")
    ap.add_argument("-o", "--output", action="append", default=[], metavar="FILE",
                    help="output on the driver, as `actorgraph merge -o` takes it "
                    "(repeatable; format by name: .json, .gexf, .partial.json, FOLDER/ …); "
                    "default: node-link JSON on stdout")
    ap.add_argument("--save-partial", default=None, metavar="URI",
                    help="also save the merged partial graph with saveAsTextFile (a folder "
                    "holding one line): `hadoop fs -cat URI/part-* | actorgraph merge -o "
                    "graph.json` finishes it anywhere")
    ap.add_argument("--binary", default="actorgraph",
                    help="the actorgraph binary: a path on the driver (default: actorgraph, "
                    "in the current folder or on PATH) or a URI Spark can fetch "
                    "(hdfs://, s3a://); shipped to the executors")
    ap.add_argument("--ship", action="append", default=[], metavar="FILE",
                    help="another file the executors need, such as a gazetteer; refer to "
                    "it by its base name in --graph-args (repeatable)")
    ap.add_argument("--partitions", type=int, default=None,
                    help="minimum number of partitions of the corpus (default: Spark's)")
    ap.add_argument("--fan-in", type=int, default=8,
                    help="partials merged by one actorgraph run in the reduce tree (default 8)")
    ap.add_argument("--threads", type=int, default=1,
                    help="threads of each actorgraph run (default 1: Spark already runs "
                    "one task per core)")
    ap.add_argument("--graph-args", default="",
                    help="flags for the counting runs, e.g. \"--window paragraph "
                    "--gazetteer mine.tsv\"")
    ap.add_argument("--merge-args", default="",
                    help="flags for the final merge, e.g. \"--score npmi --top 200\"")
    ap.add_argument("--master", default=None,
                    help="Spark master when run with python3 (spark-submit sets it)")
    ap.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                    help="Spark configuration when run with python3 (repeatable)")
    args = ap.parse_args(argv)
    if args.fan_in < 2:
        ap.error("--fan-in must be at least 2")
    return args


def executable(name: str) -> str:
    """The local copy of a shipped binary, made executable if the copy lost the bit."""
    from pyspark import SparkFiles

    path = SparkFiles.get(name)
    if not os.access(path, os.X_OK):
        os.chmod(path, 0o755)
    return path


def run_actorgraph(binary: str, args: list[str], chunks, cwd: str | None = None,
                   ok_codes: tuple[int, ...] = (0,)) -> bytes:
    """Runs `actorgraph ARGS` in folder `cwd`, streaming `chunks` (bytes) into its stdin;
    returns its stdout. An exit code in `ok_codes` other than 0 (1: records skipped with
    --keep-going) passes its message on to stderr, which is the executor's log.

    stdin is fed from a thread and stderr drained by another, so neither pipe can fill up
    and block the other. A failure raises, with actorgraph's message, and so fails the
    Spark task (which Spark retries, up to spark.task.maxFailures)."""
    proc = subprocess.Popen([binary, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=cwd)
    errors: list[bytes] = []
    failure: list[BaseException] = []

    def feed():
        try:
            for chunk in chunks:
                proc.stdin.write(chunk)
        except BrokenPipeError:
            pass  # actorgraph stopped early; its exit status says why
        except BaseException as e:  # noqa: BLE001 - reported below
            failure.append(e)
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass

    writer = threading.Thread(target=feed, daemon=True)
    reader = threading.Thread(target=lambda: errors.append(proc.stderr.read()), daemon=True)
    writer.start()
    reader.start()
    out = proc.stdout.read()
    code = proc.wait()
    writer.join()
    reader.join()
    if failure:
        raise failure[0]
    message = b"".join(errors).decode("utf-8", "replace").strip()
    if code not in ok_codes:
        raise RuntimeError(f"actorgraph {' '.join(args)} exited with {code}: {message}")
    if code != 0:
        print(message, file=sys.stderr)
    return out


def count_partition(binary_name: str, graph_args: list[str], threads: int):
    """The mapPartitions function of step 3: the lines of one partition in, one partial
    graph (bytes, one JSON line) out."""

    def count(lines):
        from pyspark import SparkFiles

        binary = executable(binary_name)
        chunks = (line.encode("utf-8") + b"\n" for line in lines)
        args = ["graph", "--format", "partial", "--input-format", "jsonl",
                "--threads", str(threads), *graph_args, "-"]
        # In the shipped files' folder, so --ship files are found by their base names.
        yield run_actorgraph(binary, args, chunks, cwd=SparkFiles.getRootDirectory(),
                             ok_codes=(0, 1))

    return count


def merge_partition(binary_name: str):
    """The mapPartitions function of step 4: the partials of one group in, their merge
    (one partial) out; nothing for an empty group."""

    def merge(partials):
        partials = list(partials)
        if not partials:
            return
        if len(partials) == 1:
            yield partials[0]
            return
        binary = executable(binary_name)
        yield run_actorgraph(binary, ["merge", "--format", "partial", "-"], iter(partials))

    return merge


def tree_merge(partials, binary_name: str, fan_in: int):
    """Merges level by level until at most `fan_in` partials are left, and returns them.

    Each level regroups the partials with repartition (a shuffle: coalesce without one
    would pull the counting of several partitions into one task and serialise it) and
    merges each group in one actorgraph run. Merging is associative and commutative, so
    how the shuffle groups them does not matter."""
    n = partials.getNumPartitions()
    while n > fan_in:
        n = -(-n // fan_in)
        partials = partials.repartition(n).mapPartitions(merge_partition(binary_name))
    return partials.collect()


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("actorgraph")
    if args.master:
        builder = builder.master(args.master)
    for kv in args.conf:
        key, _, value = kv.partition("=")
        builder = builder.config(key, value)
    started = time.monotonic()
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    try:
        binary = args.binary
        if "://" in binary:
            sc.addFile(binary)
        elif os.sep not in binary and not os.path.exists(binary):
            found = shutil.which(binary)
            if found is None:
                print(f"actorgraph_spark: no {binary} in the current folder or on PATH: "
                      "give --binary PATH", file=sys.stderr)
                return 2
            binary = found
        if "://" not in binary:
            sc.addFile(os.path.abspath(binary))
        for f in args.ship:
            sc.addFile(os.path.abspath(f) if "://" not in f else f)
        binary_name = os.path.basename(binary)
        spark_ready = time.monotonic()

        lines = sc.textFile(args.corpus, minPartitions=args.partitions)
        partials = lines.mapPartitions(
            count_partition(binary_name, shlex.split(args.graph_args), args.threads))
        last = tree_merge(partials, binary_name, args.fan_in)
        counted = time.monotonic()

        binary_here = executable(binary_name)
        if args.save_partial:
            merged = run_actorgraph(binary_here, ["merge", "--format", "partial", "-"], iter(last))
            sc.parallelize([merged.rstrip(b"\n").decode("utf-8")], 1).saveAsTextFile(
                args.save_partial)
            last = [merged]
        if args.output or not args.save_partial:
            outputs = [a for o in args.output for a in ("-o", o)]
            final = run_actorgraph(binary_here,
                                   ["merge", *shlex.split(args.merge_args), *outputs, "-"],
                                   iter(last))
            sys.stdout.buffer.write(final)
            sys.stdout.buffer.flush()
        done = time.monotonic()
        print(f"actorgraph_spark: {lines.getNumPartitions()} partitions; "
              f"Spark start {spark_ready - started:.1f} s, count and tree merge "
              f"{counted - spark_ready:.1f} s, final merge {done - counted:.1f} s, "
              f"total {done - started:.1f} s", file=sys.stderr)
        return 0
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
