//! `riskplan playbook` and `riskplan init`: every section of a full scenario's playbook and
//! none of a minimal one's, the figures of the JSON report of the same seed, scenario text
//! escaped in HTML and in Markdown tables, and every template written by `init` checked, run
//! and rendered.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use scraper::{Html, Selector};
use serde_json::Value;

use riskplan::report::html::format::pct;
use riskplan::report::table::money;

fn scenario(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("scenarios")
        .join(name)
}

fn riskplan(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("riskplan")
        .expect("the binary is built")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn ok(dir: &Path, args: &[&str]) -> Output {
    let o = riskplan(dir, args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("a valid selector")
}

/// The section titles of a Markdown playbook (`## ...`).
fn headings(md: &str) -> Vec<&str> {
    md.lines().filter_map(|l| l.strip_prefix("## ")).collect()
}

/// The sections of the page, by id.
fn section_ids(page: &Html) -> Vec<String> {
    page.select(&sel("section.playbook"))
        .map(|s| s.value().attr("id").unwrap_or("").to_string())
        .collect()
}

const EVERY_SECTION: [&str; 12] = [
    "project",
    "objective",
    "stakeholders",
    "forecast",
    "milestones",
    "level-of-effort",
    "allocation",
    "timeline",
    "reserve",
    "risks",
    "way-of-working",
    "sign-off",
];

#[test]
fn a_full_scenario_renders_every_section_with_the_json_reports_figures() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let file = scenario("dl-project.toml");
    let file = file.to_str().unwrap();
    let sim = ["-n", "2000", "--seed", "7", "-q"];
    ok(d, &[&["run", file, "--json", "r.json"][..], &sim].concat());
    ok(
        d,
        &[
            &["playbook", file, "--markdown", "p.md", "--html", "p.html"][..],
            &sim,
        ]
        .concat(),
    );
    let json: Value = serde_json::from_slice(&std::fs::read(d.join("r.json")).unwrap()).unwrap();
    let md = std::fs::read_to_string(d.join("p.md")).unwrap();
    let html = std::fs::read_to_string(d.join("p.html")).unwrap();
    let page = Html::parse_document(&html);

    assert_eq!(section_ids(&page), EVERY_SECTION);
    assert_eq!(headings(&md).len(), EVERY_SECTION.len(), "{md}");
    for title in [
        "The project",
        "Objective and how it is judged",
        "Stakeholders",
        "Milestones and tasks",
        "Level-of-effort work",
        "Resource allocation",
        "Timeline",
        "Backup reserve (P80)",
        "Main risks",
        "Way of working",
        "Sign-off",
    ] {
        assert!(headings(&md).contains(&title), "{title}: {md}");
    }

    // The figures are the JSON report's.
    let s = |path: &str| {
        path.split('.')
            .fold(&json, |v, k| &v[k])
            .as_str()
            .unwrap()
            .to_string()
    };
    let f = |path: &str| path.split('.').fold(&json, |v, k| &v[k]).as_f64().unwrap();
    let p80 = s("finish_date.p80");
    let reserve = format!("{} USD", money(f("reserve.cost")));
    let deadline = pct(f("deadline.probability"));
    let budget = pct(f("budget.probability"));
    for line in [
        format!("- **Finish, P80:** {p80}"),
        format!("- **Date to commit to (P80):** {}", s("buffer.finish_date")),
        format!("- **Money:** {reserve}"),
        format!(
            "- **Chance of meeting the due date ({}):** {deadline}",
            s("deadline.date")
        ),
        format!("- **Chance of staying within the budget (400,000 USD):** {budget}"),
    ] {
        assert!(md.lines().any(|l| l == line), "`{line}` in\n{md}");
    }
    let reserve_html: Vec<String> = page
        .select(&sel("section#reserve dd"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(reserve_html[0], reserve);
    let forecast: String = page
        .select(&sel("section#forecast"))
        .flat_map(|e| e.text())
        .collect();
    assert!(
        forecast.contains(&p80) && forecast.contains(&deadline),
        "{forecast}"
    );

    // Each task's cost in the allocation table is the report's.
    let task = &json["tasks"][0];
    let row = md
        .lines()
        .find(|l| {
            l.starts_with(&format!("| {} |", task["name"].as_str().unwrap()))
                && l.matches('|').count() == 7
        })
        .expect("the first task's allocation row");
    assert!(
        row.contains(&money(task["cost"]["p80"].as_f64().unwrap())),
        "{row}"
    );

    // The timeline: a Mermaid block in Markdown, the report's SVG Gantt on the page.
    assert!(md.contains("```mermaid\ngantt\n"), "{md}");
    assert!(md.contains(":crit, "), "critical tasks are marked");
    assert_eq!(page.select(&sel("section#timeline svg")).count(), 1);
    // Risks carry their owners and mitigations; the sign-off lists every stakeholder.
    assert!(
        md.contains("| Labelling vendor | A paid second pilot"),
        "{md}"
    );
    assert_eq!(
        page.select(&sel("table[data-table=\"sign-off\"] tbody tr"))
            .count(),
        6
    );
    // Self-contained: nothing runs or loads.
    assert_eq!(page.select(&sel("script, link, img, iframe")).count(), 0);
    for a in page.select(&sel("[href]")) {
        assert!(a.value().attr("href").unwrap().starts_with('#'));
    }
}

const MINIMAL: &str = "[project]\nname = \"Small\"\nstart = 2027-01-04\n\n[[tasks]]\nid = \"a\"\nestimate = { min = 2, likely = 3, max = 6 }\n\n[[tasks]]\nid = \"b\"\ndepends_on = [\"a\"]\nestimate = 2\n";

#[test]
fn a_minimal_scenario_leaves_out_the_sections_it_gives_nothing_for() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("small.toml"), MINIMAL).unwrap();
    let out = ok(
        d,
        &[
            "playbook",
            "small.toml",
            "-n",
            "300",
            "-q",
            "--html",
            "p.html",
        ],
    );
    assert!(
        out.stdout.is_empty(),
        "--html alone writes nothing to standard output"
    );
    // Without --markdown or --html, the Markdown goes to standard output.
    let out = ok(d, &["playbook", "small.toml", "-n", "300", "-q"]);
    let md = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        headings(&md),
        [
            "Forecast: due date and budget",
            "Milestones and tasks",
            "Resource allocation",
            "Timeline",
            "Backup reserve (P80)"
        ],
        "{md}"
    );
    assert!(
        !md.contains("Chance of meeting"),
        "no due date, no chance: {md}"
    );
    let page = Html::parse_document(&std::fs::read_to_string(d.join("p.html")).unwrap());
    assert_eq!(
        section_ids(&page),
        [
            "forecast",
            "milestones",
            "allocation",
            "timeline",
            "reserve"
        ]
    );
    for s in page.select(&sel("section.playbook")) {
        // A heading and something under it.
        let elements = s.children().filter(|c| c.value().is_element()).count();
        assert!(elements >= 2, "an empty section");
    }
}

#[test]
fn scenario_text_is_escaped_in_html_and_in_markdown_tables() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = format!(
        "{}\n[[stakeholders]]\nname = \"A | B\"\nrole = \"\"\"two\nlines\"\"\"\nresponsibility = \"<script>alert(1)</script>\"\n",
        MINIMAL.replace(
            "name = \"Small\"",
            "name = \"Small <b>&</b>\"\ndescription = \"<img src=x onerror=alert(1)>\""
        )
    );
    std::fs::write(d.join("x.toml"), text).unwrap();
    ok(
        d,
        &[
            "playbook",
            "x.toml",
            "-n",
            "200",
            "-q",
            "--html",
            "p.html",
            "--markdown",
            "p.md",
        ],
    );
    let html = std::fs::read_to_string(d.join("p.html")).unwrap();
    assert!(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>"));
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{html}"
    );
    assert!(html.contains("Small &lt;b&gt;&amp;&lt;/b&gt;"));
    let md = std::fs::read_to_string(d.join("p.md")).unwrap();
    assert!(md.contains("| A \\| B | two lines | internal |"), "{md}");
}

#[test]
fn playbook_outputs_are_checked_before_the_simulation() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("small.toml"), MINIMAL).unwrap();
    let o = riskplan(d, &["playbook", "small.toml", "--html", "missing/p.html"]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains("--html: the folder `missing` does not exist"),
        "{e}"
    );
    let o = riskplan(
        d,
        &["playbook", "small.toml", "--markdown", "p", "--html", "p"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!d.join("p").exists());
}

#[test]
fn init_writes_each_template_which_check_accepts_run_runs_and_playbook_renders() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let list = String::from_utf8(ok(d, &["init", "--template", "list"]).stdout).unwrap();
    for t in riskplan::templates::TEMPLATES {
        assert!(list.contains(t.name), "{list}");
        let file = format!("{}.toml", t.name);
        ok(d, &["init", &file, "--template", t.name]);
        assert_eq!(std::fs::read_to_string(d.join(&file)).unwrap(), t.text);
        ok(d, &["check", &file]);
        ok(d, &["run", &file, "-n", "300", "-q", "--json", "r.json"]);
        let md = String::from_utf8(ok(d, &["playbook", &file, "-n", "300", "-q"]).stdout).unwrap();
        // A template has every section.
        assert_eq!(headings(&md).len(), EVERY_SECTION.len(), "{}: {md}", t.name);
    }
    // The default file and template.
    ok(d, &["init"]);
    assert_eq!(
        std::fs::read_to_string(d.join("riskplan.toml")).unwrap(),
        riskplan::templates::TEMPLATES[0].text
    );
    // An existing file is kept unless --force.
    std::fs::write(d.join("riskplan.toml"), "mine").unwrap();
    let o = riskplan(d, &["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(d.join("riskplan.toml")).unwrap(),
        "mine"
    );
    ok(d, &["init", "--force", "--template", "gpu-training"]);
    assert!(
        std::fs::read_to_string(d.join("riskplan.toml"))
            .unwrap()
            .contains("[[plans]]")
    );
    // `-` writes to standard output; an unknown template is refused with the list.
    let o = ok(d, &["init", "-"]);
    assert_eq!(o.stdout, riskplan::templates::TEMPLATES[0].text.as_bytes());
    let o = riskplan(d, &["init", "x.toml", "--template", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(e.contains("`dl-project`, `gpu-training`"), "{e}");
    assert!(!d.join("x.toml").exists());
}
