//! The plain-language summary a sponsor reads first: the date to commit to and the reserve to
//! hold at the target confidence, the chance of the plan's own date, the deadline and the
//! budget, and what drives them. Each figure carries the report field it shows
//! (`data-field`) and its exact value (`data-value`).

use maud::{Markup, html};

use super::charts::target;
use super::format::{day_unit, days, long_date, money, pct, raw, short_date};
use crate::report::{ComparisonReport, Driver, Report};

/// A figure of the summary: its text, tagged with the report field and value it comes from.
fn fig(field: &str, value: String, text: String) -> Markup {
    html! { strong data-field=(field) data-value=(value) { (text) } }
}

/// A list of names in words: `a`, `a and b`, `a, b and c`.
fn names(items: &[Markup]) -> Markup {
    html! {
        @for (k, item) in items.iter().enumerate() {
            @if k > 0 && k + 1 == items.len() { " and " } @else if k > 0 { ", " }
            (item)
        }
    }
}

fn driver_names(field: &str, drivers: &[Driver]) -> Vec<Markup> {
    drivers
        .iter()
        .take(3)
        .enumerate()
        .map(|(k, d)| {
            let what = if d.kind == "risk" {
                format!("the risk “{}”", d.name)
            } else {
                d.name.clone()
            };
            html! { strong data-field=(format!("{field}.{k}.id")) data-value=(d.id) { (what) } }
        })
        .collect()
}

/// The summary of one run.
pub fn summary(r: &Report) -> Markup {
    let unit = day_unit(&r.calendar);
    let c = &r.currency;
    let share = if r.deterministic.cost > 0.0 {
        format!(" ({})", pct(r.reserve.cost / r.deterministic.cost))
    } else {
        String::new()
    };
    let mut critical: Vec<(usize, &crate::report::TaskReport)> =
        r.tasks.iter().enumerate().collect();
    critical.sort_by(|a, b| b.1.criticality.total_cmp(&a.1.criticality));
    let critical: Vec<Markup> = critical
        .iter()
        .filter(|(_, t)| t.criticality > 0.0)
        .take(3)
        .map(|(k, t)| {
            html! { strong data-field=(format!("tasks.{k}.id")) data-value=(t.id) { (t.name) } }
        })
        .collect();
    let schedule = driver_names("schedule_drivers", &r.schedule_drivers);
    let cost = driver_names("cost_drivers", &r.cost_drivers);
    html! {
        section.summary data-role="summary" {
            p.headline {
                "To be " (fig("confidence", raw(r.confidence), pct(r.confidence))) " confident, commit to "
                (fig("buffer.finish_date", r.buffer.finish_date.clone(), long_date(&r.buffer.finish_date))) ": "
                (fig("buffer.days", raw(r.buffer.days), days(r.buffer.days))) " " (unit) " ("
                (fig("buffer.sprints", raw(r.buffer.sprints), format!("{:.1}", r.buffer.sprints))) " sprints) after the plan's date of "
                (fig("deterministic.finish_date", r.deterministic.finish_date.clone(), long_date(&r.deterministic.finish_date))) ". "
                "Hold a reserve of " (fig("reserve.cost", raw(r.reserve.cost), money(r.reserve.cost, c))) (share)
                ", for a budget of " (fig("reserve.total_cost", raw(r.reserve.total_cost), money(r.reserve.total_cost, c))) ". "
                "The plan's own date has a " (fig("deterministic.probability_on_time", raw(r.deterministic.probability_on_time), pct(r.deterministic.probability_on_time))) " chance."
            }
            @if r.deadline.is_some() || r.budget.is_some() {
                p {
                    @if let Some(d) = &r.deadline {
                        "The deadline of " (fig("deadline.date", d.date.clone(), long_date(&d.date))) " is met in "
                        (fig("deadline.probability", raw(d.probability), pct(d.probability))) " of the simulations. "
                    }
                    @if let Some(b) = &r.budget {
                        "The budget of " (fig("budget.amount", raw(b.amount), money(b.amount, c))) " holds in "
                        (fig("budget.probability", raw(b.probability), pct(b.probability))) ". "
                    }
                    @if let Some(j) = r.joint.probability {
                        "Both together: " (fig("joint.probability", raw(j), pct(j))) "."
                    }
                }
            }
            @if !schedule.is_empty() {
                p { "The date depends most on " (names(&schedule)) "." }
            } @else if !critical.is_empty() {
                p { "The tasks most often on the critical path: " (names(&critical)) "." }
            }
            @if !cost.is_empty() {
                p { "The cost depends most on " (names(&cost)) "." }
            }
            @if let Some(m) = &r.mitigation {
                @let before_date = fig("mitigation.before.finish_date", m.before.finish_date.clone(), long_date(&m.before.finish_date));
                @let after_date = fig("mitigation.after.finish_date", m.after.finish_date.clone(), long_date(&m.after.finish_date));
                @let before_cost = fig("mitigation.before.cost", raw(m.before.cost), money(m.before.cost, c));
                @let after_cost = fig("mitigation.after.cost", raw(m.after.cost), money(m.after.cost, c));
                p {
                    "Buying every mitigation "
                    @if m.after.finish_date == m.before.finish_date {
                        "leaves the " (target(r)) " date at " (before_date)
                    } @else {
                        "moves the " (target(r)) " date from " (before_date) " to " (after_date)
                    }
                    @if m.after.cost > m.before.cost {
                        " and raises the " (target(r)) " cost, its price included, from "
                    } @else {
                        " and lowers the " (target(r)) " cost, its price included, from "
                    }
                    (before_cost) " to " (after_cost) "."
                }
            }
            div.figures {
                div.figure.target {
                    div.label { "Commit date (" (target(r)) ")" }
                    div.value { (short_date(&r.buffer.finish_date)) }
                    div.note { (days(r.buffer.duration_days)) " " (unit) }
                }
                div.figure.target {
                    div.label { "Budget (" (target(r)) ")" }
                    div.value { (money(r.reserve.total_cost, c)) }
                    div.note { "reserve " (money(r.reserve.cost, c)) }
                }
                div.figure.plan {
                    div.label { "The plan's date" }
                    div.value { (short_date(&r.deterministic.finish_date)) }
                    div.note { (pct(r.deterministic.probability_on_time)) " chance" }
                }
                div.figure.plan {
                    div.label { "The plan's cost" }
                    div.value { (money(r.deterministic.cost, c)) }
                    div.note { (pct(r.deterministic.probability_on_budget)) " chance" }
                }
                @if let Some(d) = &r.deadline {
                    div.figure.limit {
                        div.label { "Deadline" }
                        div.value { (short_date(&d.date)) }
                        div.note { (pct(d.probability)) " chance" }
                    }
                }
                @if let Some(b) = &r.budget {
                    div.figure.limit {
                        div.label { "Budget set" }
                        div.value { (money(b.amount, c)) }
                        div.note { (pct(b.probability)) " chance" }
                    }
                }
            }
        }
    }
}

/// The summary of a comparison: each plan's commitment, and how it fares against the first.
pub fn comparison(c: &ComparisonReport) -> Markup {
    let Some(first) = c.plans.first() else {
        return html! {};
    };
    let t = target(&first.report);
    html! {
        section.summary data-role="summary" {
            @for (k, p) in c.plans.iter().enumerate() {
                @let r = &p.report;
                @let f = |name: &str| format!("plans.{k}.{name}");
                p.headline[k == 0] {
                    "Plan " strong { (p.name) } ": to be " (pct(r.confidence)) " confident, commit to "
                    (fig(&f("buffer.finish_date"), r.buffer.finish_date.clone(), long_date(&r.buffer.finish_date)))
                    " with a budget of " (fig(&f("reserve.total_cost"), raw(r.reserve.total_cost), money(r.reserve.total_cost, &r.currency))) "."
                    @if k > 0 {
                        " Against " (first.name) ", it finishes earlier in "
                        (fig(&f("probability_earlier"), raw(p.probability_earlier), pct(p.probability_earlier)))
                        " of the simulations and costs less in "
                        (fig(&f("probability_cheaper"), raw(p.probability_cheaper), pct(p.probability_cheaper)))
                        "; at " (t) " it takes " (days(p.duration_difference.target.abs())) " " (day_unit(&r.calendar))
                        (if p.duration_difference.target >= 0.0 { " more" } else { " fewer" })
                        " and costs " (money(p.cost_difference.target.abs(), &r.currency))
                        (if p.cost_difference.target >= 0.0 { " more" } else { " less" }) "."
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_a_list() {
        let m = |s: &str| html! { (s) };
        assert_eq!(names(&[m("a")]).into_string(), "a");
        assert_eq!(names(&[m("a"), m("b")]).into_string(), "a and b");
        assert_eq!(names(&[m("a"), m("b"), m("c")]).into_string(), "a, b and c");
    }
}
