//! The project playbook: the document every stakeholder reviews and signs, with its figures
//! taken from a run's report so that they stay true. The scenario gives the words (what the
//! project is, its objective and metrics, its stakeholders, how the team works); the report
//! gives every number. [`Playbook::sections`] lays both out once as sections of plain text,
//! tables and a timeline; `markdown` writes them for a wiki or a repository, and
//! `report::html::playbook_page` as a printable page. A section whose input is absent is left
//! out, heading and all.

mod figures;
pub mod markdown;
mod sections;

use crate::report::Report;
use crate::scenario::Scenario;

/// A scenario's words and the report of one of its runs.
#[derive(Debug, Clone, Copy)]
pub struct Playbook<'a> {
    pub scenario: &'a Scenario,
    pub report: &'a Report,
}

/// One section of the playbook: its anchor, its heading and what it holds, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// A stable name (`objective`, `sign-off`): the HTML's `id`.
    pub id: &'static str,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// A piece of a section. Text is plain: each output escapes it as its format needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Text(String),
    /// Label and value pairs (`Complexity`, `high: ...`).
    Facts(Vec<(String, String)>),
    Table(Table),
    /// The timeline: the tasks' P50 and P80 dates, the milestones and the buffer.
    Gantt(Gantt),
}

/// A table with an optional caption; `numeric[i]` right-aligns column `i`.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// A stable name (`allocation`): the HTML's `data-table`.
    pub name: &'static str,
    pub caption: Option<String>,
    pub headers: Vec<String>,
    pub numeric: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

/// The timeline's bars, as dates (ISO) of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Gantt {
    pub title: String,
    pub tasks: Vec<GanttTask>,
    /// Tasks of the plan not drawn (a large plan shows its most critical ones).
    pub left_out: usize,
    /// (name, P50 date, date at the target confidence) of each milestone.
    pub milestones: Vec<(String, String, String)>,
    /// The buffer: from the plan's finish to the commit date at the target confidence.
    pub buffer: (String, String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct GanttTask {
    pub name: String,
    /// The milestone it belongs to, if any.
    pub group: Option<String>,
    pub start_p50: String,
    pub finish_p50: String,
    pub finish_p80: String,
    /// On the critical path in at least half of the simulations.
    pub critical: bool,
}

impl Playbook<'_> {
    /// Every section the scenario and the report give, in the playbook's order.
    pub fn sections(&self) -> Vec<Section> {
        sections::all(self)
    }

    /// The document's title: the project's name.
    pub fn title(&self) -> &str {
        &self.report.scenario
    }

    /// One line under the title: where the figures come from.
    pub fn subtitle(&self) -> String {
        let r = self.report;
        let mut s = format!(
            "Project playbook · figures from {} simulations (seed {}) · start {}",
            crate::report::table::money(r.iterations as f64),
            r.seed,
            r.start
        );
        if let Some(plan) = &r.plan {
            s.push_str(&format!(" · plan {plan}"));
        }
        s
    }
}
