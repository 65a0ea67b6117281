#!/usr/bin/env python3
"""Reads actorgraph's CSV tables (FOLDER/nodes.csv, FOLDER/edges.csv) with Python's csv
module and checks that they hold the same graph as the node-link JSON written by the same
run: nodes, labels and attributes; edges, weights, counts and evidence. Prints the
headers and row counts as JSON.

Usage: csv_check.py FOLDER GRAPH.json

Cells are text: numbers are compared as their decimal text, missing values are empty
cells, an affiliation edge (weight 0 in JSON) has Weight 1 (Gephi drops weight-0 edges).
"""
import csv
import json
import os
import sys


def fail(msg):
    sys.stderr.write(msg + "\n")
    sys.exit(1)


def cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def same(got, expected):
    """Cells equal their JSON values; floats (the score) are compared as numbers, since
    Rust writes 1e-7 as 0.0000001."""
    if set(got) != set(expected):
        return False
    for k, v in expected.items():
        if isinstance(v, float):
            if float(got[k]) != v:
                return False
        elif got[k] != cell(v):
            return False
    return True


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        raw = f.read()
    if raw.startswith("\ufeff"):
        fail(f"{path}: starts with a byte-order mark (Gephi reads it as part of 'Id')")
    # newline="" lets the csv module see line breaks inside quoted cells.
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, strict=True))
    widths = {len(r) for r in rows}
    if len(widths) != 1:
        fail(f"{path}: rows of different lengths {sorted(widths)}")
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]], raw


def main():
    folder, json_path = sys.argv[1:3]
    with open(json_path, encoding="utf-8") as f:
        want = json.load(f)
    node_header, nodes, raw_nodes = read(os.path.join(folder, "nodes.csv"))
    edge_header, edges, raw_edges = read(os.path.join(folder, "edges.csv"))
    for raw, name in ((raw_nodes, "nodes.csv"), (raw_edges, "edges.csv")):
        if not raw.endswith("\r\n"):
            fail(f"{name}: records must end with CRLF (RFC 4180)")
    if node_header[:3] != ["Id", "Label", "Type"]:
        fail(f"nodes.csv header starts {node_header[:3]}")
    if edge_header[:5] != ["Source", "Target", "Type", "Weight", "Kind"]:
        fail(f"edges.csv header starts {edge_header[:5]}")

    want_nodes = {n["id"]: n for n in want["nodes"]}
    got_nodes = {r["Id"]: r for r in nodes}
    if len(got_nodes) != len(nodes) or set(got_nodes) != set(want_nodes):
        fail(f"nodes differ: {sorted(set(got_nodes) ^ set(want_nodes))}")
    for node_id, w in want_nodes.items():
        r = dict(got_nodes[node_id])
        got = {"label": r.pop("Label"), "type": r.pop("Type")}
        r.pop("Id")
        got.update({k: v for k, v in r.items() if v != ""})
        expected = {k: v for k, v in w.items() if k != "id"}
        if not same(got, expected):
            fail(f"node {node_id}:\n got  {got!r}\n want {expected!r}")

    want_edges = {(e["source"], e["target"]): e for e in want["edges"]}
    got_edges = {(r["Source"], r["Target"]): r for r in edges}
    if len(got_edges) != len(edges) or set(got_edges) != set(want_edges):
        fail(f"edges differ: {sorted(set(got_edges) ^ set(want_edges))}")
    for pair, w in want_edges.items():
        r = dict(got_edges[pair])
        if r.pop("Type") != "Undirected":
            fail(f"edge {pair}: Type is not Undirected")
        if r.pop("Weight") != str(max(w["weight"], 1)):
            fail(f"edge {pair}: Weight differs from {w['weight']}")
        if json.loads(r.pop("evidence")) != w["evidence"]:
            fail(f"edge {pair}: evidence differs")
        got = {"kind": r.pop("Kind")}
        r.pop("Source")
        r.pop("Target")
        got.update({k: v for k, v in r.items() if v != ""})
        expected = {k: v for k, v in w.items()
                    if k not in ("source", "target", "weight", "evidence")}
        if not same(got, expected):
            fail(f"edge {pair}:\n got  {got!r}\n want {expected!r}")
    json.dump({"node_header": node_header, "edge_header": edge_header,
               "nodes": len(nodes), "edges": len(edges)}, sys.stdout)


main()
