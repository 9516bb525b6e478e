//! The playbook's sections of figures: milestones and tasks, level-of-effort work, the
//! resource allocation, the timeline, the backup reserve and the main risks. Figures are only
//! chosen and formatted here, never computed.

use super::sections::{cash, numeric, said, section, table};
use super::{Block, Gantt, GanttTask, Section};
use crate::report::html::format::{days, pct};
use crate::report::table::{money, p_label};
use crate::report::{Report, TaskReport};
use crate::scenario::Scenario;

/// Task rows of the timeline; a bigger plan shows its most critical tasks.
pub const GANTT_ROWS: usize = 40;

/// Criticality from which a task counts as critical on the timeline.
const CRITICAL: f64 = 0.5;

pub(super) fn milestones_and_tasks(r: &Report) -> Option<Section> {
    let mut blocks = Vec::new();
    let t = p_label(r.confidence);
    if !r.milestones.is_empty() {
        let rows = r
            .milestones
            .iter()
            .map(|m| {
                vec![
                    m.name.clone(),
                    m.deterministic_finish_date.clone(),
                    m.finish_date.p50.clone(),
                    m.finish_date.p80.clone(),
                    m.commit_date.clone(),
                    days(m.buffer_days),
                    m.deadline.as_ref().map_or(String::new(), |d| {
                        format!("{} ({})", d.date, pct(d.probability))
                    }),
                ]
            })
            .collect();
        let commit = format!("Commit ({t})");
        let headers = [
            "Milestone",
            "Plan",
            "P50",
            "P80",
            commit.as_str(),
            "Buffer (working days)",
            "Deadline (chance)",
        ];
        blocks.push(Block::Table(numeric(
            table("milestones", Some("Milestones"), &headers, rows),
            &[5],
        )));
    }
    if !r.deterministic.critical_path.is_empty() {
        let names: Vec<&str> = r
            .deterministic
            .critical_path
            .iter()
            .map(|id| task_name(r, id))
            .collect();
        blocks.push(Block::Text(format!(
            "Critical path of the plan as estimated: {}.",
            names.join(" → ")
        )));
    }
    let rows = r
        .tasks
        .iter()
        .map(|k| {
            vec![
                k.name.clone(),
                milestone_name(k, r),
                days(k.duration_days.p50),
                days(k.duration_days.p80),
                k.finish.p50.clone(),
                k.finish.p80.clone(),
                pct(k.criticality),
            ]
        })
        .collect();
    blocks.push(Block::Table(numeric(
        table(
            "tasks",
            Some("Tasks (durations in days of each task's calendar; criticality: the share of simulations in which the task is on the critical path)"),
            &["Task", "Milestone", "Days, P50", "Days, P80", "Finish, P50", "Finish, P80", "Criticality"],
            rows,
        ),
        &[2, 3, 6],
    )));
    section("milestones", "Milestones and tasks", blocks)
}

/// The name of the milestone task `k` belongs to, or nothing.
fn milestone_name(k: &TaskReport, r: &Report) -> String {
    let id = r
        .inputs
        .tasks
        .iter()
        .find(|t| t.id == k.id)
        .and_then(|t| t.milestone.as_deref());
    match id {
        Some(id) => r
            .milestones
            .iter()
            .find(|m| m.id == id)
            .map_or(id.to_string(), |m| m.name.clone()),
        None => String::new(),
    }
}

fn task_name<'a>(r: &'a Report, id: &'a str) -> &'a str {
    r.tasks
        .iter()
        .find(|t| t.id == id)
        .map_or(id, |t| t.name.as_str())
}

/// `data-engineer 1, ml-engineer 0.5`.
fn people_of(sc: &Scenario, id: &str) -> String {
    let Some(task) = sc.tasks.iter().find(|t| t.id.get_ref() == id) else {
        return String::new();
    };
    task.people
        .as_ref()
        .map(|p| {
            p.get_ref()
                .iter()
                .map(|(role, a)| format!("{role} {}", a.get_ref()))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default()
}

pub(super) fn level_of_effort(sc: &Scenario, r: &Report) -> Option<Section> {
    let rows: Vec<Vec<String>> = sc
        .tasks
        .iter()
        .filter_map(|t| {
            let span = t.level_of_effort.as_ref()?.get_ref();
            let id = t.id.get_ref();
            let (from, to) = (span.from.get_ref(), span.to.get_ref());
            let start = r
                .tasks
                .iter()
                .find(|k| k.id == *from)
                .map(|k| k.start.p50.clone());
            let end = r
                .tasks
                .iter()
                .find(|k| k.id == *to)
                .map(|k| k.finish.p80.clone());
            Some(vec![
                t.name.clone().unwrap_or_else(|| id.clone()),
                format!(
                    "from the start of {} to the finish of {}",
                    task_name(r, from),
                    task_name(r, to)
                ),
                format!(
                    "{} to {}",
                    start.unwrap_or_default(),
                    end.unwrap_or_default()
                ),
                people_of(sc, id),
            ])
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    section(
        "level-of-effort",
        "Level-of-effort work",
        vec![
            Block::Text("Work that spans other tasks and costs for as long as they last; it does not push the schedule.".into()),
            Block::Table(table(
                "level-of-effort",
                None,
                &["Activity", "Spans", "Dates (P50 start to P80 finish)", "People"],
                rows,
            )),
        ],
    )
}

/// The task's risk level as written, or else its estimate's shape.
fn risk_level(sc: &Scenario, r: &Report, id: &str) -> String {
    let written = sc
        .tasks
        .iter()
        .find(|t| t.id.get_ref() == id)
        .and_then(|t| {
            t.estimate
                .as_ref()
                .or(t.compute.as_ref().map(|c| &c.get_ref().hours))
        })
        .and_then(|e| e.get_ref().risk.clone());
    if let Some(level) = written {
        return level.replace('_', " ");
    }
    match r.inputs.tasks.iter().find(|t| t.id == id) {
        Some(t) if t.estimate.distribution == "fixed" => "none (fixed)".into(),
        Some(t) => match (t.estimate.min, t.estimate.max) {
            (Some(lo), Some(hi)) => {
                format!("{} {}–{}", t.estimate.distribution, days(lo), days(hi))
            }
            _ => t.estimate.distribution.clone(),
        },
        None => String::new(),
    }
}

pub(super) fn allocation(sc: &Scenario, r: &Report) -> Option<Section> {
    if r.tasks.is_empty() {
        return None;
    }
    let rows = r
        .tasks
        .iter()
        .map(|k| {
            let compute = r
                .compute_tasks
                .iter()
                .find(|c| c.id == k.id)
                .map(|c| format!("{} × {}, {}", c.count, c.instance, c.purchase))
                .unwrap_or_default();
            vec![
                k.name.clone(),
                people_of(sc, &k.id),
                compute,
                money(k.cost.p50),
                money(k.cost.p80),
                risk_level(sc, r, &k.id),
            ]
        })
        .collect();
    let p50 = format!("Cost P50 ({})", r.currency);
    let p80 = format!("Cost P80 ({})", r.currency);
    section(
        "allocation",
        "Resource allocation",
        vec![Block::Table(numeric(
            table(
                "allocation",
                Some(
                    "People (1 = one full-time person of the role), compute, cost and risk level of each task",
                ),
                &[
                    "Task",
                    "People",
                    "Compute",
                    p50.as_str(),
                    p80.as_str(),
                    "Risk level",
                ],
                rows,
            ),
            &[3, 4],
        ))],
    )
}

pub(super) fn timeline(r: &Report) -> Option<Section> {
    if r.tasks.is_empty() {
        return None;
    }
    // The most critical tasks when there are too many, drawn in the plan's order.
    let mut chosen: Vec<usize> = (0..r.tasks.len()).collect();
    if chosen.len() > GANTT_ROWS {
        chosen.sort_by(|&a, &b| r.tasks[b].criticality.total_cmp(&r.tasks[a].criticality));
        chosen.truncate(GANTT_ROWS);
        chosen.sort_unstable();
    }
    let tasks = chosen
        .iter()
        .map(|&i| {
            let k = &r.tasks[i];
            let group = milestone_name(k, r);
            GanttTask {
                name: k.name.clone(),
                group: (!group.is_empty()).then_some(group),
                start_p50: k.start.p50.clone(),
                finish_p50: k.finish.p50.clone(),
                finish_p80: k.finish.p80.clone(),
                critical: k.criticality >= CRITICAL,
            }
        })
        .collect();
    let t = p_label(r.confidence);
    let gantt = Gantt {
        title: r.scenario.clone(),
        tasks,
        left_out: r.tasks.len() - chosen.len(),
        milestones: r
            .milestones
            .iter()
            .map(|m| {
                (
                    m.name.clone(),
                    m.finish_date.p50.clone(),
                    m.commit_date.clone(),
                )
            })
            .collect(),
        buffer: (
            r.deterministic.finish_date.clone(),
            r.buffer.finish_date.clone(),
        ),
    };
    let buffer = format!(
        "Buffer: {} working days ({} sprints) after the plan's finish on {}, to the commit date {} ({t}).",
        days(r.buffer.days),
        crate::report::html::format::number(r.buffer.sprints, 1),
        r.deterministic.finish_date,
        r.buffer.finish_date
    );
    let mut blocks = vec![Block::Gantt(gantt), Block::Text(buffer)];
    if r.buffer.days < 0.0 {
        blocks.push(Block::Text(
            "The buffer is negative: the plan's estimates are padded beyond the target confidence."
                .into(),
        ));
    }
    section("timeline", "Timeline", blocks)
}

pub(super) fn reserve(r: &Report) -> Option<Section> {
    let v = &r.reserve;
    let t = p_label(v.confidence);
    let mut facts = vec![
        ("Money".to_string(), cash(v.cost, r)),
        (
            "Total budget with the reserve".to_string(),
            cash(v.total_cost, r),
        ),
    ];
    for (role, d) in &v.person_days {
        facts.push((format!("Person-days, {role}"), days(*d)));
    }
    for (kind, h) in &v.instance_hours {
        facts.push((format!("Instance-hours, {kind}"), days(*h)));
    }
    section(
        "reserve",
        format!("Backup reserve ({t})"),
        vec![
            Block::Text(format!(
                "Set aside beyond the plan as estimated, so that the project is covered in {} of the simulations.",
                pct(v.confidence)
            )),
            Block::Facts(facts),
        ],
    )
}

pub(super) fn risks(sc: &Scenario, r: &Report) -> Option<Section> {
    if r.risks.is_empty() {
        return None;
    }
    let mut ranked: Vec<_> = r.risks.iter().collect();
    // Those that move the finish most first; then those that cost most.
    ranked.sort_by(|a, b| {
        let key = |k: &crate::report::RiskReport| {
            (
                k.impact_days.unwrap_or(0.0) * k.probability,
                k.impact_cost.unwrap_or(0.0) * k.probability,
            )
        };
        let (ka, kb) = (key(a), key(b));
        kb.0.total_cmp(&ka.0).then(kb.1.total_cmp(&ka.1))
    });
    let rows = ranked
        .iter()
        .map(|k| {
            let written = sc.risks.iter().find(|s| s.id.get_ref() == &k.id);
            let owner = written
                .and_then(|s| s.owner.as_ref())
                .map(|o| o.get_ref().clone())
                .unwrap_or_default();
            let mitigation = written
                .and_then(|s| s.mitigation.as_ref())
                .map(|m| {
                    let m = m.get_ref();
                    let mut words = said(&m.description).unwrap_or_default();
                    if let Some(p) = &m.probability {
                        if !words.is_empty() {
                            words.push_str("; ");
                        }
                        words.push_str(&format!("probability to {}", pct(*p.get_ref())));
                    }
                    if k.mitigated {
                        words.push_str(" (in force)");
                    }
                    words
                })
                .unwrap_or_default();
            let description = if k.description.is_empty() {
                k.id.clone()
            } else {
                k.description.clone()
            };
            vec![
                description,
                pct(k.probability),
                k.impact_days.map_or(String::new(), days),
                k.impact_cost.map_or(String::new(), money),
                owner,
                mitigation,
            ]
        })
        .collect();
    let cost = format!("Impact ({})", r.currency);
    section(
        "risks",
        "Main risks",
        vec![Block::Table(numeric(
            table(
                "risks",
                Some("Impact: what the risk adds at the target confidence when it occurs"),
                &[
                    "Risk",
                    "Probability",
                    "Impact (working days)",
                    cost.as_str(),
                    "Owner",
                    "Mitigation",
                ],
                rows,
            ),
            &[1, 2, 3],
        ))],
    )
}
