//! Bar charts: a histogram of shares over value bins, and horizontal bars for rankings (the
//! tornado of drivers, the criticality of tasks).

use maud::{Markup, html};

use super::axis::{self, Axis};
use super::marker::{self, Marker};
use super::{Frame, document, n, palette, shorten};

/// A histogram: `bins` are `(from, to, share)` over the value axis.
pub fn histogram(
    name: &str,
    title: &str,
    bins: &[(f64, f64, f64)],
    x_unit: &str,
    markers: &[Marker],
) -> Markup {
    let mut frame = Frame::standard(600.0, 340.0);
    frame.top += 14.0 * markers.len().min(4) as f64 - 8.0;
    let lo = bins
        .iter()
        .map(|b| b.0)
        .chain(markers.iter().map(|m| m.at))
        .fold(f64::INFINITY, f64::min);
    let hi = bins
        .iter()
        .map(|b| b.1)
        .chain(markers.iter().map(|m| m.at))
        .fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    let top = bins.iter().map(|b| b.2).fold(0.0, f64::max);
    let x = Axis::nice(lo, hi, frame.x0(), frame.x1(), 8);
    let mut y = Axis::nice(0.0, top.max(1e-9), frame.y1(), frame.y0(), 5);
    y.factor = 100.0;
    y.suffix = "%";
    let body = html! {
        (axis::left(&frame, &y, "Share of simulations"))
        (axis::bottom(&frame, &x, x_unit))
        g data-role="bars" {
            @for (from, to, share) in bins {
                @let x0 = x.scale.at(*from);
                @let x1 = x.scale.at(*to);
                @let y0 = y.scale.at(*share);
                rect x=(n(x0 + 0.5)) y=(n(y0)) width=(n((x1 - x0 - 1.0).max(0.5))) height=(n(frame.y1() - y0)) fill=(palette::PRIMARY) fill-opacity="0.8" {
                    title { (format!("{} to {}: {:.1}%", super::scale::tick_label(*from, 0.1), super::scale::tick_label(*to, 0.1), share * 100.0)) }
                }
            }
        }
        (marker::vertical(&frame, &x.scale, markers))
    };
    document(name, title, &frame, body)
}

/// One horizontal bar.
pub struct HBar {
    pub label: String,
    pub value: f64,
    /// The value as written at the end of the bar.
    pub text: String,
    /// The tooltip.
    pub tooltip: String,
    pub color: &'static str,
}

/// Horizontal bars over `[lo, hi]` (a zero line when the range spans zero), one row each,
/// labelled on the left.
pub fn hbars(name: &str, title: &str, rows: &[HBar], lo: f64, hi: f64, x_unit: &str) -> Markup {
    let row_h = 24.0;
    let mut frame = Frame::standard(820.0, 0.0);
    frame.left = 230.0;
    frame.right = 100.0;
    frame.top = 12.0;
    frame.height = frame.top + frame.bottom + row_h * rows.len().max(1) as f64;
    let mut x = Axis::nice(lo, hi, frame.x0(), frame.x1(), 6);
    if lo >= 0.0 && hi <= 1.0 && x_unit.contains('%') {
        x.factor = 100.0;
        x.suffix = "%";
    }
    let zero = x.scale.at(0.0);
    let body = html! {
        (axis::bottom(&frame, &x, x_unit))
        g data-role="bars" {
            @for (k, r) in rows.iter().enumerate() {
                @let cy = frame.y0() + row_h * (k as f64 + 0.5);
                @let end = x.scale.at(r.value);
                @let (bx, bw) = if end >= zero { (zero, end - zero) } else { (end, zero - end) };
                g data-bar=(r.label) data-value=(r.value) {
                    title { (r.tooltip) }
                    text x=(n(frame.x0() - 8.0)) y=(n(cy + 4.0)) text-anchor="end" fill=(palette::INK) { (shorten(&r.label, 30)) }
                    rect x=(n(bx)) y=(n(cy - 8.0)) width=(n(bw.max(0.5))) height="16" rx="2" fill=(r.color) {}
                    text x=(n(if end >= zero { end + 5.0 } else { end - 5.0 })) y=(n(cy + 4.0))
                        text-anchor=(if end >= zero { "start" } else { "end" }) fill=(palette::MUTED) font-size="11" { (r.text) }
                }
            }
        }
        @if lo < 0.0 {
            line x1=(n(zero)) x2=(n(zero)) y1=(n(frame.y0())) y2=(n(frame.y1())) stroke=(palette::INK) stroke-width="1" {}
        }
    };
    document(name, title, &frame, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bar(label: &str, value: f64) -> HBar {
        HBar {
            label: label.into(),
            value,
            text: format!("{value:.2}"),
            tooltip: label.into(),
            color: palette::PRIMARY,
        }
    }

    #[test]
    fn a_negative_bar_extends_left_of_zero() {
        let svg = hbars(
            "tornado",
            "t",
            &[bar("up", 0.6), bar("down", -0.3)],
            -1.0,
            1.0,
            "Rank correlation",
        )
        .into_string();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let rect_of = |label: &str| {
            let g = doc
                .descendants()
                .find(|d| d.attribute("data-bar") == Some(label))
                .unwrap();
            let r = g.children().find(|c| c.has_tag_name("rect")).unwrap();
            let x: f64 = r.attribute("x").unwrap().parse().unwrap();
            let w: f64 = r.attribute("width").unwrap().parse().unwrap();
            (x, w)
        };
        let (ux, uw) = rect_of("up");
        let (dx, dw) = rect_of("down");
        assert!((ux - (dx + dw)).abs() < 0.2, "both meet at zero");
        assert!((uw / dw - 2.0).abs() < 0.05, "lengths in proportion");
    }

    #[test]
    fn histogram_bars_are_as_tall_as_their_share() {
        let svg =
            histogram("h", "h", &[(0.0, 1.0, 0.25), (1.0, 2.0, 0.5)], "days", &[]).into_string();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let bars = doc
            .descendants()
            .find(|d| d.attribute("data-role") == Some("bars"))
            .unwrap();
        let heights: Vec<f64> = bars
            .children()
            .filter(|c| c.has_tag_name("rect"))
            .map(|r| r.attribute("height").unwrap().parse().unwrap())
            .collect();
        assert_eq!(heights.len(), 2);
        assert!((heights[1] / heights[0] - 2.0).abs() < 0.02);
    }
}
