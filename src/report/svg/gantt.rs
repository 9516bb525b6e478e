//! The probabilistic Gantt chart: each task's bar from its planned start to its planned
//! finish, and the range its finish falls in over the simulations (P50, target, P95);
//! milestones as diamonds; the critical path highlighted.

use jiff::civil::Date;
use maud::{Markup, html};

use super::axis::{self, DateAxis};
use super::{Frame, document, n, palette, shorten};

/// One row: a task or a milestone.
pub struct GanttRow {
    pub id: String,
    pub label: String,
    pub tooltip: String,
    /// The planned start (None for a milestone) and finish.
    pub start: Option<Date>,
    pub finish: Date,
    /// The finish at P50, at the target confidence and at P95.
    pub range: Option<[Date; 3]>,
    pub critical: bool,
}

/// A labelled date across the chart (the deadline).
pub struct DateLine {
    pub key: &'static str,
    pub date: Date,
    pub label: String,
    pub color: &'static str,
}

/// The chart; `target` names the middle point of the ranges (`P80`).
pub fn gantt(
    name: &str,
    title: &str,
    rows: &[GanttRow],
    lines: &[DateLine],
    target: &str,
) -> Markup {
    let row_h = 24.0;
    let mut frame = Frame::standard(900.0, 0.0);
    frame.left = 250.0;
    frame.top = 40.0;
    frame.bottom = 30.0;
    frame.height = frame.top + frame.bottom + row_h * rows.len().max(1) as f64;
    let dates = rows
        .iter()
        .flat_map(|r| {
            r.start
                .into_iter()
                .chain([r.finish])
                .chain(r.range.into_iter().flatten())
        })
        .chain(lines.iter().map(|l| l.date));
    let (from, to) = dates.fold((None::<Date>, None::<Date>), |(a, b), d| {
        (
            Some(a.map_or(d, |a| a.min(d))),
            Some(b.map_or(d, |b| b.max(d))),
        )
    });
    let (Some(from), Some(to)) = (from, to) else {
        return document(name, title, &frame, html! {});
    };
    let x = DateAxis::new(from, to, frame.x0(), frame.x1());
    let legend_y = 16.0;
    let body = html! {
        (axis::bottom_dates(&frame, &x))
        g data-role="legend" font-size="11" fill=(palette::MUTED) {
            rect x=(n(frame.x0())) y=(n(legend_y - 9.0)) width="18" height="10" rx="2" fill=(palette::PRIMARY) {}
            text x=(n(frame.x0() + 23.0)) y=(n(legend_y)) { "planned" }
            rect x=(n(frame.x0() + 90.0)) y=(n(legend_y - 9.0)) width="18" height="10" rx="2" fill=(palette::WORSE) {}
            text x=(n(frame.x0() + 113.0)) y=(n(legend_y)) { "critical path" }
            line x1=(n(frame.x0() + 205.0)) x2=(n(frame.x0() + 245.0)) y1=(n(legend_y - 4.0)) y2=(n(legend_y - 4.0)) stroke=(palette::INK) stroke-width="2" {}
            circle cx=(n(frame.x0() + 205.0)) cy=(n(legend_y - 4.0)) r="3.5" fill=(palette::MEDIAN) {}
            rect x=(n(frame.x0() + 222.0)) y=(n(legend_y - 10.0)) width="4" height="12" fill=(palette::TARGET) {}
            text x=(n(frame.x0() + 252.0)) y=(n(legend_y)) { "finish: P50 · " (target) " · P95" }
        }
        @for (k, r) in rows.iter().enumerate() {
            @let cy = frame.y0() + row_h * (k as f64 + 0.5);
            @let color = if r.critical { palette::WORSE } else { palette::PRIMARY };
            g data-task=(r.id) data-critical=(r.critical) {
                title { (r.tooltip) }
                @if k % 2 == 1 {
                    rect x=(n(frame.x0())) y=(n(cy - row_h / 2.0)) width=(n(frame.x1() - frame.x0())) height=(n(row_h)) fill="#f5f7fa" {}
                }
                text x=(n(frame.x0() - 8.0)) y=(n(cy + 4.0)) text-anchor="end" fill=(palette::INK)
                    font-weight=(if r.critical { "600" } else { "400" }) { (shorten(&r.label, 30)) }
                @match r.start {
                    Some(start) => {
                        @let x0 = x.at(start);
                        @let x1 = x.end_of(r.finish);
                        rect x=(n(x0)) y=(n(cy - 6.0)) width=(n((x1 - x0).max(2.0))) height="12" rx="2" fill=(color) fill-opacity="0.85" data-role="planned" {}
                    }
                    None => {
                        @let cx = x.end_of(r.finish);
                        path d=(format!("M{} {} l7 7 l-7 7 l-7 -7 Z", n(cx), n(cy - 7.0))) fill=(color) data-role="planned" {}
                    }
                }
                @if let Some([p50, target, p95]) = r.range {
                    @let (a, b, c) = (x.end_of(p50), x.end_of(target), x.end_of(p95));
                    g data-role="range" data-p50=(p50) data-target=(target) data-p95=(p95) {
                        line x1=(n(a)) x2=(n(c)) y1=(n(cy)) y2=(n(cy)) stroke=(palette::INK) stroke-width="2" {}
                        line x1=(n(c)) x2=(n(c)) y1=(n(cy - 5.0)) y2=(n(cy + 5.0)) stroke=(palette::INK) stroke-width="2" {}
                        rect x=(n(b - 2.0)) y=(n(cy - 6.0)) width="4" height="12" fill=(palette::TARGET) {}
                        circle cx=(n(a)) cy=(n(cy)) r="3.5" fill=(palette::MEDIAN) stroke="#ffffff" stroke-width="1" {}
                    }
                }
            }
        }
        @for l in lines {
            @let px = x.end_of(l.date);
            g data-marker=(l.key) data-value=(l.date) {
                title { (l.label) }
                line x1=(n(px)) x2=(n(px)) y1=(n(frame.y0() - 8.0)) y2=(n(frame.y1())) stroke=(l.color) stroke-width="1.5" stroke-dasharray="5 4" {}
                text x=(n(px - 4.0)) y=(n(frame.y0() - 10.0)) text-anchor="end" fill=(l.color) font-size="11" font-weight="600" { (l.label) }
            }
        }
    };
    document(name, title, &frame, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_sit_at_or_after_the_planned_finish_in_date_order() {
        let rows = [
            GanttRow {
                id: "a".into(),
                label: "Design".into(),
                tooltip: "Design".into(),
                start: Some(d("2027-01-04")),
                finish: d("2027-01-15"),
                range: Some([d("2027-01-20"), d("2027-01-27"), d("2027-02-05")]),
                critical: true,
            },
            GanttRow {
                id: "m".into(),
                label: "Launch".into(),
                tooltip: "Launch".into(),
                start: None,
                finish: d("2027-02-01"),
                range: None,
                critical: false,
            },
        ];
        let lines = [DateLine {
            key: "deadline",
            date: d("2027-02-26"),
            label: "Deadline 26 Feb 2027".into(),
            color: palette::LIMIT,
        }];
        let svg = gantt("gantt", "Gantt", &rows, &lines, "P80").into_string();
        let doc = roxmltree::Document::parse(&svg).unwrap();
        let task = doc
            .descendants()
            .find(|n| n.attribute("data-task") == Some("a"))
            .unwrap();
        assert_eq!(task.attribute("data-critical"), Some("true"));
        let planned = task
            .descendants()
            .find(|n| n.attribute("data-role") == Some("planned"))
            .unwrap();
        assert_eq!(planned.attribute("fill"), Some(palette::WORSE));
        let end: f64 = planned.attribute("x").unwrap().parse::<f64>().unwrap()
            + planned.attribute("width").unwrap().parse::<f64>().unwrap();
        let range = task
            .descendants()
            .find(|n| n.attribute("data-role") == Some("range"))
            .unwrap();
        assert_eq!(range.attribute("data-target"), Some("2027-01-27"));
        let whisker = range.children().find(|c| c.has_tag_name("line")).unwrap();
        let a: f64 = whisker.attribute("x1").unwrap().parse().unwrap();
        let c: f64 = whisker.attribute("x2").unwrap().parse().unwrap();
        assert!(end < a && a < c);
        let milestone = doc
            .descendants()
            .find(|n| n.attribute("data-task") == Some("m"))
            .unwrap();
        assert!(milestone.descendants().any(|n| n.has_tag_name("path")));
        assert!(
            doc.descendants()
                .any(|n| n.attribute("data-marker") == Some("deadline")
                    && n.attribute("data-value") == Some("2027-02-26"))
        );
    }
}
