#!/usr/bin/env node
// Loads actorgraph's Cytoscape.js JSON with the real `cytoscape` package (headless) and
// its graphology JSON with the real `graphology` package, and prints what each library
// holds afterwards, as JSON, for tests/formats.rs to compare with the node-link JSON.
//
// Usage: node js_check.js GRAPH.cyjs GRAPH.graphology.json
// Install the pinned readers first: npm ci --prefix tests/clients
'use strict';

const fs = require('fs');
const path = require('path');
const cytoscape = require('cytoscape');
const Graph = require('graphology');

function fail(msg) {
  process.stderr.write(msg + '\n');
  process.exit(1);
}

// The installed version of a package (their `exports` hide package.json from require).
function version(name) {
  const dir = path.dirname(require.resolve(name));
  for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) {
    const file = path.join(d, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (pkg.name === name) return pkg.version;
    }
  }
  return null;
}

const [cyPath, gPath] = process.argv.slice(2);
if (!cyPath || !gPath) fail('usage: js_check.js GRAPH.cyjs GRAPH.graphology.json');

// Cytoscape.js: an element whose id is taken is dropped without an error, so count.
const cyJson = JSON.parse(fs.readFileSync(cyPath, 'utf8'));
// The preset layout keeps the positions in the file (the default, grid, replaces them).
const cy = cytoscape({ headless: true, elements: cyJson.elements, layout: { name: 'preset' } });
const given = cyJson.elements.nodes.length + cyJson.elements.edges.length;
if (cy.elements().length !== given) {
  fail(`cytoscape kept ${cy.elements().length} of ${given} elements: ids collide`);
}
const cyOut = {
  nodes: cy.nodes().map((n) => ({ data: n.data(), position: n.position() })),
  edges: cy.edges().map((e) => ({
    data: e.data(),
    source: e.source().id(),
    target: e.target().id(),
  })),
};
for (const n of cyOut.nodes) {
  if (!Number.isFinite(n.position.x) || !Number.isFinite(n.position.y)) {
    fail(`cytoscape: node ${n.data.id} has no numeric position`);
  }
}

// graphology: Graph.from checks the options and throws on an edge to a missing node.
const gJson = JSON.parse(fs.readFileSync(gPath, 'utf8'));
const graph = Graph.from(gJson);
graph.forEachNode((key, attrs) => {
  if (typeof attrs.x !== 'number' || typeof attrs.y !== 'number' ||
      !Number.isFinite(attrs.x) || !Number.isFinite(attrs.y)) {
    fail(`graphology: node ${key} has no numeric x/y (sigma.js cannot draw it)`);
  }
});
const exported = graph.export();
const gOut = {
  type: graph.type,
  multi: graph.multi,
  order: graph.order,
  size: graph.size,
  attributes: graph.getAttributes(),
  nodes: exported.nodes,
  edges: exported.edges.map((e) => ({
    key: e.key,
    source: e.source,
    target: e.target,
    undirected: graph.isUndirected(e.key),
    attributes: e.attributes,
  })),
};

process.stdout.write(JSON.stringify({
  versions: { cytoscape: version('cytoscape'), graphology: version('graphology') },
  cytoscape: cyOut,
  graphology: gOut,
}));
