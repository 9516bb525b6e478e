//! The playbook's sections of a scenario: what the project is, what it is for and how that is
//! measured, who holds a stake in it, and how the team works. Text only: nothing here changes
//! a figure; `riskplan playbook` sets it beside the simulation's figures.

use serde::Deserialize;
use toml::Spanned;

/// `[objective]`: what the project is for, and how it will be judged.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    /// The objective in a sentence or two.
    pub summary: Option<String>,
    /// What the business measures (conversion rate, cost savings, ...).
    #[serde(default)]
    pub business_metrics: Vec<Metric>,
    /// What the model is measured by (accuracy, F1, RMSE, ...).
    #[serde(default)]
    pub model_metrics: Vec<Metric>,
}

impl Objective {
    /// True when the table says nothing.
    pub fn is_empty(&self) -> bool {
        self.summary.as_deref().is_none_or(|s| s.trim().is_empty())
            && self.business_metrics.is_empty()
            && self.model_metrics.is_empty()
    }
}

/// One metric of the objective, with its target: `[[objective.model_metrics]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metric {
    pub name: Spanned<String>,
    /// The value to reach, as text (`">= 0.92"`, `"+5%"`).
    pub target: String,
    /// Where it stands today, or the baseline it is compared with.
    pub baseline: Option<String>,
    /// How it is measured: the data, the test, the period.
    pub evaluation: Option<String>,
}

/// Whether a stakeholder belongs to the organisation running the project.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    #[default]
    Internal,
    External,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Internal => "internal",
            Side::External => "external",
        }
    }
}

/// Someone who holds a stake in the project: `[[stakeholders]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stakeholder {
    /// A person or a group; risks name their `owner` by it.
    pub name: Spanned<String>,
    /// Their role (`sponsor`, `product owner`, `labelling vendor`).
    pub role: Option<String>,
    /// `internal` (the default) or `external`.
    #[serde(default)]
    pub side: Side,
    /// What they answer for in the project.
    pub responsibility: Option<String>,
}

/// A recurring meeting of the way of working: `[[ceremonies]]`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ceremony {
    pub name: Spanned<String>,
    /// How often (`"every sprint"`, `"daily, 15 minutes"`).
    pub cadence: Option<String>,
    /// Who takes part.
    pub who: Option<String>,
}
