//! What the risk register's mitigations buy, as the report holds it: the figures with none
//! and with every mitigation bought, and each mitigation bought alone.

use schemars::JsonSchema;
use serde::Serialize;

/// Project figures at the target confidence under one set of mitigations.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct MitigationFigures {
    /// Working days at the target confidence.
    pub duration_days: f64,
    /// The finish date at the target confidence.
    pub finish_date: String,
    /// Total cost at the target confidence, the mitigations' price included.
    pub cost: f64,
    pub mean_cost: f64,
    /// Chance of meeting the deadline; null without one.
    pub deadline_probability: Option<f64>,
}

/// What one mitigation buys, bought alone on the unmitigated plan.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct MitigationEffect {
    /// The risk event it mitigates.
    pub risk: String,
    pub description: String,
    /// Its price.
    pub cost: f64,
    /// Working days by which the finish at the target confidence comes earlier.
    pub days_saved: f64,
    /// Money by which the total cost at the target confidence falls, before paying its price.
    pub cost_saved: f64,
    /// `cost_saved` less its price: positive when it pays for itself at the target confidence.
    pub net_saving: f64,
    /// The project's figures with this mitigation alone bought (its price included).
    pub alone: MitigationFigures,
}

/// Before and after the risk register's mitigations, from the same iterations (common random
/// numbers): one run gives both.
#[derive(Debug, Clone, Serialize, JsonSchema, PartialEq)]
pub struct MitigationReport {
    pub iterations: usize,
    /// No mitigation bought.
    pub before: MitigationFigures,
    /// Every mitigation bought.
    pub after: MitigationFigures,
    /// Each mitigation alone, in register order.
    pub mitigations: Vec<MitigationEffect>,
}
