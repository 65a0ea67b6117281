#!/usr/bin/env python3
"""Loads an actorgraph node-link JSON file with networkx and prints what networkx sees,
as canonical JSON, so a Rust test can compare it with the file itself.

Usage: networkx_check.py GRAPH.json
"""
import json
import sys

import networkx as nx

with open(sys.argv[1], encoding="utf-8") as f:
    data = json.load(f)
g = nx.node_link_graph(data, edges="edges")
assert not g.is_directed() and not g.is_multigraph(), "loaded as directed or multigraph"
out = {
    "class": type(g).__name__,
    "graph": g.graph,
    "nodes": {str(n): attrs for n, attrs in g.nodes(data=True)},
    "edges": sorted([sorted([str(u), str(v)]) + [attrs] for u, v, attrs in g.edges(data=True)],
                    key=lambda e: (e[0], e[1])),
    "degrees": {str(n): d for n, d in g.degree()},
    "components": nx.number_connected_components(g),
}
json.dump(out, sys.stdout, sort_keys=True, ensure_ascii=False)
