//! The summary's section on what the risk register's mitigations buy.

use std::fmt::Write;

use super::money;
use crate::report::Report;

/// Before and after the mitigations, and what each one buys alone against its price.
pub(super) fn mitigations(s: &mut String, r: &Report, target: &str, days_unit: &str) {
    let Some(m) = &r.mitigation else {
        return;
    };
    let cur = &r.currency;
    let _ = writeln!(
        s,
        "\nMitigations ({target}, from the same {} iterations)",
        money(m.iterations as f64)
    );
    let _ = writeln!(
        s,
        "  {:<24} {:>10} {:>14} {:>14}",
        "", "finish", days_unit, cur
    );
    for (label, f) in [("none bought", &m.before), ("all bought", &m.after)] {
        let _ = writeln!(
            s,
            "  {:<24} {:>10} {:>14.1} {:>14}",
            label,
            f.finish_date,
            f.duration_days,
            money(f.cost)
        );
    }
    let _ = writeln!(
        s,
        "  {:<24} {:>10} {:>14} {:>14} {:>14}",
        "each alone", "days saved", "cost saved", "price", "net"
    );
    for e in &m.mitigations {
        let _ = writeln!(
            s,
            "  {:<24} {:>10.1} {:>14} {:>14} {:>14}",
            e.risk,
            e.days_saved,
            money(e.cost_saved),
            money(e.cost),
            money(e.net_saving)
        );
    }
}
