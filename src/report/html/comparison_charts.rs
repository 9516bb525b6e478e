//! The charts of a comparison of plans: their S-curves overlaid and their figures at the
//! target confidence side by side.

use super::charts::{Chart, cost_markers, finish_markers, target};
use super::format::{day_unit, money};
use crate::report::svg::bars::{HBar, hbars};
use crate::report::svg::lines::{Series, s_curve};
use crate::report::svg::marker::Marker;
use crate::report::svg::palette;
use crate::report::{ComparisonReport, Report};

/// The charts of a comparison: the plans' S-curves overlaid.
pub fn comparison_charts(c: &ComparisonReport) -> Vec<Chart> {
    let Some(first) = c.plans.first() else {
        return Vec::new();
    };
    let color = |k: usize| palette::SERIES[k % palette::SERIES.len()];
    let mut out = Vec::new();
    // The plans' S-curves overlaid, with the first plan's limit (deadline or budget) marked.
    let overlay = |name: &'static str,
                   title: &str,
                   caption: &str,
                   x_unit: String,
                   points: &dyn Fn(&Report) -> Vec<(f64, f64)>,
                   markers: Vec<Marker>|
     -> Option<Chart> {
        if c.plans.iter().all(|p| points(&p.report).is_empty()) {
            return None;
        }
        let series: Vec<Series<'_>> = c
            .plans
            .iter()
            .enumerate()
            .map(|(k, p)| Series {
                label: &p.name,
                color: color(k),
                points: points(&p.report),
            })
            .collect();
        Some(Chart {
            name,
            title: title.into(),
            caption: caption.into(),
            svg: s_curve(name, title, &series, &x_unit, &markers),
        })
    };
    out.extend(overlay(
        "finish-s-curves",
        "Finish: the plans' S-curves",
        "The curve further left finishes earlier at every confidence.",
        format!("Project duration ({})", day_unit(&first.report.calendar)),
        &|r| {
            r.cdf
                .finish
                .iter()
                .map(|q| (q.days, q.probability))
                .collect()
        },
        finish_markers(&first.report)
            .into_iter()
            .filter(|m| m.key == "deadline")
            .collect(),
    ));
    out.extend(overlay(
        "cost-s-curves",
        "Cost: the plans' S-curves",
        "The curve further left costs less at every confidence.",
        format!("Total cost ({})", first.report.currency),
        &|r| r.cdf.cost.iter().map(|q| (q.cost, q.probability)).collect(),
        cost_markers(&first.report)
            .into_iter()
            .filter(|m| m.key == "budget")
            .collect(),
    ));
    let title = "The plans side by side at the target confidence";
    let rows = |f: &dyn Fn(&Report) -> f64, text: &dyn Fn(f64) -> String| -> Vec<HBar> {
        c.plans
            .iter()
            .enumerate()
            .map(|(k, p)| HBar {
                label: p.name.clone(),
                value: f(&p.report),
                text: text(f(&p.report)),
                tooltip: format!("{}: {}", p.name, text(f(&p.report))),
                color: color(k),
            })
            .collect()
    };
    let cur = first.report.currency.clone();
    let finish_rows = rows(&|r| r.buffer.duration_days, &|x| {
        format!("{} days", super::format::days(x))
    });
    let cost_rows = rows(&|r| r.reserve.total_cost, &|x| money(x, &cur));
    let max = |rows: &[HBar]| rows.iter().map(|r| r.value).fold(0.0, f64::max);
    out.push(Chart {
        name: "plans-finish",
        title: format!("{title}: finish"),
        caption: format!("Duration at {} of each plan.", target(&first.report)),
        svg: hbars(
            "plans-finish",
            &format!("{title}: finish"),
            &finish_rows,
            0.0,
            max(&finish_rows),
            &format!("Project duration ({})", day_unit(&first.report.calendar)),
        ),
    });
    out.push(Chart {
        name: "plans-cost",
        title: format!("{title}: cost"),
        caption: format!("Total cost at {} of each plan.", target(&first.report)),
        svg: hbars(
            "plans-cost",
            &format!("{title}: cost"),
            &cost_rows,
            0.0,
            max(&cost_rows),
            &format!("Total cost ({})", first.report.currency),
        ),
    });
    out
}
