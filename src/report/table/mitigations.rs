//! The summary's section on what the risk register's mitigations buy.

use std::fmt::Write;

use super::grid::Grid;
use super::money;
use crate::report::Report;

/// Before and after the mitigations, and what each one buys alone against its price (the
/// first `top`).
pub(super) fn mitigations(
    s: &mut String,
    r: &Report,
    target: &str,
    days_unit: &str,
    top: usize,
    width: usize,
) {
    let Some(m) = &r.mitigation else {
        return;
    };
    let cur = &r.currency;
    let _ = writeln!(
        s,
        "\nMitigations ({target}, from the same {} iterations)",
        money(m.iterations as f64)
    );
    let mut g = Grid::new(&["", "finish", days_unit, cur]);
    for (label, f) in [("none bought", &m.before), ("all bought", &m.after)] {
        g.row(&[
            label.to_string(),
            f.finish_date.clone(),
            format!("{:.1}", f.duration_days),
            money(f.cost),
        ]);
    }
    s.push_str(&g.render(width));
    let mut g = Grid::new(&[
        "each alone",
        &format!("{days_unit} saved"),
        &format!("cost saved, {cur}"),
        &format!("price, {cur}"),
        &format!("net, {cur}"),
    ]);
    let shown = m.mitigations.len().min(top);
    for e in &m.mitigations[..shown] {
        g.row(&[
            e.risk.clone(),
            format!("{:.1}", e.days_saved),
            money(e.cost_saved),
            money(e.cost),
            money(e.net_saving),
        ]);
    }
    s.push_str(&g.render(width));
    if m.mitigations.len() > shown {
        let _ = writeln!(
            s,
            "  ... and {} more in the JSON and CSV reports",
            m.mitigations.len() - shown
        );
    }
}
