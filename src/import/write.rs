//! An imported plan written out as a scenario file a person reads and edits: a commented
//! header (where it came from, what it left out), the project, its calendars, roles,
//! milestones and tasks, one table each, in the order of the file. Reading the text back gives
//! the same scenario, so `riskplan run` on it gives the same numbers as on the import.

use std::fmt::Write as _;

use crate::scenario::{CalendarKind, DateValue, Dependency, Estimate, LinkKind, Paid, Scenario};

use super::Loaded;

/// The scenario of an import as TOML text.
pub fn write_toml(loaded: &Loaded) -> crate::error::Result<String> {
    let mut out = String::new();
    let sc = &loaded.scenario;
    let _ = writeln!(
        out,
        "# Imported from {} ({}) by `riskplan import`.",
        loaded
            .file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        loaded.format.describe()
    );
    if !loaded.not_carried.is_empty() {
        let _ = writeln!(out, "# Left out (riskplan does not model them):");
        for (what, n) in &loaded.not_carried {
            let _ = writeln!(out, "#   {what}: {n}");
        }
    }
    write_scenario(&mut out, sc);
    Ok(out)
}

fn write_scenario(out: &mut String, sc: &Scenario) {
    let p = &sc.project;
    let _ = writeln!(out, "\n[project]");
    kv(out, "name", &string(&p.name));
    kv(out, "start", &date(p.start.get_ref()));
    kv(out, "currency", &string(&p.currency));
    if let Some(s) = &p.status_date {
        kv(out, "status_date", &date(s.get_ref()));
    }
    kv(
        out,
        "calendar",
        &string(match p.calendar {
            CalendarKind::Workdays => "workdays",
            CalendarKind::Continuous => "continuous",
        }),
    );
    if let Some(w) = &p.workweek {
        kv(out, "workweek", &strings(w.get_ref()));
    }
    dates(out, "holidays", &p.holidays);
    dates(out, "working_days", &p.working_days);
    if let Some(r) = p.resource_constrained {
        kv(out, "resource_constrained", &r.to_string());
    }
    for c in &sc.calendars {
        let _ = writeln!(out, "\n[[calendars]]");
        kv(out, "name", &string(c.name.get_ref()));
        if let Some(w) = &c.workweek {
            kv(out, "workweek", &strings(w.get_ref()));
        }
        dates(out, "holidays", &c.holidays);
        dates(out, "working_days", &c.working_days);
    }
    for r in &sc.people {
        let _ = writeln!(out, "\n[[people]]");
        kv(out, "role", &string(r.role.get_ref()));
        if let Some(c) = &r.count {
            kv(out, "count", &number(*c.get_ref()));
        }
        kv(out, "rate_per_day", &number(*r.rate_per_day.get_ref()));
        if let Some(paid) = &r.paid {
            let paid = match paid.get_ref() {
                Paid::Assigned => "assigned",
                Paid::Throughout => "throughout",
            };
            kv(out, "paid", &string(paid));
        }
    }
    for m in &sc.milestones {
        let _ = writeln!(out, "\n[[milestones]]");
        kv(out, "id", &string(m.id.get_ref()));
        if let Some(n) = &m.name {
            kv(out, "name", &string(n));
        }
        if let Some(d) = &m.deadline {
            kv(out, "deadline", &date(d.get_ref()));
        }
    }
    for t in &sc.tasks {
        let _ = writeln!(out, "\n[[tasks]]");
        kv(out, "id", &string(t.id.get_ref()));
        if let Some(n) = &t.name {
            kv(out, "name", &string(n));
        }
        if let Some(w) = &t.wbs {
            kv(out, "wbs", &string(w));
        }
        if let Some(e) = &t.estimate {
            kv(out, "estimate", &estimate(e.get_ref()));
        }
        if let Some(c) = &t.calendar {
            kv(out, "calendar", &string(c.get_ref()));
        }
        if !t.depends_on.is_empty() {
            let deps: Vec<String> = t
                .depends_on
                .iter()
                .map(|d| dependency(d.get_ref()))
                .collect();
            kv(out, "depends_on", &format!("[{}]", deps.join(", ")));
        }
        if let Some(l) = &t.level_of_effort {
            let l = l.get_ref();
            kv(
                out,
                "level_of_effort",
                &format!(
                    "{{ from = {}, to = {} }}",
                    string(l.from.get_ref()),
                    string(l.to.get_ref())
                ),
            );
        }
        if let Some(people) = &t.people {
            let list: Vec<String> = people
                .get_ref()
                .iter()
                .map(|(role, units)| format!("{} = {}", key(role), number(*units.get_ref())))
                .collect();
            kv(out, "people", &format!("{{ {} }}", list.join(", ")));
        }
        if let Some(c) = &t.cost {
            kv(out, "cost", &estimate(c.get_ref()));
        }
        if let Some(m) = &t.milestone {
            kv(out, "milestone", &string(m.get_ref()));
        }
        for (name, d) in [
            ("start_no_earlier_than", &t.start_no_earlier_than),
            ("finish_no_earlier_than", &t.finish_no_earlier_than),
            ("actual_start", &t.actual_start),
            ("actual_finish", &t.actual_finish),
        ] {
            if let Some(d) = d {
                kv(out, name, &date(d.get_ref()));
            }
        }
        if let Some(r) = &t.remaining {
            kv(out, "remaining", &estimate(r.get_ref()));
        }
    }
}

fn kv(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {value}");
}

/// A quoted TOML string.
fn string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A key, bare when TOML allows it.
fn key(s: &str) -> String {
    let bare = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare { s.to_string() } else { string(s) }
}

fn strings(list: &[String]) -> String {
    let items: Vec<String> = list.iter().map(|s| string(s)).collect();
    format!("[{}]", items.join(", "))
}

/// A date as a TOML local date.
fn date(d: &DateValue) -> String {
    match d.to_date() {
        Ok(d) => d.to_string(),
        Err(_) => string(&d.0),
    }
}

/// A list of dates, eight to a line.
fn dates(out: &mut String, name: &str, list: &[toml::Spanned<DateValue>]) {
    if list.is_empty() {
        return;
    }
    let items: Vec<String> = list.iter().map(|d| date(d.get_ref())).collect();
    let lines: Vec<String> = items
        .chunks(8)
        .map(|c| format!("  {},", c.join(", ")))
        .collect();
    let _ = writeln!(out, "{name} = [\n{}\n]", lines.join("\n"));
}

/// A number that reads back as the same `f64`: whole numbers without a fraction.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:?}")
    }
}

/// An estimate: a bare number when fixed, else an inline table of the fields it has.
fn estimate(e: &Estimate) -> String {
    if let Some(v) = e.fixed {
        return number(v);
    }
    let mut fields = Vec::new();
    for (name, v) in [
        ("min", e.min),
        ("likely", e.likely),
        ("max", e.max),
        ("mean", e.mean),
        ("sd", e.sd),
        ("p10", e.p10),
        ("p90", e.p90),
    ] {
        if let Some(v) = v {
            fields.push(format!("{name} = {}", number(v)));
        }
    }
    for (name, v) in [("dist", &e.dist), ("risk", &e.risk)] {
        if let Some(v) = v {
            fields.push(format!("{name} = {}", string(v)));
        }
    }
    for (name, v) in [("values", &e.values), ("weights", &e.weights)] {
        if let Some(v) = v {
            let list: Vec<String> = v.iter().map(|x| number(*x)).collect();
            fields.push(format!("{name} = [{}]", list.join(", ")));
        }
    }
    format!("{{ {} }}", fields.join(", "))
}

/// A dependency: its id alone for finish-to-start without lag, else a table.
fn dependency(d: &Dependency) -> String {
    if d.kind == LinkKind::FS && d.lag_days == 0.0 {
        return string(&d.task);
    }
    let kind = match d.kind {
        LinkKind::FS => "FS",
        LinkKind::SS => "SS",
        LinkKind::FF => "FF",
        LinkKind::SF => "SF",
    };
    let mut s = format!("{{ task = {}, type = \"{kind}\"", string(&d.task));
    if d.lag_days != 0.0 {
        let _ = write!(s, ", lag = {}", number(d.lag_days));
    }
    s.push_str(" }");
    s
}
