//! A small SVG chart kit for the HTML report and `--charts`: axes with round ticks and units,
//! S-curves, histograms, horizontal bars (tornado, criticality), a Gantt chart with ranges,
//! and a scatter with a frontier line, each with labelled marker lines. Charts are `maud`
//! markup, so every text that comes from a scenario is escaped; every element is closed, so
//! a chart is valid XML on its own and inside HTML. Styling is in presentation attributes,
//! so that a chart written to its own file looks the same as on the page.

pub mod axis;
pub mod bars;
pub mod gantt;
pub mod lines;
pub mod marker;
pub mod scale;
pub mod scatter;

use maud::{Markup, html};

/// The colours every chart draws with.
pub mod palette {
    /// Text.
    pub const INK: &str = "#1f2933";
    /// Secondary text, axis labels.
    pub const MUTED: &str = "#52606d";
    /// Grid lines.
    pub const GRID: &str = "#e4e7eb";
    /// Axis lines.
    pub const AXIS: &str = "#9aa5b1";
    /// The main series.
    pub const PRIMARY: &str = "#2563eb";
    /// A lighter shade of the main series (areas, ranges).
    pub const PRIMARY_LIGHT: &str = "#bfdbfe";
    /// The target confidence (P80 by default).
    pub const TARGET: &str = "#d97706";
    /// The median.
    pub const MEDIAN: &str = "#059669";
    /// The deterministic plan.
    pub const PLAN: &str = "#52606d";
    /// A limit set by the sponsor: the deadline, the budget.
    pub const LIMIT: &str = "#dc2626";
    /// What lengthens or costs more (a positive correlation), and the critical path.
    pub const WORSE: &str = "#c2410c";
    /// What shortens or saves (a negative correlation).
    pub const BETTER: &str = "#0f766e";
    /// One colour per series of an overlay, in order.
    pub const SERIES: [&str; 6] = [
        "#2563eb", "#d97706", "#059669", "#7c3aed", "#db2777", "#0891b2",
    ];
}

/// The font stack of every chart: the reader's own sans-serif, nothing to load.
pub const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif";

/// The drawing's size and the margins around its plot area, in SVG user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Frame {
    /// The usual frame of a chart with axes on the left and at the bottom.
    pub fn standard(width: f64, height: f64) -> Frame {
        Frame {
            width,
            height,
            left: 64.0,
            right: 24.0,
            top: 28.0,
            bottom: 48.0,
        }
    }

    pub fn x0(&self) -> f64 {
        self.left
    }

    pub fn x1(&self) -> f64 {
        self.width - self.right
    }

    pub fn y0(&self) -> f64 {
        self.top
    }

    pub fn y1(&self) -> f64 {
        self.height - self.bottom
    }
}

/// A coordinate as written into the SVG: one decimal is finer than a screen pixel.
pub fn n(x: f64) -> String {
    let s = format!("{x:.1}");
    match s.strip_suffix(".0") {
        Some(int) if int != "-0" => int.to_string(),
        Some(_) => "0".to_string(),
        None => s,
    }
}

/// A text cut to `max` characters, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The root element of a chart: `name` identifies it (`data-chart`, and the file name of
/// `--charts`), `title` is its accessible name and tooltip.
pub fn document(name: &str, title: &str, frame: &Frame, body: Markup) -> Markup {
    html! {
        svg xmlns="http://www.w3.org/2000/svg" viewBox=(format!("0 0 {} {}", n(frame.width), n(frame.height)))
            width="100%" role="img" data-chart=(name) font-family=(FONT) font-size="12" fill=(palette::INK) {
            title { (title) }
            rect x="0" y="0" width=(n(frame.width)) height=(n(frame.height)) fill="#ffffff" {}
            (body)
        }
    }
}

/// A standalone SVG file of a chart: the XML declaration, then the chart.
pub fn file(chart: &Markup) -> Vec<u8> {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&chart.0);
    out.push('\n');
    out.into_bytes()
}

/// A legend entry: a colour swatch and its label.
pub struct LegendItem<'a> {
    pub label: &'a str,
    pub color: &'a str,
}

/// A row of legend entries starting at (x, y).
pub fn legend(items: &[LegendItem<'_>], x: f64, y: f64) -> Markup {
    let mut at = x;
    let mut placed = Vec::new();
    for item in items {
        placed.push((at, item));
        at += 32.0 + 7.6 * item.label.chars().count().min(32) as f64;
    }
    html! {
        g data-role="legend" {
            @for (x, item) in &placed {
                rect x=(n(*x)) y=(n(y - 9.0)) width="14" height="10" rx="2" fill=(item.color) {}
                text x=(n(x + 19.0)) y=(n(y)) fill=(palette::MUTED) { (shorten(item.label, 32)) }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_have_at_most_one_decimal() {
        assert_eq!(n(12.0), "12");
        assert_eq!(n(12.345), "12.3");
        assert_eq!(n(-0.01), "0");
        assert_eq!(n(-3.0), "-3");
    }

    #[test]
    fn long_names_are_cut_with_an_ellipsis() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("a very long task name", 10), "a very lo…");
        assert_eq!(shorten("a very long task name", 10).chars().count(), 10);
    }

    #[test]
    fn a_chart_is_standalone_xml_with_its_title_escaped() {
        let f = Frame::standard(200.0, 100.0);
        let svg = document("x", "<script>alert(1)</script>", &f, html! {});
        let bytes = file(&svg);
        let text = String::from_utf8(bytes).unwrap();
        let doc = roxmltree::Document::parse(&text).unwrap();
        let root = doc.root_element();
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        assert_eq!(root.attribute("data-chart"), Some("x"));
        let title = root.children().find(|c| c.has_tag_name("title")).unwrap();
        assert_eq!(title.text(), Some("<script>alert(1)</script>"));
        assert!(!text.contains("<script>"));
    }
}
