//! The forward pass over a block of lanes: each task starts as soon as every incoming link
//! allows (finish-to-start, start-to-start, finish-to-finish, start-to-finish, with lags in the
//! successor's calendar) and ends when its work is done in its own calendar. Tasks are in
//! topological order, so one sweep schedules the network.
//!
//! State is kept as `value[task * LANES + lane]`, so the work on one task is a short loop over
//! independent lanes: sixteen chains of calendar lookups side by side keep the processor busy
//! while each lookup waits for memory, and the maxima over predecessors become vector
//! instructions. Lanes never interact: an iteration's numbers do not depend on which
//! iterations share its block.

// Lane loops index several arrays in step (`for l in 0..LANES`), which reads more plainly here
// than zipped iterators and compiles to the same vector code.
#![allow(clippy::needless_range_loop)]

use crate::model::{LinkKind, Model, Pred, TaskCalendar, TaskModel, TaskProgress};

use super::LANES;

/// When each task of a block starts and finishes, timeline days since the project start.
#[derive(Debug, Clone)]
pub struct Times {
    pub start: Vec<f64>,
    pub finish: Vec<f64>,
}

impl Times {
    pub fn new(tasks: usize) -> Self {
        Times {
            start: vec![0.0; tasks * LANES],
            finish: vec![0.0; tasks * LANES],
        }
    }

    /// Lane `l`'s project finish: the latest finish of any task.
    pub fn lane_end(&self, l: usize) -> f64 {
        self.finish
            .iter()
            .skip(l)
            .step_by(LANES)
            .copied()
            .fold(0.0, f64::max)
    }
}

/// Schedules every lane of the block: `duration` is `task * LANES + lane`, days of each task's
/// own calendar.
///
/// On a processor with AVX-512 the same code runs compiled for it, chosen at each call: the
/// lanes' calendar lookups become gathers and the lane loops wider. The arithmetic is
/// the same IEEE operations in the same order either way (Rust never fuses a multiply and an
/// add on its own), so the times are the same to the bit; a test holds both to it.
#[inline]
pub fn forward_pass(model: &Model, duration: &[f64], times: &mut Times) {
    #[cfg(target_arch = "x86_64")]
    {
        if has_avx512() {
            // SAFETY: the processor has these features, checked just above.
            return unsafe { forward_pass_avx512(model, duration, times) };
        }
    }
    forward_pass_plain(model, duration, times)
}

/// Whether the processor has the AVX-512 features the engine's hot loops are also compiled
/// for (checked once; the answer is cached by the standard library).
#[cfg(target_arch = "x86_64")]
#[inline]
pub fn has_avx512() -> bool {
    std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx512dq")
        && std::arch::is_x86_feature_detected!("avx512vl")
}

/// [`forward_pass`] compiled for AVX-512.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,avx512f,avx512dq,avx512vl")]
unsafe fn forward_pass_avx512(model: &Model, duration: &[f64], times: &mut Times) {
    forward_pass_body(model, duration, times)
}

/// [`forward_pass`] compiled for the baseline of the target.
pub fn forward_pass_plain(model: &Model, duration: &[f64], times: &mut Times) {
    forward_pass_body(model, duration, times)
}

#[inline(always)]
fn forward_pass_body(model: &Model, duration: &[f64], times: &mut Times) {
    for (i, task) in model.tasks.iter().enumerate() {
        let cal = task.calendar;
        let at = i * LANES;
        if let TaskProgress::Done {
            start: s,
            finish: f,
            ..
        } = task.progress
        {
            times.start[at..at + LANES].fill(s);
            times.finish[at..at + LANES].fill(f);
            continue;
        }
        // A started task works what is left of its duration.
        let mut left = [0.0f64; LANES];
        let d: &[f64] = match task.progress {
            TaskProgress::Started { .. } => {
                for l in 0..LANES {
                    left[l] = task.work_left(duration[at + l]);
                }
                &left
            }
            _ => &duration[at..at + LANES],
        };
        let mut start = [0.0f64; LANES];
        for p in model.preds_of(i) {
            let j = p.task as usize * LANES;
            if p.kind == LinkKind::FS && p.lag == 0.0 {
                // The common case takes no calendar arithmetic.
                let f = &times.finish[j..j + LANES];
                for l in 0..LANES {
                    start[l] = start[l].max(f[l]);
                }
            } else {
                let b = link_bounds(model, cal, p, d, times, j);
                for l in 0..LANES {
                    start[l] = start[l].max(b[l]);
                }
            }
        }
        if task.not_before > 0.0 || task.finish_not_before > 0.0 {
            for l in 0..LANES {
                start[l] = start[l].max(own_bound(model, task, d[l]));
            }
        }
        let mut finish = [0.0f64; LANES];
        match cal {
            TaskCalendar::Continuous => {
                for l in 0..LANES {
                    finish[l] = start[l] + d[l];
                }
            }
            TaskCalendar::Work(k) => {
                let d: &[f64; LANES] = d.try_into().expect("a block's lanes");
                finish = model.work_calendar(k).add_work_lanes(&start, d);
            }
        }
        if let TaskProgress::Started { start: s, .. } = task.progress {
            start = [s; LANES];
        }
        times.start[at..at + LANES].copy_from_slice(&start);
        times.finish[at..at + LANES].copy_from_slice(&finish);
    }
}

/// The earliest start that a task's own dates allow, beyond its links, when `d` days of its
/// work are left: its start no earlier than (or the status date), and the start from which
/// it would finish no earlier than its finish date.
#[inline]
pub fn own_bound(model: &Model, task: &TaskModel, d: f64) -> f64 {
    let mut b = task.not_before;
    if task.finish_not_before > 0.0 {
        b = b.max(model.add_work(task.calendar, task.finish_not_before, -d));
    }
    b
}

/// The earliest start that link `p` allows a task of durations `d` (one per lane) on calendar
/// `cal`, lane by lane; `j` is the predecessor's first lane.
#[inline]
pub fn link_bounds(
    model: &Model,
    cal: TaskCalendar,
    p: &Pred,
    d: &[f64],
    times: &Times,
    j: usize,
) -> [f64; LANES] {
    let lanes = |v: &[f64]| -> [f64; LANES] { v.try_into().expect("a block's lanes") };
    let (ps, pf) = (&times.start[j..j + LANES], &times.finish[j..j + LANES]);
    link_rule(model, cal, p, &lanes(d), &lanes(ps), &lanes(pf))
}

/// The earliest start that link `p` allows a task of duration `d` on calendar `cal`, when
/// its predecessor starts at `ps` and finishes at `pf`.
#[inline]
pub fn link_bound(model: &Model, cal: TaskCalendar, p: &Pred, d: f64, ps: f64, pf: f64) -> f64 {
    link_rule(model, cal, p, &[d], &[ps], &[pf])[0]
}

/// The one statement of what a link allows, over `N` lanes at once: the predecessor's date
/// (its finish, or its start for the links from its start), shifted by the lag in the
/// successor's calendar, then, for the links to the successor's finish, back by the
/// successor's duration `d`. Each step is a lane-wise calendar conversion
/// ([`WorkCalendar::add_work_lanes`](crate::model::calendar::WorkCalendar::add_work_lanes)).
#[inline(always)]
fn link_rule<const N: usize>(
    model: &Model,
    cal: TaskCalendar,
    p: &Pred,
    d: &[f64; N],
    ps: &[f64; N],
    pf: &[f64; N],
) -> [f64; N] {
    let add = |t: &[f64; N], work: &[f64; N]| match cal {
        TaskCalendar::Continuous => std::array::from_fn(|l| t[l] + work[l]),
        TaskCalendar::Work(k) => model.work_calendar(k).add_work_lanes(t, work),
    };
    // A working-day predecessor scheduled to start in idle time (after a Friday finish, at
    // Saturday 00:00) starts work on its next working day: a `continuous` successor's start
    // links count from then, or it would start before its predecessor has begun. (On a
    // working-day successor the idle time counts for little: at most the days one calendar
    // works and the other does not.)
    let base = match p.kind {
        LinkKind::FS | LinkKind::FF => *pf,
        LinkKind::SS | LinkKind::SF => match (cal, model.tasks[p.task as usize].calendar) {
            (TaskCalendar::Continuous, TaskCalendar::Work(k)) => {
                let work = model.work_calendar(k);
                std::array::from_fn(|l| {
                    if pf[l] > ps[l] {
                        work.next_working(ps[l])
                    } else {
                        ps[l]
                    }
                })
            }
            _ => *ps,
        },
    };
    let shifted = if p.lag == 0.0 {
        base
    } else {
        add(&base, &[p.lag; N])
    };
    match p.kind {
        LinkKind::FS | LinkKind::SS => shifted,
        LinkKind::FF | LinkKind::SF => add(&shifted, &d.map(|d| -d)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::block::Block;

    #[test]
    fn the_pass_for_this_processor_gives_the_baseline_times_to_the_bit() {
        // The generated 1,000-task plan: workdays and continuous tasks, holidays, FS links and
        // lags, drawn blocks with long tails. On a processor without AVX-512 both are the same
        // code and the test holds trivially.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/bench-1000.toml");
        let text = std::fs::read_to_string(path).expect("the benchmark plan");
        let model = crate::test_support::compile(&text);
        let mut b = Block::new(&model);
        let mut plain = Times::new(model.tasks.len());
        for first in (0..640).step_by(LANES) {
            b.inputs.draw(&model, 9, first, LANES, None);
            forward_pass(&model, &b.inputs.duration, &mut b.times);
            forward_pass_plain(&model, &b.inputs.duration, &mut plain);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
            assert_eq!(bits(&b.times.start), bits(&plain.start));
            assert_eq!(bits(&b.times.finish), bits(&plain.finish));
        }
    }

    /// The link rule one lane at a time with the scalar calendar conversion, as it was
    /// written before the lane-wise form: the reference the lane-wise form is held to.
    fn scalar_link_bound(
        model: &Model,
        cal: TaskCalendar,
        p: &Pred,
        d: f64,
        ps: f64,
        pf: f64,
    ) -> f64 {
        let shifted = |t: f64| {
            if p.lag == 0.0 {
                t
            } else {
                model.add_work(cal, t, p.lag)
            }
        };
        let work_start = || match (cal, model.tasks[p.task as usize].calendar) {
            (TaskCalendar::Continuous, TaskCalendar::Work(k)) if pf > ps => {
                model.work_calendar(k).next_working(ps)
            }
            _ => ps,
        };
        match p.kind {
            LinkKind::FS => shifted(pf),
            LinkKind::SS => shifted(work_start()),
            LinkKind::FF => model.add_work(cal, shifted(pf), -d),
            LinkKind::SF => model.add_work(cal, shifted(work_start()), -d),
        }
    }

    #[test]
    fn lane_wise_link_bounds_are_the_link_bound_of_each_lane() {
        let text = "[project]\nname = \"l\"\nstart = 2027-01-04\nholidays = [2027-01-06]\n\n\
                    [[tasks]]\nid = \"a\"\nestimate = 1\n\n\
                    [[tasks]]\nid = \"b\"\nestimate = 1\ncalendar = \"continuous\"\n";
        let model = crate::test_support::compile(text);
        let mut times = Times::new(2);
        for l in 0..LANES {
            // Starts and finishes across a holiday, a weekend and day edges.
            times.start[l] = l as f64 * 0.75;
            times.finish[l] = l as f64 * 0.75 + 0.5 + (l % 3) as f64;
        }
        let d: Vec<f64> = (0..LANES).map(|l| 0.25 * l as f64).collect();
        for kind in [LinkKind::FS, LinkKind::SS, LinkKind::FF, LinkKind::SF] {
            for lag in [0.0, 2.0, 0.5, -1.5, 3.25] {
                for cal in [TaskCalendar::WORKDAYS, TaskCalendar::Continuous] {
                    let p = Pred { task: 0, kind, lag };
                    let got = link_bounds(&model, cal, &p, &d, &times, 0);
                    for l in 0..LANES {
                        let (ps, pf) = (times.start[l], times.finish[l]);
                        let want = scalar_link_bound(&model, cal, &p, d[l], ps, pf);
                        assert_eq!(got[l].to_bits(), want.to_bits(), "{kind:?} {lag} {cal:?}");
                        let one = link_bound(&model, cal, &p, d[l], ps, pf);
                        assert_eq!(one.to_bits(), want.to_bits(), "{kind:?} {lag} {cal:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_draw_for_this_processor_gives_the_baseline_inputs_to_the_bit() {
        // Every form of estimate, fixed costs, risk events, correlation and Spot runs: the
        // example scenarios between them, and the generated 1,000-task plan.
        for file in [
            "bench-1000.toml",
            "dl-project.toml",
            "llm-domain-adaptation.toml",
        ] {
            let path = format!("{}/scenarios/{file}", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).expect("an example scenario");
            let model = crate::test_support::compile(&text);
            let mut a = Block::new(&model);
            let mut b = Block::new(&model);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
            for first in (0..1_024).step_by(LANES) {
                a.inputs.draw(&model, 11, first, LANES, None);
                b.inputs.draw_plain(&model, 11, first, LANES, None);
                assert_eq!(bits(&a.inputs.duration), bits(&b.inputs.duration), "{file}");
                assert_eq!(bits(&a.inputs.fixed_cost), bits(&b.inputs.fixed_cost));
                assert_eq!(bits(&a.inputs.risk_costs), bits(&b.inputs.risk_costs));
                assert_eq!(bits(&a.inputs.spot_factor), bits(&b.inputs.spot_factor));
                assert_eq!(a.inputs.occurred, b.inputs.occurred);
            }
        }
    }
}
