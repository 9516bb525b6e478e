//! The report as one self-contained HTML page for stakeholders: a plain-language summary, the
//! charts as inline SVG, the tables of buffers, reserves, risks and inputs. Nothing on the
//! page loads or runs anything (a Content-Security-Policy forbids it), every text from the
//! scenario is escaped by `maud`, and every figure comes from the report: the page only
//! chooses words and formats. `Charts` writes the same charts as standalone SVG files.

mod charts;
mod comparison_charts;
pub mod format;
mod playbook;
mod reserve_charts;
mod style;
mod summary;
mod tables;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::{ComparisonReport, Document, Export, Exporter, Report};
pub use charts::{Chart, run_charts};
pub use comparison_charts::comparison_charts;
pub use playbook::playbook_page;

/// The HTML page.
pub struct Html;

/// Each chart as its own SVG file, named after the chart (`finish-s-curve.svg`).
pub struct Charts;

/// What the page allows: inline styles and `data:` images, nothing else.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

impl Exporter for Html {
    fn export(&self, doc: Document<'_>) -> crate::Result<Export> {
        let page = match doc {
            Document::Run(r) => run_page(r),
            Document::Comparison(c) => comparison_page(c),
        };
        let mut bytes = page.into_string().into_bytes();
        bytes.push(b'\n');
        Ok(Export::Document(bytes))
    }
}

impl Exporter for Charts {
    fn export(&self, doc: Document<'_>) -> crate::Result<Export> {
        let file = |prefix: &str, c: &Chart| {
            (
                format!("{prefix}{}.svg", c.name),
                crate::report::svg::file(&c.svg),
            )
        };
        let files = match doc {
            Document::Run(r) => run_charts(r).iter().map(|c| file("", c)).collect(),
            // The comparison's own charts, then each plan's, prefixed with its position and
            // its name in characters safe in any file name (`2-spot-gantt.svg`).
            Document::Comparison(c) => {
                let mut files: Vec<_> =
                    comparison_charts(c).iter().map(|ch| file("", ch)).collect();
                for (k, plan) in c.plans.iter().enumerate() {
                    let safe: String = plan
                        .name
                        .chars()
                        .map(|ch| {
                            if ch.is_ascii_alphanumeric() || ch == '-' || ch == '_' {
                                ch
                            } else {
                                '-'
                            }
                        })
                        .collect();
                    let prefix = format!("{}-{safe}-", k + 1);
                    files.extend(run_charts(&plan.report).iter().map(|ch| file(&prefix, ch)));
                }
                files
            }
        };
        Ok(Export::Files(files))
    }
}

/// The page around a body.
fn page(title: &str, subtitle: &str, body: Markup) -> Markup {
    page_of("schedule and cost risk", title, subtitle, "", body)
}

/// A self-contained page of `kind` (the window title's second part): the head every page
/// has (the content policy, the report's style and then `css`), the header, and `body`.
fn page_of(kind: &str, title: &str, subtitle: &str, css: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(CSP);
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(concat!("riskplan ", env!("CARGO_PKG_VERSION")));
                title { (title) " · " (kind) }
                style { (PreEscaped(style::CSS)) (PreEscaped(css)) }
            }
            body {
                header.page {
                    div.inner {
                        h1 { (title) }
                        p { (subtitle) }
                    }
                }
                main { (body) }
            }
        }
    }
}

fn subtitle(r: &Report) -> String {
    let mut s = format!(
        "Schedule and cost risk · {} simulations · seed {} · start {}",
        format::number(r.iterations as f64, 0),
        r.seed,
        format::long_date(&r.start)
    );
    if let Some(status) = &r.status_date {
        s.push_str(&format!(" · re-forecast at {}", format::long_date(status)));
    }
    if let Some(plan) = &r.plan {
        s.push_str(&format!(" · plan {plan}"));
    }
    s
}

/// A chart in its frame, with its heading and caption.
fn figure(c: &Chart, wide: bool) -> Markup {
    html! {
        figure.chart.wide[wide] {
            h3 { (c.title) }
            (c.svg)
            figcaption { (c.caption) }
        }
    }
}

/// The charts named in `names`, in pairs on a wide screen.
fn chart_grid(charts: &[Chart], names: &[&str]) -> Markup {
    let chosen: Vec<&Chart> = names
        .iter()
        .filter_map(|n| charts.iter().find(|c| c.name == *n))
        .collect();
    html! {
        @if !chosen.is_empty() {
            div.grid {
                @for c in &chosen {
                    (figure(c, chosen.len() == 1))
                }
            }
        }
    }
}

/// Everything about one run, below the page's header.
fn run_body(r: &Report) -> Markup {
    let charts = run_charts(r);
    let has = |name: &str| charts.iter().any(|c| c.name == name);
    html! {
        (summary::summary(r))
        @if !r.warnings.is_empty() {
            ul.warnings {
                @for w in &r.warnings { li { (w) } }
            }
        }
        @if has("finish-s-curve") || has("finish-histogram") {
            h2 { "When it finishes" }
            (chart_grid(&charts, &["finish-s-curve", "finish-histogram"]))
        }
        @if has("cost-s-curve") || has("cost-histogram") {
            h2 { "What it costs" }
            (chart_grid(&charts, &["cost-s-curve", "cost-histogram"]))
        }
        @if has("schedule-drivers") || has("cost-drivers") || has("criticality") {
            h2 { "What drives it" }
            // Full width each: a tornado's names need the room.
            @for name in ["schedule-drivers", "cost-drivers", "criticality"] {
                @if let Some(c) = charts.iter().find(|c| c.name == name) {
                    div.grid { (figure(c, true)) }
                }
            }
        }
        @if let Some(c) = charts.iter().find(|c| c.name == "gantt") {
            h2 { "The plan and its ranges" }
            div.grid { (figure(c, true)) }
        }
        @if let Some(c) = charts.iter().find(|c| c.name == "cost-finish-scatter") {
            h2 { "Cost and schedule together" }
            div.grid { (figure(c, true)) }
            (tables::frontier(r))
        }
        h2 { "Buffers and reserves" }
        @for name in ["buffers", "reserves"] {
            @if let Some(c) = charts.iter().find(|c| c.name == name) {
                div.grid { (figure(c, true)) }
            }
        }
        (tables::buffers(r))
        (tables::reserves(r))
        @if !r.resources.is_empty() {
            h2 { "Team and quotas" }
            (tables::resources(r))
        }
        @if let Some(m) = &r.mitigation {
            h2 { "What the mitigations buy" }
            (tables::mitigation(r, m))
        }
        @if !r.risks.is_empty() {
            h2 { "Risk events" }
            (tables::risks(r))
        }
        h2 { "Inputs" }
        (tables::inputs(r))
        footer {
            p { "Made by riskplan " (env!("CARGO_PKG_VERSION")) " from " (r.iterations) " simulations with seed " (r.seed)
                ". Percentiles: P50 is met in half of the simulations, " (charts::target(r)) " in " (format::pct(r.confidence)) " of them." }
        }
    }
}

/// The page of one run.
pub fn run_page(r: &Report) -> Markup {
    page(&r.scenario, &subtitle(r), run_body(r))
}

/// The page of a comparison: the plans against each other, then each plan in full.
pub fn comparison_page(c: &ComparisonReport) -> Markup {
    let Some(first) = c.plans.first() else {
        return page("Comparison", "No plans", html! {});
    };
    let charts = comparison_charts(c);
    let names: Vec<&str> = c.plans.iter().map(|p| p.name.as_str()).collect();
    let sub = format!(
        "Plans compared: {} · {} simulations each, the same draws for every plan · seed {}",
        names.join(", "),
        format::number(first.report.iterations as f64, 0),
        first.report.seed
    );
    let body = html! {
        (summary::comparison(c))
        h2 { "The plans against each other" }
        (chart_grid(&charts, &["finish-s-curves", "cost-s-curves"]))
        @for c in charts.iter().filter(|c| c.name.starts_with("plans-")) {
            div.grid { (figure(c, true)) }
        }
        (tables::comparison(c))
        @for p in &c.plans {
            section.plan data-plan=(p.name) {
                h2 { "Plan " (p.name) }
                (run_body(&p.report))
            }
        }
    };
    page(&first.report.scenario, &sub, body)
}
