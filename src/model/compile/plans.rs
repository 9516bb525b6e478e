//! The scenario's `[[plans]]`. Every plan is checked whenever the scenario is compiled, not only
//! the one that runs, so that `check` and a plain `run` catch a mistake in any of them: names,
//! the tasks a plan overrides, its counts and its fallbacks. Errors point at the plan's line.

use toml::Spanned;

use super::*;
use crate::model::limits::{self, figure};
use crate::scenario::FallbackSpec;

/// The fallback policies, and the hours keys each one uses.
const POLICIES: [(&str, &[&str]); 3] = [
    ("keep-waiting", &[]),
    ("on-demand-after", &["wait_hours", "changeover_hours"]),
    ("deadline-aware", &["deadline_hours", "changeover_hours"]),
];

impl Compiler<'_> {
    /// Every plan has a name of its own.
    pub(super) fn plan_names(&self, sc: &Scenario) -> Result<()> {
        let mut seen = std::collections::HashSet::new();
        for p in &sc.plans {
            if p.name.get_ref().trim().is_empty() {
                return self.err(p.name.span(), "a plan needs a name, e.g. name = \"spot\"");
            }
            if !seen.insert(p.name.get_ref().as_str()) {
                return self.err(
                    p.name.span(),
                    format!("plan `{}` is declared twice", p.name.get_ref()),
                );
            }
        }
        Ok(())
    }

    /// Checks every plan of the scenario: the tasks it overrides, its counts and fallbacks.
    pub(super) fn plans(&self, sc: &Scenario) -> Result<()> {
        for p in &sc.plans {
            let plan = p.name.get_ref();
            let who = format!("plan `{plan}`");
            if let Some(c) = &p.count {
                self.instance_count(c, &who, "count")?;
            }
            if let Some(f) = &p.fallback {
                self.fallback(f, &who)?;
            }
            for (task, over) in &p.tasks {
                self.plan_task(sc, plan, task, over)?;
                let o = over.get_ref();
                let who = format!("plan `{plan}`, task `{task}`");
                if let Some(c) = &o.count {
                    self.instance_count(c, &who, "count")?;
                }
                if let Some(f) = &o.fallback {
                    self.fallback(f, &who)?;
                }
            }
        }
        Ok(())
    }

    /// A plan's override of task `task` must name a compute task, and another instance type
    /// only one that exists.
    fn plan_task(
        &self,
        sc: &Scenario,
        plan: &str,
        task: &str,
        over: &Spanned<scenario::PlanTask>,
    ) -> Result<()> {
        match sc.tasks.iter().find(|t| t.id.get_ref() == task) {
            Some(t) if t.compute.is_some() => {
                if let Some(other) = &over.get_ref().instance
                    && !sc.instances.iter().any(|i| i.kind.get_ref() == other)
                {
                    return self.fail(
                        over.span(),
                        Error::Unknown {
                            location: None,
                            what: Kind::InstanceType,
                            name: other.clone(),
                            by: Some(Box::new(Referrer::Plan {
                                plan: plan.to_string(),
                                task: Some(task.to_string()),
                            })),
                            suggestion: did_you_mean(
                                other,
                                sc.instances.iter().map(|i| i.kind.get_ref().as_str()),
                            ),
                        },
                    );
                }
                Ok(())
            }
            Some(_) => self.task_err(
                over.span(),
                task,
                format!("plan `{plan}` overrides task `{task}`, which has no `compute`; plans change how compute tasks run"),
            ),
            None => self.fail(
                over.span(),
                Error::Unknown {
                    location: None,
                    what: Kind::Task,
                    name: task.to_string(),
                    by: Some(Box::new(Referrer::Plan {
                        plan: plan.to_string(),
                        task: None,
                    })),
                    suggestion: did_you_mean(task, sc.tasks.iter().map(|t| t.id.get_ref().as_str())),
                },
            ),
        }
    }

    /// A number of instances: a whole number from 1 to [`limits::INSTANCES`]. `who` names
    /// whose, `key` the key it is written under.
    pub(super) fn instance_count(&self, c: &Spanned<i64>, who: &str, key: &str) -> Result<u32> {
        let n = *c.get_ref();
        match u32::try_from(n)
            .ok()
            .filter(|n| (1..=limits::INSTANCES).contains(n))
        {
            Some(n) => Ok(n),
            None => self.err(
                c.span(),
                format!(
                    "{who}: `{key}` is {n}; a count of instances is a whole number from 1 to {}",
                    figure(limits::INSTANCES as f64)
                ),
            ),
        }
    }

    /// A Spot fallback: a policy that exists, the hours it needs, none it would ignore, each
    /// a finite number within [`limits::HOURS`]. `who` names whose fallback it is.
    pub(super) fn fallback(
        &self,
        f: &Spanned<FallbackSpec>,
        who: &str,
    ) -> Result<compute::Fallback> {
        let spec = f.get_ref();
        let policy = spec.policy.get_ref().trim();
        let names: Vec<&str> = POLICIES.iter().map(|(p, _)| *p).collect();
        let Some(&(_, uses)) = POLICIES.iter().find(|(p, _)| *p == policy) else {
            let problem = if policy.is_empty() {
                "the fallback `policy` is empty".to_string()
            } else {
                format!("unknown fallback policy `{policy}`")
            };
            return self.err(
                spec.policy.span(),
                format!(
                    "{who}: {problem}; write \"keep-waiting\", \"on-demand-after\" or \"deadline-aware\"{}",
                    DidYouMean(did_you_mean(policy, names.iter().copied()).as_deref())
                ),
            );
        };
        let given = [
            ("wait_hours", &spec.wait_hours),
            ("deadline_hours", &spec.deadline_hours),
            ("changeover_hours", &spec.changeover_hours),
        ];
        for (key, value) in given {
            if let Some(v) = value
                && !uses.contains(&key)
            {
                return self.err(
                    v.span(),
                    format!("{who}: the `{policy}` fallback does not use `{key}`; remove it, or choose the policy that does"),
                );
            }
        }
        let hours = |v: &Spanned<f64>, key: &str, allow_zero: bool| {
            self.number_of(
                v,
                None,
                &format!("{who}: fallback `{key}`"),
                allow_zero,
                &limits::HOURS,
            )
        };
        let changeover = match &spec.changeover_hours {
            Some(c) => hours(c, "changeover_hours", true)?,
            None => 0.25,
        };
        let needs = |key: &str, example: &str| -> Result<f64> {
            self.err(
                f.span(),
                format!("{who}: the `{policy}` fallback needs `{key}`, e.g. {{ policy = \"{policy}\", {key} = {example} }}"),
            )
        };
        let made = match policy {
            "on-demand-after" => {
                let wait = match &spec.wait_hours {
                    Some(w) => hours(w, "wait_hours", true)?,
                    None => needs("wait_hours", "2.5")?,
                };
                compute::Fallback::on_demand_after(wait, changeover)
            }
            "deadline-aware" => {
                let deadline = match &spec.deadline_hours {
                    Some(d) => hours(d, "deadline_hours", false)?,
                    None => needs("deadline_hours", "144")?,
                };
                compute::Fallback::deadline_aware(deadline, changeover)
            }
            _ => Ok(compute::Fallback::KeepWaiting),
        };
        made.or_else(|m| self.err(f.span(), format!("{who}: {m}")))
    }
}
