//! The playbook as one self-contained, printable HTML page: the sections of
//! `report::playbook`, with the report's Gantt chart as the timeline and the report's style.
//! Every text from the scenario is escaped by `maud`; nothing on the page loads or runs
//! anything.

use maud::{Markup, html};

use super::{charts, figure};
use crate::report::playbook::{Block, Playbook, Table};

/// What the playbook adds to the report's style: room to sign, a table of contents, and
/// page breaks for print.
const CSS: &str = r#"
nav.contents ol { columns: 2; margin: 8px 0 20px; padding-left: 22px; }
section.playbook { margin-bottom: 8px; }
section.playbook p { line-height: 1.55; max-width: 70em; }
table[data-table="sign-off"] td { height: 42px; }
table[data-table="milestones"] td:nth-child(n+2), table[data-table="tasks"] td:nth-child(n+3) { white-space: nowrap; }
table[data-table="sign-off"] td:nth-child(3) { min-width: 16em; }
@media print {
  nav.contents { display: none; }
  section#sign-off { break-before: page; }
  h2 { break-after: avoid; }
}
"#;

/// The page.
pub fn playbook_page(p: &Playbook<'_>) -> Markup {
    let sections = p.sections();
    let r = p.report;
    let body = html! {
        nav.contents {
            ol {
                @for s in &sections {
                    li { a href=(format!("#{}", s.id)) { (s.title) } }
                }
            }
        }
        @for s in &sections {
            section.playbook id=(s.id) {
                h2 { (s.title) }
                @for b in &s.blocks {
                    (block(b, r))
                }
            }
        }
        footer {
            p { "Made by riskplan " (env!("CARGO_PKG_VERSION")) " from " (r.iterations) " simulations with seed " (r.seed)
                ". P50 is met in half of the simulations, " (charts::target(r)) " in " (super::format::pct(r.confidence)) " of them." }
        }
    };
    super::page_of("playbook", p.title(), &p.subtitle(), CSS, body)
}

fn block(b: &Block, r: &crate::report::Report) -> Markup {
    match b {
        Block::Text(t) => html! { p { (t) } },
        Block::Facts(facts) => html! {
            dl.assumptions {
                @for (label, value) in facts {
                    dt { (label) }
                    dd { (value) }
                }
            }
        },
        Block::Table(t) => table(t),
        // The report's chart: the plan's bars and each finish's range.
        Block::Gantt(_) => match charts::gantt_chart(r) {
            Some(c) => html! { div.grid { (figure(&c, true)) } },
            None => html! {},
        },
    }
}

fn table(t: &Table) -> Markup {
    html! {
        @if let Some(c) = &t.caption {
            h3 { (c) }
        }
        div.table-wrap {
            table data-table=(t.name) {
                thead { tr {
                    @for (h, &num) in t.headers.iter().zip(&t.numeric) {
                        th.num[num] { (h) }
                    }
                } }
                tbody {
                    @for row in &t.rows {
                        tr {
                            @for (c, &num) in row.iter().zip(&t.numeric) {
                                td.num[num] { (c) }
                            }
                        }
                    }
                }
            }
        }
    }
}
