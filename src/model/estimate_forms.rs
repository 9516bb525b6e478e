//! Which fields each form of estimate takes: an estimate whose fields belong to two forms
//! (a `value` and a `likely`, a `mean` and a `min`) is refused, since the form in force would
//! ignore the rest without a word.

use crate::scenario::Estimate;

/// Refuses an estimate that mixes forms: fields beyond `allowed` (besides `value`, which
/// allows nothing else) would be silently ignored by the form in force, `form`.
pub(super) fn only(est: &Estimate, allowed: &[&str], what: &str, form: &str) -> Result<(), String> {
    let present = [
        ("min", est.min.is_some()),
        ("likely", est.likely.is_some()),
        ("max", est.max.is_some()),
        ("dist", est.dist.is_some()),
        ("risk", est.risk.is_some()),
        ("mean", est.mean.is_some()),
        ("sd", est.sd.is_some()),
        ("p10", est.p10.is_some()),
        ("p90", est.p90.is_some()),
        ("values", est.values.is_some()),
        ("weights", est.weights.is_some()),
    ];
    let extra: Vec<String> = present
        .iter()
        .filter(|(name, set)| *set && !allowed.contains(name))
        .map(|(name, _)| format!("`{name}`"))
        .collect();
    if extra.is_empty() {
        return Ok(());
    }
    Err(format!(
        "this {what} is {form}, which does not use {}; write one form of estimate and remove the rest",
        extra.join(", ")
    ))
}
