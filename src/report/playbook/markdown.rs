//! The playbook as Markdown: plain text that reads well as it is and renders on common forges
//! (tables; the timeline as a Mermaid `gantt` block). Scenario text in a table cell has its
//! `|` escaped and its line breaks joined, so it cannot break the table; in the timeline, the
//! characters Mermaid reads as syntax are left out of names.

use super::{Block, Gantt, Playbook, Table};

/// The whole document.
pub fn markdown(p: &Playbook<'_>) -> String {
    let mut out = format!("# {}\n\n_{}_\n", line(p.title()), p.subtitle());
    for s in p.sections() {
        out.push_str(&format!("\n## {}\n", line(&s.title)));
        for b in &s.blocks {
            out.push('\n');
            match b {
                Block::Text(t) => {
                    out.push_str(t.trim_end());
                    out.push('\n');
                }
                Block::Facts(facts) => {
                    for (label, value) in facts {
                        out.push_str(&format!("- **{}:** {}\n", line(label), line(value)));
                    }
                }
                Block::Table(t) => out.push_str(&table(t)),
                Block::Gantt(g) => out.push_str(&gantt(g)),
            }
        }
    }
    out
}

/// Text on one line: line breaks become spaces.
fn line(text: &str) -> String {
    text.split(['\r', '\n'])
        .filter(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A table cell: on one line, its `|` escaped.
pub fn cell(text: &str) -> String {
    line(text).replace('|', "\\|")
}

fn table(t: &Table) -> String {
    let mut out = String::new();
    if let Some(c) = &t.caption {
        out.push_str(&format!("{}:\n\n", line(c)));
    }
    let row = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&row(t.headers.iter().map(|h| cell(h)).collect()));
    out.push_str(&row(t
        .numeric
        .iter()
        .map(|&n| if n { "---:" } else { "---" }.to_string())
        .collect()));
    for r in &t.rows {
        out.push_str(&row(r.iter().map(|c| cell(c)).collect()));
    }
    out
}

/// A name Mermaid reads as text: no `:`, `;` or `#` (its syntax), on one line.
fn mermaid_name(text: &str) -> String {
    let name: String = line(text)
        .chars()
        .map(|c| match c {
            ':' | ';' | '#' | '`' => ' ',
            c => c,
        })
        .collect();
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() { "task".into() } else { name }
}

/// The timeline as a Mermaid `gantt` block: each task from its P50 start to its P50 finish,
/// then its range to the P80 finish; the milestones at their P50 dates; the buffer.
fn gantt(g: &Gantt) -> String {
    let mut out = String::from("```mermaid\ngantt\n");
    out.push_str(&format!("    title {}\n", mermaid_name(&g.title)));
    out.push_str("    dateFormat YYYY-MM-DD\n    axisFormat %d %b\n");
    let mut group: Option<Option<&str>> = None;
    for t in &g.tasks {
        let this = t.group.as_deref();
        if group != Some(this) {
            out.push_str(&format!(
                "    section {}\n",
                this.map_or("Tasks".to_string(), mermaid_name)
            ));
            group = Some(this);
        }
        let name = mermaid_name(&t.name);
        let tag = if t.critical { "crit, " } else { "" };
        out.push_str(&format!(
            "    {name} (P50) :{tag}{}, {}\n",
            t.start_p50, t.finish_p50
        ));
        if t.finish_p80 > t.finish_p50 {
            out.push_str(&format!(
                "    {name} (to P80) :active, {}, {}\n",
                t.finish_p50, t.finish_p80
            ));
        }
    }
    if !g.milestones.is_empty() {
        out.push_str("    section Milestones\n");
        for (name, p50, commit) in &g.milestones {
            let name = mermaid_name(name);
            out.push_str(&format!("    {name} (P50) :milestone, {p50}, 0d\n"));
            out.push_str(&format!("    {name} (commit) :milestone, {commit}, 0d\n"));
        }
    }
    let (from, to) = &g.buffer;
    if to > from {
        out.push_str(&format!(
            "    section Buffer\n    Buffer to the commit date :{from}, {to}\n"
        ));
    }
    out.push_str("```\n");
    if g.left_out > 0 {
        out.push_str(&format!(
            "\nThe timeline shows the {} most critical tasks; {} more are in the tasks' table.\n",
            g.tasks.len(),
            g.left_out
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_cells_keep_the_table_whole() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
        let t = Table {
            name: "x",
            caption: None,
            headers: vec!["A".into(), "B".into()],
            numeric: vec![false, true],
            rows: vec![vec!["x|y".into(), "1\r\n2".into()]],
        };
        assert_eq!(table(&t), "| A | B |\n| --- | ---: |\n| x\\|y | 1 2 |\n");
    }

    #[test]
    fn names_in_the_timeline_lose_mermaid_syntax() {
        assert_eq!(mermaid_name("Train: v2; #1\nnow"), "Train v2 1 now");
        assert_eq!(mermaid_name(":;"), "task");
    }
}
