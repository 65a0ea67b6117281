#!/usr/bin/env python3
"""Reads an actorgraph GEXF or GraphML file with networkx and checks that it holds the
same graph as the node-link JSON written by the same run: the same nodes with the same
label and attributes, the same edges with the same weights and attributes, evidence
included. Prints what networkx saw (counts, spells, graph attributes) as JSON.

Usage: xml_check.py gexf|graphml FILE GRAPH.json

Differences allowed, each documented in src/export/:
- characters XML 1.0 cannot hold are read back as U+FFFD;
- an affiliation edge (weight 0 in JSON) has weight 1, since Gephi drops weight-0 edges;
- weights are floats (GEXF and GraphML declare them double).
"""
import json
import re
import sys

import networkx as nx

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(s):
    """What an XML reader gets back for s."""
    return FORBIDDEN.sub("\ufffd", s)


def xml_value(v):
    return xml_text(v) if isinstance(v, str) else v


def evidence_json(evidence):
    """The evidence JSON string as actorgraph writes it (serde_json escapes C0 controls as
    \\uXXXX, so only U+FFFE and U+FFFF are raw in the string and get replaced)."""
    return [
        {k: (v.replace("\ufffe", "\ufffd").replace("\uffff", "\ufffd") if isinstance(v, str) else v)
         for k, v in e.items()}
        for e in evidence
    ]


def fail(msg):
    sys.stderr.write(msg + "\n")
    sys.exit(1)


def main():
    fmt, path, json_path = sys.argv[1:4]
    with open(json_path, encoding="utf-8") as f:
        want = json.load(f)
    if fmt == "gexf":
        g = nx.read_gexf(path)
    elif fmt == "graphml":
        g = nx.read_graphml(path)
    else:
        fail(f"unknown format {fmt}")
    if g.is_directed() or g.is_multigraph():
        fail(f"{fmt}: read as {type(g).__name__}, want an undirected simple Graph")

    seen = {"class": type(g).__name__, "nodes": g.number_of_nodes(), "edges": g.number_of_edges(),
            "node_spells": {}, "edge_spells": {}, "mode": g.graph.get("mode")}

    want_nodes = {n["id"]: n for n in want["nodes"]}
    if set(g.nodes) != set(want_nodes):
        fail(f"{fmt}: nodes differ: {sorted(set(g.nodes) ^ set(want_nodes))}")
    for node_id, w in want_nodes.items():
        got = dict(g.nodes[node_id])
        got.pop("viz", None)
        spells = got.pop("spells", None)
        if spells is not None:
            seen["node_spells"][node_id] = [list(s) for s in spells]
        expected = {k: xml_value(v) for k, v in w.items() if k != "id"}
        if got != expected:
            fail(f"{fmt}: node {node_id}:\n got  {got!r}\n want {expected!r}")

    want_edges = {(e["source"], e["target"]): e for e in want["edges"]}
    got_pairs = {tuple(sorted((u, v))) for u, v in g.edges}
    if got_pairs != {tuple(sorted(p)) for p in want_edges}:
        fail(f"{fmt}: edges differ: {sorted(got_pairs ^ {tuple(sorted(p)) for p in want_edges})}")
    for (s, t), w in want_edges.items():
        got = dict(g.edges[s, t])
        edge_id = got.pop("id", None)
        if edge_id is not None and edge_id != f"{s}:{t}":
            fail(f"{fmt}: edge {s}--{t} has id {edge_id!r}")
        spells = got.pop("spells", None)
        if spells is not None:
            seen["edge_spells"][f"{s}:{t}"] = [list(x) for x in spells]
        expected = {k: xml_value(v) for k, v in w.items() if k not in ("source", "target", "evidence")}
        expected["weight"] = float(max(w["weight"], 1))
        try:
            evidence = json.loads(got.pop("evidence"))
        except (KeyError, ValueError) as err:
            fail(f"{fmt}: edge {s}--{t}: evidence is not a JSON string: {err}")
        if evidence != evidence_json(w["evidence"]):
            fail(f"{fmt}: edge {s}--{t} evidence:\n got  {evidence!r}\n want {w['evidence']!r}")
        if got != expected:
            fail(f"{fmt}: edge {s}--{t}:\n got  {got!r}\n want {expected!r}")

    if fmt == "graphml":
        graph = {k: v for k, v in g.graph.items() if k not in ("node_default", "edge_default")}
        for k in ("units", "inputs", "gazetteers", "filters"):
            graph[k] = json.loads(graph[k])
        expected = {k: xml_value(v) if not isinstance(v, list) else [xml_value(x) for x in v]
                    for k, v in want["graph"].items()}
        if graph != expected:
            fail(f"graphml: graph attributes:\n got  {graph!r}\n want {expected!r}")
    json.dump(seen, sys.stdout, sort_keys=True, ensure_ascii=False)


main()
