//! Compiling the risk register and the correlations between estimates.

use super::*;

impl Compiler<'_> {
    /// The risk-level table: the defaults with the scenario's `[risk_levels.NAME]` applied.
    pub(super) fn risk_levels(
        &self,
        sc: &Scenario,
    ) -> Result<BTreeMap<String, scenario::risk_table::Level>> {
        let mut levels_over = Vec::new();
        let defaults = scenario::risk_table::defaults();
        for (name, o) in &sc.risk_levels {
            let v = o.get_ref();
            // A new level is defined whole; a name close to a level that exists, given only
            // in part, is a typo that would leave the real level as it was.
            if !defaults.contains_key(name) && (v.min.is_none() || v.max.is_none()) {
                let known: Vec<&str> = defaults.keys().map(String::as_str).collect();
                return self.err(
                    o.span(),
                    format!(
                        "risk level `{name}` is not one of {}; to define a new level, give both `min` and `max`{}",
                        known.join(", "),
                        DidYouMean(did_you_mean(name, known.iter().copied()).as_deref())
                    ),
                );
            }
            let min = v.min.unwrap_or(0.0);
            let max = v.max.unwrap_or(1.0);
            if !(min.is_finite() && max.is_finite() && (0.0..=1.0).contains(&min) && max >= 1.0) {
                return self.err(
                    o.span(),
                    format!("risk level `{name}` must have 0 <= min <= 1 <= max (fractions of the most likely value), got min = {min}, max = {max}"),
                );
            }
            if let Err(m) = limits::check(max, &limits::RISK_LEVEL_MAX) {
                return self.err(
                    o.span(),
                    format!("risk level `{name}`: `max` {m}; correct it"),
                );
            }
            if let Some(d) = &v.dist
                && !["pert", "triangular", "uniform"].contains(&d.as_str())
            {
                return self.err(
                    o.span(),
                    format!("risk level `{name}` has unknown dist `{d}`; use pert, triangular or uniform"),
                );
            }
            levels_over.push((name, v));
        }
        Ok(scenario::risk_table::with_overrides(levels_over))
    }

    pub(super) fn probability(&self, p: &toml::Spanned<f64>, what: &str) -> Result<f64> {
        let x = *p.get_ref();
        if !(0.0..=1.0).contains(&x) {
            return self.err(
                p.span(),
                format!("{what}: probability must be between 0 and 1 (got {x}); write 30% as 0.3"),
            );
        }
        Ok(x)
    }

    pub(super) fn risks(
        &self,
        sc: &Scenario,
        index: &HashMap<&str, usize>,
        position: &[usize],
        levels: &BTreeMap<String, scenario::risk_table::Level>,
    ) -> Result<Vec<RiskModel>> {
        let mut out: Vec<RiskModel> = Vec::new();
        for r in &sc.risks {
            let id = self.name(&r.id, "a risk", "id = \"gpu-quota\"")?;
            if out.iter().any(|o| o.id == id) {
                return self.err(r.id.span(), format!("risk `{id}` is listed twice"));
            }
            let what = format!("risk `{id}`");
            let sample = |e: &toml::Spanned<Estimate>, name: &str| -> Result<Sampler> {
                let limit = if name.ends_with("delay_fraction") {
                    &limits::FRACTION
                } else if name.ends_with("delay") {
                    &limits::DAYS
                } else {
                    &limits::MONEY
                };
                sampler::from_estimate(e.get_ref(), levels, name, limit)
                    .or_else(|m| self.err(e.span(), format!("{what}: {m}")))
            };
            let mut tasks = Vec::new();
            if let Some(ts) = &r.tasks {
                for name in ts.get_ref() {
                    let by = Referrer::Risk(id.clone());
                    tasks.push(self.network_task(
                        name,
                        ts.span(),
                        (&what, &by),
                        index,
                        position,
                    )?);
                }
            }
            let impact = RiskImpact {
                probability: self.probability(&r.probability, &what)?,
                delay: r.delay.as_ref().map(|e| sample(e, "delay")).transpose()?,
                delay_fraction: r
                    .delay_fraction
                    .as_ref()
                    .map(|e| sample(e, "delay_fraction"))
                    .transpose()?,
                cost: r.cost.as_ref().map(|e| sample(e, "cost")).transpose()?,
            };
            if (impact.delay.is_some() || impact.delay_fraction.is_some()) && tasks.is_empty() {
                return self.err(
                    r.id.span(),
                    format!(
                        "{what} has a delay but hits no task; list the tasks it delays in `tasks`"
                    ),
                );
            }
            if impact.delay.is_none() && impact.delay_fraction.is_none() && impact.cost.is_none() {
                return self.err(
                    r.id.span(),
                    format!(
                        "{what} has no impact; give it a `delay`, a `delay_fraction` or a `cost`"
                    ),
                );
            }
            let mitigation = match &r.mitigation {
                Some(m) => {
                    let m = m.get_ref();
                    let post = RiskImpact {
                        probability: match &m.probability {
                            Some(p) => self.probability(p, &format!("{what} mitigation"))?,
                            None => impact.probability,
                        },
                        delay: match &m.delay {
                            Some(e) => Some(sample(e, "mitigated delay")?),
                            None => impact.delay.clone(),
                        },
                        delay_fraction: match &m.delay_fraction {
                            Some(e) => Some(sample(e, "mitigated delay_fraction")?),
                            None => impact.delay_fraction.clone(),
                        },
                        cost: match &m.cost {
                            Some(e) => Some(sample(e, "mitigated cost")?),
                            None => impact.cost.clone(),
                        },
                    };
                    let cost = m
                        .mitigation_cost
                        .as_ref()
                        .map(|c| {
                            self.number(
                                c,
                                &format!("{what}: `mitigation_cost`"),
                                true,
                                &limits::MONEY,
                            )
                        })
                        .transpose()?
                        .unwrap_or(0.0);
                    Some((post, cost))
                }
                None => None,
            };
            out.push(RiskModel {
                description: r.description.clone().unwrap_or_default(),
                id,
                tasks,
                impact,
                mitigation,
                mitigated: false,
            });
        }
        Ok(out)
    }

    pub(super) fn correlations(
        &self,
        sc: &Scenario,
        index: &HashMap<&str, usize>,
        position: &[usize],
        warnings: &mut Vec<String>,
    ) -> Result<Option<correlation::Copula>> {
        let mut pairs: BTreeMap<(u32, u32), (f64, std::ops::Range<usize>)> = BTreeMap::new();
        for c in &sc.correlations {
            let rho = *c.coefficient.get_ref();
            let names = c.tasks.get_ref();
            if !(-1.0..=1.0).contains(&rho) {
                let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                return self.err(
                    c.coefficient.span(),
                    format!(
                        "the correlation of {} has coefficient {rho}; a correlation coefficient must be between -1 and 1, e.g. 0.5",
                        listed.join(", ")
                    ),
                );
            }
            if names.len() < 2 {
                return self.err(c.tasks.span(), "a correlation needs at least two tasks");
            }
            let mut ts = Vec::new();
            for name in names {
                let by = Referrer::Correlation;
                let t = self.network_task(
                    name,
                    c.tasks.span(),
                    ("a correlation", &by),
                    index,
                    position,
                )?;
                if ts.contains(&t) {
                    return self.task_err(
                        c.tasks.span(),
                        name,
                        format!("a correlation lists task `{name}` twice; list each task once"),
                    );
                }
                ts.push(t);
            }
            for (a, &x) in ts.iter().enumerate() {
                for &y in &ts[a + 1..] {
                    let key = (x.min(y), x.max(y));
                    if let Some((old, _)) = pairs.get(&key)
                        && *old != rho
                    {
                        let first = sc_task_id(sc, position, key.0);
                        return self.task_err(
                            c.coefficient.span(),
                            &first,
                            format!(
                                "tasks `{first}` and `{}` are given two correlations ({old} and {rho}); keep one",
                                sc_task_id(sc, position, key.1)
                            ),
                        );
                    }
                    pairs.insert(key, (rho, c.coefficient.span()));
                }
            }
        }
        if pairs.is_empty() {
            return Ok(None);
        }
        let mut tasks: Vec<u32> = pairs.keys().flat_map(|&(a, b)| [a, b]).collect();
        tasks.sort_unstable();
        tasks.dedup();
        let k = tasks.len();
        let at = |t: u32| tasks.binary_search(&t).expect("listed");
        let mut m = vec![0.0; k * k];
        for i in 0..k {
            m[i * k + i] = 1.0;
        }
        for (&(a, b), &(rho, _)) in &pairs {
            let (i, j) = (at(a), at(b));
            m[i * k + j] = rho;
            m[j * k + i] = rho;
        }
        let cholesky = match correlation::cholesky(&m, k) {
            Some(l) => l,
            None => {
                let (fixed, change) = correlation::repair(&m, k);
                // A singular but consistent set (a coefficient of 1 or -1) only needs its zero
                // eigenvalues nudged: nothing the user wrote changes, so nothing to warn of.
                if change >= 5e-4 {
                    warnings.push(format!(
                        "the correlation coefficients are inconsistent (no set of tasks can have them all at once); they were repaired to the nearest valid set, changing a coefficient by up to {change:.3}"
                    ));
                }
                correlation::cholesky(&fixed, k).unwrap_or_else(|| {
                    // Unreachable in practice: the repaired matrix has eigenvalues >= 1e-6.
                    let mut id = vec![0.0; k * k];
                    (0..k).for_each(|i| id[i * k + i] = 1.0);
                    id
                })
            }
        };
        Ok(Some(correlation::Copula { tasks, cholesky }))
    }
}
