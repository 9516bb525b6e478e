//! Compiling instance types and how each compute task runs on them.

use super::*;

impl Compiler<'_> {
    /// An instance type with its Spot terms.
    pub(super) fn instance(
        &self,
        inst: &scenario::Instance,
        name: String,
        on_demand_per_hour: f64,
    ) -> Result<InstanceType> {
        let spot_per_hour = match (&inst.spot_per_hour, &inst.spot_discount) {
            (Some(_), Some(d)) => {
                return self.err(
                    d.span(),
                    format!(
                        "instance `{name}` gives both `spot_per_hour` and `spot_discount`; keep one"
                    ),
                );
            }
            (Some(p), None) => Some(self.number(
                p,
                &format!("`spot_per_hour` of `{name}`"),
                true,
                &limits::MONEY,
            )?),
            (None, Some(d)) => {
                let x = *d.get_ref();
                if !(0.0..1.0).contains(&x) {
                    return self.err(
                        d.span(),
                        format!("`spot_discount` of `{name}` must be at least 0 and below 1, e.g. 0.7 for 70% off (got {x})"),
                    );
                }
                Some(on_demand_per_hour * (1.0 - x))
            }
            (None, None) => None,
        };
        let interruptions = match (&inst.interruptions_per_hour, &inst.interruption) {
            (Some(_), Some(w)) => {
                return self.err(
                    w.span(),
                    format!("instance `{name}` gives both `interruptions_per_hour` and `interruption`; keep one"),
                );
            }
            (Some(r), None) => Some(
                compute::Interruptions::exponential(*r.get_ref())
                    .or_else(|m| self.err(r.span(), format!("instance `{name}`: {m}")))?,
            ),
            (None, Some(w)) => {
                let v = w.get_ref();
                if let Err(m) = limits::check(v.mean_hours, &limits::HOURS) {
                    return self.err(
                        w.span(),
                        format!("instance `{name}`: interruption `mean_hours` {m}; correct it"),
                    );
                }
                Some(
                    compute::Interruptions::weibull(v.weibull_shape, v.mean_hours)
                        .or_else(|m| self.err(w.span(), format!("instance `{name}`: {m}")))?,
                )
            }
            (None, None) => None,
        };
        let wait = match &inst.capacity_wait {
            None => compute::Wait::Fixed { hours: 0.0 },
            Some(w) => {
                let v = w.get_ref();
                let given = [
                    ("hours", v.hours),
                    ("mean_hours", v.mean_hours),
                    ("median_hours", v.median_hours),
                ];
                for (key, h) in given {
                    if let Some(Err(m)) = h.map(|h| limits::check(h, &limits::HOURS)) {
                        return self.err(
                            w.span(),
                            format!("instance `{name}` capacity_wait: `{key}` {m}; correct it"),
                        );
                    }
                }
                let made = match (v.hours, v.mean_hours, v.median_hours) {
                    (Some(h), None, None) => compute::Wait::fixed(h),
                    (None, Some(mean), None) => compute::Wait::exponential(mean),
                    (None, Some(mean), Some(median)) => compute::Wait::lognormal(median, mean),
                    _ => Err("write the wait as { hours = H }, { mean_hours = M } or { median_hours = A, mean_hours = M }".to_string()),
                };
                made.or_else(|m| {
                    self.err(w.span(), format!("instance `{name}` capacity_wait: {m}"))
                })?
            }
        };
        let capacity = match &inst.availability {
            None => compute::Capacity::always(),
            Some(a) => compute::Capacity::new(*a.get_ref(), wait)
                .or_else(|m| self.err(a.span(), format!("instance `{name}`: {m}")))?,
        };
        let notice_hours = match &inst.notice_hours {
            Some(n) => self.number(
                n,
                &format!("`notice_hours` of `{name}`"),
                true,
                &limits::HOURS,
            )?,
            None => 0.0,
        };
        let spot_price_sigma = match &inst.spot_price_variability {
            Some(v) => {
                let cv = self.number(
                    v,
                    &format!("`spot_price_variability` of `{name}`"),
                    true,
                    &limits::PRICE_VARIABILITY,
                )?;
                // ln(1 + cv^2), without overflowing cv^2 (inf would make every price NaN).
                if cv < 1e150 {
                    (cv * cv).ln_1p().sqrt()
                } else {
                    (2.0 * cv.ln()).sqrt()
                }
            }
            None => 0.0,
        };
        let max_running = match &inst.max_running {
            None => None,
            Some(m) => {
                let x = *m.get_ref();
                match u32::try_from(x)
                    .ok()
                    .filter(|&n| (1..=limits::INSTANCES).contains(&n))
                {
                    Some(n) => Some(n),
                    None => {
                        return self.err(
                            m.span(),
                            format!("instance type `{name}` has max_running {x}; it is the most instances of the type that may run at once, a whole number from 1 to {} (leave it out for no limit)", limits::figure(limits::INSTANCES as f64)),
                        );
                    }
                }
            }
        };
        Ok(InstanceType {
            name,
            on_demand_per_hour,
            spot_per_hour,
            interruptions,
            capacity,
            notice_hours,
            spot_price_sigma,
            max_running,
        })
    }

    /// A compute task that needs more instances at once than its type's `max_running` allows
    /// could never start: refused, naming the task, the instance type and both numbers, and
    /// the plan when the plan chose the count or the type.
    pub(super) fn quota(
        &self,
        id: &str,
        inst: &InstanceType,
        count: u32,
        by_plan: Option<&str>,
        span: std::ops::Range<usize>,
    ) -> Result<()> {
        let Some(max) = inst.max_running else {
            return Ok(());
        };
        if count <= max {
            return Ok(());
        }
        let name = &inst.name;
        let message = match by_plan {
            Some(plan) => format!(
                "plan `{plan}` runs task `{id}` on {count} instances of `{name}`, but instance type `{name}` may run at most {max} at once (its `max_running`); lower the plan's count or raise max_running"
            ),
            None => format!(
                "task `{id}` runs on {count} instances of `{name}`, but instance type `{name}` may run at most {max} at once (its `max_running`); lower the task's count or raise max_running"
            ),
        };
        self.task_err(span, id, message)
    }

    /// How one compute task runs, bought as `purchase`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn compute_run(
        &self,
        id: &str,
        c: &scenario::Compute,
        inst: &InstanceType,
        count: u32,
        purchase: scenario::Purchase,
        fallback: Option<&toml::Spanned<scenario::FallbackSpec>>,
        span: std::ops::Range<usize>,
    ) -> Result<(compute::ComputeRun, compute::Prices)> {
        let hours = |v: &Option<toml::Spanned<f64>>, what: &str| -> Result<f64> {
            v.as_ref()
                .map(|h| {
                    self.number_of(
                        h,
                        Some(id),
                        &format!("task `{id}`: `{what}`"),
                        true,
                        &limits::HOURS,
                    )
                })
                .transpose()
                .map(|h| h.unwrap_or(0.0))
        };
        let checkpoint_every = match &c.checkpoint_every_hours {
            Some(v) => match v.get_ref() {
                scenario::CheckpointEvery::Hours(h) => compute::CheckpointInterval::fixed(*h)
                    .or_else(|m| self.task_err(v.span(), id, format!("task `{id}`: {m}")))?,
                scenario::CheckpointEvery::Auto => compute::CheckpointInterval::Auto,
            },
            None => compute::CheckpointInterval::Auto,
        };
        let gang = match c.interruptions.as_deref() {
            None | Some("independent") => compute::Gang::Independent,
            Some("bulk") => compute::Gang::Bulk,
            Some(other) => {
                return self.task_err(
                    span,
                    id,
                    format!("task `{id}`: `interruptions = \"{other}\"` is not known; write \"independent\" or \"bulk\""),
                );
            }
        };
        let (interruptions, spot_price) = match purchase {
            scenario::Purchase::OnDemand => (
                compute::Interruptions::None,
                inst.spot_per_hour.unwrap_or(inst.on_demand_per_hour),
            ),
            scenario::Purchase::Spot => {
                let Some(price) = inst.spot_per_hour else {
                    return self.task_err(
                        span,
                        id,
                        format!("task `{id}` runs on Spot, but instance `{}` has no Spot price; add `spot_per_hour` or `spot_discount` to it", inst.name),
                    );
                };
                let Some(life) = inst.interruptions else {
                    return self.task_err(
                        span,
                        id,
                        format!("task `{id}` runs on Spot, but instance `{}` says nothing of interruptions; add `interruptions_per_hour` (e.g. 0.3) or `interruption = {{ weibull_shape = 0.6, mean_hours = 2 }}` to it", inst.name),
                    );
                };
                (life, price)
            }
        };
        let fallback = match fallback {
            None => compute::Fallback::KeepWaiting,
            Some(f) => self.fallback(f, &format!("task `{id}`"))?,
        };
        let spec = compute::ComputeSpec {
            count,
            interruptions,
            gang,
            capacity: inst.capacity,
            notice_hours: inst.notice_hours,
            checkpoint_every,
            checkpoint_hours: hours(&c.checkpoint_hours, "checkpoint_hours")?,
            restart_hours: hours(&c.restart_hours, "restart_hours")?,
            downtime_hours: hours(&c.downtime_hours, "downtime_hours")?,
            fallback,
        };
        let run = compute::ComputeRun::new(&spec)
            .or_else(|m| self.task_err(span.clone(), id, format!("task `{id}`: {m}")))?;
        let prices = compute::Prices::new(inst.on_demand_per_hour, spot_price)
            .or_else(|m| self.err(span, format!("instance `{}`: {m}", inst.name)))?;
        Ok((run, prices))
    }
}
