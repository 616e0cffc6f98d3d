//! A layered (Sugiyama-style) layout for small directed graphs, with no
//! dependency on any graph tool:
//!
//! 1. cycles are broken by reversing the back edges of a depth-first search;
//! 2. nodes get layers by longest path from the sources;
//! 3. every edge is cut into unit steps by dummy vertices; odd ranks lie
//!    between node layers and hold edge labels, so labels take room like
//!    vertices and never overlap; an edge spanning several layers puts its
//!    label on the least crowded of its label ranks, so the many flows into
//!    a hub do not all stack their labels side by side in one row;
//! 4. vertices are ordered in each rank by barycentre sweeps, keeping the
//!    order with the fewest crossings;
//! 5. x coordinates minimise the squared distance of each vertex to its
//!    neighbours' mean subject to the order and spacing (isotonic regression
//!    by pool-adjacent-violators), alternating downward and upward passes;
//! 6. the edges meeting one side of a node get their own points along that
//!    side, in the order they arrive, so no two arrows share an end.
//!
//! Everything is deterministic: ties are broken by index, never by hashing.

use super::order;
use std::collections::BTreeMap;

/// Width and height of a box, in pixels.
#[derive(Copy, Clone, Debug, PartialEq)]
pub struct Size {
    pub w: f64,
    pub h: f64,
}

impl Size {
    /// No box at all (an edge without a label).
    pub const ZERO: Size = Size { w: 0.0, h: 0.0 };
}

#[derive(Copy, Clone, Debug, Default, PartialEq)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

/// What to lay out: node sizes and directed edges with the size of their label.
#[derive(Clone, Debug, Default)]
pub struct Input {
    pub nodes: Vec<Size>,
    /// `(from, to, label size)`; no self-loops.
    pub edges: Vec<(usize, usize, Size)>,
}

/// Where everything goes: node centres, and per edge the points of its path
/// from its source to its target and the centre of its label box.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub nodes: Vec<Point>,
    pub edges: Vec<EdgePath>,
    pub width: f64,
    pub height: f64,
}

#[derive(Clone, Debug, Default)]
pub struct EdgePath {
    /// From the source node's border to the target node's border.
    pub points: Vec<Point>,
    /// Top-left corner of the label box.
    pub label: Point,
}

/// Horizontal gap between neighbours in a rank.
const GAP_X: f64 = 18.0;
/// Least vertical gap between ranks.
const GAP_Y: f64 = 14.0;
/// A gap grows with the widest horizontal run of a line crossing it (by
/// this factor, up to [`MAX_GAP_Y`]), so lines converging on a hub fan in
/// visibly apart instead of running flat in one band.
const GAP_SLOPE: f64 = 0.1;
const MAX_GAP_Y: f64 = 80.0;
/// Margin around the drawing.
pub const MARGIN: f64 = 16.0;
/// Width of a dummy vertex that only carries an edge through a rank.
const THIN: f64 = 6.0;

/// A vertex of the layered graph: a node, or a point of an edge.
#[derive(Clone, Debug)]
pub(crate) struct Vertex {
    pub size: Size,
    pub rank: usize,
}

/// The proper layered graph: every edge joins consecutive ranks.
#[derive(Clone, Debug, Default)]
pub(crate) struct Layered {
    pub vertices: Vec<Vertex>,
    /// `(upper, lower)` vertex pairs, one rank apart.
    pub links: Vec<(usize, usize)>,
    /// Per input edge: its vertex chain from upper to lower, whether it was
    /// reversed, and which vertex holds its label.
    pub chains: Vec<(Vec<usize>, bool, usize)>,
}

pub fn layout(input: &Input) -> Layout {
    let reversed = break_cycles(input);
    let mut layers = longest_path_layers(input, &reversed);
    lower_sources(input, &reversed, &mut layers);
    let layered = make_proper(input, &reversed, &layers);
    let ranks = order::order(&layered);
    let xs = order::x_coordinates(&layered, &ranks, GAP_X);
    place(input, &layered, &ranks, &xs)
}

/// Edges to reverse so the graph has no cycle: the back edges of a DFS
/// visiting nodes and edges in index order.
fn break_cycles(input: &Input) -> Vec<bool> {
    let n = input.nodes.len();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &(a, _, _)) in input.edges.iter().enumerate() {
        out[a].push(i);
    }
    // 0 = unvisited, 1 = on the stack, 2 = done
    let mut state = vec![0u8; n];
    let mut reversed = vec![false; input.edges.len()];
    for root in 0..n {
        if state[root] != 0 {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        state[root] = 1;
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            if let Some(&e) = out[v].get(*next) {
                *next += 1;
                let w = input.edges[e].1;
                match state[w] {
                    0 => {
                        state[w] = 1;
                        stack.push((w, 0));
                    }
                    1 => reversed[e] = true,
                    _ => {}
                }
            } else {
                state[v] = 2;
                stack.pop();
            }
        }
    }
    reversed
}

/// Layer of each node: the length of the longest path reaching it.
fn longest_path_layers(input: &Input, reversed: &[bool]) -> Vec<usize> {
    let n = input.nodes.len();
    let mut indegree = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, &(a, b, _)) in input.edges.iter().enumerate() {
        let (a, b) = if reversed[i] { (b, a) } else { (a, b) };
        out[a].push(b);
        indegree[b] += 1;
    }
    let mut layer = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).rev().filter(|&v| indegree[v] == 0).collect();
    while let Some(v) = ready.pop() {
        for &w in &out[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indegree[w] -= 1;
            if indegree[w] == 0 {
                ready.push(w);
            }
        }
    }
    layer
}

/// Move each node with more edges out than in down, as far as its
/// successors allow, so edges get shorter (longest-path layering puts every
/// source at the top, however far below its targets are). Nodes are taken
/// bottom-up so a predecessor can follow a node that moved.
fn lower_sources(input: &Input, reversed: &[bool], layers: &mut [usize]) {
    let n = input.nodes.len();
    let (mut succ, mut indeg): (Vec<Vec<usize>>, Vec<usize>) = (vec![Vec::new(); n], vec![0; n]);
    for (i, &(a, b, _)) in input.edges.iter().enumerate() {
        let (a, b) = if reversed[i] { (b, a) } else { (a, b) };
        succ[a].push(b);
        indeg[b] += 1;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&v| std::cmp::Reverse(layers[v]));
    for v in order {
        if succ[v].len() <= indeg[v] {
            continue;
        }
        if let Some(lowest) = succ[v].iter().map(|&w| layers[w]).min() {
            layers[v] = layers[v].max(lowest.saturating_sub(1));
        }
    }
}

/// Ranks: node layer `l` is rank `2l`; odd ranks hold edge labels. Each edge
/// becomes a chain of unit links through dummy vertices.
fn make_proper(input: &Input, reversed: &[bool], layers: &[usize]) -> Layered {
    let mut g = Layered::default();
    for (v, size) in input.nodes.iter().enumerate() {
        g.vertices.push(Vertex {
            size: *size,
            rank: 2 * layers[v],
        });
    }
    // the width taken so far by the labels of each rank
    let mut load = vec![0.0f64; 2 * layers.iter().max().copied().unwrap_or(0) + 1];
    for (i, &(a, b, label)) in input.edges.iter().enumerate() {
        let (top, bottom) = if reversed[i] { (b, a) } else { (a, b) };
        let (r0, r1) = (2 * layers[top], 2 * layers[bottom]);
        let label_rank = (r0 + 1..r1)
            .step_by(2)
            .min_by(|x, y| load[*x].total_cmp(&load[*y]).then(x.cmp(y)))
            .unwrap_or(r0 + 1);
        for rank in r0 + 1..r1 {
            let w = if rank == label_rank { label.w } else { 0.0 };
            if let Some(l) = load.get_mut(rank) {
                *l += w.max(THIN) + GAP_X;
            }
        }
        let mut chain = vec![top];
        let mut label_vertex = top;
        for rank in r0 + 1..r1 {
            let size = if rank == label_rank {
                Size {
                    w: label.w.max(THIN),
                    h: label.h,
                }
            } else {
                Size { w: THIN, h: 0.0 }
            };
            g.vertices.push(Vertex { size, rank });
            let v = g.vertices.len() - 1;
            if rank == label_rank {
                label_vertex = v;
            }
            chain.push(v);
        }
        chain.push(bottom);
        for pair in chain.windows(2) {
            g.links.push((pair[0], pair[1]));
        }
        g.chains.push((chain, reversed[i], label_vertex));
    }
    g
}

/// Turn ranks and x coordinates into points.
fn place(input: &Input, g: &Layered, ranks: &[Vec<usize>], xs: &[f64]) -> Layout {
    let mut tops = Vec::with_capacity(ranks.len());
    let mut heights = Vec::with_capacity(ranks.len());
    let mut run = vec![0.0f64; ranks.len()];
    for &(a, b) in &g.links {
        if let Some(r) = run.get_mut(g.vertices[a].rank) {
            *r = r.max((xs[a] - xs[b]).abs());
        }
    }
    let mut y = MARGIN;
    let mut gap = GAP_Y;
    for (rank, run) in ranks.iter().zip(&run) {
        let h = rank
            .iter()
            .map(|&v| g.vertices[v].size.h)
            .fold(0.0, f64::max);
        tops.push(y);
        heights.push(h);
        gap = (run * GAP_SLOPE).clamp(GAP_Y, MAX_GAP_Y);
        y += h + gap;
    }
    let min_x = (0..g.vertices.len())
        .map(|v| xs[v] - g.vertices[v].size.w / 2.0)
        .fold(f64::INFINITY, f64::min);
    let shift = if min_x.is_finite() {
        MARGIN - min_x
    } else {
        0.0
    };
    let centre = |v: usize| {
        let r = g.vertices[v].rank;
        Point {
            x: xs[v] + shift,
            y: tops[r] + heights[r] / 2.0,
        }
    };
    let nodes: Vec<Point> = (0..input.nodes.len()).map(centre).collect();
    let mut edges: Vec<EdgePath> = g
        .chains
        .iter()
        .map(|chain| edge_path(g, chain, &centre, &tops, &heights))
        .collect();
    spread_ends(input, &nodes, &mut edges);
    let width = (0..g.vertices.len())
        .map(|v| xs[v] + shift + g.vertices[v].size.w / 2.0)
        .fold(0.0, f64::max)
        + MARGIN;
    Layout {
        nodes,
        edges,
        width,
        height: (y - gap + MARGIN).max(2.0 * MARGIN),
    }
}

/// A side of a node: `(node, bottom?)`.
type Side = (usize, bool);
/// An edge's end on a side: the x of the point next to it on the edge, the
/// edge, and whether it is the edge's first point.
type End = (f64, usize, bool);

/// Give the edges that meet one side (top or bottom) of a node their own
/// points along it, evenly spaced in the order of the points they come
/// from, so arrows into a hub arrive side by side instead of in one spot.
fn spread_ends(input: &Input, nodes: &[Point], edges: &mut [EdgePath]) {
    let mut sides: BTreeMap<Side, Vec<End>> = BTreeMap::new();
    for (i, (&(from, to, _), path)) in input.edges.iter().zip(edges.iter()).enumerate() {
        let n = path.points.len();
        if n < 2 {
            continue;
        }
        for (node, end, next, first) in [(from, 0, 1, true), (to, n - 1, n - 2, false)] {
            let bottom = path.points[end].y > nodes[node].y;
            sides
                .entry((node, bottom))
                .or_default()
                .push((path.points[next].x, i, first));
        }
    }
    for ((node, _), mut ends) in sides {
        ends.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let w = input.nodes[node].w * 0.8;
        let left = nodes[node].x - w / 2.0;
        let count = ends.len() as f64;
        for (k, &(_, e, first)) in ends.iter().enumerate() {
            let points = &mut edges[e].points;
            let end = if first { 0 } else { points.len() - 1 };
            points[end].x = left + w * (k as f64 + 0.5) / count;
        }
    }
}

/// The path of one edge: the bottom of its upper node, down through its
/// dummies (entering and leaving each at its rank's top and bottom), to the
/// top of its lower node; reversed edges are returned target-last.
fn edge_path(
    g: &Layered,
    (chain, reversed, label_vertex): &(Vec<usize>, bool, usize),
    centre: &dyn Fn(usize) -> Point,
    tops: &[f64],
    heights: &[f64],
) -> EdgePath {
    let last = chain.len() - 1;
    let mut points = Vec::new();
    for (i, &v) in chain.iter().enumerate() {
        let c = centre(v);
        let r = g.vertices[v].rank;
        let x = if v == *label_vertex && i != 0 {
            c.x - g.vertices[v].size.w / 2.0 + THIN / 2.0
        } else {
            c.x
        };
        let h = g.vertices[v].size.h;
        if i == 0 {
            points.push(Point {
                x,
                y: c.y + h / 2.0,
            });
        } else if i == last {
            points.push(Point {
                x,
                y: c.y - h / 2.0,
            });
        } else {
            points.push(Point { x, y: tops[r] });
            points.push(Point {
                x,
                y: tops[r] + heights[r],
            });
        }
    }
    let l = centre(*label_vertex);
    let s = g.vertices[*label_vertex].size;
    let label = Point {
        x: l.x - s.w / 2.0 + THIN,
        y: l.y - s.h / 2.0,
    };
    if *reversed {
        points.reverse();
    }
    EdgePath { points, label }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A box as `(left, top, right, bottom)`.
    fn rect(c: Point, s: Size) -> (f64, f64, f64, f64) {
        (
            c.x - s.w / 2.0,
            c.y - s.h / 2.0,
            c.x + s.w / 2.0,
            c.y + s.h / 2.0,
        )
    }

    fn overlap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
        a.0 < b.2 - 1e-6 && b.0 < a.2 - 1e-6 && a.1 < b.3 - 1e-6 && b.1 < a.3 - 1e-6
    }

    fn on_border(p: Point, r: (f64, f64, f64, f64)) -> bool {
        let on_y = (p.y - r.1).abs() < 1e-6 || (p.y - r.3).abs() < 1e-6;
        on_y && p.x >= r.0 - 1e-6 && p.x <= r.2 + 1e-6
    }

    fn arb_input() -> impl Strategy<Value = Input> {
        (1usize..12).prop_flat_map(|n| {
            let sizes = proptest::collection::vec((20.0f64..120.0, 16.0f64..44.0), n);
            let edges = proptest::collection::btree_set((0..n, 0..n), 0..(n * 3));
            let labels = proptest::collection::vec((0.0f64..90.0, 0.0f64..30.0), n * 3);
            (sizes, edges, labels).prop_map(|(sizes, edges, labels)| Input {
                nodes: sizes.into_iter().map(|(w, h)| Size { w, h }).collect(),
                edges: edges
                    .into_iter()
                    .filter(|(a, b)| a != b)
                    .zip(labels)
                    .map(|((a, b), (w, h))| (a, b, Size { w, h }))
                    .collect(),
            })
        })
    }

    proptest! {
        /// Nodes and labels never overlap, each edge runs from its source's
        /// border to its target's, and everything lies inside the drawing.
        #[test]
        fn layouts_are_clean(input in arb_input()) {
            let out = layout(&input);
            let nodes: Vec<_> = out.nodes.iter().zip(&input.nodes).map(|(c, s)| rect(*c, *s)).collect();
            let labels: Vec<_> = out
                .edges
                .iter()
                .zip(&input.edges)
                .filter(|(_, e)| e.2.w > 0.0 && e.2.h > 0.0)
                .map(|(p, e)| (p.label.x, p.label.y, p.label.x + e.2.w - THIN, p.label.y + e.2.h))
                .collect();
            let boxes: Vec<_> = nodes.iter().chain(&labels).copied().collect();
            for (i, a) in boxes.iter().enumerate() {
                prop_assert!(a.0 >= 0.0 && a.1 >= 0.0 && a.2 <= out.width + 1e-6 && a.3 <= out.height + 1e-6);
                for b in &boxes[i + 1..] {
                    prop_assert!(!overlap(*a, *b), "{a:?} overlaps {b:?}");
                }
            }
            for (path, &(from, to, _)) in out.edges.iter().zip(&input.edges) {
                let (first, last) = (path.points[0], path.points[path.points.len() - 1]);
                prop_assert!(on_border(first, nodes[from]), "edge {from}->{to} starts off its source");
                prop_assert!(on_border(last, nodes[to]), "edge {from}->{to} ends off its target");
            }
        }
    }

    fn sq(n: usize) -> Vec<Size> {
        vec![Size { w: 40.0, h: 20.0 }; n]
    }

    const L: Size = Size { w: 30.0, h: 12.0 };

    #[test]
    fn chain_is_layered_top_down_with_labels_between() {
        let input = Input {
            nodes: sq(3),
            edges: vec![(0, 1, L), (1, 2, L)],
        };
        let out = layout(&input);
        assert!(out.nodes[0].y < out.nodes[1].y && out.nodes[1].y < out.nodes[2].y);
        let first = &out.edges[0];
        assert!(first.label.y > out.nodes[0].y && first.label.y < out.nodes[1].y);
        assert_eq!(
            first.points.first().map(|p| p.y),
            Some(out.nodes[0].y + 10.0)
        );
    }

    #[test]
    fn cycles_are_drawn_with_both_arrows_pointing_at_their_targets() {
        let input = Input {
            nodes: sq(2),
            edges: vec![(0, 1, L), (1, 0, L)],
        };
        let out = layout(&input);
        let back = &out.edges[1];
        let end = back.points.last().copied().unwrap();
        // the back edge ends at node 0 (the upper one), at its bottom border
        assert!((end.y - (out.nodes[0].y + 10.0)).abs() < 1e-9);
    }

    #[test]
    fn no_two_vertices_of_a_rank_overlap() {
        let mut edges = Vec::new();
        for a in 0..4 {
            for b in 4..9 {
                edges.push((a, b, L));
            }
        }
        let input = Input {
            nodes: sq(9),
            edges,
        };
        let out = layout(&input);
        for a in 4..9 {
            for b in a + 1..9 {
                assert!((out.nodes[a].x - out.nodes[b].x).abs() >= 40.0);
            }
        }
    }
}
