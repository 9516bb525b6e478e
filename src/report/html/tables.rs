//! The report's tables: buffers per milestone, reserves per resource, the team and quotas,
//! the mitigations, the risk register, the plans side by side, and the inputs.

use maud::{Markup, html};

use super::charts::target;
use super::format::{day_unit, days, long_date, money, number, pct, short_date};
use crate::report::{ComparisonReport, Estimate, MitigationReport, Report};

fn wrap(table: Markup) -> Markup {
    html! { div.table-wrap { (table) } }
}

/// The joint-confidence frontier as (date, budget) pairs.
pub fn frontier(r: &Report) -> Markup {
    let points = &r.joint.frontier;
    if points.is_empty() {
        return html! {};
    }
    // A handful of rows is enough to read: the ends and evenly spaced points between.
    let k = 6.min(points.len());
    let rows: Vec<usize> = (0..k)
        .map(|i| {
            if k == 1 {
                0
            } else {
                i * (points.len() - 1) / (k - 1)
            }
        })
        .collect();
    html! {
        h3 { "Commitments met together in " (pct(r.joint.confidence)) " of the simulations" }
        p.muted { "The frontier stops where too few simulations lie beyond it to estimate it; the standard error is the budget's, for that date." }
        (wrap(html! {
            table data-table="frontier" {
                thead { tr { th { "Finish by" } th.num { "Duration (" (day_unit(&r.calendar)) ")" } th.num { "Budget" } th.num { "Standard error" } } }
                tbody {
                    @for i in rows {
                        @let p = &points[i];
                        tr { td { (long_date(&p.date)) } td.num { (days(p.duration_days)) } td.num { (money(p.budget, &r.currency)) } td.num { "± " (money(p.budget_se, &r.currency)) } }
                    }
                }
            }
        }))
    }
}

/// Buffers per milestone and for the project.
pub fn buffers(r: &Report) -> Markup {
    let t = target(r);
    let unit = day_unit(&r.calendar);
    html! {
        h3 { "Schedule buffers" }
        (wrap(html! {
            table data-table="buffers" {
                thead { tr {
                    th { "Milestone" } th { "Plan" } th { "P50" } th { "Commit (" (t) ")" }
                    th.num { "Buffer (" (unit) ")" } th { "Deadline" } th.num { "Chance" }
                } }
                tbody {
                    @for m in &r.milestones {
                        tr {
                            td { (m.name) }
                            td { (short_date(&m.deterministic_finish_date)) }
                            td { (short_date(&m.finish_date.p50)) }
                            td { strong { (short_date(&m.commit_date)) } }
                            td.num { (days(m.buffer_days)) }
                            @match &m.deadline {
                                Some(d) => { td { (short_date(&d.date)) } td.num { (pct(d.probability)) } }
                                None => { td.muted { "–" } td.num.muted { "–" } }
                            }
                        }
                    }
                    tr {
                        td { strong { "Project finish" } }
                        td { (short_date(&r.deterministic.finish_date)) }
                        td { (short_date(&r.finish_date.p50)) }
                        td { strong { (short_date(&r.buffer.finish_date)) } }
                        td.num { (days(r.buffer.days)) }
                        @match &r.deadline {
                            Some(d) => { td { (short_date(&d.date)) } td.num { (pct(d.probability)) } }
                            None => { td.muted { "–" } td.num.muted { "–" } }
                        }
                    }
                }
            }
        }))
    }
}

/// Money, person-days and instance-hours beyond the plan at the target confidence.
pub fn reserves(r: &Report) -> Markup {
    let t = target(r);
    let c = &r.currency;
    html! {
        h3 { "Reserves at " (t) }
        (wrap(html! {
            table data-table="reserves" {
                thead { tr { th { "Resource" } th.num { "Plan" } th.num { "Reserve" } th.num { "At " (t) } } }
                tbody {
                    tr {
                        td { strong { "Money" } }
                        td.num { (money(r.deterministic.cost, c)) }
                        td.num { strong { (money(r.reserve.cost, c)) } }
                        td.num { (money(r.reserve.total_cost, c)) }
                    }
                    @for (name, reserve) in &r.reserve.person_days {
                        @let plan = r.deterministic.person_days.get(name).copied().unwrap_or(0.0);
                        tr {
                            td { (name) " " span.muted { "(person-days)" } }
                            td.num { (number(plan, 1)) }
                            td.num { strong { (number(*reserve, 1)) } }
                            td.num { (number(plan + reserve, 1)) }
                        }
                    }
                    @for (name, reserve) in &r.reserve.instance_hours {
                        @let plan = r.deterministic.instance_hours.get(name).copied().unwrap_or(0.0);
                        tr {
                            td { (name) " " span.muted { "(instance-hours)" } }
                            td.num { (number(plan, 0)) }
                            td.num { strong { (number(*reserve, 0)) } }
                            td.num { (number(plan + reserve, 0)) }
                        }
                    }
                }
            }
        }))
    }
}

/// Roles with a count and instance types with a quota: how busy, how often the bottleneck.
pub fn resources(r: &Report) -> Markup {
    let unit = day_unit(&r.calendar);
    html! {
        @if let Some(u) = &r.unconstrained {
            p { "The limits below add " strong { (days(u.delay_days)) " " (unit) } " at " (target(r))
                ": without them the commit date would be " (long_date(&u.commit_date)) "." }
        }
        (wrap(html! {
            table data-table="resources" {
                thead { tr {
                    th { "Resource" } th { "Kind" } th.num { "Capacity" } th.num { "Utilisation" }
                    th.num { "Bottleneck" } th.num { "One more saves (" (unit) ")" }
                } }
                tbody {
                    @for res in &r.resources {
                        tr {
                            td { (res.name) }
                            td { (if res.kind == "role" { "people" } else { "instances" }) }
                            td.num { (number(res.capacity, if res.capacity.fract() == 0.0 { 0 } else { 1 })) }
                            td.num { (pct(res.utilisation)) }
                            td.num { (pct(res.bottleneck_share)) }
                            td.num { @match res.p80_days_saved_with_one_more { Some(d) => (days(d)), None => span.muted { "–" } } }
                        }
                    }
                }
            }
        }))
    }
}

/// Before and after the mitigations, and what each one buys.
pub fn mitigation(r: &Report, m: &MitigationReport) -> Markup {
    let c = &r.currency;
    let t = target(r);
    let unit = day_unit(&r.calendar);
    html! {
        (wrap(html! {
            table data-table="mitigation" {
                thead { tr { th {} th { "Finish (" (t) ")" } th.num { "Cost (" (t) ")" } th.num { "Mean cost" } th.num { "Deadline chance" } } }
                tbody {
                    @for (label, f) in [("Before", &m.before), ("After every mitigation", &m.after)] {
                        tr {
                            td { strong { (label) } }
                            td { (long_date(&f.finish_date)) " " span.muted { "(" (days(f.duration_days)) " " (unit) ")" } }
                            td.num { (money(f.cost, c)) }
                            td.num { (money(f.mean_cost, c)) }
                            td.num { @match f.deadline_probability { Some(p) => (pct(p)), None => span.muted { "–" } } }
                        }
                    }
                }
            }
        }))
        @if !m.mitigations.is_empty() {
            h3 { "Each mitigation alone" }
            (wrap(html! {
                table data-table="mitigations" {
                    thead { tr { th { "Risk" } th { "Mitigation" } th.num { "Price" } th.num { "Days saved" } th.num { "Cost saved" } th.num { "Net saving" } } }
                    tbody {
                        @for e in &m.mitigations {
                            tr {
                                td { (e.risk) }
                                td { (e.description) }
                                td.num { (money(e.cost, c)) }
                                td.num { (days(e.days_saved)) }
                                td.num { (money(e.cost_saved, c)) }
                                td.num { strong { (money(e.net_saving, c)) } " " @if e.net_saving > 0.0 { span.tag { "pays" } } }
                            }
                        }
                    }
                }
            }))
        }
        p.muted { "From the same " (number(m.iterations as f64, 0)) " simulations with and without the mitigations (common random numbers)." }
    }
}

/// The risk register's effect.
pub fn risks(r: &Report) -> Markup {
    let t = target(r);
    html! {
        (wrap(html! {
            table data-table="risks" {
                thead { tr {
                    th { "Risk" } th.num { "Probability" } th.num { "Occurred" }
                    th.num { "Shift of " (t) " (" (day_unit(&r.calendar)) ")" } th.num { "Shift of " (t) " cost" }
                } }
                tbody {
                    @for k in &r.risks {
                        tr {
                            td { (k.description) " " span.muted { "(" (k.id) ")" } @if k.mitigated { " " span.tag { "mitigated" } } }
                            td.num { (pct(k.probability)) }
                            td.num { (pct(k.occurred)) }
                            td.num { @match k.impact_days { Some(d) => (days(d)), None => span.muted { "–" } } }
                            td.num { @match k.impact_cost { Some(x) => (money(x, &r.currency)), None => span.muted { "–" } } }
                        }
                    }
                }
            }
        }))
    }
}

/// The plans side by side.
pub fn comparison(c: &ComparisonReport) -> Markup {
    let Some(first) = c.plans.first() else {
        return html! {};
    };
    let t = target(&first.report);
    let unit = day_unit(&first.report.calendar);
    html! {
        p.muted { "Against " (first.name) ", iteration by iteration with the same draws: how often each plan finishes earlier and costs less, and the difference at " (t) " (" (unit) ", " (first.report.currency) ")." }
        (wrap(html! {
            table data-table="plans" {
                thead { tr {
                    th { "Plan" } th { "P50 finish" } th { (t) " finish" } th.num { "P50 cost" } th.num { (t) " cost" }
                    th.num title=(format!("Share of simulations in which the plan finishes before {}", first.name)) { "Finishes earlier" }
                    th.num title=(format!("Share of simulations in which the plan costs less than {}", first.name)) { "Costs less" }
                    th.num { "Δ " (t) " days" } th.num { "Δ " (t) " cost" }
                } }
                tbody {
                    @for (k, p) in c.plans.iter().enumerate() {
                        @let r = &p.report;
                        tr {
                            td { strong { (p.name) } }
                            td { (short_date(&r.finish_date.p50)) }
                            td { (short_date(&r.buffer.finish_date)) }
                            td.num { (money(r.cost.stats.p50, &r.currency)) }
                            td.num { (money(r.reserve.total_cost, &r.currency)) }
                            @if k == 0 {
                                td.num.muted { "–" } td.num.muted { "–" } td.num.muted { "–" } td.num.muted { "–" }
                            } @else {
                                td.num { (pct(p.probability_earlier)) }
                                td.num { (pct(p.probability_cheaper)) }
                                td.num { (format!("{:+.1}", p.duration_difference.target)) }
                                td.num { (if p.cost_difference.target >= 0.0 { "+" } else { "−" }) (money(p.cost_difference.target.abs(), &r.currency)) }
                            }
                        }
                    }
                }
            }
        }))
    }
}

fn estimate(e: &Estimate, decimals: usize) -> Markup {
    let bound = |x: Option<f64>| x.map_or("–".to_string(), |v| number(v, decimals));
    html! {
        @if e.distribution == "fixed" {
            (number(e.most_likely, decimals))
        } @else {
            (bound(e.min)) " / " strong { (number(e.most_likely, decimals)) } " / " (bound(e.max))
            " " span.muted { (e.distribution) }
        }
    }
}

/// What went in: the assumptions, the tasks and their estimates, the risk register, the team
/// and the instance types.
pub fn inputs(r: &Report) -> Markup {
    let i = &r.inputs;
    let a = &i.assumptions;
    let c = &r.currency;
    html! {
        h3 { "Assumptions" }
        dl.assumptions data-table="assumptions" {
            dt { "Start" } dd { (long_date(&a.start)) }
            dt { "Calendar" } dd { (if a.calendar == "workdays" { "working days (Monday to Friday less holidays)" } else { "every day" }) }
            dt { "Target confidence" } dd { (pct(a.confidence)) }
            dt { "Deadline" } dd { @match &a.deadline { Some(d) => (long_date(d)), None => "none" } }
            dt { "Budget" } dd { @match a.budget { Some(b) => (money(b, c)), None => "none" } }
            dt { "Sprint" } dd { (days(a.sprint_days)) " " (day_unit(&a.calendar)) }
            dt { "Correlated estimates" } dd { (if a.correlated { "yes" } else { "no" }) }
            dt { "Resource levelling" } dd { (if a.resource_constrained { "yes: nobody is booked beyond their capacity" } else { "no" }) }
            @if !a.level_of_effort.is_empty() {
                dt { "Level of effort" } dd { (a.level_of_effort.join(", ")) }
            }
            dt { "Simulations" } dd { (number(r.iterations as f64, 0)) " (" (r.sampling) " sampling, seed " (r.seed) ")" }
        }
        h3 { "Tasks and estimates" }
        p.muted { "Minimum / most likely / maximum: days of the task's calendar, or hours per instance for a compute run." }
        (wrap(html! {
            table data-table="tasks" {
                thead { tr { th { "Task" } th { "Estimate" } th { "After" } th { "People" } th { "Fixed cost" } } }
                tbody {
                    @for t in &i.tasks {
                        tr {
                            td {
                                (t.name) " " span.muted { "(" (t.id) ")" }
                                @if let Some(w) = &t.wbs { br; span.muted { (w) } }
                            }
                            td {
                                (estimate(&t.estimate, 1)) " " span.muted { (if t.unit == "days" { day_unit(&t.calendar) } else { "hours" }) }
                                @if let (Some(k), Some(count)) = (&t.instance, t.instances) { br; span.muted { (count) " × " (k) } }
                            }
                            td { (t.after.join(", ")) }
                            td { (t.people.join(", ")) }
                            td { @match &t.fixed_cost { Some(e) => (estimate(e, 0)), None => span.muted { "–" } } }
                        }
                    }
                }
            }
        }))
        @if !i.risks.is_empty() {
            h3 { "Risk events" }
            (wrap(html! {
                table data-table="risk-inputs" {
                    thead { tr { th { "Risk" } th.num { "Probability" } th { "Hits" } th { "Delay (days)" } th { "Cost" } th { "Mitigation" } } }
                    tbody {
                        @for k in &i.risks {
                            tr {
                                td { (k.description) " " span.muted { "(" (k.id) ")" } }
                                td.num { (pct(k.probability)) }
                                td { (k.tasks.join(", ")) }
                                td {
                                    @if let Some(e) = &k.delay_days { (estimate(e, 1)) }
                                    @if let Some(e) = &k.delay_fraction { (estimate(e, 2)) " of the task" }
                                    @if k.delay_days.is_none() && k.delay_fraction.is_none() { span.muted { "–" } }
                                }
                                td { @match &k.cost { Some(e) => (estimate(e, 0)), None => span.muted { "–" } } }
                                td {
                                    @match (k.mitigation_cost, k.mitigated_probability) {
                                        (Some(price), Some(p)) => { (money(price, c)) ", probability " (pct(p)) @if k.mitigated { " " span.tag { "in force" } } }
                                        _ => span.muted { "–" },
                                    }
                                }
                            }
                        }
                    }
                }
            }))
        }
        @if !i.roles.is_empty() {
            h3 { "Team" }
            (wrap(html! {
                table data-table="roles" {
                    thead { tr { th { "Role" } th.num { "People" } th.num { "Rate per day" } th.num { "Availability" } th { "Paid" } } }
                    tbody {
                        @for role in &i.roles {
                            tr {
                                td { (role.name) }
                                td.num { @match role.count { Some(n) => (number(n, if n.fract() == 0.0 { 0 } else { 1 })), None => span.muted { "as needed" } } }
                                td.num { (money(role.rate_per_day, c)) }
                                td.num { (pct(role.availability)) }
                                td { (if role.paid == "throughout" { "from start to finish" } else { "for assigned work" }) }
                            }
                        }
                    }
                }
            }))
        }
        @if !i.instances.is_empty() {
            h3 { "Instance types" }
            (wrap(html! {
                table data-table="instances" {
                    thead { tr { th { "Instance" } th.num { "On-demand per hour" } th.num { "Spot per hour" } th.num { "Quota" } } }
                    tbody {
                        @for k in &i.instances {
                            tr {
                                td { (k.name) }
                                td.num { (number(k.on_demand_per_hour, 2)) " " (c) }
                                td.num { @match k.spot_per_hour { Some(p) => { (number(p, 2)) " " (c) }, None => span.muted { "–" } } }
                                td.num { @match k.max_running { Some(q) => (q), None => span.muted { "none" } } }
                            }
                        }
                    }
                }
            }))
        }
    }
}
