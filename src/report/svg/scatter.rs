//! The cost vs finish scatter: one dot per simulation, the joint-confidence frontier as a
//! line, the deadline and the budget as marker lines.

use maud::{Markup, html};

use super::axis::{self, Axis};
use super::marker::{self, Marker};
use super::{Frame, document, n, palette};

/// The chart: `points` and `frontier` are (x, y); `markers` are the vertical lines (on x)
/// and the horizontal ones (on y).
pub fn scatter(
    name: &str,
    title: &str,
    points: &[(f64, f64)],
    frontier: &[(f64, f64)],
    frontier_label: &str,
    units: (&str, &str),
    markers: (&[Marker], &[Marker]),
) -> Markup {
    let (x_markers, y_markers) = markers;
    let mut frame = Frame::standard(720.0, 420.0);
    frame.left = 84.0;
    frame.top += 14.0 * x_markers.len().min(3) as f64 - 8.0;
    let range = |f: &dyn Fn(&(f64, f64)) -> f64, extra: &[Marker]| {
        points
            .iter()
            .chain(frontier)
            .map(f)
            .chain(extra.iter().map(|m| m.at))
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            })
    };
    let (x_lo, x_hi) = range(&|p| p.0, x_markers);
    let (y_lo, y_hi) = range(&|p| p.1, y_markers);
    let (x_lo, x_hi) = if x_lo.is_finite() {
        (x_lo, x_hi)
    } else {
        (0.0, 1.0)
    };
    let (y_lo, y_hi) = if y_lo.is_finite() {
        (y_lo, y_hi)
    } else {
        (0.0, 1.0)
    };
    let x = Axis::nice(x_lo, x_hi, frame.x0(), frame.x1(), 8);
    let y = Axis::nice(y_lo, y_hi, frame.y1(), frame.y0(), 6);
    let frontier_path: String = frontier
        .iter()
        .enumerate()
        .map(|(k, (px, py))| {
            format!(
                "{}{} {}",
                if k == 0 { "M" } else { " L" },
                n(x.scale.at(*px)),
                n(y.scale.at(*py))
            )
        })
        .collect();
    let body = html! {
        (axis::left(&frame, &y, units.1))
        (axis::bottom(&frame, &x, units.0))
        g data-role="points" fill=(palette::PRIMARY) fill-opacity="0.28" {
            @for (px, py) in points {
                circle cx=(n(x.scale.at(*px))) cy=(n(y.scale.at(*py))) r="2.2" {}
            }
        }
        @if !frontier.is_empty() {
            path data-role="frontier" d=(frontier_path) fill="none" stroke=(palette::TARGET) stroke-width="2.5" stroke-linejoin="round" {
                title { (frontier_label) }
            }
            @let (lx, ly) = frontier[frontier.len() - 1];
            text x=(n(x.scale.at(lx) - 4.0)) y=(n(y.scale.at(ly) - 8.0)) text-anchor="end" fill=(palette::TARGET) font-size="11" font-weight="600"
                stroke="#ffffff" stroke-width="3" paint-order="stroke" { (frontier_label) }
        }
        (marker::vertical(&frame, &x.scale, x_markers))
        (marker::horizontal(&frame, &y.scale, y_markers))
    };
    document(name, title, &frame, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_point_is_drawn_and_the_frontier_is_a_line() {
        let pts = [(10.0, 100.0), (12.0, 130.0), (15.0, 120.0)];
        let svg = scatter(
            "scatter",
            "s",
            &pts,
            &[(11.0, 140.0), (14.0, 125.0)],
            "80% joint",
            ("days", "USD"),
            (&[], &[]),
        )
        .into_string();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        assert_eq!(
            doc.descendants()
                .filter(|d| d.has_tag_name("circle"))
                .count(),
            3
        );
        let f = doc
            .descendants()
            .find(|d| d.attribute("data-role") == Some("frontier"))
            .unwrap();
        assert_eq!(f.attribute("d").unwrap().matches('L').count(), 1);
    }
}
