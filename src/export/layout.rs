//! Node positions for the formats whose readers need them (graphology/sigma.js requires
//! numeric `x`/`y`; Gephi and Cytoscape start from them instead of a random scatter).
//!
//! A Fruchterman–Reingold force layout with a little gravity (so separate components
//! stay together), started from positions hashed from the actor ids (FNV-1a) instead of
//! a random generator: the same graph always gives the same positions, and a node keeps
//! its start position whatever else is in the graph. The loop uses only `+ - * /` and
//! `sqrt`, which IEEE 754 defines exactly, so the result does not depend on the platform's
//! maths library either.
//!
//! The work is `iterations × (n²/2 + edges)`. It is capped at about 10⁸ steps: a graph of
//! up to ~800 actors gets the full 300 iterations, a graph of a few thousand gets fewer,
//! and beyond ~14,000 actors the positions are the hashed scatter — run ForceAtlas2 in
//! Gephi or graphology-layout-forceatlas2 on those.

use crate::graph::CoGraph;

/// Ideal edge length, in the units of the output (pixels in Cytoscape and sigma.js).
pub const EDGE_LENGTH: f64 = 100.0;

const MAX_ITERATIONS: usize = 300;
const BUDGET: usize = 100_000_000;

/// Positions `(x, y)` for every node, in node order, centred on the origin and rounded to
/// 2 decimals.
pub fn positions(graph: &CoGraph) -> Vec<(f64, f64)> {
    let ids: Vec<&str> = graph.nodes().map(|n| n.id.as_str()).collect();
    let edges: Vec<(usize, usize)> = graph
        .graph
        .edge_indices()
        .filter_map(|e| graph.graph.edge_endpoints(e))
        .map(|(a, b)| (a.index(), b.index()))
        .filter(|(a, b)| a != b)
        .collect();
    force_layout(&ids, &edges)
}

/// The layout of nodes named `ids` joined by `edges` (pairs of indices into `ids`).
pub fn force_layout(ids: &[&str], edges: &[(usize, usize)]) -> Vec<(f64, f64)> {
    let n = ids.len();
    if n == 0 {
        return vec![];
    }
    let k = EDGE_LENGTH;
    let side = k * (n as f64).sqrt();
    let mut pos: Vec<(f64, f64)> = ids
        .iter()
        .map(|id| {
            let h = fnv1a(id.as_bytes());
            let unit = |bits: u64| (bits & 0xffff_ffff) as f64 / 4_294_967_296.0 - 0.5;
            (unit(h) * side, unit(h >> 32) * side)
        })
        .collect();
    let steps_per_iteration = n * (n - 1) / 2 + edges.len() + 1;
    let iterations = MAX_ITERATIONS.min(BUDGET / steps_per_iteration);
    let start_temperature = side / 10.0;
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for it in 0..iterations {
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        // Repulsion between every pair: k² / d.
        for i in 0..n {
            for j in i + 1..n {
                let (mut dx, mut dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let mut d2 = dx * dx + dy * dy;
                if d2 < 1e-6 {
                    // Same spot: push apart along a direction fixed by the indices.
                    dx = 0.01 * (j - i) as f64;
                    dy = 0.01;
                    d2 = dx * dx + dy * dy;
                }
                let f = k * k / d2;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        // Attraction along edges: d² / k.
        for &(a, b) in edges {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let f = (dx * dx + dy * dy).sqrt() / k;
            disp[a].0 -= dx * f;
            disp[a].1 -= dy * f;
            disp[b].0 += dx * f;
            disp[b].1 += dy * f;
        }
        // Gravity towards the centre keeps components and isolates in view.
        let temperature = start_temperature * (1.0 - it as f64 / iterations as f64) + 0.01;
        for (p, d) in pos.iter_mut().zip(&disp) {
            let (dx, dy) = (d.0 - p.0, d.1 - p.1);
            let len = (dx * dx + dy * dy).sqrt();
            if len > 0.0 {
                let step = len.min(temperature) / len;
                p.0 += dx * step;
                p.1 += dy * step;
            }
        }
    }
    let (cx, cy) = pos.iter().fold((0.0, 0.0), |acc, p| (acc.0 + p.0, acc.1 + p.1));
    let (cx, cy) = (cx / n as f64, cy / n as f64);
    pos.into_iter().map(|(x, y)| (super::round2(x - cx), super::round2(y - cy))).collect()
}

/// 64-bit FNV-1a: a fixed, well-spread hash of the id, the layout's only "randomness".
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dist(a: (f64, f64), b: (f64, f64)) -> f64 {
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
    }

    #[test]
    fn same_input_same_positions() {
        let ids = ["a", "b", "c", "d", "e"];
        let edges = [(0, 1), (1, 2), (2, 0), (3, 4)];
        let p = force_layout(&ids, &edges);
        assert_eq!(p, force_layout(&ids, &edges));
        assert!(p.iter().all(|(x, y)| x.is_finite() && y.is_finite()));
        assert_eq!(force_layout(&[], &[]), vec![]);
        assert_eq!(force_layout(&["solo"], &[]), vec![(0.0, 0.0)]);
    }

    #[test]
    fn neighbours_end_closer_than_strangers() {
        // Two triangles, no edge between them.
        let ids = ["a", "b", "c", "x", "y", "z"];
        let edges = [(0, 1), (1, 2), (2, 0), (3, 4), (4, 5), (5, 3)];
        let p = force_layout(&ids, &edges);
        let within = dist(p[0], p[1]).max(dist(p[1], p[2])).max(dist(p[3], p[4]));
        let across = dist(p[0], p[3]).min(dist(p[1], p[4])).min(dist(p[2], p[5]));
        assert!(within < across, "{p:?}");
        // Nodes do not sit on top of each other, nor fly away.
        for i in 0..6 {
            for j in i + 1..6 {
                assert!(dist(p[i], p[j]) > EDGE_LENGTH / 10.0, "{p:?}");
            }
            assert!(dist(p[i], (0.0, 0.0)) < EDGE_LENGTH * 10.0, "{p:?}");
        }
    }

    #[test]
    fn coincident_starts_are_separated() {
        // The same id twice hashes to the same start.
        let p = force_layout(&["same", "same"], &[(0, 1)]);
        assert!(dist(p[0], p[1]) > 1.0, "{p:?}");
    }
}
