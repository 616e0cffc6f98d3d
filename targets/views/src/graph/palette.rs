//! Label colours, shared by the graph (SVG and DOT) and the report.
//!
//! The colours are Paul Tol's "muted" qualitative palette
//! (<https://personal.sron.nl/~pault/#sec:qualitative>): nine colours that
//! stay distinct for readers with deuteranopia, protanopia and tritanopia.
//! A zone box is filled with a light tint of its colour and outlined in the
//! full colour.
//!
//! Six kinds of label that hospital policies use (and the bundled examples
//! declare) always get their own colour, whatever else a policy declares:
//! Part 2, PHI, vendor, DMZ, clinical and management, recognised by name
//! ([`KINDS`]). Every other label takes the three remaining colours in
//! declaration order; labels past those reuse the palette (the three free
//! colours first) with a hatched fill, so up to 18 labels are told apart by colour and
//! pattern (beyond that the swatches repeat; the label names on each box still
//! say which is which).

/// How one label is drawn.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Swatch {
    pub stroke: &'static str,
    pub fill: &'static str,
    /// Drawn hatched (diagonal lines of the stroke colour over the fill).
    pub hatched: bool,
}

/// Paul Tol's muted palette: `(full colour, light tint for fills)`, the
/// tint being 40% of the colour over white.
const MUTED: [(&str, &str); 9] = [
    ("#882255", "#cfa7bb"), // wine
    ("#cc6677", "#ebc2c9"), // rose
    ("#ddcc77", "#f1ebc9"), // sand
    ("#88ccee", "#cfebf8"), // cyan
    ("#117733", "#a0c9ad"), // green
    ("#332288", "#ada7cf"), // indigo
    ("#44aa99", "#b4ddd6"), // teal
    ("#999933", "#d6d6ad"), // olive
    ("#aa4499", "#ddb4d6"), // purple
];

/// Label names of the six reserved kinds, and the palette colour each kind
/// always gets (an index into `MUTED`).
pub const KINDS: [(&str, &[&str], usize); 6] = [
    ("Part 2 (42 CFR Part 2)", &["part2", "part_2", "cfr42"], 0),
    ("PHI", &["phi", "ephi"], 1),
    (
        "vendor",
        &["vendor", "vendors", "partner", "third_party"],
        2,
    ),
    ("DMZ", &["dmz"], 3),
    ("clinical", &["clinical"], 4),
    ("management", &["mgmt", "management"], 5),
];

/// Colours of a zone without labels.
pub const UNLABELLED: Swatch = Swatch {
    stroke: "#7b7d7d",
    fill: "#f2f3f4",
    hatched: false,
};

/// The swatch of every label, by label index (declaration order).
pub fn swatches<'a>(labels: impl IntoIterator<Item = &'a str>) -> Vec<Swatch> {
    let free: Vec<usize> = (0..MUTED.len())
        .filter(|i| !KINDS.iter().any(|k| k.2 == *i))
        .collect();
    // solid free colours, then hatched: the free colours first (a hatched
    // wine would read as Part 2 at a glance), then the reserved ones
    let order: Vec<usize> = free
        .iter()
        .chain(&free)
        .copied()
        .chain(KINDS.iter().map(|k| k.2))
        .collect();
    let mut next = 0usize;
    labels
        .into_iter()
        .map(|name| {
            if let Some(slot) = reserved(name) {
                return swatch(slot, false);
            }
            let k = next;
            next += 1;
            let slot = order.get(k % order.len()).copied().unwrap_or(0);
            swatch(slot, k % order.len() >= free.len())
        })
        .collect()
}

/// The palette slot of a label of a reserved kind.
fn reserved(name: &str) -> Option<usize> {
    let lower = name.to_ascii_lowercase();
    KINDS
        .iter()
        .find(|(_, names, _)| names.contains(&lower.as_str()))
        .map(|k| k.2)
}

fn swatch(slot: usize, hatched: bool) -> Swatch {
    let (stroke, fill) = MUTED.get(slot).copied().unwrap_or(MUTED[0]);
    Swatch {
        stroke,
        fill,
        hatched,
    }
}

/// The swatch of a label index, or of an unlabelled zone.
pub fn of(swatches: &[Swatch], label: Option<usize>) -> Swatch {
    label
        .and_then(|i| swatches.get(i).copied())
        .unwrap_or(UNLABELLED)
}

/// A CSS `background` value for the swatch (hatched as a gradient).
pub fn css_background(s: Swatch) -> String {
    if s.hatched {
        format!(
            "repeating-linear-gradient(135deg, {f}, {f} 3px, {c} 3px, {c} 4px)",
            f = s.fill,
            c = s.stroke
        )
    } else {
        s.fill.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_six_kinds_get_six_distinct_solid_colours_whatever_comes_first() {
        let names = [
            "sud", "guest", "iot", "building", "x1", "x2", "mgmt", "dmz", "vendor", "clinical",
            "phi", "part2",
        ];
        let s = swatches(names);
        let kinds: Vec<Swatch> = s[6..].to_vec();
        for (i, a) in kinds.iter().enumerate() {
            assert!(!a.hatched);
            for b in &kinds[i + 1..] {
                assert_ne!(a.stroke, b.stroke);
            }
        }
    }

    #[test]
    fn other_labels_take_the_free_colours_then_hatched_ones() {
        let s = swatches(["a", "b", "c", "d", "phi"]);
        let strokes: Vec<&str> = s.iter().map(|x| x.stroke).collect();
        assert_eq!(
            strokes,
            ["#44aa99", "#999933", "#aa4499", "#44aa99", "#cc6677"]
        );
        let hatched: Vec<bool> = s.iter().map(|x| x.hatched).collect();
        assert_eq!(hatched, [false, false, false, true, false]);
    }

    #[test]
    fn twelve_other_labels_are_twelve_distinct_swatches() {
        let names: Vec<String> = (0..12).map(|i| format!("l{i}")).collect();
        let s = swatches(names.iter().map(String::as_str));
        for (i, a) in s.iter().enumerate() {
            for b in &s[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }
}
