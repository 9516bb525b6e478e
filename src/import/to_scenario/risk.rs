//! Risk templates, as professional tools' "quick risk": the uncertainty an import puts on
//! tasks whose file gives none. A level for every task (`--risk medium`), a range of
//! percentages of each duration (`--risk 90%..150%`), or a level per task read from one of the
//! file's fields (`--risk-field Risk`). A task's own three-point estimate or risk level (a
//! task CSV's `risk` column) wins over the template; milestones and finished work stay fixed.

use std::collections::BTreeMap;

use crate::import::schedule::Task;
use crate::scenario::Estimate;

/// The uncertainty to give tasks that have none of their own.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskTemplate {
    /// Durations as the file gives them.
    #[default]
    None,
    /// A risk level for every task (`low`, `medium`, `high`, `very_high`).
    Level(String),
    /// Every duration ranges from `min` to `max` times itself, most likely itself (PERT).
    Range { min: f64, max: f64 },
    /// Each task's level is the value of this field of the file.
    Field(String),
}

impl RiskTemplate {
    /// Reads `--risk`: a level name, or `MIN%..MAX%` (e.g. `90%..150%`).
    pub fn parse(text: &str) -> Result<RiskTemplate, String> {
        if let Some((lo, hi)) = text.split_once("..") {
            let pct = |s: &str| -> Result<f64, String> {
                let s = s.trim();
                let v = s.strip_suffix('%').ok_or_else(|| {
                    format!("`{s}` is not a percentage; write the range as e.g. 90%..150%")
                })?;
                v.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite() && *x >= 0.0)
                    .map(|x| x / 100.0)
                    .ok_or_else(|| format!("`{s}` is not a percentage; write e.g. 90%"))
            };
            let (min, max) = (pct(lo)?, pct(hi)?);
            if !(min <= 1.0 && 1.0 <= max && min < max) {
                return Err(format!(
                    "the range {text} must contain 100% (the file's duration) and be wider than it, e.g. 90%..150%"
                ));
            }
            return Ok(RiskTemplate::Range { min, max });
        }
        level(text)
            .map(|l| RiskTemplate::Level(l.to_string()))
            .ok_or_else(|| {
                format!("`{text}` is not a risk level; use low, medium, high or very_high, or a range such as 90%..150%")
            })
    }
}

/// The level a field's text names, case and spacing aside (`Very High` is `very_high`).
fn level(text: &str) -> Option<&'static str> {
    let t: String = text
        .trim()
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c == ' ' || c == '-' { '_' } else { c })
        .collect();
    match t.as_str() {
        "low" | "l" => Some("low"),
        "medium" | "med" | "m" | "moderate" => Some("medium"),
        "high" | "h" => Some("high"),
        "very_high" | "veryhigh" | "vh" => Some("very_high"),
        _ => None,
    }
}

/// Turns tasks' durations into estimates under a template, counting what it could not apply.
pub struct Uncertainty<'a> {
    template: &'a RiskTemplate,
    /// Tasks whose field named by the template is empty or absent: kept fixed.
    without_field: usize,
    /// Tasks whose field named by the template gave their level.
    with_field: usize,
}

impl<'a> Uncertainty<'a> {
    pub fn new(template: &'a RiskTemplate) -> Self {
        Uncertainty {
            template,
            without_field: 0,
            with_field: 0,
        }
    }

    /// The estimate of task `t`'s whole duration.
    pub fn estimate(&mut self, t: &Task) -> Result<Estimate, String> {
        if let Some(e) = t.estimate {
            return Ok(Estimate {
                min: Some(e.min_days),
                likely: Some(e.likely_days),
                max: Some(e.max_days),
                ..Default::default()
            });
        }
        self.around(t, t.duration_days)
    }

    /// The estimate of the `days` of work left on started task `t`: its own range scaled to
    /// what is left, or the template around it.
    pub fn remaining(&mut self, t: &Task, days: f64) -> Result<Estimate, String> {
        match t.estimate {
            Some(e) if e.likely_days > 0.0 => {
                let k = days / e.likely_days;
                Ok(Estimate {
                    min: Some(e.min_days * k),
                    likely: Some(days),
                    max: Some(e.max_days * k),
                    ..Default::default()
                })
            }
            _ => self.around(t, days),
        }
    }

    /// `days`, made uncertain by the task's own level or the template.
    fn around(&mut self, t: &Task, days: f64) -> Result<Estimate, String> {
        if t.milestone || days <= 0.0 {
            return Ok(Estimate::fixed(days));
        }
        let with_level = |l: &str| Estimate {
            likely: Some(days),
            risk: Some(l.to_string()),
            ..Default::default()
        };
        if let Some(r) = &t.risk {
            return level(r).map(with_level).ok_or_else(|| {
                format!("task `{}` has risk `{r}`, not a risk level; use low, medium, high or very_high", t.id)
            });
        }
        match self.template {
            RiskTemplate::None => Ok(Estimate::fixed(days)),
            RiskTemplate::Level(l) => Ok(with_level(l)),
            RiskTemplate::Range { min, max } => Ok(Estimate {
                min: Some(days * min),
                likely: Some(days),
                max: Some(days * max),
                ..Default::default()
            }),
            RiskTemplate::Field(field) => match t.fields.get(field).map(|v| v.trim()) {
                None | Some("") => {
                    self.without_field += 1;
                    Ok(Estimate::fixed(days))
                }
                Some(v) => level(v).map(with_level).inspect(|_| self.with_field += 1).ok_or_else(|| {
                    format!(
                        "task `{}`: its field `{field}` holds `{v}`, not a risk level; use low, medium, high or very_high in that field, or another --risk-field",
                        t.id
                    )
                }),
            },
        }
    }

    /// When a field template found its field on no task: the message, naming the fields the
    /// file has.
    pub fn unused_field(&self, schedule: &crate::import::Schedule) -> Option<String> {
        let RiskTemplate::Field(f) = self.template else {
            return None;
        };
        if self.with_field > 0 {
            return None;
        }
        let names: std::collections::BTreeSet<&str> = schedule
            .tasks
            .iter()
            .flat_map(|t| t.fields.keys().map(String::as_str))
            .collect();
        let listed: Vec<&str> = names.iter().take(20).copied().collect();
        Some(if names.is_empty() {
            format!(
                "--risk-field {f}: the file has no task fields to read risk levels from; use --risk LEVEL instead"
            )
        } else {
            format!(
                "--risk-field {f}: no task has a level in field `{f}`; the file's fields are {}{}",
                listed.join(", "),
                if names.len() > listed.len() {
                    ", ..."
                } else {
                    ""
                }
            )
        })
    }

    /// What the template could not apply, for the import's warning.
    pub fn notes(&self) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        if let RiskTemplate::Field(f) = self.template
            && self.without_field > 0
        {
            out.insert(
                format!("tasks with no value in field `{f}` (kept at their fixed duration)"),
                self.without_field,
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_read_levels_and_ranges_and_refuse_the_rest() {
        assert_eq!(
            RiskTemplate::parse("High"),
            Ok(RiskTemplate::Level("high".into()))
        );
        assert_eq!(
            RiskTemplate::parse("very high"),
            Ok(RiskTemplate::Level("very_high".into()))
        );
        assert_eq!(
            RiskTemplate::parse("90%..150%"),
            Ok(RiskTemplate::Range { min: 0.9, max: 1.5 })
        );
        for bad in [
            "huge",
            "90..150",
            "110%..150%",
            "100%..100%",
            "-5%..150%",
            "%..150%",
        ] {
            assert!(RiskTemplate::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_template_spares_milestones_and_tasks_with_their_own_range_or_level() {
        let mut t = Task::new("a", "a", 10.0);
        let range = RiskTemplate::Range { min: 0.9, max: 1.5 };
        let mut u = Uncertainty::new(&range);
        let e = u.estimate(&t).unwrap();
        assert_eq!(
            (e.min, e.likely, e.max),
            (Some(9.0), Some(10.0), Some(15.0))
        );
        // Started with 4 days left: the range is of what is left.
        let e = u.remaining(&t, 4.0).unwrap();
        assert_eq!((e.min, e.likely, e.max), (Some(3.6), Some(4.0), Some(6.0)));
        t.risk = Some("Low".into());
        assert_eq!(u.estimate(&t).unwrap().risk.as_deref(), Some("low"));
        t.risk = Some("awful".into());
        assert!(u.estimate(&t).unwrap_err().contains("risk `awful`"));
        let mut m = Task::new("m", "m", 0.0);
        m.milestone = true;
        assert_eq!(u.estimate(&m).unwrap(), Estimate::fixed(0.0));
    }

    #[test]
    fn a_field_template_reads_each_task_s_level_and_counts_the_empty_ones() {
        let field = RiskTemplate::Field("Risk".into());
        let mut u = Uncertainty::new(&field);
        let mut t = Task::new("a", "a", 5.0);
        t.fields.insert("Risk".into(), "Medium".into());
        assert_eq!(u.estimate(&t).unwrap().risk.as_deref(), Some("medium"));
        t.fields.insert("Risk".into(), "".into());
        assert_eq!(u.estimate(&t).unwrap(), Estimate::fixed(5.0));
        t.fields.clear();
        assert_eq!(u.estimate(&t).unwrap(), Estimate::fixed(5.0));
        assert_eq!(u.notes().values().copied().collect::<Vec<_>>(), [2]);
        t.fields.insert("Risk".into(), "??".into());
        assert!(
            u.estimate(&t)
                .unwrap_err()
                .contains("field `Risk` holds `??`")
        );
    }
}
