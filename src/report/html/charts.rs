//! The report's charts, drawn from its figures: each has a name (its `data-chart` and the
//! file name `--charts` writes), a title and a caption. A chart whose data is empty is left
//! out.

use jiff::civil::Date;
use maud::Markup;

use super::format::{day_unit, money, pct, short_date};
use crate::report::svg::bars::{HBar, hbars, histogram};
use crate::report::svg::gantt::{DateLine, GanttRow, gantt};
use crate::report::svg::lines::{Series, s_curve};
use crate::report::svg::marker::Marker;
use crate::report::svg::palette;
use crate::report::svg::scatter::scatter;
use crate::report::table::p_label;
use crate::report::{Driver, FinishPoint, Report};

/// Rows of the tornado charts.
pub const TOP_DRIVERS: usize = 10;
/// Rows of the criticality chart.
pub const TOP_CRITICAL: usize = 15;
/// Task rows of the Gantt chart; a bigger plan shows its most critical tasks.
pub const GANTT_ROWS: usize = 40;

/// One chart of the report.
pub struct Chart {
    pub name: &'static str,
    pub title: String,
    pub caption: String,
    pub svg: Markup,
}

/// The working days of `date` on the finish curve: read off between the curve's points
/// (linearly in calendar days), and beyond its ends at the curve's average pace.
pub fn days_of_date(date: &str, points: &[FinishPoint]) -> Option<f64> {
    let d: Date = date.parse().ok()?;
    let parsed: Vec<(f64, f64)> = points
        .iter()
        .filter_map(|p| {
            let pd: Date = p.date.parse().ok()?;
            Some((crate::report::svg::axis::days_between(d, pd), p.days))
        })
        .collect();
    let (first, last) = (parsed.first()?, parsed.last()?);
    if parsed.len() == 1 || last.0 == first.0 {
        return (first.0 == 0.0).then_some(first.1);
    }
    // `.0` is (point's date - date) in calendar days: the date sits where it crosses zero.
    for w in parsed.windows(2) {
        let ((a, da), (b, db)) = (w[0], w[1]);
        if a <= 0.0 && b >= 0.0 {
            return Some(if b == a {
                db
            } else {
                da + (db - da) * (-a) / (b - a)
            });
        }
    }
    let pace = (last.1 - first.1) / (last.0 - first.0);
    Some(if first.0 > 0.0 {
        first.1 - pace * first.0
    } else {
        last.1 - pace * last.0
    })
}

/// The target's percentile label (`P80`).
pub fn target(r: &Report) -> String {
    p_label(r.confidence)
}

/// The finish markers: P50, the target, the plan's date and the deadline.
pub(super) fn finish_markers(r: &Report) -> Vec<Marker> {
    let t = target(r);
    let mut m = vec![
        Marker {
            key: "plan",
            label: format!("Plan {}", short_date(&r.deterministic.finish_date)),
            value: r.deterministic.finish_date.clone(),
            at: r.deterministic.duration_days,
            color: palette::PLAN,
            dashed: true,
        },
        Marker {
            key: "p50",
            label: format!("P50 {}", short_date(&r.finish_date.p50)),
            value: r.finish_date.p50.clone(),
            at: r.duration_days.p50,
            color: palette::MEDIAN,
            dashed: false,
        },
        Marker {
            key: "target",
            label: format!("{t} {}", short_date(&r.buffer.finish_date)),
            value: r.buffer.finish_date.clone(),
            at: r.buffer.duration_days,
            color: palette::TARGET,
            dashed: false,
        },
    ];
    if let Some(d) = &r.deadline
        && let Some(at) = days_of_date(&d.date, &r.cdf.finish)
    {
        m.push(Marker {
            key: "deadline",
            label: format!("Deadline {}", short_date(&d.date)),
            value: d.date.clone(),
            at,
            color: palette::LIMIT,
            dashed: true,
        });
    }
    m
}

/// The cost markers: P50, the target, the plan's cost and the budget.
pub(super) fn cost_markers(r: &Report) -> Vec<Marker> {
    let t = target(r);
    let c = &r.currency;
    let mut m = vec![
        Marker {
            key: "plan",
            label: format!("Plan {}", money(r.deterministic.cost, c)),
            value: super::format::raw(r.deterministic.cost),
            at: r.deterministic.cost,
            color: palette::PLAN,
            dashed: true,
        },
        Marker {
            key: "p50",
            label: format!("P50 {}", money(r.cost.stats.p50, c)),
            value: super::format::raw(r.cost.stats.p50),
            at: r.cost.stats.p50,
            color: palette::MEDIAN,
            dashed: false,
        },
        Marker {
            key: "target",
            label: format!("{t} {}", money(r.reserve.total_cost, c)),
            value: super::format::raw(r.reserve.total_cost),
            at: r.reserve.total_cost,
            color: palette::TARGET,
            dashed: false,
        },
    ];
    if let Some(b) = &r.budget {
        m.push(Marker {
            key: "budget",
            label: format!("Budget {}", money(b.amount, c)),
            value: super::format::raw(b.amount),
            at: b.amount,
            color: palette::LIMIT,
            dashed: true,
        });
    }
    m
}

fn tornado(name: &'static str, title: &str, caption: &str, drivers: &[Driver]) -> Option<Chart> {
    if drivers.is_empty() {
        return None;
    }
    let rows: Vec<HBar> = drivers
        .iter()
        .take(TOP_DRIVERS)
        .map(|d| HBar {
            label: if d.kind == "risk" {
                format!("⚠ {}", d.name)
            } else {
                d.name.clone()
            },
            value: d.correlation,
            text: format!("{:+.2}", d.correlation),
            tooltip: format!(
                "{} {} ({}): rank correlation {:+.2}",
                d.kind, d.id, d.name, d.correlation
            ),
            color: if d.correlation >= 0.0 {
                palette::WORSE
            } else {
                palette::BETTER
            },
        })
        .collect();
    Some(Chart {
        name,
        title: title.to_string(),
        caption: caption.to_string(),
        // From -1 to 1, less the side no driver reaches: all positive (the usual case) gives
        // the bars the whole width.
        svg: hbars(
            name,
            title,
            &rows,
            if rows.iter().any(|r| r.value < 0.0) {
                -1.0
            } else {
                0.0
            },
            if rows.iter().any(|r| r.value > 0.0) {
                1.0
            } else {
                0.0
            },
            "Rank correlation",
        ),
    })
}

/// The charts of one run, in the order the page shows them.
pub fn run_charts(r: &Report) -> Vec<Chart> {
    let unit = day_unit(&r.calendar);
    let x_unit = format!("Project duration ({unit})");
    let cost_unit = format!("Total cost ({})", r.currency);
    let t = target(r);
    let mut out = Vec::new();
    if !r.cdf.finish.is_empty() {
        let title = "Finish: chance of finishing within each duration";
        out.push(Chart {
            name: "finish-s-curve",
            title: title.into(),
            caption: format!(
                "Read across from a confidence to the date it needs. {t}: {}.",
                short_date(&r.buffer.finish_date)
            ),
            svg: s_curve(
                "finish-s-curve",
                title,
                &[Series {
                    label: "finish",
                    color: palette::PRIMARY,
                    points: r
                        .cdf
                        .finish
                        .iter()
                        .map(|p| (p.days, p.probability))
                        .collect(),
                }],
                &x_unit,
                &finish_markers(r),
            ),
        });
    }
    if !r.histogram.finish.is_empty() {
        let title = "Finish: how the simulated durations spread";
        out.push(Chart {
            name: "finish-histogram",
            title: title.into(),
            caption: "Each bar is the share of simulated projects finishing within its range."
                .into(),
            svg: histogram(
                "finish-histogram",
                title,
                &r.histogram
                    .finish
                    .iter()
                    .map(|b| (b.from, b.to, b.share))
                    .collect::<Vec<_>>(),
                &x_unit,
                &finish_markers(r),
            ),
        });
    }
    if !r.cdf.cost.is_empty() {
        let title = "Cost: chance of costing at most each amount";
        out.push(Chart {
            name: "cost-s-curve",
            title: title.into(),
            caption: format!("{t} budget: {}.", money(r.reserve.total_cost, &r.currency)),
            svg: s_curve(
                "cost-s-curve",
                title,
                &[Series {
                    label: "cost",
                    color: palette::PRIMARY,
                    points: r.cdf.cost.iter().map(|p| (p.cost, p.probability)).collect(),
                }],
                &cost_unit,
                &cost_markers(r),
            ),
        });
    }
    if !r.histogram.cost.is_empty() {
        let title = "Cost: how the simulated totals spread";
        out.push(Chart {
            name: "cost-histogram",
            title: title.into(),
            caption: "Each bar is the share of simulated projects costing within its range.".into(),
            svg: histogram(
                "cost-histogram",
                title,
                &r.histogram
                    .cost
                    .iter()
                    .map(|b| (b.from, b.to, b.share))
                    .collect::<Vec<_>>(),
                &cost_unit,
                &cost_markers(r),
            ),
        });
    }
    out.extend(tornado(
        "schedule-drivers",
        "What drives the finish",
        "Rank correlation of each task's duration (⚠: risk event occurring) with the project's finish; longer bars move the date more.",
        &r.schedule_drivers,
    ));
    out.extend(tornado(
        "cost-drivers",
        "What drives the cost",
        "Rank correlation of each task's cost (⚠: risk event occurring) with the total cost.",
        &r.cost_drivers,
    ));
    let mut critical: Vec<_> = r.tasks.iter().filter(|t| t.criticality > 0.0).collect();
    critical.sort_by(|a, b| b.criticality.total_cmp(&a.criticality));
    if !critical.is_empty() {
        let title = "Criticality: how often each task is on the critical path";
        let shown = critical.len().min(TOP_CRITICAL);
        let rows: Vec<HBar> = critical[..shown]
            .iter()
            .map(|t| HBar {
                label: t.name.clone(),
                value: t.criticality,
                text: pct(t.criticality),
                tooltip: format!("{} ({}): critical in {}", t.name, t.id, pct(t.criticality)),
                color: palette::PRIMARY,
            })
            .collect();
        out.push(Chart {
            name: "criticality",
            title: title.into(),
            caption: if critical.len() > shown {
                format!("The {shown} most critical of {} tasks.", critical.len())
            } else {
                "Share of simulations in which the task is on the critical path.".into()
            },
            svg: hbars(
                "criticality",
                title,
                &rows,
                0.0,
                1.0,
                "Share of simulations (%)",
            ),
        });
    }
    out.extend(super::reserve_charts::buffers_chart(r));
    out.extend(super::reserve_charts::reserves_chart(r));
    out.extend(gantt_chart(r));
    if !r.scatter.is_empty() {
        let title = "Cost against finish, one dot per simulation";
        let frontier: Vec<(f64, f64)> = r
            .joint
            .frontier
            .iter()
            .map(|p| (p.duration_days, p.budget))
            .collect();
        let mut x_markers: Vec<Marker> = finish_markers(r)
            .into_iter()
            .filter(|m| m.key == "deadline")
            .collect();
        x_markers.retain(|m| m.at.is_finite());
        let y_markers: Vec<Marker> = cost_markers(r)
            .into_iter()
            .filter(|m| m.key == "budget")
            .collect();
        let label = format!("{} joint confidence", pct(r.joint.confidence));
        out.push(Chart {
            name: "cost-finish-scatter",
            title: title.into(),
            caption: format!(
                "The line joins the (finish, budget) pairs met together in {} of simulations: any point on it is a commitment with that joint confidence.",
                pct(r.joint.confidence)
            ),
            svg: scatter(
                "cost-finish-scatter",
                title,
                &r.scatter.iter().map(|p| (p.days, p.cost)).collect::<Vec<_>>(),
                &frontier,
                &label,
                (&x_unit, &cost_unit),
                (&x_markers, &y_markers),
            ),
        });
    }
    out
}

/// The probabilistic Gantt chart of the deterministic plan.
pub(super) fn gantt_chart(r: &Report) -> Option<Chart> {
    let parse = |s: &str| s.parse::<Date>().ok();
    let target_of = |p80: &str, p90: &str| {
        if (r.confidence - 0.9).abs() < 1e-9 {
            p90.to_string()
        } else {
            p80.to_string()
        }
    };
    let t = if (r.confidence - 0.9).abs() < 1e-9 {
        "P90".to_string()
    } else {
        "P80".to_string()
    };
    let mut tasks: Vec<_> = r.tasks.iter().collect();
    let total = tasks.len();
    if total > GANTT_ROWS {
        tasks.sort_by(|a, b| b.criticality.total_cmp(&a.criticality));
        tasks.truncate(GANTT_ROWS);
    }
    let mut rows: Vec<(Date, GanttRow)> = tasks
        .iter()
        .filter_map(|task| {
            let start = parse(&task.deterministic.start)?;
            let finish = parse(&task.deterministic.finish)?;
            let range = (|| {
                Some([
                    parse(&task.finish.p50)?,
                    parse(&target_of(&task.finish.p80, &task.finish.p90))?,
                    parse(&task.finish.p95)?,
                ])
            })();
            Some((
                start,
                GanttRow {
                    id: task.id.clone(),
                    label: task.name.clone(),
                    tooltip: format!(
                        "{} ({}): planned {} to {}; finish P50 {}, {t} {}, P95 {}; critical in {}",
                        task.name,
                        task.id,
                        short_date(&task.deterministic.start),
                        short_date(&task.deterministic.finish),
                        short_date(&task.finish.p50),
                        short_date(&target_of(&task.finish.p80, &task.finish.p90)),
                        short_date(&task.finish.p95),
                        pct(task.criticality)
                    ),
                    start: Some(start),
                    finish,
                    range,
                    critical: r.deterministic.critical_path.contains(&task.id),
                },
            ))
        })
        .collect();
    rows.sort_by_key(|(s, _)| *s);
    let mut rows: Vec<GanttRow> = rows.into_iter().map(|(_, row)| row).collect();
    for m in &r.milestones {
        let Some(finish) = parse(&m.deterministic_finish_date) else {
            continue;
        };
        let range = (|| {
            Some([
                parse(&m.finish_date.p50)?,
                parse(&target_of(&m.finish_date.p80, &m.finish_date.p90))?,
                parse(&m.finish_date.p95)?,
            ])
        })();
        rows.push(GanttRow {
            id: m.id.clone(),
            label: format!("◆ {}", m.name),
            tooltip: format!(
                "Milestone {} ({}): planned {}; P50 {}, {t} {}, P95 {}",
                m.name,
                m.id,
                short_date(&m.deterministic_finish_date),
                short_date(&m.finish_date.p50),
                short_date(&target_of(&m.finish_date.p80, &m.finish_date.p90)),
                short_date(&m.finish_date.p95)
            ),
            start: None,
            finish,
            range,
            critical: false,
        });
    }
    if rows.is_empty() {
        return None;
    }
    let lines: Vec<DateLine> = r
        .deadline
        .iter()
        .filter_map(|d| {
            Some(DateLine {
                key: "deadline",
                date: parse(&d.date)?,
                label: format!("Deadline {}", short_date(&d.date)),
                color: palette::LIMIT,
            })
        })
        .collect();
    let title = "The plan, with the range each finish falls in";
    Some(Chart {
        name: "gantt",
        title: title.into(),
        caption: if total > GANTT_ROWS {
            format!(
                "Bars: the deterministic plan; whiskers: P50, {t} and P95 of each finish. The {GANTT_ROWS} most critical of {total} tasks."
            )
        } else {
            format!(
                "Bars: the deterministic plan (critical path in orange); whiskers: P50, {t} and P95 of each finish."
            )
        },
        svg: gantt("gantt", title, &rows, &lines, &t),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(days: f64, date: &str) -> FinishPoint {
        FinishPoint {
            days,
            date: date.into(),
            probability: 0.5,
        }
    }

    #[test]
    fn a_date_is_placed_between_the_curve_points_around_it() {
        let pts = [
            p(10.0, "2027-01-15"),
            p(15.0, "2027-01-22"),
            p(20.0, "2027-01-29"),
        ];
        assert_eq!(days_of_date("2027-01-22", &pts), Some(15.0));
        let mid = days_of_date("2027-01-25", &pts).unwrap();
        assert!(mid > 15.0 && mid < 20.0);
        // Beyond the curve: at its average pace (10 working days in 14 calendar days).
        let after = days_of_date("2027-02-12", &pts).unwrap();
        assert!((after - 30.0).abs() < 1e-9, "{after}");
        let before = days_of_date("2027-01-01", &pts).unwrap();
        assert!((before - 0.0).abs() < 1e-9, "{before}");
        assert_eq!(days_of_date("not a date", &pts), None);
        assert_eq!(days_of_date("2027-01-01", &[]), None);
    }
}
