//! S-curves: the cumulative probability of finishing (or costing) within a value, one line
//! per series, with marker lines.

use maud::{Markup, html};

use super::axis::{self, Axis};
use super::marker::{self, Marker};
use super::{Frame, LegendItem, document, legend, n, palette};

/// One curve: `(value, cumulative probability)` points in increasing order of value.
pub struct Series<'a> {
    pub label: &'a str,
    pub color: &'static str,
    pub points: Vec<(f64, f64)>,
}

/// The SVG path of a curve.
fn path(points: &[(f64, f64)], x: &super::scale::Linear, y: &super::scale::Linear) -> String {
    let mut d = String::new();
    for (k, (px, py)) in points.iter().enumerate() {
        d.push_str(if k == 0 { "M" } else { " L" });
        d.push_str(&format!("{} {}", n(x.at(*px)), n(y.at(*py))));
    }
    d
}

/// An S-curve chart: the series over a value axis from 0 to 100%, with markers; a legend
/// when there is more than one series.
pub fn s_curve(
    name: &str,
    title: &str,
    series: &[Series<'_>],
    x_unit: &str,
    markers: &[Marker],
) -> Markup {
    let mut frame = Frame::standard(600.0, 360.0);
    let rows = {
        // Room above the plot for the markers' labels.
        let guess = markers.len().min(4) as f64;
        14.0 * guess - 8.0
    };
    frame.top += rows;
    if series.len() > 1 {
        frame.top += 18.0;
    }
    let values = series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.0))
        .chain(markers.iter().map(|m| m.at))
        .filter(|v| v.is_finite());
    let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    });
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    let x = Axis::nice(lo, hi, frame.x0(), frame.x1(), 8);
    let y = Axis::share(frame.y1(), frame.y0());
    let items: Vec<LegendItem<'_>> = series
        .iter()
        .map(|s| LegendItem {
            label: s.label,
            color: s.color,
        })
        .collect();
    let single = series.len() == 1;
    let body = html! {
        (axis::left(&frame, &y, "Probability (cumulative)"))
        (axis::bottom(&frame, &x, x_unit))
        @for s in series {
            @if single && !s.points.is_empty() {
                @let first = s.points[0];
                @let last = s.points[s.points.len() - 1];
                path d=(format!("{} L{} {} L{} {} Z", path(&s.points, &x.scale, &y.scale), n(x.scale.at(last.0)), n(y.scale.at(0.0)), n(x.scale.at(first.0)), n(y.scale.at(0.0))))
                    fill=(palette::PRIMARY_LIGHT) fill-opacity="0.45" stroke="none" {}
            }
            path d=(path(&s.points, &x.scale, &y.scale)) fill="none" stroke=(s.color) stroke-width="2.5" stroke-linejoin="round" data-series=(s.label) {
                title { (s.label) }
            }
        }
        (marker::vertical(&frame, &x.scale, markers))
        @if series.len() > 1 {
            (legend(&items, frame.x0(), 18.0))
        }
    };
    document(name, title, &frame, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_curve_rises_left_to_right_and_keeps_its_markers() {
        let s = Series {
            label: "finish",
            color: palette::PRIMARY,
            points: vec![(10.0, 0.0), (20.0, 0.5), (30.0, 1.0)],
        };
        let m = Marker {
            key: "p50",
            label: "P50 1 Mar 2027".into(),
            value: "2027-03-01".into(),
            at: 20.0,
            color: palette::MEDIAN,
            dashed: false,
        };
        let svg = s_curve("finish-s-curve", "Finish", &[s], "Working days", &[m]).into_string();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let line = doc
            .descendants()
            .find(|d| d.attribute("data-series") == Some("finish"))
            .unwrap();
        let coords: Vec<f64> = line
            .attribute("d")
            .unwrap()
            .split(['M', 'L', ' '])
            .filter(|t| !t.is_empty())
            .map(|t| t.parse().unwrap())
            .collect();
        // x grows, y (probability up) shrinks in SVG coordinates.
        assert!(coords[0] < coords[2] && coords[2] < coords[4]);
        assert!(coords[1] > coords[3] && coords[3] > coords[5]);
        assert!(
            doc.descendants()
                .any(|d| d.attribute("data-marker") == Some("p50"))
        );
        // A single series has no legend.
        assert!(
            !doc.descendants()
                .any(|d| d.attribute("data-role") == Some("legend"))
        );
    }

    #[test]
    fn overlaid_curves_get_a_legend_entry_each() {
        let mk = |label| Series {
            label,
            color: palette::PRIMARY,
            points: vec![(1.0, 0.0), (2.0, 1.0)],
        };
        let svg = s_curve("x", "x", &[mk("spot"), mk("on-demand")], "days", &[]).into_string();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let legend = doc
            .descendants()
            .find(|d| d.attribute("data-role") == Some("legend"))
            .unwrap();
        let labels: Vec<&str> = legend
            .descendants()
            .filter(|d| d.has_tag_name("text"))
            .filter_map(|d| d.text())
            .collect();
        assert_eq!(labels, ["spot", "on-demand"]);
    }
}
