//! Labelled vertical (and horizontal) marker lines: P50, the target percentile, the plan's
//! own figure, the deadline, the budget. Labels that would overlap are stacked in rows.

use maud::{Markup, html};

use super::scale::Linear;
use super::{Frame, n};

/// A value to mark on a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// What it marks (`p50`, `target`, `plan`, `deadline`, `budget`): the `data-marker`
    /// attribute.
    pub key: &'static str,
    /// The label drawn beside the line, e.g. `P80 14 Jun 2027`.
    pub label: String,
    /// The raw value (an ISO date, a number) carried in `data-value` for tools and tests.
    pub value: String,
    /// Where it goes, in the data units of the axis.
    pub at: f64,
    pub color: &'static str,
    pub dashed: bool,
}

/// The approximate width of a label at font size 11, in user units.
fn label_width(text: &str) -> f64 {
    6.8 * text.chars().count() as f64 + 8.0
}

/// The row (0 at the top) of each marker's label, so that no two labels of one row overlap,
/// and whether each label goes left of its line (when it would run off the right edge).
pub fn layout(xs: &[(f64, f64)], right_edge: f64) -> Vec<(usize, bool)> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by(|&a, &b| xs[a].0.total_cmp(&xs[b].0));
    let mut rows_end: Vec<f64> = Vec::new();
    let mut out = vec![(0, false); xs.len()];
    for k in order {
        let (x, w) = xs[k];
        let left = x + 4.0 + w > right_edge;
        let (from, to) = if left {
            (x - 4.0 - w, x)
        } else {
            (x, x + 4.0 + w)
        };
        let row = match rows_end.iter().position(|&end| end <= from) {
            Some(r) => r,
            None => {
                rows_end.push(f64::NEG_INFINITY);
                rows_end.len() - 1
            }
        };
        rows_end[row] = to + 2.0;
        out[k] = (row, left);
    }
    out
}

/// Vertical lines across the plot area at each marker's x, labels stacked at the top.
pub fn vertical(frame: &Frame, x: &Linear, markers: &[Marker]) -> Markup {
    let xs: Vec<(f64, f64)> = markers
        .iter()
        .map(|m| (x.clamped(m.at), label_width(&m.label)))
        .collect();
    let rows = layout(&xs, frame.x1());
    // Every line first, then every label, so that no line crosses a label.
    html! {
        @for (k, m) in markers.iter().enumerate() {
            @let (px, _) = xs[k];
            @let (row, _) = rows[k];
            @let ty = frame.y0() - 6.0 - 14.0 * row as f64;
            g data-marker=(m.key) data-value=(m.value) {
                title { (m.label) }
                line x1=(n(px)) x2=(n(px)) y1=(n(ty + 4.0)) y2=(n(frame.y1())) stroke=(m.color) stroke-width="1.5"
                    stroke-dasharray=(if m.dashed { "5 4" } else { "none" }) {}
            }
        }
        @for (k, m) in markers.iter().enumerate() {
            @let (px, _) = xs[k];
            @let (row, left) = rows[k];
            @let ty = frame.y0() - 6.0 - 14.0 * row as f64;
            text x=(n(if left { px - 4.0 } else { px + 4.0 })) y=(n(ty)) text-anchor=(if left { "end" } else { "start" })
                fill=(m.color) font-size="11" font-weight="600" stroke="#ffffff" stroke-width="3" paint-order="stroke"
                data-label=(m.key) { (m.label) }
        }
    }
}

/// Horizontal lines across the plot area at each marker's y, labelled at the right end.
pub fn horizontal(frame: &Frame, y: &Linear, markers: &[Marker]) -> Markup {
    html! {
        @for m in markers {
            @let py = y.clamped(m.at);
            g data-marker=(m.key) data-value=(m.value) {
                title { (m.label) }
                line x1=(n(frame.x0())) x2=(n(frame.x1())) y1=(n(py)) y2=(n(py)) stroke=(m.color) stroke-width="1.5"
                    stroke-dasharray=(if m.dashed { "5 4" } else { "none" }) {}
                text x=(n(frame.x1() - 4.0)) y=(n(py - 5.0)) text-anchor="end" fill=(m.color) font-size="11" font-weight="600"
                    stroke="#ffffff" stroke-width="3" paint-order="stroke" { (m.label) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_labels_go_to_separate_rows() {
        // Two labels 10 units apart, each 60 wide: they cannot share a row; a third far to
        // the right can share the first row.
        let rows = layout(&[(100.0, 60.0), (110.0, 60.0), (400.0, 60.0)], 1000.0);
        assert_eq!(rows[0].0, 0);
        assert_eq!(rows[1].0, 1);
        assert_eq!(rows[2].0, 0);
    }

    #[test]
    fn a_label_near_the_right_edge_goes_left_of_its_line() {
        let rows = layout(&[(590.0, 80.0), (100.0, 80.0)], 600.0);
        assert!(rows[0].1);
        assert!(!rows[1].1);
    }

    #[test]
    fn each_marker_carries_its_key_value_and_label() {
        let frame = Frame::standard(600.0, 300.0);
        let x = Linear::new(0.0, 100.0, frame.x0(), frame.x1());
        let m = Marker {
            key: "target",
            label: "P80 <14 Jun>".into(),
            value: "2027-06-14".into(),
            at: 50.0,
            color: "#000",
            dashed: false,
        };
        let svg = vertical(&frame, &x, &[m]).into_string();
        assert!(svg.contains(r#"data-marker="target""#), "{svg}");
        assert!(svg.contains(r#"data-value="2027-06-14""#), "{svg}");
        assert!(svg.contains("P80 &lt;14 Jun&gt;"), "{svg}");
        assert!(svg.contains(&format!(r#"x1="{}""#, n(x.at(50.0)))));
    }
}
