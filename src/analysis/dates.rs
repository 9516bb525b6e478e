//! The probabilistic Gantt: each task's start and finish dates over the iterations, and in the
//! deterministic plan, by one rule (`Model::start_day`, `Model::finish_day`) so that the two
//! can be drawn side by side.

use crate::engine::DeterministicSchedule;
use crate::engine::day_counts::DayCounts;
use crate::model::Model;
use crate::report::{DateRange, PlannedDates};

/// The percentiles of one of a task's dates, counted per day: exactly the dates of the
/// percentiles of its times (`DayCounts`).
pub(super) fn date_range(model: &Model, days: &DayCounts) -> DateRange {
    let d = |p| {
        let day = days.quantile(p).unwrap_or(0);
        model.date_of_day(day).to_string()
    };
    DateRange {
        p10: d(0.1),
        p50: d(0.5),
        p80: d(0.8),
        p90: d(0.9),
        p95: d(0.95),
    }
}

/// Task `i`'s start and finish dates in the deterministic plan.
pub(super) fn planned(model: &Model, det: &DeterministicSchedule, i: usize) -> PlannedDates {
    let (start, finish) = (det.start[i], det.finish[i]);
    let cal = model.tasks[i].calendar;
    PlannedDates {
        start: model
            .date_of_day(model.start_day(cal, start, finish))
            .to_string(),
        finish: model.date_of_day(model.finish_day(finish)).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{LANES, block::Block};

    use crate::test_support::{compile, report};

    /// The p-percentile of `dates` by sorting, with the rank rule of the report.
    fn exact(mut dates: Vec<String>, p: f64) -> String {
        dates.sort();
        let rank = ((p * dates.len() as f64).ceil() as usize).clamp(1, dates.len());
        dates[rank - 1].clone()
    }

    #[test]
    fn a_chain_of_fixed_tasks_has_its_plan_s_dates_at_every_percentile() {
        // Mon 4 Jan: `a` works Mon-Fri; `b` would start at Saturday 00:00 and starts Monday;
        // `m` is a milestone at the end of `b` (a task of no length at midnight).
        let model = compile(
            r#"
[project]
name = "gantt"
start = 2027-01-04

[[tasks]]
id = "a"
estimate = 5

[[tasks]]
id = "b"
depends_on = ["a"]
estimate = 2.5

[[tasks]]
id = "m"
depends_on = ["b"]
estimate = 0
"#,
        );
        let r = report(&model, 1_000, 1);
        let want = [
            ("2027-01-04", "2027-01-08"),
            ("2027-01-11", "2027-01-13"),
            ("2027-01-13", "2027-01-13"),
        ];
        for (t, (start, finish)) in r.tasks.iter().zip(want) {
            assert_eq!(
                (
                    t.deterministic.start.as_str(),
                    t.deterministic.finish.as_str()
                ),
                (start, finish),
                "{}",
                t.id
            );
            for d in [&t.start.p10, &t.start.p50, &t.start.p95] {
                assert_eq!(d, start, "{}", t.id);
            }
            for d in [&t.finish.p10, &t.finish.p80, &t.finish.p95] {
                assert_eq!(d, finish, "{}", t.id);
            }
        }
    }

    #[test]
    fn a_uniform_task_s_finish_dates_are_the_closed_form_ones() {
        // Finish uniform on [10.3, 20.3] days: the p-quantile 10.3 + 10 p lies at least 0.2 day
        // (over 5 standard errors) from midnight, so its date is certain: day ceil(q) - 1.
        let model = compile(
            r#"
[project]
name = "uniform"
start = 2027-01-04
calendar = "continuous"

[[tasks]]
id = "lead"
estimate = 0.3

[[tasks]]
id = "work"
depends_on = ["lead"]
estimate = { min = 10, likely = 15, max = 20, dist = "uniform" }
"#,
        );
        let r = report(&model, 20_000, 2);
        let t = &r.tasks[1];
        let day = |p: f64| {
            model
                .date_of_day((10.3 + 10.0 * p).ceil() as u32 - 1)
                .to_string()
        };
        assert_eq!(t.finish.p10, day(0.1));
        assert_eq!(t.finish.p50, day(0.5));
        assert_eq!(t.finish.p80, day(0.8));
        assert_eq!(t.finish.p90, day(0.9));
        assert_eq!(t.finish.p95, day(0.95));
        // It starts at 07:12 on the first day, every time.
        assert_eq!(t.start.p10, "2027-01-04");
        assert_eq!(t.start.p95, "2027-01-04");
    }

    #[test]
    fn date_percentiles_equal_those_of_the_sorted_dates_of_every_iteration() {
        // Three years of work on working days with a weekend to skip and spread enough for a
        // relative error of 1/1024 to move a date: every percentile is the exact one.
        let model = compile(
            r#"
[project]
name = "long"
start = 2027-01-04

[[tasks]]
id = "design"
estimate = { min = 100, likely = 200, max = 400, dist = "pert" }

[[tasks]]
id = "build"
depends_on = ["design"]
estimate = { min = 300, likely = 400, max = 600, dist = "triangular" }

[[tasks]]
id = "check"
depends_on = ["design"]
estimate = { min = 0.5, likely = 3.5, max = 20 }

[[tasks]]
id = "ship"
depends_on = ["build", "check"]
estimate = 0
"#,
        );
        let n = 3_001u64;
        let r = report(&model, n, 3);
        // Each iteration's dates, from its own schedule.
        let mut starts = vec![Vec::new(); model.tasks.len()];
        let mut finishes = vec![Vec::new(); model.tasks.len()];
        let mut b = Block::new(&model);
        let mut first = 0;
        while first < n {
            let lanes = ((n - first) as usize).min(LANES);
            b.inputs.draw(&model, 3, first, lanes, None);
            b.schedule(&model);
            for (i, task) in model.tasks.iter().enumerate() {
                for l in 0..lanes {
                    let (s, f) = (b.times.start[i * LANES + l], b.times.finish[i * LANES + l]);
                    let start = model.date_of_day(model.start_day(task.calendar, s, f));
                    starts[i].push(start.to_string());
                    finishes[i].push(model.finish_date(f).to_string());
                }
            }
            first += lanes as u64;
        }
        for (i, t) in r.tasks.iter().enumerate() {
            for (p, got_s, got_f) in [
                (0.1, &t.start.p10, &t.finish.p10),
                (0.5, &t.start.p50, &t.finish.p50),
                (0.8, &t.start.p80, &t.finish.p80),
                (0.9, &t.start.p90, &t.finish.p90),
                (0.95, &t.start.p95, &t.finish.p95),
            ] {
                assert_eq!(got_s, &exact(starts[i].clone(), p), "{} start p{p}", t.id);
                assert_eq!(
                    got_f,
                    &exact(finishes[i].clone(), p),
                    "{} finish p{p}",
                    t.id
                );
            }
            // Starts on working days only.
            let weekday = |d: &str| d.parse::<jiff::civil::Date>().unwrap().weekday();
            assert!(!matches!(
                weekday(&t.start.p50),
                jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday
            ));
        }
        // The last task finishes on the project's finish date.
        assert_eq!(r.tasks[3].finish.p80, r.finish_date.p80);
    }
}
