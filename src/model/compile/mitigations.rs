//! Which of the risk register's mitigations are in force in a compiled model: none (the plan
//! as it stands), all (`run --mitigated`), or a chosen set (what one mitigation buys alone).
//! Mitigating a risk swaps its impact for the post-mitigation one and pays its price in every
//! iteration; the draws behind the risk stay the same, so that variants of one scenario
//! compare with common random numbers.

use crate::error::{Error, Result};
use crate::model::Model;

/// The mitigations in force.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Mitigations {
    /// None: every risk as the register gives it before mitigation.
    #[default]
    None,
    /// Every mitigation the register gives.
    All,
    /// The mitigations of these risks (ids), each of which must have one.
    Only(Vec<String>),
}

impl Mitigations {
    /// True when every mitigation is in force (`run --mitigated`).
    pub fn is_all(&self) -> bool {
        matches!(self, Mitigations::All)
    }

    /// Puts the chosen mitigations in force in `model`, which has none in force yet.
    pub(super) fn apply(&self, model: &mut Model) -> Result<()> {
        if let Mitigations::Only(ids) = self {
            for id in ids {
                let found = model.risks.iter().find(|r| &r.id == id);
                if found.is_none_or(|r| r.mitigation.is_none()) {
                    let with: Vec<String> = model
                        .risks
                        .iter()
                        .filter(|r| r.mitigation.is_some())
                        .map(|r| format!("`{}`", r.id))
                        .collect();
                    let what = if found.is_some() {
                        "has no mitigation"
                    } else {
                        "is not in the risk register"
                    };
                    return Err(Error::Options(format!(
                        "risk `{id}` {what}; the risks with a mitigation are: {}",
                        if with.is_empty() {
                            "none".to_string()
                        } else {
                            with.join(", ")
                        }
                    )));
                }
            }
        }
        for r in &mut model.risks {
            let chosen = match self {
                Mitigations::None => false,
                Mitigations::All => true,
                Mitigations::Only(ids) => ids.contains(&r.id),
            };
            if chosen && let Some((impact, _)) = &r.mitigation {
                r.impact = impact.clone();
                r.mitigated = true;
            }
        }
        Ok(())
    }
}
