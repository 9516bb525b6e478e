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

use super::INF;
use super::spec::*;
use rand::Rng;
use statrs::function::erf::erfc_inv;
use statrs::function::gamma::gamma;

/// Below this chance of an instance outliving a restart plus one segment, a run would take
/// more than 100,000 attempts per segment on average: rejected as a configuration error.
const MIN_SEGMENT_SURVIVAL: f64 = 1e-5;

/// The most interruptions one simulated run goes through on Spot: a run that reaches them
/// finishes on-demand from its last checkpoint. Compiling refuses a plan that would expect
/// a tenth of this (`MAX_INTERRUPTIONS`), so no run comes near it; it is there so that no
/// run, whatever its draws, can loop without end.
pub const MAX_RUN_INTERRUPTIONS: u32 = (10.0 * crate::model::MAX_INTERRUPTIONS) as u32;

/// A uniform number in (0, 1), never 0 nor 1, from the top 53 bits of one `u64`.
#[inline]
fn unit<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / (1u64 << 53) as f64)
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
            if out.interruptions >= MAX_RUN_INTERRUPTIONS {
                break true;
            }
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
                        // Exact, where a count past 2^53 segments rounds up as a float.
                        let m = (m as u64).min(seg.n - 1 - p.k);
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
#[path = "run_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "bound_tests.rs"]
mod bound_tests;

#[path = "expected.rs"]
mod expected;
