//! The playbook's sections, in order, from the scenario's words and the report's figures
//! (the sections of the schedule, costs and risks are in `figures.rs`). Figures are only
//! chosen and formatted here, never computed.

use super::{Block, Playbook, Section, Table, figures};
use crate::report::Report;
use crate::report::html::format::{days, pct};
use crate::report::table::{money, p_label};
use crate::scenario::{Metric, Scenario};

pub(super) fn all(p: &Playbook<'_>) -> Vec<Section> {
    let (sc, r) = (p.scenario, p.report);
    [
        project(sc),
        objective(sc, r),
        stakeholders(sc),
        forecast(r),
        figures::milestones_and_tasks(r),
        figures::level_of_effort(sc, r),
        figures::allocation(sc, r),
        figures::timeline(r),
        figures::reserve(r),
        figures::risks(sc, r),
        way_of_working(sc, r),
        sign_off(sc),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub(super) fn section(
    id: &'static str,
    title: impl Into<String>,
    blocks: Vec<Block>,
) -> Option<Section> {
    (!blocks.is_empty()).then(|| Section {
        id,
        title: title.into(),
        blocks,
    })
}

/// Text that says something, trimmed.
pub(super) fn said(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

pub(super) fn table(
    name: &'static str,
    caption: Option<&str>,
    headers: &[&str],
    rows: Vec<Vec<String>>,
) -> Table {
    Table {
        name,
        caption: caption.map(str::to_string),
        headers: headers.iter().map(|h| h.to_string()).collect(),
        numeric: headers.iter().map(|_| false).collect(),
        rows,
    }
}

/// `table` with the columns `numeric` right-aligned.
pub(super) fn numeric(mut t: Table, columns: &[usize]) -> Table {
    for &c in columns {
        t.numeric[c] = true;
    }
    t
}

pub(super) fn cash(x: f64, r: &Report) -> String {
    format!("{} {}", money(x), r.currency)
}

fn project(sc: &Scenario) -> Option<Section> {
    let p = &sc.project;
    let mut blocks = Vec::new();
    if let Some(d) = said(&p.description) {
        blocks.push(Block::Text(d));
    }
    let mut facts = Vec::new();
    if let Some(c) = said(&p.complexity) {
        facts.push(("Technical complexity".to_string(), c));
    }
    let tools: Vec<&str> = p
        .tools
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect();
    if !tools.is_empty() {
        facts.push(("Tools and frameworks".to_string(), tools.join(", ")));
    }
    if !facts.is_empty() {
        blocks.push(Block::Facts(facts));
    }
    section("project", "The project", blocks)
}

fn metrics(name: &'static str, caption: &str, list: &[Metric]) -> Option<Block> {
    if list.is_empty() {
        return None;
    }
    let rows = list
        .iter()
        .map(|m| {
            vec![
                m.name.get_ref().clone(),
                m.target.clone(),
                m.baseline.clone().unwrap_or_default(),
                m.evaluation.clone().unwrap_or_default(),
            ]
        })
        .collect();
    Some(Block::Table(table(
        name,
        Some(caption),
        &["Metric", "Target", "Baseline", "How it is evaluated"],
        rows,
    )))
}

fn objective(sc: &Scenario, r: &Report) -> Option<Section> {
    let mut blocks = Vec::new();
    if let Some(o) = &sc.objective {
        if let Some(s) = said(&o.summary) {
            blocks.push(Block::Text(s));
        }
        blocks.extend(metrics(
            "business-metrics",
            "Business metrics",
            &o.business_metrics,
        ));
        blocks.extend(metrics("model-metrics", "Model metrics", &o.model_metrics));
    }
    let mut limits = Vec::new();
    if let Some(d) = &r.deadline {
        limits.push(("Due date".to_string(), d.date.clone()));
    }
    if let Some(b) = &r.budget {
        limits.push(("Budget".to_string(), cash(b.amount, r)));
    }
    if !limits.is_empty() {
        blocks.push(Block::Facts(limits));
    }
    section("objective", "Objective and how it is judged", blocks)
}

fn stakeholders(sc: &Scenario) -> Option<Section> {
    if sc.stakeholders.is_empty() {
        return None;
    }
    let rows = sc
        .stakeholders
        .iter()
        .map(|s| {
            vec![
                s.name.get_ref().clone(),
                s.role.clone().unwrap_or_default(),
                s.side.as_str().to_string(),
                s.responsibility.clone().unwrap_or_default(),
            ]
        })
        .collect();
    section(
        "stakeholders",
        "Stakeholders",
        vec![Block::Table(table(
            "stakeholders",
            None,
            &["Name", "Role", "Internal or external", "Responsibility"],
            rows,
        ))],
    )
}

/// When it finishes, what it costs, and the chance of meeting the due date and the budget.
fn forecast(r: &Report) -> Option<Section> {
    let t = p_label(r.confidence);
    let mut facts = vec![
        ("Finish, P50".to_string(), r.finish_date.p50.clone()),
        ("Finish, P80".to_string(), r.finish_date.p80.clone()),
        (
            format!("Date to commit to ({t})"),
            r.buffer.finish_date.clone(),
        ),
        ("Cost, P50".to_string(), cash(r.cost.stats.p50, r)),
        ("Cost, P80".to_string(), cash(r.cost.stats.p80, r)),
        (
            format!("Budget to ask for ({t})"),
            cash(r.reserve.total_cost, r),
        ),
    ];
    if let Some(d) = &r.deadline {
        facts.push((
            format!("Chance of meeting the due date ({})", d.date),
            pct(d.probability),
        ));
    }
    if let Some(b) = &r.budget {
        facts.push((
            format!(
                "Chance of staying within the budget ({})",
                cash(b.amount, r)
            ),
            pct(b.probability),
        ));
    }
    if let Some(j) = r.joint.probability {
        facts.push(("Chance of meeting both".to_string(), pct(j)));
    }
    section(
        "forecast",
        "Forecast: due date and budget",
        vec![Block::Facts(facts)],
    )
}

fn way_of_working(sc: &Scenario, r: &Report) -> Option<Section> {
    if sc.ceremonies.is_empty() && sc.project.sprint_days.is_none() {
        return None;
    }
    let mut blocks = vec![Block::Text(format!(
        "The team works in sprints of {} working days; the finish falls in sprint {} (P50) to {} (P80).",
        days(r.sprint_days),
        r.finish_sprint.p50,
        r.finish_sprint.p80
    ))];
    if !sc.ceremonies.is_empty() {
        let rows = sc
            .ceremonies
            .iter()
            .map(|c| {
                vec![
                    c.name.get_ref().clone(),
                    c.cadence.clone().unwrap_or_default(),
                    c.who.clone().unwrap_or_default(),
                ]
            })
            .collect();
        blocks.push(Block::Table(table(
            "ceremonies",
            None,
            &["Ceremony", "Cadence", "Who"],
            rows,
        )));
    }
    section("way-of-working", "Way of working", blocks)
}

fn sign_off(sc: &Scenario) -> Option<Section> {
    if sc.stakeholders.is_empty() {
        return None;
    }
    let rows = sc
        .stakeholders
        .iter()
        .map(|s| {
            vec![
                s.name.get_ref().clone(),
                s.role.clone().unwrap_or_default(),
                String::new(),
                String::new(),
            ]
        })
        .collect();
    section(
        "sign-off",
        "Sign-off",
        vec![
            Block::Text(
                "By signing, each stakeholder agrees to this playbook and its figures.".into(),
            ),
            Block::Table(table(
                "sign-off",
                None,
                &["Name", "Role", "Signature", "Date"],
                rows,
            )),
        ],
    )
}
