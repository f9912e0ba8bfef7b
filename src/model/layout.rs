//! Where the actor graph's nodes go (`model::graph`), in the unit square `[-1, 1]²`; the
//! renderer scales it to its picture. Both layouts are deterministic: no randomness, a fixed
//! number of steps, nodes and edges visited in the order the graph holds them (itself sorted),
//! so the same site always gives the same picture.
//!
//! - `radial`, for an actor's local network: the actor in the middle, its neighbours around
//!   it, the strongest nearest, ordered so that neighbours tied to each other sit side by side
//!   (fewer crossing edges).
//! - `force`, for the site-wide graph: a spring layout (Fruchterman–Reingold) from a fixed
//!   start, with a fixed number of iterations. Each iteration compares every pair of nodes,
//!   which is cheap because the node set is capped (`graph.max_nodes`, at most 150): the cost
//!   does not grow with the number of actors on the site.

use std::f64::consts::{PI, TAU};

use crate::model::graph::Graph;

/// Steps of the spring layout.
pub const ITERATIONS: usize = 300;

/// The local network: node 0 in the middle, the others on a ring at a distance that shrinks as
/// their tie to node 0 grows, around it in an order that keeps mutual neighbours adjacent.
pub fn radial(g: &mut Graph) {
    let n = g.nodes.len();
    if n == 0 {
        return;
    }
    g.nodes[0].x = 0.0;
    g.nodes[0].y = 0.0;
    let order = ring_order(g);
    let (lo, hi) =
        order.iter().fold((usize::MAX, 0), |(lo, hi), &k| (lo.min(g.nodes[k].size), hi.max(g.nodes[k].size)));
    let count = order.len() as f64;
    for (pos, &k) in order.iter().enumerate() {
        // Start at the top and go clockwise; a lone neighbour sits to the right.
        let angle = if order.len() == 1 { 0.0 } else { -PI / 2.0 + TAU * pos as f64 / count };
        let strength = if hi > lo { (g.nodes[k].size - lo) as f64 / (hi - lo) as f64 } else { 0.5 };
        let r = 1.0 - 0.4 * strength;
        g.nodes[k].x = r * angle.cos();
        g.nodes[k].y = r * angle.sin();
    }
}

/// The neighbours (nodes 1..) in ring order: the strongest first, then each time the one most
/// tied to the last placed (ties by strength to the centre, then by node order).
fn ring_order(g: &Graph) -> Vec<usize> {
    let n = g.nodes.len();
    let mut tie = vec![0u32; n * n];
    for e in &g.edges {
        tie[e.a * n + e.b] = e.weight();
        tie[e.b * n + e.a] = e.weight();
    }
    let mut left: Vec<usize> = (1..n).collect();
    let mut order: Vec<usize> = Vec::with_capacity(n);
    while !left.is_empty() {
        let best = match order.last() {
            // Nodes come strongest first, so the first left is the strongest.
            None => 0,
            Some(&last) => (0..left.len())
                .max_by(|&x, &y| {
                    let key = |k: usize| (tie[last * n + left[k]], g.nodes[left[k]].size);
                    key(x).cmp(&key(y)).then(y.cmp(&x))
                })
                .unwrap_or(0),
        };
        order.push(left.remove(best));
    }
    order
}

/// The site-wide graph: springs along edges (stronger for heavier ones), repulsion between all
/// pairs, a pull towards the middle that keeps separate clusters in view; then scaled to fill
/// the unit square.
pub fn force(g: &mut Graph) {
    let n = g.nodes.len();
    if n == 0 {
        return;
    }
    // Start on a sunflower spiral, biggest in the middle: spread evenly, and no randomness.
    let golden = PI * (3.0 - 5f64.sqrt());
    let mut pos: Vec<(f64, f64)> = (0..n)
        .map(|k| {
            let r = ((k as f64 + 0.5) / n as f64).sqrt();
            (r * (golden * k as f64).cos(), r * (golden * k as f64).sin())
        })
        .collect();
    let k = (4.0 / n as f64).sqrt() * 0.75;
    let max_w = g.edges.iter().map(|e| e.weight()).max().unwrap_or(1).max(1) as f64;
    let mut disp = vec![(0.0, 0.0); n];
    for step in 0..ITERATIONS {
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for a in 0..n {
            for b in a + 1..n {
                let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
                let dist = (dx * dx + dy * dy).sqrt().max(1e-3);
                let f = k * k / dist / dist;
                disp[a].0 += dx * f;
                disp[a].1 += dy * f;
                disp[b].0 -= dx * f;
                disp[b].1 -= dy * f;
            }
        }
        for e in &g.edges {
            let (dx, dy) = (pos[e.a].0 - pos[e.b].0, pos[e.a].1 - pos[e.b].1);
            let dist = (dx * dx + dy * dy).sqrt().max(1e-3);
            let f = dist / k * (0.3 + 0.7 * e.weight() as f64 / max_w);
            disp[e.a].0 -= dx * f;
            disp[e.a].1 -= dy * f;
            disp[e.b].0 += dx * f;
            disp[e.b].1 += dy * f;
        }
        // The temperature: how far a node may move this step, cooling linearly.
        let t = 0.1 * (1.0 - step as f64 / ITERATIONS as f64) + 0.002;
        for (p, d) in pos.iter_mut().zip(&disp) {
            let gx = d.0 - p.0 * 0.5 / k;
            let gy = d.1 - p.1 * 0.5 / k;
            let len = (gx * gx + gy * gy).sqrt();
            if len > 0.0 {
                let m = len.min(t) / len;
                p.0 += gx * m;
                p.1 += gy * m;
            }
        }
    }
    fit(&mut pos);
    for (node, p) in g.nodes.iter_mut().zip(pos) {
        node.x = p.0;
        node.y = p.1;
    }
}

/// Scale and centre the points to fill `[-1, 1]²` (each axis on its own: the picture is a
/// rectangle anyway). A single point, or points on a line, go to the middle of that axis.
fn fit(pos: &mut [(f64, f64)]) {
    let axis = |get: fn(&(f64, f64)) -> f64, pos: &[(f64, f64)]| {
        let lo = pos.iter().map(get).fold(f64::INFINITY, f64::min);
        let hi = pos.iter().map(get).fold(f64::NEG_INFINITY, f64::max);
        (lo, hi)
    };
    let (xl, xh) = axis(|p| p.0, pos);
    let (yl, yh) = axis(|p| p.1, pos);
    let scale = |v: f64, lo: f64, hi: f64| if hi - lo > 1e-9 { (v - lo) / (hi - lo) * 2.0 - 1.0 } else { 0.0 };
    for p in pos.iter_mut() {
        *p = (scale(p.0, xl, xh), scale(p.1, yl, yh));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::graph::{Edge, Node, Window};

    fn graph(sizes: &[usize], edges: &[(usize, usize, u32)]) -> Graph {
        Graph {
            nodes: sizes.iter().enumerate().map(|(k, &size)| Node { term: k, size, x: 0.0, y: 0.0 }).collect(),
            edges: edges.iter().map(|&(a, b, w)| Edge { a, b, counts: vec![w] }).collect(),
            windows: vec![Window::All],
            local: true,
            nodes_left_out: 0,
            edges_left_out: 0,
        }
    }

    #[test]
    fn radial_puts_the_strongest_nearest_and_mutual_neighbours_side_by_side() {
        // Centre 0; 1 strongest; 3 is tied to 1, so it follows 1 round the ring, before 2.
        let mut g = graph(&[9, 5, 3, 2], &[(0, 1, 5), (0, 2, 3), (0, 3, 2), (1, 3, 2)]);
        assert_eq!(ring_order(&g), [1, 3, 2]);
        radial(&mut g);
        let r = |k: usize| (g.nodes[k].x.powi(2) + g.nodes[k].y.powi(2)).sqrt();
        assert!(r(1) < r(2) && r(2) < r(3), "{} {} {}", r(1), r(2), r(3));
        assert!(g.nodes[1].y < -0.5, "the first neighbour is at the top");
    }

    #[test]
    fn force_is_deterministic_and_fills_the_square() {
        let edges = [(0, 1, 4), (1, 2, 1), (2, 3, 2), (0, 3, 1), (4, 5, 3)];
        let mut a = graph(&[6, 5, 4, 3, 2, 1], &edges);
        let mut b = a.clone();
        force(&mut a);
        force(&mut b);
        assert_eq!(a, b);
        let xs: Vec<f64> = a.nodes.iter().map(|n| n.x).collect();
        assert!(xs.iter().all(|x| (-1.0..=1.0).contains(x)));
        assert!(xs.contains(&-1.0) && xs.contains(&1.0));
        let d =
            |p: usize, q: usize| ((a.nodes[p].x - a.nodes[q].x).powi(2) + (a.nodes[p].y - a.nodes[q].y).powi(2)).sqrt();
        assert!(d(0, 1) < d(0, 5), "tied nodes end nearer than untied ones");
    }
}
