//! The summary's sections on resources: the team and quotas (capacity, utilisation, the
//! bottleneck, what one more unit buys) and the backup reserve at the target.

use std::fmt::Write;

use super::grid::Grid;
use super::{money, pct};
use crate::report::Report;

/// The resources: capacity, utilisation, bottleneck and what one more unit buys.
pub(super) fn resources(s: &mut String, r: &Report, target: &str, days_unit: &str, width: usize) {
    if r.resources.is_empty() {
        return;
    }
    let _ = writeln!(
        s,
        "\nTeam and quotas ({})",
        if r.resource_constrained {
            "levelled in every iteration: no one is booked beyond what exists"
        } else {
            "capacities ignored: utilisation above 100% is overbooking"
        }
    );
    let mut g = Grid::new(&[
        "",
        "capacity",
        "utilisation",
        "bottleneck",
        &format!("{target} with one more"),
    ]);
    for x in &r.resources {
        let more = x
            .p80_days_saved_with_one_more
            .map(|d| {
                if d >= 0.05 {
                    format!("{d:.1} {days_unit} earlier")
                } else {
                    "no earlier".into()
                }
            })
            .unwrap_or_else(|| "-".into());
        g.row(&[
            x.name.clone(),
            units(x.capacity, &x.kind),
            pct(x.utilisation),
            if r.resource_constrained {
                pct(x.bottleneck_share)
            } else {
                "-".into()
            },
            more,
        ]);
    }
    s.push_str(&g.render(width));
    if let Some(u) = &r.unconstrained {
        let _ = writeln!(
            s,
            "  With capacities ignored, {target} would be {} ({:.1} {days_unit} earlier).",
            u.commit_date, u.delay_days
        );
    }
    let top = r
        .resources
        .iter()
        .filter(|x| x.bottleneck_share > 0.0)
        .max_by(|a, b| a.bottleneck_share.total_cmp(&b.bottleneck_share));
    if let (true, Some(x)) = (r.resource_constrained, top) {
        let one = if x.kind == "role" {
            "person"
        } else {
            "instance"
        };
        let more = match x.p80_days_saved_with_one_more {
            Some(d) if d > 0.05 => {
                format!("; one more {one} would bring {target} {d:.1} {days_unit} earlier")
            }
            Some(_) => format!("; one more {one} would not bring {target} earlier"),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "  {} holds the schedule back most (the bottleneck in {} of iterations){more}.",
            x.name,
            pct(x.bottleneck_share)
        );
    }
}

/// `1 person`, `3 people`, `4 instances`.
fn units(count: f64, kind: &str) -> String {
    let one = count == 1.0;
    let unit = match (kind, one) {
        ("role", true) => "person",
        ("role", false) => "people",
        (_, true) => "instance",
        (_, false) => "instances",
    };
    format!("{count} {unit}")
}

/// The reserve at the target: money, person-days and instance-hours beyond the plan; what a
/// padded plan already holds, in words.
pub(super) fn reserve(s: &mut String, r: &Report, target: &str) {
    let cur = &r.currency;
    let rv = &r.reserve;
    let se = money(r.standard_error.cost.target);
    if rv.cost <= -0.5 {
        let _ = writeln!(
            s,
            "\nBackup reserve for {target}: no money to add: the plan's cost already holds {} {cur} more than {target} needs; total to ask for: {} {cur} (+-{se} {cur} standard error)",
            money(-rv.cost),
            money(rv.total_cost)
        );
    } else {
        let _ = writeln!(
            s,
            "\nBackup reserve for {target}: {} {cur} beyond the deterministic cost; total to ask for: {} {cur} (+-{se} {cur} standard error)",
            money(rv.cost.max(0.0)),
            money(rv.total_cost)
        );
    }
    let amounts = rv
        .person_days
        .iter()
        .map(|(n, v)| (n, v, "person-days"))
        .chain(
            rv.instance_hours
                .iter()
                .map(|(n, v)| (n, v, "instance-hours")),
        );
    for (name, &v, unit) in amounts {
        if v <= -0.05 {
            let _ = writeln!(
                s,
                "  {name}: none to add: the plan already holds {:.1} {unit} more than {target} needs",
                -v
            );
        } else {
            let _ = writeln!(s, "  {name}: {:+.1} {unit}", v.max(0.0));
        }
    }
}
