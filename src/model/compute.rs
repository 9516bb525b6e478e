//! Execution of a compute run on on-demand or Spot instances.
//!
//! A compute task needs `work_hours` of work on a gang of `count` instances. On-demand
//! instances are never interrupted; Spot instances are taken back after a random lifetime.
//! This file simulates one run, interruption by interruption, and reports its wall time and the
//! instance-hours billed at each price. The engine calls [`ComputeRun::simulate_run`] once per
//! compute task and iteration.
//!
//! # The model
//!
//! - **Segments.** The work is split into segments of `tau` hours of work (the checkpoint
//!   interval; the last segment is what is left), each ended by a checkpoint of `C` hours, the
//!   last one too (it saves the final model). A segment's work is safe once its checkpoint has
//!   completed. On-demand, the run takes `W + (number of segments) * C` hours.
//! - **Interruptions.** A Spot instance (or gang) lives a random lifetime from the moment it
//!   starts. When it is reclaimed, the work since the last completed checkpoint is lost;
//!   `D` hours of downtime follow (waiting for a new instance: not billed, nothing can be
//!   interrupted), then, when Spot capacity is short, a wait for capacity, then `R` hours of
//!   restart on the new instance (reload the checkpoint: billed and interruptible), and work
//!   goes on from the checkpoint. The first instance of a run needs no downtime or restart.
//!   A replacement is a new instance: its lifetime is drawn afresh (exact for exponential
//!   lifetimes by memorylessness, and the natural model for Weibull ones).
//! - **Gangs.** `Bulk`: one lifetime for the whole gang. `Independent`: each instance has its
//!   own lifetime and the gang stops at the first failure, so the gang's lifetime is the
//!   minimum of `count` lifetimes: exponential at `count * rate`, and for Weibull(k, eta) again
//!   Weibull with scale `eta * count^(-1/k)`; either way one draw. After an interruption the
//!   whole gang is renewed (a managed job tears the gang down and re-provisions it); for
//!   Weibull lifetimes this ignores that the survivors are older.
//! - **Notice.** With `notice_hours >= C` (and above zero) the job is warned early enough to
//!   save its work: it keeps working until `C` hours before the reclaim, then checkpoints
//!   (a regular checkpoint under way at that moment completes just the same), and idles,
//!   billed, until the instance goes. The work done up to `C` hours before the reclaim is kept;
//!   the time after it is lost. A shorter notice is too short to checkpoint and changes
//!   nothing. An emergency checkpoint does not move the regular checkpoints, which stay at
//!   multiples of `tau` hours of work.
//! - **Capacity.** Whenever the job asks for Spot instances (at the start and after each
//!   downtime), they are there with probability `availability`; otherwise it waits a random
//!   time for them.
//! - **Billing.** Instance-hours while instances run (work, checkpoints, restarts, the idle end
//!   of a notice), times `count`. Downtime and waiting for capacity are not billed.
//! - **Fallback.** `KeepWaiting` never leaves Spot. `OnDemandAfter` moves to on-demand when one
//!   wait for capacity reaches `wait_hours`. `DeadlineAware` is the greedy rule of "Can't Be
//!   Late" (Wu et al., NSDI 2024): stay on Spot while the time left to the deadline covers the
//!   changeover plus finishing on-demand from the last checkpoint, and move the moment it no
//!   longer would (during work, a restart, a downtime or a wait alike), dropping unsaved work.
//!   A run that moves pays `changeover_hours` (provision and reload, billed at on-demand), then
//!   finishes on-demand from its last checkpoint. A deadline-aware run whose deadline cannot
//!   afford Spot at all starts on on-demand, with no changeover (nothing runs yet); it then
//!   finishes as on-demand does, late if the deadline is not feasible even there.

use rand::Rng;
use statrs::function::erf::erfc_inv;
use statrs::function::gamma::gamma;

const INF: f64 = f64::INFINITY;

/// Below this chance of an instance outliving a restart plus one segment, a run would take
/// more than 100,000 attempts per segment on average: rejected as a configuration error.
const MIN_SEGMENT_SURVIVAL: f64 = 1e-5;

/// A uniform number in (0, 1), never 0 nor 1, from the top 53 bits of one `u64`.
#[inline]
fn unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
}

fn finite_at_least_zero(x: f64, name: &str, unit: &str) -> Result<f64, String> {
    if x >= 0.0 && x.is_finite() {
        Ok(x)
    } else {
        Err(format!(
            "`{name}` must be a finite number of {unit} at least 0 (got {x}); correct it"
        ))
    }
}

fn finite_positive(x: f64, name: &str, unit: &str) -> Result<f64, String> {
    if x > 0.0 && x.is_finite() {
        Ok(x)
    } else {
        Err(format!(
            "`{name}` must be a finite number of {unit} above 0 (got {x}); correct it"
        ))
    }
}

/// Young's (1974) optimal checkpoint interval, in hours: `sqrt(2 C M)` for a checkpoint cost
/// of `c_hours` and a mean time between interruptions of `m_hours`.
pub fn young_interval_hours(c_hours: f64, m_hours: f64) -> f64 {
    if m_hours == INF {
        return INF;
    }
    (2.0 * c_hours * m_hours).sqrt()
}

/// Daly's (2006) higher-order optimal checkpoint interval, in hours:
/// `sqrt(2CM) * (1 + sqrt(C/2M)/3 + (C/2M)/9) - C` when `C < 2M`, else `M`.
pub fn daly_interval_hours(c_hours: f64, m_hours: f64) -> f64 {
    if m_hours == INF {
        return INF;
    }
    if c_hours < 2.0 * m_hours {
        let x = c_hours / (2.0 * m_hours);
        (2.0 * c_hours * m_hours).sqrt() * (1.0 + x.sqrt() / 3.0 + x / 9.0) - c_hours
    } else {
        m_hours
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
            Self::Fixed { hours } => finite_at_least_zero(hours, "wait_hours", "hours").map(drop),
            Self::Exponential { mean_hours } => {
                finite_positive(mean_hours, "wait_mean_hours", "hours").map(drop)
            }
            Self::LogNormal {
                median_hours,
                mean_hours,
            } => {
                finite_positive(median_hours, "wait_median_hours", "hours")?;
                finite_positive(mean_hours, "wait_mean_hours", "hours")?;
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
                finite_at_least_zero(wait_hours, "on_demand_after_hours", "hours")?;
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

/// The gang's lifetime distribution, compiled.
#[derive(Debug, Clone, Copy)]
enum Life {
    Never,
    Exponential {
        rate: f64,
    },
    Weibull {
        scale: f64,
        shape: f64,
        inv_shape: f64,
    },
}

impl Life {
    #[inline]
    fn draw<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match *self {
            Life::Never => INF,
            Life::Exponential { rate } => -(-unit(rng)).ln_1p() / rate,
            Life::Weibull {
                scale, inv_shape, ..
            } => scale * (-(-unit(rng)).ln_1p()).powf(inv_shape),
        }
    }

    fn survival(&self, hours: f64) -> f64 {
        match *self {
            Life::Never => 1.0,
            Life::Exponential { rate } => (-rate * hours).exp(),
            Life::Weibull { scale, shape, .. } => (-(hours / scale).powf(shape)).exp(),
        }
    }

    fn mean_hours(&self) -> f64 {
        match *self {
            Life::Never => INF,
            Life::Exponential { rate } => 1.0 / rate,
            Life::Weibull {
                scale, inv_shape, ..
            } => scale * gamma(1.0 + inv_shape),
        }
    }
}

/// The wait for capacity, compiled.
#[derive(Debug, Clone, Copy)]
enum WaitQuantile {
    Fixed(f64),
    Exponential { mean: f64 },
    LogNormal { mu: f64, sigma: f64 },
}

impl WaitQuantile {
    fn new(w: Wait) -> Self {
        match w {
            Wait::Fixed { hours } => Self::Fixed(hours),
            Wait::Exponential { mean_hours } => Self::Exponential { mean: mean_hours },
            Wait::LogNormal {
                median_hours,
                mean_hours,
            } => Self::LogNormal {
                mu: median_hours.ln(),
                sigma: (2.0 * (mean_hours / median_hours).ln()).max(0.0).sqrt(),
            },
        }
    }

    /// The wait at probability `v` in [0, 1).
    #[inline]
    fn quantile(&self, v: f64) -> f64 {
        match *self {
            Self::Fixed(h) => h,
            Self::Exponential { mean } => -mean * (-v).ln_1p(),
            Self::LogNormal { mu, sigma } => {
                let z = -std::f64::consts::SQRT_2 * erfc_inv(2.0 * v);
                (mu + sigma * z).exp()
            }
        }
    }
}

/// The segments of one run of `work` hours.
struct Segments {
    work: f64,
    tau: f64,
    n: u64,
}

impl Segments {
    fn new(work: f64, tau: f64) -> Self {
        let n = if tau >= work {
            1
        } else {
            // A last segment shorter than 1e-12 of the interval is rounding: merged.
            ((work / tau) * (1.0 - 1e-12)).ceil().max(1.0) as u64
        };
        Self { work, tau, n }
    }

    /// Where segment `k` (from 0) ends, in hours of work.
    #[inline]
    fn end(&self, k: u64) -> f64 {
        if k + 1 >= self.n {
            self.work
        } else {
            (k + 1) as f64 * self.tau
        }
    }

    /// Hours to finish on-demand from `p`.
    #[inline]
    fn on_demand_left(&self, p: &Progress, c: f64) -> f64 {
        (self.work - p.done) + (self.n - p.k) as f64 * c
    }
}

/// Saved progress: work behind the last completed checkpoint, and the segment under way.
#[derive(Debug, Clone, Copy)]
struct Progress {
    done: f64,
    k: u64,
    /// `done` is the start of segment `k` (false after an emergency checkpoint on notice).
    aligned: bool,
}

impl Progress {
    const START: Self = Self {
        done: 0.0,
        k: 0,
        aligned: true,
    };
}

enum Step {
    Finished,
    Reclaimed,
    /// The deadline-aware policy must move to on-demand now.
    Leave,
}

/// One compute task's run, validated and compiled: sampling cannot fail.
#[derive(Debug, Clone)]
pub struct ComputeRun {
    spec: ComputeSpec,
    life: Life,
    wait: WaitQuantile,
    /// Checkpoint interval in hours of work (infinite: one segment).
    tau: f64,
    notice_saves: bool,
}

impl ComputeRun {
    /// Validates `spec` and precomputes what sampling needs.
    pub fn new(spec: &ComputeSpec) -> Result<Self, String> {
        let s = *spec;
        if s.count == 0 {
            return Err("`count` must be at least 1 instance; correct it".to_string());
        }
        s.interruptions.validate()?;
        s.capacity.validate()?;
        s.checkpoint_every.validate()?;
        s.fallback.validate()?;
        finite_at_least_zero(s.notice_hours, "notice_hours", "hours")?;
        finite_at_least_zero(s.checkpoint_hours, "checkpoint_hours", "hours")?;
        finite_at_least_zero(s.restart_hours, "restart_hours", "hours")?;
        finite_at_least_zero(s.downtime_hours, "downtime_hours", "hours")?;
        let n = f64::from(s.count);
        let life = match s.interruptions {
            Interruptions::None => Life::Never,
            Interruptions::Exponential { rate_per_hour: 0.0 } => Life::Never,
            Interruptions::Exponential { rate_per_hour } => Life::Exponential {
                rate: match s.gang {
                    Gang::Independent => rate_per_hour * n,
                    Gang::Bulk => rate_per_hour,
                },
            },
            Interruptions::Weibull { shape, mean_hours } => {
                let scale = mean_hours / gamma(1.0 + 1.0 / shape);
                Life::Weibull {
                    scale: match s.gang {
                        Gang::Independent => scale * n.powf(-1.0 / shape),
                        Gang::Bulk => scale,
                    },
                    shape,
                    inv_shape: 1.0 / shape,
                }
            }
        };
        let tau = match s.checkpoint_every {
            CheckpointInterval::Fixed { hours } => hours,
            CheckpointInterval::Auto => {
                let m = life.mean_hours();
                if m.is_finite() && s.checkpoint_hours == 0.0 {
                    return Err("an `auto` checkpoint interval needs a `checkpoint_hours` above 0 (free checkpoints would be taken continuously); set the checkpoint cost or a fixed `checkpoint_every_hours`".to_string());
                }
                daly_interval_hours(s.checkpoint_hours, m)
            }
        };
        if !(tau > 0.0) {
            return Err(format!(
                "the checkpoint interval came out as {tau} hours; set a fixed `checkpoint_every_hours` above 0"
            ));
        }
        if tau.is_finite() {
            let h = s.restart_hours + tau + s.checkpoint_hours;
            let p = life.survival(h);
            if !(p >= MIN_SEGMENT_SURVIVAL) {
                return Err(format!(
                    "a Spot instance outlives a restart plus one checkpoint interval ({h:.3} hours) only once in {:.0} tries, so the run would hardly progress; checkpoint more often, shorten `restart_hours`, or buy on-demand",
                    1.0 / p
                ));
            }
        }
        Ok(Self {
            spec: s,
            life,
            wait: WaitQuantile::new(s.capacity.wait),
            tau,
            notice_saves: s.notice_hours > 0.0 && s.notice_hours >= s.checkpoint_hours,
        })
    }

    pub fn spec(&self) -> &ComputeSpec {
        &self.spec
    }

    pub fn count(&self) -> u32 {
        self.spec.count
    }

    pub fn is_spot(&self) -> bool {
        self.spec.interruptions.is_spot()
    }

    /// The checkpoint interval in use, in hours of work (infinite: a single final checkpoint).
    pub fn checkpoint_interval_hours(&self) -> f64 {
        self.tau
    }

    /// The gang's mean time between interruptions, in running hours (infinite when never).
    pub fn mean_hours_between_interruptions(&self) -> f64 {
        self.life.mean_hours()
    }

    /// Whether an interruption notice is long enough to checkpoint on (see the module docs).
    pub fn checkpoints_on_notice(&self) -> bool {
        self.notice_saves && self.is_spot()
    }

    /// Wall hours of `work_hours` of work on-demand with this run's checkpoints:
    /// `W + (number of segments) * C`.
    pub fn on_demand_wall_hours(&self, work_hours: f64) -> f64 {
        if !(work_hours > 0.0) {
            return 0.0;
        }
        if work_hours == INF {
            return INF;
        }
        self.on_demand_hours(&Segments::new(work_hours, self.tau), Progress::START)
    }

    /// Simulates one run of `work_hours` hours of work (per instance). Allocation-free; the
    /// number of draws varies (one per capacity request when availability is below 1, one per
    /// instance start on Spot). Work of 0, below 0 or NaN gives an all-zero outcome.
    pub fn simulate_run<R: Rng + ?Sized>(&self, work_hours: f64, rng: &mut R) -> RunOutcome {
        let n = f64::from(self.spec.count);
        let mut out = RunOutcome::default();
        if !(work_hours > 0.0) {
            return out;
        }
        out.useful_hours = work_hours * n;
        if work_hours == INF {
            out.wall_hours = INF;
            if self.is_spot() {
                out.billed_spot_hours = INF;
            } else {
                out.billed_on_demand_hours = INF;
            }
            return out;
        }
        let seg = Segments::new(work_hours, self.tau);
        let mut p = Progress::START;
        let on_demand_from_start = !self.is_spot()
            || match self.spec.fallback {
                Fallback::DeadlineAware {
                    deadline_hours,
                    changeover_hours,
                } => deadline_hours - changeover_hours - seg.on_demand_left(&p, self.c()) < 0.0,
                _ => false,
            };
        if on_demand_from_start {
            out.wall_hours = self.on_demand_hours(&seg, p);
            out.billed_on_demand_hours = out.wall_hours * n;
            out.switched_to_on_demand = self.is_spot();
            return out;
        }

        let avail = self.spec.capacity.availability;
        let (r, d) = (self.spec.restart_hours, self.spec.downtime_hours);
        let mut t = 0.0;
        let mut spot = 0.0;
        let mut first = true;
        let leave = loop {
            if !first {
                let limit = self.slack(&seg, &p, t);
                if d > limit {
                    t += limit;
                    break true;
                }
                t += d;
            }
            if avail < 1.0 {
                let u = unit(rng);
                if u >= avail {
                    let w = self.wait.quantile((u - avail) / (1.0 - avail));
                    let limit = match self.spec.fallback {
                        Fallback::KeepWaiting => INF,
                        Fallback::OnDemandAfter { wait_hours, .. } => wait_hours,
                        Fallback::DeadlineAware { .. } => self.slack(&seg, &p, t),
                    };
                    if w >= limit {
                        t += limit;
                        out.capacity_wait_hours += limit;
                        break true;
                    }
                    t += w;
                    out.capacity_wait_hours += w;
                }
            }
            let mut life = self.life.draw(rng);
            if !first {
                let limit = self.slack(&seg, &p, t);
                if r.min(life) > limit {
                    t += limit;
                    spot += limit;
                    break true;
                }
                if life < r {
                    t += life;
                    spot += life;
                    out.interruptions = out.interruptions.saturating_add(1);
                    continue;
                }
                t += r;
                spot += r;
                life -= r;
            }
            first = false;
            let limit = self.slack(&seg, &p, t);
            let (dt, step) = self.advance(&seg, &mut p, life, limit);
            t += dt;
            spot += dt;
            match step {
                Step::Finished => break false,
                Step::Reclaimed => out.interruptions = out.interruptions.saturating_add(1),
                Step::Leave => break true,
            }
        };
        out.billed_spot_hours = spot * n;
        if leave {
            let c = self.spec.fallback.changeover_hours();
            let od = self.on_demand_hours(&seg, p);
            t += c;
            t += od;
            out.billed_on_demand_hours = (c + od) * n;
            out.switched_to_on_demand = true;
        }
        out.wall_hours = t;
        out
    }

    #[inline]
    fn c(&self) -> f64 {
        self.spec.checkpoint_hours
    }

    /// Hours the deadline-aware policy can still lose before it must move (infinite for the
    /// other policies).
    #[inline]
    fn slack(&self, seg: &Segments, p: &Progress, t: f64) -> f64 {
        match self.spec.fallback {
            Fallback::DeadlineAware {
                deadline_hours,
                changeover_hours,
            } => (deadline_hours - t - changeover_hours - seg.on_demand_left(p, self.c())).max(0.0),
            _ => INF,
        }
    }

    /// Hours to finish from `p` on instances that are never interrupted.
    fn on_demand_hours(&self, seg: &Segments, mut p: Progress) -> f64 {
        self.advance(seg, &mut p, INF, INF).0
    }

    /// Works from `p` on an instance with `life` hours left, until the run finishes, the
    /// instance is reclaimed, or an attempt would run past `limit` hours of slack (which a
    /// completed segment leaves unchanged). Returns the hours elapsed (all billed).
    fn advance(&self, seg: &Segments, p: &mut Progress, mut life: f64, limit: f64) -> (f64, Step) {
        let c = self.c();
        let mut elapsed = 0.0;
        loop {
            // Whole segments that surely complete: skip them at once.
            if p.aligned && p.k + 1 < seg.n {
                let full = seg.tau + c;
                if full <= limit {
                    let m = (life / full).floor().min((seg.n - 1 - p.k) as f64);
                    if m >= 1.0 {
                        let m = m as u64;
                        p.k += m;
                        p.done = p.k as f64 * seg.tau;
                        let dt = m as f64 * full;
                        elapsed += dt;
                        life = (life - dt).max(0.0);
                        continue;
                    }
                }
            }
            let end = seg.end(p.k);
            let attempt = end - p.done + c;
            if attempt.min(life) > limit {
                return (elapsed + limit, Step::Leave);
            }
            if life >= attempt {
                elapsed += attempt;
                life -= attempt;
                p.done = end;
                p.k += 1;
                p.aligned = true;
                if p.k >= seg.n {
                    return (elapsed, Step::Finished);
                }
                continue;
            }
            elapsed += life;
            if self.notice_saves {
                let saved = life - c;
                if saved > 0.0 {
                    p.done += saved;
                    p.aligned = false;
                }
            }
            return (elapsed, Step::Reclaimed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_pcg::Pcg64Mcg;

    /// A Spot run with exponential interruptions, a fixed interval, capacity always there.
    fn spot(rate: f64, tau: f64, c: f64, r: f64, d: f64) -> ComputeSpec {
        ComputeSpec {
            count: 1,
            interruptions: Interruptions::Exponential {
                rate_per_hour: rate,
            },
            gang: Gang::Bulk,
            capacity: Capacity::always(),
            notice_hours: 0.0,
            checkpoint_every: CheckpointInterval::Fixed { hours: tau },
            checkpoint_hours: c,
            restart_hours: r,
            downtime_hours: d,
            fallback: Fallback::KeepWaiting,
        }
    }

    fn run(spec: &ComputeSpec) -> ComputeRun {
        ComputeRun::new(spec).expect("valid spec")
    }

    /// Mean and standard deviation of `f` over `n` runs.
    fn stats(
        r: &ComputeRun,
        work: f64,
        n: usize,
        seed: u64,
        f: impl Fn(&RunOutcome) -> f64,
    ) -> (f64, f64) {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let (mut s, mut s2) = (0.0, 0.0);
        for _ in 0..n {
            let x = f(&r.simulate_run(work, &mut rng));
            s += x;
            s2 += x * x;
        }
        let mean = s / n as f64;
        (
            mean,
            ((s2 / n as f64 - mean * mean).max(0.0) * n as f64 / (n - 1) as f64).sqrt(),
        )
    }

    fn bougeret(w: f64, lambda: f64, tau: f64, c: f64, r: f64, d: f64) -> f64 {
        (w / tau) * (lambda * r).exp() * (1.0 / lambda + d) * ((lambda * (tau + c)).exp() - 1.0)
    }

    #[test]
    fn exponential_mean_wall_time_matches_bougeret() {
        // (lambda, tau, C, R, D, W)
        let sets = [
            (0.3, 0.5, 0.03, 0.08, 0.08, 20.0),
            (0.7, 1.0, 0.1, 0.25, 0.5, 10.0),
            (0.1, 2.0, 0.2, 0.3, 1.0, 40.0),
            (1.5, 0.25, 0.05, 0.1, 0.0, 5.0),
            (0.5, 0.4, 0.0, 0.0, 0.2, 8.0),
            (2.0, 1.0, 0.3, 0.5, 0.25, 3.0),
        ];
        let n = 200_000;
        for (i, &(lambda, tau, c, r, d, w)) in sets.iter().enumerate() {
            let sim = run(&spot(lambda, tau, c, r, d));
            let (mean, sd) = stats(&sim, w, n, 11 + i as u64, |o| o.wall_hours);
            let expected = bougeret(w, lambda, tau, c, r, d);
            let se = sd / (n as f64).sqrt();
            assert!(
                (mean - expected).abs() < 4.0 * se,
                "set {i}: mean {mean} vs E[T] {expected} (se {se})"
            );
            // Billing: everything but the downtime runs an instance.
            let mut rng = Pcg64Mcg::seed_from_u64(5);
            for _ in 0..1000 {
                let o = sim.simulate_run(w, &mut rng);
                let billed = o.wall_hours - d * f64::from(o.interruptions);
                assert!((o.billed_spot_hours - billed).abs() < 1e-9 * o.wall_hours);
                assert_eq!(o.billed_on_demand_hours, 0.0);
                assert_eq!(o.useful_hours, w);
            }
        }
    }

    #[test]
    fn spot_without_interruptions_equals_on_demand() {
        let prices = Prices::new(3.06, 0.92).unwrap();
        for (tau, c, w, count) in [
            (0.5, 0.03, 20.0, 1),
            (0.5, 0.03, 7.3, 4),
            (3.0, 0.2, 10.0, 2),
            (0.1, 0.01, 0.7, 1),
            (100.0, 0.5, 12.0, 8),
        ] {
            let mut s = spot(0.0, tau, c, 0.1, 0.1);
            s.count = count;
            let sp = run(&s);
            let od = run(&s.as_on_demand());
            let mut rng = Pcg64Mcg::seed_from_u64(1);
            let a = sp.simulate_run(w, &mut rng);
            let b = od.simulate_run(w, &mut rng);
            assert_eq!(a.wall_hours, b.wall_hours);
            assert_eq!(a.billed_spot_hours, b.billed_on_demand_hours);
            assert_eq!((a.billed_on_demand_hours, b.billed_spot_hours), (0.0, 0.0));
            assert_eq!(a.interruptions, 0);
            let segments = (w / tau - 1e-9).ceil().max(1.0);
            assert!((b.wall_hours - (w + segments * c)).abs() < 1e-9);
            assert_eq!(b.wall_hours, od.on_demand_wall_hours(w));
            let n = f64::from(count);
            assert!((b.billed_on_demand_hours - b.wall_hours * n).abs() < 1e-12 * b.wall_hours);
            let (sc, oc) = (prices.cost(&a), prices.cost(&b));
            assert!((sc - oc * 0.92 / 3.06).abs() < 1e-9 * oc);
        }
        // `auto` with no interruptions: one segment, on both.
        let mut s = spot(0.0, 1.0, 0.1, 0.0, 0.0);
        s.checkpoint_every = CheckpointInterval::Auto;
        let (a, b) = (run(&s), run(&s.as_on_demand()));
        assert_eq!(a.checkpoint_interval_hours(), INF);
        let mut rng = Pcg64Mcg::seed_from_u64(2);
        assert_eq!(a.simulate_run(10.0, &mut rng).wall_hours, 10.1);
        assert_eq!(b.simulate_run(10.0, &mut rng).wall_hours, 10.1);
    }

    #[test]
    fn higher_rate_never_finishes_earlier_on_average() {
        let mut last = 0.0;
        for rate in [0.0, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6] {
            let sim = run(&spot(rate, 0.5, 0.05, 0.1, 0.1));
            let (mean, _) = stats(&sim, 20.0, 20_000, 3, |o| o.wall_hours);
            assert!(mean > last, "rate {rate}: mean {mean} below {last}");
            last = mean;
        }
        // Weibull too, and for billed hours.
        let mut last = (0.0, 0.0);
        for mean_life in [50.0, 10.0, 4.0, 2.0, 1.0] {
            let mut s = spot(0.0, 0.5, 0.05, 0.1, 0.1);
            s.interruptions = Interruptions::weibull(0.6, mean_life).unwrap();
            let sim = run(&s);
            let (wall, _) = stats(&sim, 20.0, 20_000, 4, |o| o.wall_hours);
            let (billed, _) = stats(&sim, 20.0, 20_000, 4, |o| o.billed_spot_hours);
            assert!(
                wall > last.0 && billed > last.1,
                "mean lifetime {mean_life}"
            );
            last = (wall, billed);
        }
    }

    #[test]
    fn young_and_daly_intervals() {
        // C = 0.05 h, M = 2 h.
        assert!((young_interval_hours(0.05, 2.0) - 0.2f64.sqrt()).abs() < 1e-15);
        let x: f64 = 0.05 / 4.0;
        let daly = 0.2f64.sqrt() * (1.0 + x.sqrt() / 3.0 + x / 9.0) - 0.05;
        assert!((daly_interval_hours(0.05, 2.0) - daly).abs() < 1e-15);
        assert!((daly_interval_hours(0.05, 2.0) - 0.414_501_4).abs() < 1e-6);
        // C = 0.5 h, M = 8 h: C/2M = 1/32, sqrt(8) * (1 + sqrt(1/32)/3 + 1/288) - 0.5.
        assert!((daly_interval_hours(0.5, 8.0) - 2.504_914_7).abs() < 1e-6);
        assert!((young_interval_hours(0.5, 8.0) - 8f64.sqrt()).abs() < 1e-15);
        // C >= 2M: tau = M.
        assert_eq!(daly_interval_hours(5.0, 2.0), 2.0);
        assert_eq!(daly_interval_hours(4.0, 2.0), 2.0);
        assert_eq!(daly_interval_hours(0.1, INF), INF);
        assert_eq!(young_interval_hours(0.0, INF), INF);

        // `auto` picks Daly from the gang's mean time between interruptions.
        let mut s = spot(0.5, 1.0, 0.05, 0.1, 0.1);
        s.checkpoint_every = CheckpointInterval::Auto;
        let r = run(&s);
        assert_eq!(r.mean_hours_between_interruptions(), 2.0);
        assert_eq!(
            r.checkpoint_interval_hours(),
            daly_interval_hours(0.05, 2.0)
        );
        s.count = 4;
        s.gang = Gang::Independent;
        let r = run(&s);
        assert_eq!(r.mean_hours_between_interruptions(), 0.5);
        assert_eq!(
            r.checkpoint_interval_hours(),
            daly_interval_hours(0.05, 0.5)
        );
        s.gang = Gang::Bulk;
        assert_eq!(run(&s).mean_hours_between_interruptions(), 2.0);
        s.interruptions = Interruptions::weibull(0.6, 2.0).unwrap();
        let m = 2.0 * 4f64.powf(-1.0 / 0.6);
        s.gang = Gang::Independent;
        let r = run(&s);
        assert!((r.mean_hours_between_interruptions() - m).abs() < 1e-12);
        assert_eq!(
            r.checkpoint_interval_hours(),
            daly_interval_hours(0.05, r.mean_hours_between_interruptions())
        );
        // Daly's interval beats Young's and a far-off one on the exponential closed form.
        let (lambda, c, r, d) = (0.5, 0.05, 0.1, 0.1);
        let t = |tau: f64| bougeret(1.0, lambda, tau, c, r, d);
        let (tau_d, tau_y) = (daly_interval_hours(c, 2.0), young_interval_hours(c, 2.0));
        assert!(t(tau_d) <= t(tau_y) && t(tau_d) < t(2.0 * tau_d) && t(tau_d) < t(0.5 * tau_d));
    }

    #[test]
    fn weibull_shape_one_is_exponential() {
        let n = 200_000;
        for (mean_life, tau, c, r, d, w) in [
            (2.0, 0.5, 0.05, 0.1, 0.1, 10.0),
            (0.8, 0.25, 0.02, 0.2, 0.5, 4.0),
        ] {
            let e = run(&spot(1.0 / mean_life, tau, c, r, d));
            let mut s = spot(0.0, tau, c, r, d);
            s.interruptions = Interruptions::weibull(1.0, mean_life).unwrap();
            let wb = run(&s);
            let (me, se) = stats(&e, w, n, 21, |o| o.wall_hours);
            let (mw, sw) = stats(&wb, w, n, 22, |o| o.wall_hours);
            let se_diff = ((se * se + sw * sw) / n as f64).sqrt();
            assert!(
                (me - mw).abs() < 4.0 * se_diff,
                "{me} vs {mw} (se {se_diff})"
            );
            let expected = bougeret(w, 1.0 / mean_life, tau, c, r, d);
            assert!((mw - expected).abs() < 4.0 * sw / (n as f64).sqrt());
        }
        // Lifetimes have the mean asked for, heavy-tailed shapes included.
        for shape in [0.6, 1.0, 2.5] {
            let i = Interruptions::weibull(shape, 2.0).unwrap();
            let r = run(&ComputeSpec {
                interruptions: i,
                checkpoint_every: CheckpointInterval::Fixed { hours: 0.1 },
                ..ComputeSpec::default()
            });
            let mut rng = Pcg64Mcg::seed_from_u64(8);
            let n = 400_000;
            let (mut s, mut s2) = (0.0, 0.0);
            for _ in 0..n {
                let x = r.life.draw(&mut rng);
                s += x;
                s2 += x * x;
            }
            let mean = s / n as f64;
            let sd = (s2 / n as f64 - mean * mean).sqrt();
            assert!(
                (mean - 2.0).abs() < 4.0 * sd / (n as f64).sqrt(),
                "shape {shape}: {mean}"
            );
        }
    }

    #[test]
    fn independent_gang_is_count_times_the_rate() {
        let n = 200_000;
        let (lambda, count, w) = (0.15, 4, 10.0);
        let mut ind = spot(lambda, 0.5, 0.05, 0.1, 0.1);
        ind.count = count;
        ind.gang = Gang::Independent;
        let mut bulk = spot(lambda * f64::from(count), 0.5, 0.05, 0.1, 0.1);
        bulk.count = count;
        bulk.gang = Gang::Bulk;
        let single = spot(lambda * f64::from(count), 0.5, 0.05, 0.1, 0.1);
        let (mi, si) = stats(&run(&ind), w, n, 31, |o| o.wall_hours);
        let (mb, sb) = stats(&run(&bulk), w, n, 32, |o| o.wall_hours);
        let se = ((si * si + sb * sb) / n as f64).sqrt();
        assert!((mi - mb).abs() < 4.0 * se, "{mi} vs {mb}");
        let expected = bougeret(w, lambda * f64::from(count), 0.5, 0.05, 0.1, 0.1);
        assert!((mi - expected).abs() < 4.0 * si / (n as f64).sqrt());
        // Billing is per instance: a gang of 4 bills 4 times a single instance's hours.
        let (gi, _) = stats(&run(&ind), w, n, 33, |o| o.billed_spot_hours);
        let (g1, _) = stats(&run(&single), w, n, 33, |o| o.billed_spot_hours);
        assert!((gi - 4.0 * g1).abs() < 1e-9 * gi);
        // Bulk: the gang fails as one instance does.
        let mut b1 = spot(lambda, 0.5, 0.05, 0.1, 0.1);
        b1.count = count;
        let (mb1, _) = stats(&run(&b1), w, 50_000, 34, |o| o.wall_hours);
        let (m1, _) = stats(
            &run(&spot(lambda, 0.5, 0.05, 0.1, 0.1)),
            w,
            50_000,
            34,
            |o| o.wall_hours,
        );
        assert_eq!(mb1, m1);
        // Weibull gang: the first failure of 4 independent lifetimes.
        let mut s = spot(0.0, 0.5, 0.05, 0.1, 0.1);
        s.interruptions = Interruptions::weibull(0.6, 2.0).unwrap();
        let one = run(&s);
        s.count = count;
        s.gang = Gang::Independent;
        let gang = run(&s);
        let mut rng = Pcg64Mcg::seed_from_u64(35);
        let m = 200_000;
        let (mut a, mut a2, mut g, mut g2) = (0.0, 0.0, 0.0, 0.0);
        for _ in 0..m {
            let x = (0..count)
                .map(|_| one.life.draw(&mut rng))
                .fold(INF, f64::min);
            let y = gang.life.draw(&mut rng);
            (a, a2, g, g2) = (a + x, a2 + x * x, g + y, g2 + y * y);
        }
        let m = m as f64;
        let (ma, mg) = (a / m, g / m);
        let se = ((a2 / m - ma * ma + g2 / m - mg * mg) / m).sqrt();
        assert!((ma - mg).abs() < 4.0 * se, "{ma} vs {mg}");
        assert!((mg - gang.mean_hours_between_interruptions()).abs() < 4.0 * se);
    }

    #[test]
    fn on_demand_after_zero_wait_without_capacity() {
        let mut s = spot(0.5, 0.5, 0.05, 0.1, 0.1);
        s.count = 3;
        s.capacity = Capacity::new(0.0, Wait::exponential(1.0).unwrap()).unwrap();
        s.fallback = Fallback::on_demand_after(0.0, 0.25).unwrap();
        let sim = run(&s);
        let od = run(&s.as_on_demand());
        let mut rng = Pcg64Mcg::seed_from_u64(41);
        for w in [20.0, 3.3, 0.5] {
            let base = od.on_demand_wall_hours(w);
            for _ in 0..1000 {
                let o = sim.simulate_run(w, &mut rng);
                assert_eq!(o.wall_hours, 0.25 + base);
                assert_eq!(o.billed_spot_hours, 0.0);
                assert_eq!(o.billed_on_demand_hours, (0.25 + base) * 3.0);
                assert!(o.switched_to_on_demand);
                assert_eq!(o.interruptions, 0);
            }
        }
        // A wait limit caps each wait: with no capacity, the run leaves after exactly that long.
        s.fallback = Fallback::on_demand_after(2.0, 0.25).unwrap();
        s.capacity = Capacity::new(0.0, Wait::fixed(5.0).unwrap()).unwrap();
        let o = run(&s).simulate_run(20.0, &mut rng);
        assert_eq!(o.wall_hours, 2.0 + 0.25 + od.on_demand_wall_hours(20.0));
        assert_eq!(o.capacity_wait_hours, 2.0);
    }

    #[test]
    fn waiting_for_capacity_adds_its_mean() {
        // No interruptions: the only delay is the first wait, (1 - p) * mean on average.
        let n = 200_000;
        for wait in [
            Wait::exponential(1.4).unwrap(),
            Wait::lognormal(0.4, 1.4).unwrap(),
        ] {
            let mut s = spot(0.0, 0.5, 0.05, 0.1, 0.1);
            s.capacity = Capacity::new(0.3, wait).unwrap();
            let sim = run(&s);
            let (m, sd) = stats(&sim, 10.0, n, 51, |o| o.wall_hours);
            let expected = sim.on_demand_wall_hours(10.0) + 0.7 * 1.4;
            assert!(
                (m - expected).abs() < 4.0 * sd / (n as f64).sqrt(),
                "{wait:?}: {m} vs {expected}"
            );
            let (b, _) = stats(&sim, 10.0, 1000, 52, |o| o.billed_spot_hours);
            assert!(
                (b - sim.on_demand_wall_hours(10.0)).abs() < 1e-9,
                "waiting is not billed"
            );
        }
        // Lognormal: the median is as asked.
        let q = WaitQuantile::new(Wait::lognormal(0.4, 1.4).unwrap());
        assert!((q.quantile(0.5) - 0.4).abs() < 1e-12);
    }

    #[test]
    fn deadline_aware_meets_feasible_deadlines() {
        let harsh = ComputeSpec {
            count: 2,
            interruptions: Interruptions::weibull(0.6, 1.5).unwrap(),
            gang: Gang::Independent,
            capacity: Capacity::new(0.5, Wait::lognormal(0.4, 1.4).unwrap()).unwrap(),
            notice_hours: 0.0,
            checkpoint_every: CheckpointInterval::Fixed { hours: 0.5 },
            checkpoint_hours: 0.05,
            restart_hours: 0.25,
            downtime_hours: 0.1,
            fallback: Fallback::KeepWaiting,
        };
        let mut exp = harsh;
        exp.interruptions = Interruptions::exponential(0.7).unwrap();
        exp.gang = Gang::Bulk;
        exp.notice_hours = 0.1;
        let mut rng = Pcg64Mcg::seed_from_u64(61);
        for base in [harsh, exp] {
            for w in [20.0, 7.3] {
                let od = run(&base.as_on_demand()).on_demand_wall_hours(w);
                for factor in [1.0, 1.01, 1.1, 1.3, 1.6, 2.0, 3.0] {
                    let deadline = od * factor;
                    let mut s = base;
                    s.fallback = Fallback::deadline_aware(deadline, 0.25).unwrap();
                    let sim = run(&s);
                    let mut switched = 0;
                    for _ in 0..20_000 {
                        let o = sim.simulate_run(w, &mut rng);
                        assert!(
                            o.wall_hours <= deadline * (1.0 + 1e-12),
                            "deadline {deadline}: finished at {}",
                            o.wall_hours
                        );
                        switched += usize::from(o.switched_to_on_demand);
                    }
                    if factor >= 2.0 {
                        assert!(switched < 20_000, "a loose deadline leaves room for Spot");
                    }
                }
            }
        }
        // An infeasible deadline starts on-demand and finishes as on-demand does.
        let mut s = exp;
        let od = run(&s.as_on_demand()).on_demand_wall_hours(20.0);
        s.fallback = Fallback::deadline_aware(od * 0.9, 0.25).unwrap();
        let o = run(&s).simulate_run(20.0, &mut rng);
        assert_eq!(o.wall_hours, od);
        assert!(o.switched_to_on_demand && o.billed_spot_hours == 0.0);
    }

    #[test]
    fn deadline_aware_is_cheaper_when_interruptions_are_rare() {
        let prices = Prices::new(3.06, 0.92).unwrap();
        let mut s = spot(0.02, 0.5, 0.05, 0.1, 0.1);
        s.capacity = Capacity::new(0.9, Wait::lognormal(0.4, 1.4).unwrap()).unwrap();
        let od = run(&s.as_on_demand());
        let w = 20.0;
        let od_wall = od.on_demand_wall_hours(w);
        s.fallback = Fallback::deadline_aware(1.5 * od_wall, 0.25).unwrap();
        let sim = run(&s);
        let n = 50_000;
        let (cost, sd) = stats(&sim, w, n, 71, |o| prices.cost(o));
        let od_cost = od_wall * 3.06;
        assert!(
            cost + 4.0 * sd / (n as f64).sqrt() < od_cost,
            "{cost} vs {od_cost}"
        );
        let (wall, _) = stats(&sim, w, n, 71, |o| o.wall_hours);
        assert!(wall <= 1.5 * od_wall);
    }

    #[test]
    fn notice_long_enough_to_checkpoint_saves_work() {
        let n = 100_000;
        let mut s = spot(0.5, 2.0, 0.03, 0.1, 0.1);
        let (without, _) = stats(&run(&s), 20.0, n, 81, |o| o.wall_hours);
        s.notice_hours = 0.02; // shorter than a checkpoint: no help
        assert!(!run(&s).checkpoints_on_notice());
        let (short, _) = stats(&run(&s), 20.0, n, 81, |o| o.wall_hours);
        assert_eq!(without, short);
        s.notice_hours = 0.0333; // 2 minutes
        let sim = run(&s);
        assert!(sim.checkpoints_on_notice());
        let (with, _) = stats(&sim, 20.0, n, 81, |o| o.wall_hours);
        assert!(with < 0.8 * without, "{with} vs {without}");
        // Each interruption costs at most a checkpoint, restart and downtime: the wall time is
        // below the on-demand time plus that per interruption (plus the rare lost restarts).
        let base = sim.on_demand_wall_hours(20.0);
        let mut rng = Pcg64Mcg::seed_from_u64(82);
        for _ in 0..10_000 {
            let o = sim.simulate_run(20.0, &mut rng);
            assert!(o.wall_hours <= base + f64::from(o.interruptions) * (0.03 + 0.1 + 0.1) + 1e-9);
        }
    }

    #[test]
    fn odd_work_amounts() {
        let sim = run(&spot(0.3, 0.5, 0.05, 0.1, 0.1));
        let mut rng = Pcg64Mcg::seed_from_u64(91);
        for w in [0.0, -1.0, f64::NAN] {
            assert_eq!(sim.simulate_run(w, &mut rng), RunOutcome::default());
        }
        assert_eq!(sim.simulate_run(INF, &mut rng).wall_hours, INF);
        // A tiny job: one segment of that work and its checkpoint.
        let o = run(&spot(0.0, 0.5, 0.05, 0.1, 0.1)).simulate_run(0.01, &mut rng);
        assert!((o.wall_hours - 0.06).abs() < 1e-15);
    }

    #[test]
    fn bad_input_is_rejected_with_a_message() {
        let bad = |s: ComputeSpec, needle: &str| {
            let e = ComputeRun::new(&s).expect_err("must be rejected");
            assert!(e.contains(needle), "{e:?} should mention {needle}");
        };
        let base = spot(0.3, 0.5, 0.05, 0.1, 0.1);
        for x in [-0.1, f64::NAN, INF] {
            bad(spot(x, 0.5, 0.05, 0.1, 0.1), "interruptions_per_hour");
            bad(spot(0.3, 0.5, x, 0.1, 0.1), "checkpoint_hours");
            bad(spot(0.3, 0.5, 0.05, x, 0.1), "restart_hours");
            bad(spot(0.3, 0.5, 0.05, 0.1, x), "downtime_hours");
            bad(
                ComputeSpec {
                    notice_hours: x,
                    ..base
                },
                "notice_hours",
            );
            assert!(Interruptions::exponential(x).is_err());
            assert!(
                Prices::new(x, 1.0)
                    .unwrap_err()
                    .contains("on_demand_per_hour")
            );
            assert!(Prices::new(1.0, x).unwrap_err().contains("spot_per_hour"));
            assert!(Wait::exponential(x).is_err() && Wait::fixed(x).is_err());
            assert!(Fallback::on_demand_after(x, 0.2).is_err());
            assert!(Fallback::on_demand_after(1.0, x).is_err());
            assert!(Fallback::deadline_aware(x, 0.2).is_err());
            assert!(Interruptions::weibull(0.6, x).is_err());
        }
        for tau in [0.0, -1.0, f64::NAN, INF] {
            bad(spot(0.3, tau, 0.05, 0.1, 0.1), "checkpoint_every_hours");
            assert!(CheckpointInterval::fixed(tau).is_err());
        }
        for shape in [0.0, -0.5, f64::NAN, INF, 1e-4] {
            let e = Interruptions::weibull(shape, 2.0).unwrap_err();
            assert!(e.contains("weibull_shape"), "{e}");
            bad(
                ComputeSpec {
                    interruptions: Interruptions::Weibull {
                        shape,
                        mean_hours: 2.0,
                    },
                    ..base
                },
                "weibull_shape",
            );
        }
        bad(ComputeSpec { count: 0, ..base }, "count");
        for a in [-0.1, 1.1, f64::NAN] {
            assert!(
                Capacity::new(a, Wait::fixed(1.0).unwrap())
                    .unwrap_err()
                    .contains("availability")
            );
            bad(
                ComputeSpec {
                    capacity: Capacity {
                        availability: a,
                        wait: Wait::Fixed { hours: 1.0 },
                    },
                    ..base
                },
                "availability",
            );
        }
        assert!(Wait::lognormal(1.4, 0.4).unwrap_err().contains("median"));
        bad(
            ComputeSpec {
                fallback: Fallback::DeadlineAware {
                    deadline_hours: 0.0,
                    changeover_hours: 0.2,
                },
                ..base
            },
            "deadline_hours",
        );
        // `auto` with free checkpoints, and intervals a Spot instance can hardly outlive.
        bad(
            ComputeSpec {
                checkpoint_every: CheckpointInterval::Auto,
                checkpoint_hours: 0.0,
                ..base
            },
            "checkpoint_hours",
        );
        bad(spot(0.5, 40.0, 0.05, 0.1, 0.1), "checkpoint more often");
        // Spot above on-demand is allowed, flagged for a warning.
        assert!(Prices::new(1.0, 1.5).unwrap().spot_above_on_demand());
        assert!(!Prices::new(3.06, 0.92).unwrap().spot_above_on_demand());
        // Messages are one sentence.
        let e = ComputeRun::new(&spot(-1.0, 0.5, 0.05, 0.1, 0.1)).unwrap_err();
        assert_eq!(e.matches(". ").count(), 0, "{e}");
    }
}
