//! What a compute task asks for, as validated data: instance counts, Spot lifetimes, capacity
//! waits, checkpointing, fallback rules and prices, and the outcome of one run. The run simulator
//! (`run.rs`) consumes these; the model's compiler builds them.

use statrs::function::gamma::gamma;

pub(super) fn finite_at_least_zero(x: f64, name: &str, unit: &str) -> Result<f64, String> {
    if x >= 0.0 && x.is_finite() {
        Ok(x)
    } else {
        Err(format!(
            "`{name}` must be a finite number of {unit} at least 0 (got {x}); correct it"
        ))
    }
}

pub(super) fn finite_positive(x: f64, name: &str, unit: &str) -> Result<f64, String> {
    if x > 0.0 && x.is_finite() {
        Ok(x)
    } else {
        Err(format!(
            "`{name}` must be a finite number of {unit} above 0 (got {x}); correct it"
        ))
    }
}

/// How instances are interrupted: also what is bought.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Interruptions {
    /// On-demand: never interrupted, billed at the on-demand price.
    None,
    /// Spot with exponential lifetimes: `rate_per_hour` interruptions per running instance-hour
    /// (0 is a Spot instance that is never taken back).
    Exponential { rate_per_hour: f64 },
    /// Spot with Weibull lifetimes of this `shape` and mean; scale = mean / Gamma(1 + 1/shape).
    /// Measured GPU Spot lifetimes have a shape of about 0.6 (heavier-tailed than exponential).
    Weibull { shape: f64, mean_hours: f64 },
}

impl Interruptions {
    /// Exponential lifetimes at `rate_per_hour` (at least 0, finite).
    pub fn exponential(rate_per_hour: f64) -> Result<Self, String> {
        let i = Self::Exponential { rate_per_hour };
        i.validate()?;
        Ok(i)
    }

    /// Weibull lifetimes of `shape` (above 0) and mean `mean_hours` (above 0).
    pub fn weibull(shape: f64, mean_hours: f64) -> Result<Self, String> {
        let i = Self::Weibull { shape, mean_hours };
        i.validate()?;
        Ok(i)
    }

    /// Checks the parameters; [`ComputeRun::new`] calls it too.
    pub fn validate(&self) -> Result<(), String> {
        match *self {
            Self::None => Ok(()),
            Self::Exponential { rate_per_hour } => finite_at_least_zero(
                rate_per_hour,
                "interruptions_per_hour",
                "interruptions per hour",
            )
            .map(drop),
            Self::Weibull { shape, mean_hours } => {
                if !(shape > 0.0 && shape.is_finite()) {
                    return Err(format!(
                        "the Weibull `weibull_shape` must be a finite number above 0 (got {shape}); measured Spot lifetimes have about 0.6"
                    ));
                }
                finite_positive(mean_hours, "mean_hours", "hours")?;
                let scale = mean_hours / gamma(1.0 + 1.0 / shape);
                if !(scale > 0.0 && scale.is_finite()) {
                    return Err(format!(
                        "the Weibull `weibull_shape` {shape} is too extreme to compute with; use a shape between 0.05 and 50"
                    ));
                }
                Ok(())
            }
        }
    }

    /// Whether this is Spot (anything but `None`).
    pub fn is_spot(&self) -> bool {
        !matches!(self, Self::None)
    }
}

/// How interruptions hit a gang of several instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gang {
    /// Each instance has its own lifetime; the gang stops at the first failure.
    #[default]
    Independent,
    /// All instances are taken back together: one lifetime for the gang.
    Bulk,
}

/// How long the job waits for Spot capacity when there is none, in hours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Wait {
    Fixed {
        hours: f64,
    },
    Exponential {
        mean_hours: f64,
    },
    /// Lognormal with this median and mean (mean at least the median). Measured after GPU Spot
    /// preemptions: median about 0.4 h, mean about 1.4 h.
    LogNormal {
        median_hours: f64,
        mean_hours: f64,
    },
}

impl Wait {
    pub fn fixed(hours: f64) -> Result<Self, String> {
        let w = Self::Fixed { hours };
        w.validate()?;
        Ok(w)
    }

    pub fn exponential(mean_hours: f64) -> Result<Self, String> {
        let w = Self::Exponential { mean_hours };
        w.validate()?;
        Ok(w)
    }

    pub fn lognormal(median_hours: f64, mean_hours: f64) -> Result<Self, String> {
        let w = Self::LogNormal {
            median_hours,
            mean_hours,
        };
        w.validate()?;
        Ok(w)
    }

    pub fn validate(&self) -> Result<(), String> {
        match *self {
            Self::Fixed { hours } => finite_at_least_zero(hours, "hours", "hours").map(drop),
            Self::Exponential { mean_hours } => {
                finite_positive(mean_hours, "mean_hours", "hours").map(drop)
            }
            Self::LogNormal {
                median_hours,
                mean_hours,
            } => {
                finite_positive(median_hours, "median_hours", "hours")?;
                finite_positive(mean_hours, "mean_hours", "hours")?;
                if !(mean_hours >= median_hours) {
                    return Err(format!(
                        "a lognormal wait has a mean at least its median (got median {median_hours} and mean {mean_hours}); swap or correct them"
                    ));
                }
                Ok(())
            }
        }
    }
}

/// Whether Spot capacity is there when the job asks for it, and the wait when it is not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Capacity {
    /// Probability that capacity is there when asked, in [0, 1].
    pub availability: f64,
    pub wait: Wait,
}

impl Capacity {
    /// Capacity is always there.
    pub fn always() -> Self {
        Self {
            availability: 1.0,
            wait: Wait::Fixed { hours: 0.0 },
        }
    }

    pub fn new(availability: f64, wait: Wait) -> Result<Self, String> {
        let c = Self { availability, wait };
        c.validate()?;
        Ok(c)
    }

    pub fn validate(&self) -> Result<(), String> {
        if !(0.0..=1.0).contains(&self.availability) {
            return Err(format!(
                "`availability` is a probability between 0 and 1 (got {}); write 60% as 0.6",
                self.availability
            ));
        }
        self.wait.validate()
    }
}

impl Default for Capacity {
    fn default() -> Self {
        Self::always()
    }
}

/// The checkpoint interval: hours of work between checkpoints.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum CheckpointInterval {
    Fixed {
        hours: f64,
    },
    /// Daly's optimum from the checkpoint cost and the gang's mean time between interruptions
    /// (a single segment when instances are never interrupted).
    #[default]
    Auto,
}

impl CheckpointInterval {
    pub fn fixed(hours: f64) -> Result<Self, String> {
        let c = Self::Fixed { hours };
        c.validate()?;
        Ok(c)
    }

    pub fn validate(&self) -> Result<(), String> {
        match *self {
            Self::Fixed { hours } if !(hours > 0.0 && hours.is_finite()) => Err(format!(
                "`checkpoint_every_hours` must be a finite number of hours above 0 (got {hours}); give a positive interval or \"auto\""
            )),
            _ => Ok(()),
        }
    }
}

/// What a Spot run does when Spot fails it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Fallback {
    /// Stay on Spot whatever happens.
    #[default]
    KeepWaiting,
    /// Move to on-demand when one wait for capacity reaches `wait_hours`.
    OnDemandAfter {
        wait_hours: f64,
        changeover_hours: f64,
    },
    /// Move to on-demand when the time left to `deadline_hours` (from the run's start) no
    /// longer covers the changeover plus finishing on-demand from the last checkpoint.
    DeadlineAware {
        deadline_hours: f64,
        changeover_hours: f64,
    },
}

impl Fallback {
    pub fn on_demand_after(wait_hours: f64, changeover_hours: f64) -> Result<Self, String> {
        let f = Self::OnDemandAfter {
            wait_hours,
            changeover_hours,
        };
        f.validate()?;
        Ok(f)
    }

    pub fn deadline_aware(deadline_hours: f64, changeover_hours: f64) -> Result<Self, String> {
        let f = Self::DeadlineAware {
            deadline_hours,
            changeover_hours,
        };
        f.validate()?;
        Ok(f)
    }

    pub fn validate(&self) -> Result<(), String> {
        match *self {
            Self::KeepWaiting => Ok(()),
            Self::OnDemandAfter {
                wait_hours,
                changeover_hours,
            } => {
                finite_at_least_zero(wait_hours, "wait_hours", "hours")?;
                finite_at_least_zero(changeover_hours, "changeover_hours", "hours").map(drop)
            }
            Self::DeadlineAware {
                deadline_hours,
                changeover_hours,
            } => {
                finite_positive(deadline_hours, "deadline_hours", "hours")?;
                finite_at_least_zero(changeover_hours, "changeover_hours", "hours").map(drop)
            }
        }
    }

    /// Hours to move a run to on-demand (0 for `KeepWaiting`, which never moves).
    pub fn changeover_hours(&self) -> f64 {
        match *self {
            Self::KeepWaiting => 0.0,
            Self::OnDemandAfter {
                changeover_hours, ..
            }
            | Self::DeadlineAware {
                changeover_hours, ..
            } => changeover_hours,
        }
    }
}

/// Everything about how one compute task runs, as the user gave it. Validated and compiled by
/// [`ComputeRun::new`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ComputeSpec {
    /// Instances in the gang, at least 1.
    pub count: u32,
    /// `None` for on-demand; capacity, notice and fallback only matter on Spot.
    pub interruptions: Interruptions,
    pub gang: Gang,
    pub capacity: Capacity,
    /// Warning before a reclaim, in hours (AWS 2 minutes; GCP and Azure 30 seconds).
    pub notice_hours: f64,
    pub checkpoint_every: CheckpointInterval,
    /// Time to write one checkpoint (C), in hours.
    pub checkpoint_hours: f64,
    /// Time to reload after an interruption (R), in hours; billed and interruptible.
    pub restart_hours: f64,
    /// Time to get a new instance after an interruption (D), in hours; not billed, not
    /// interruptible.
    pub downtime_hours: f64,
    pub fallback: Fallback,
}

impl Default for ComputeSpec {
    /// One on-demand instance, checkpoints free and `auto` (so a single final one).
    fn default() -> Self {
        Self {
            count: 1,
            interruptions: Interruptions::None,
            gang: Gang::default(),
            capacity: Capacity::always(),
            notice_hours: 0.0,
            checkpoint_every: CheckpointInterval::Auto,
            checkpoint_hours: 0.0,
            restart_hours: 0.0,
            downtime_hours: 0.0,
            fallback: Fallback::KeepWaiting,
        }
    }
}

impl ComputeSpec {
    /// The same run bought on-demand (what an `on-demand` plan makes of a Spot task).
    pub fn as_on_demand(&self) -> Self {
        Self {
            interruptions: Interruptions::None,
            ..*self
        }
    }
}

/// The result of one simulated run. Instance-hours are summed over the gang.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RunOutcome {
    /// From the first request for instances to the final checkpoint, in hours.
    pub wall_hours: f64,
    /// Spot instance-hours billed (`count` x hours the Spot instances ran).
    pub billed_spot_hours: f64,
    /// On-demand instance-hours billed (including a changeover).
    pub billed_on_demand_hours: f64,
    /// Instance-hours of work that the run needed (`count` x work hours).
    pub useful_hours: f64,
    /// Times Spot instances were taken back.
    pub interruptions: u32,
    /// Whether the run moved to on-demand (or, deadline-aware, started there).
    pub switched_to_on_demand: bool,
    /// Hours spent waiting for Spot capacity (part of `wall_hours`, not billed).
    pub capacity_wait_hours: f64,
}

/// Prices of one instance type, per instance-hour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prices {
    pub on_demand_per_hour: f64,
    pub spot_per_hour: f64,
}

impl Prices {
    pub fn new(on_demand_per_hour: f64, spot_per_hour: f64) -> Result<Self, String> {
        finite_at_least_zero(on_demand_per_hour, "on_demand_per_hour", "money per hour")?;
        finite_at_least_zero(spot_per_hour, "spot_per_hour", "money per hour")?;
        Ok(Self {
            on_demand_per_hour,
            spot_per_hour,
        })
    }

    /// Spot dearer than on-demand: legal (Spot prices move) but worth a warning.
    pub fn spot_above_on_demand(&self) -> bool {
        self.spot_per_hour > self.on_demand_per_hour
    }

    /// What a run costs.
    pub fn cost(&self, o: &RunOutcome) -> f64 {
        o.billed_spot_hours * self.spot_per_hour
            + o.billed_on_demand_hours * self.on_demand_per_hour
    }
}
