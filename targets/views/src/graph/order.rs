//! The two middle steps of the layered layout: the order of vertices within
//! each rank (barycentre sweeps, fewest crossings kept) and their x
//! coordinates (closest to their neighbours' mean, in order, without overlap).

use super::layout::Layered;

/// Sweeps of the barycentre heuristic (each one down and one up).
const SWEEPS: usize = 12;
/// Passes of the x-coordinate refinement.
const X_PASSES: usize = 8;

/// Vertices of each rank, left to right.
pub(crate) fn order(g: &Layered) -> Vec<Vec<usize>> {
    let rank_count = g.vertices.iter().map(|v| v.rank + 1).max().unwrap_or(0);
    let mut ranks: Vec<Vec<usize>> = vec![Vec::new(); rank_count];
    for (v, vertex) in g.vertices.iter().enumerate() {
        ranks[vertex.rank].push(v);
    }
    let (up, down) = neighbours(g);
    let mut best = ranks.clone();
    let mut best_crossings = crossings(g, &ranks);
    for _ in 0..SWEEPS {
        for r in 1..rank_count {
            sort_by_barycentre(&mut ranks, r, r - 1, &up);
        }
        for r in (0..rank_count.saturating_sub(1)).rev() {
            sort_by_barycentre(&mut ranks, r, r + 1, &down);
        }
        let c = crossings(g, &ranks);
        if c < best_crossings {
            best = ranks.clone();
            best_crossings = c;
        }
    }
    best
}

/// Per vertex: its neighbours in the rank above, and in the rank below.
fn neighbours(g: &Layered) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let n = g.vertices.len();
    let (mut up, mut down) = (vec![Vec::new(); n], vec![Vec::new(); n]);
    for &(a, b) in &g.links {
        down[a].push(b);
        up[b].push(a);
    }
    (up, down)
}

/// Reorder rank `r` by the mean position of each vertex's neighbours in rank
/// `fixed`; a vertex without such neighbours keeps its place.
fn sort_by_barycentre(ranks: &mut [Vec<usize>], r: usize, fixed: usize, adj: &[Vec<usize>]) {
    let mut pos = vec![0usize; adj.len()];
    for (i, &v) in ranks[fixed].iter().enumerate() {
        pos[v] = i;
    }
    let mut keyed: Vec<(f64, usize, usize)> = ranks[r]
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let ns = &adj[v];
            let key = if ns.is_empty() {
                i as f64
            } else {
                ns.iter().map(|&n| pos[n] as f64).sum::<f64>() / ns.len() as f64
            };
            (key, i, v)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    ranks[r] = keyed.into_iter().map(|(_, _, v)| v).collect();
}

/// Number of pairs of links that cross, over all consecutive ranks: per
/// rank, the inversions of the lower ends once the links are sorted by their
/// upper ends, counted with a Fenwick tree (O(E log V), not O(E²)).
pub(crate) fn crossings(g: &Layered, ranks: &[Vec<usize>]) -> usize {
    let mut pos = vec![0usize; g.vertices.len()];
    for rank in ranks {
        for (i, &v) in rank.iter().enumerate() {
            pos[v] = i;
        }
    }
    let mut by_rank: Vec<Vec<(usize, usize)>> = vec![Vec::new(); ranks.len()];
    for &(a, b) in &g.links {
        by_rank[g.vertices[a].rank].push((pos[a], pos[b]));
    }
    let mut total = 0;
    for (r, links) in by_rank.iter_mut().enumerate() {
        links.sort_unstable();
        let width = ranks.get(r + 1).map_or(0, Vec::len);
        total += inversions(links.iter().map(|&(_, b)| b), width);
    }
    total
}

/// Pairs `i < j` with `values[i] > values[j]`, for values below `bound`.
fn inversions(values: impl Iterator<Item = usize>, bound: usize) -> usize {
    let mut tree = vec![0usize; bound + 1];
    let (mut seen, mut count) = (0usize, 0usize);
    for v in values {
        // how many seen so far are <= v
        let mut i = v + 1;
        let mut not_greater = 0;
        while i > 0 {
            not_greater += tree[i];
            i &= i - 1;
        }
        count += seen - not_greater;
        let mut i = v + 1;
        while i <= bound {
            tree[i] += 1;
            i += i & i.wrapping_neg();
        }
        seen += 1;
    }
    count
}

/// x of each vertex's centre. Starts packed, then alternately pulls each
/// rank towards the ranks above and below.
pub(crate) fn x_coordinates(g: &Layered, ranks: &[Vec<usize>], gap: f64) -> Vec<f64> {
    let mut xs = vec![0.0; g.vertices.len()];
    for rank in ranks {
        let mut x = 0.0;
        for (i, &v) in rank.iter().enumerate() {
            if i > 0 {
                x += separation(g, rank[i - 1], v, gap);
            }
            xs[v] = x;
        }
    }
    centre_ranks(g, ranks, &mut xs);
    let (up, down) = neighbours(g);
    for pass in 0..X_PASSES {
        let adj = if pass % 2 == 0 { &up } else { &down };
        for rank in ranks {
            let desired: Vec<f64> = rank
                .iter()
                .map(|&v| mean(adj[v].iter().map(|&n| xs[n])).unwrap_or(xs[v]))
                .collect();
            let seps: Vec<f64> = rank
                .windows(2)
                .map(|w| separation(g, w[0], w[1], gap))
                .collect();
            for (v, x) in rank.iter().zip(closest_ordered(&desired, &seps)) {
                xs[*v] = x;
            }
        }
    }
    xs
}

/// Centre every rank on the widest one, so the first pass starts balanced.
fn centre_ranks(g: &Layered, ranks: &[Vec<usize>], xs: &mut [f64]) {
    let extent = |rank: &Vec<usize>| -> f64 {
        match (rank.first(), rank.last()) {
            (Some(&a), Some(&b)) => {
                xs[b] - xs[a] + (g.vertices[a].size.w + g.vertices[b].size.w) / 2.0
            }
            _ => 0.0,
        }
    };
    let extents: Vec<f64> = ranks.iter().map(extent).collect();
    let widest = extents.iter().copied().fold(0.0, f64::max);
    for (rank, e) in ranks.iter().zip(extents) {
        let shift = (widest - e) / 2.0;
        for &v in rank {
            xs[v] += shift;
        }
    }
}

/// The least distance between the centres of neighbours `a` (left) and `b`.
fn separation(g: &Layered, a: usize, b: usize, gap: f64) -> f64 {
    (g.vertices[a].size.w + g.vertices[b].size.w) / 2.0 + gap
}

fn mean(values: impl Iterator<Item = f64>) -> Option<f64> {
    let (sum, n) = values.fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    (n > 0).then(|| sum / n as f64)
}

/// The positions `x` minimising `sum (x_i - desired_i)^2` subject to
/// `x_{i+1} - x_i >= seps_i`: substitute `y_i = x_i - offset_i` and solve the
/// isotonic regression of `desired_i - offset_i` by pool-adjacent-violators.
pub(crate) fn closest_ordered(desired: &[f64], seps: &[f64]) -> Vec<f64> {
    let mut offsets = Vec::with_capacity(desired.len());
    let mut acc = 0.0;
    for i in 0..desired.len() {
        if i > 0 {
            acc += seps[i - 1];
        }
        offsets.push(acc);
    }
    // blocks of (sum, count), each block's value is its mean
    let mut blocks: Vec<(f64, usize)> = Vec::new();
    for (d, o) in desired.iter().zip(&offsets) {
        blocks.push((d - o, 1));
        while blocks.len() >= 2 {
            let (s2, n2) = blocks[blocks.len() - 1];
            let (s1, n1) = blocks[blocks.len() - 2];
            if s1 / n1 as f64 <= s2 / n2 as f64 {
                break;
            }
            blocks.pop();
            blocks.pop();
            blocks.push((s1 + s2, n1 + n2));
        }
    }
    let ys = blocks
        .iter()
        .flat_map(|&(s, n)| std::iter::repeat_n(s / n as f64, n));
    ys.zip(&offsets).map(|(y, o)| y + o).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inversions_match_the_quadratic_count() {
        let values = [3usize, 1, 4, 1, 5, 9, 2, 6, 5, 3];
        let naive = (0..values.len())
            .flat_map(|i| (i + 1..values.len()).map(move |j| (i, j)))
            .filter(|&(i, j)| values[i] > values[j])
            .count();
        assert_eq!(inversions(values.iter().copied(), 10), naive);
    }

    #[test]
    fn closest_ordered_keeps_order_and_spacing() {
        let x = closest_ordered(&[0.0, 0.0, 0.0], &[10.0, 10.0]);
        assert_eq!(x, vec![-10.0, 0.0, 10.0]);
        let x = closest_ordered(&[0.0, 100.0], &[10.0]);
        assert_eq!(x, vec![0.0, 100.0]);
    }
}
