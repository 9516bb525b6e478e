//! The risk-level table: how a most-likely value plus a level (`low` ... `very_high`) becomes a
//! distribution. The defaults below are right-skewed on purpose: estimates are optimistic far
//! more often than pessimistic (the planning fallacy), so the upside is bounded near the
//! estimate and the downside is long. A scenario overrides any level, or adds its own, with
//! `[risk_levels.NAME] min = 0.9, max = 1.3, dist = "pert"` (fractions of the most-likely value).

use std::collections::BTreeMap;

use serde::Deserialize;

/// One row of the table: min and max as fractions of the most-likely value.
#[derive(Debug, Clone, PartialEq)]
pub struct Level {
    pub min_fraction: f64,
    pub max_fraction: f64,
    /// `pert`, `triangular` or `uniform`.
    pub dist: String,
}

/// An override as written in the scenario; missing fields keep the default's values.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelOverride {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub dist: Option<String>,
}

/// The documented defaults.
///
/// | level       | min  | max  | dist |
/// |-------------|------|------|------|
/// | `low`       | 0.90 | 1.25 | pert |
/// | `medium`    | 0.85 | 1.50 | pert |
/// | `high`      | 0.80 | 2.00 | pert |
/// | `very_high` | 0.75 | 3.00 | pert |
pub fn defaults() -> BTreeMap<String, Level> {
    [
        ("low", 0.90, 1.25),
        ("medium", 0.85, 1.50),
        ("high", 0.80, 2.00),
        ("very_high", 0.75, 3.00),
    ]
    .into_iter()
    .map(|(name, min_fraction, max_fraction)| {
        (
            name.to_string(),
            Level {
                min_fraction,
                max_fraction,
                dist: "pert".to_string(),
            },
        )
    })
    .collect()
}

/// The defaults with a scenario's overrides applied (new names add levels).
pub fn with_overrides<'a>(
    overrides: impl IntoIterator<Item = (&'a String, &'a LevelOverride)>,
) -> BTreeMap<String, Level> {
    let mut table = defaults();
    for (name, o) in overrides {
        let entry = table.entry(name.clone()).or_insert(Level {
            min_fraction: 1.0,
            max_fraction: 1.0,
            dist: "pert".to_string(),
        });
        if let Some(min) = o.min {
            entry.min_fraction = min;
        }
        if let Some(max) = o.max {
            entry.max_fraction = max;
        }
        if let Some(dist) = &o.dist {
            entry.dist = dist.clone();
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_right_skewed_and_widen_with_the_level() {
        let t = defaults();
        let order = ["low", "medium", "high", "very_high"];
        for pair in order.windows(2) {
            let (a, b) = (&t[pair[0]], &t[pair[1]]);
            assert!(b.min_fraction <= a.min_fraction && b.max_fraction > a.max_fraction);
        }
        for level in t.values() {
            assert!(level.max_fraction - 1.0 > 1.0 - level.min_fraction);
        }
    }

    #[test]
    fn an_override_changes_only_the_fields_it_names() {
        let o = LevelOverride {
            min: None,
            max: Some(4.0),
            dist: None,
        };
        let name = "high".to_string();
        let t = with_overrides([(&name, &o)]);
        assert_eq!(t["high"].max_fraction, 4.0);
        assert_eq!(t["high"].min_fraction, 0.80);
        assert_eq!(t["low"], defaults()["low"]);
    }
}
