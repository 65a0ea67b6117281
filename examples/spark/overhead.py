#!/usr/bin/env python3
"""Where the time of the Spark job goes, next to one actorgraph process on the same corpus.

    python3 examples/spark/overhead.py --binary target/release/actorgraph CORPUS.jsonl

Runs in local mode (--master, default local[2]) and prints, in seconds: the single
process; Spark's start (JVM, SparkContext); the first job (Python workers start); reading
the corpus into Python; the same piped through `cat` (the cost of the pipe); counting
(one `actorgraph graph --format partial` per partition); the count plus the reduce tree;
and the whole job as actorgraph_spark.py runs it. Figures only, no assertion: the numbers
in examples/spark/README.md come from here.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import actorgraph_spark as job  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--binary", required=True)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--fan-in", type=int, default=8)
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)

    def single():
        with open(args.corpus, "rb") as f:
            subprocess.run([binary, "graph", "-"], stdin=f, stdout=subprocess.DEVNULL, check=True)

    figures = []

    def timed(name, f):
        t = time.monotonic()
        result = f()
        figures.append((name, time.monotonic() - t))
        return result

    timed("single process, actorgraph graph - < corpus", single)

    from pyspark import cloudpickle
    from pyspark.sql import SparkSession

    # Workers import nothing of ours: ship this module's functions by value.
    cloudpickle.register_pickle_by_value(job)
    spark = timed("Spark start (JVM, SparkContext)", lambda: (
        SparkSession.builder.master(args.master).appName("actorgraph-overhead")
        .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()))
    sc = spark.sparkContext
    sc.addFile(binary)
    name = os.path.basename(binary)
    lines = sc.textFile(args.corpus, minPartitions=args.partitions)
    try:
        timed("first job (Python workers start)",
              lambda: sc.parallelize(range(8), 8).map(lambda x: x).collect())
        timed("read the corpus into Python", lambda: lines.mapPartitions(
            lambda it: [sum(1 for _ in it)]).collect())

        def cat(it):
            return [len(job.run_actorgraph("cat", [], (line.encode() + b"\n" for line in it)))]

        timed("... and pipe it through cat", lambda: lines.mapPartitions(cat).collect())
        count = job.count_partition(name, [], 1)
        sizes = timed("count: graph --format partial per partition",
                      lambda: [len(p) for p in lines.mapPartitions(count).collect()])
        timed(f"count and reduce tree (fan-in {args.fan_in})",
              lambda: job.tree_merge(lines.mapPartitions(count), name, args.fan_in))
    finally:
        spark.stop()
    timed("whole job: actorgraph_spark.py (own Spark start)", lambda: subprocess.run(
        [sys.executable, str(Path(__file__).resolve().parent / "actorgraph_spark.py"),
         "--master", args.master, "--conf", "spark.ui.enabled=false",
         "--conf", "spark.ui.showConsoleProgress=false",
         "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
         "--binary", binary, "--partitions", str(args.partitions), "--fan-in", str(args.fan_in),
         args.corpus], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    size = os.path.getsize(args.corpus)
    print(f"corpus {size / 1e6:.1f} MB, {lines.getNumPartitions()} partitions, partials "
          f"{sum(sizes) / 1e6:.1f} MB in all ({min(sizes) / 1e6:.1f}-{max(sizes) / 1e6:.1f} MB)")
    for what, seconds in figures:
        print(f"{seconds:7.1f} s  {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
