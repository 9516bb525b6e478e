//! Working-time calendars as precomputed tables. The engine runs on one continuous timeline in
//! days since the project start; a `workdays` task's duration is work counted only on working
//! days. Converting a start plus an amount of work to a finish is two table lookups.
//!
//! Conventions: time `t` is in days since the project start at 00:00. A task that ends exactly
//! at the end of a working day finishes at that day's midnight, so its finish date is that day
//! (`date_of_finish`). Work before the table's horizon is exact; beyond it (over 60 years on)
//! the average working-day ratio of the table extrapolates.

use jiff::civil::{Date, Weekday};

/// Days covered by the tables.
const HORIZON_DAYS: usize = 366 * 60;

/// A calendar of working days (a working week less holidays) starting at the project start.
#[derive(Debug, Clone)]
pub struct WorkCalendar {
    start: Date,
    /// `is_work[k]`: day k (0-based from the start) is a working day.
    is_work: Vec<bool>,
    /// `work_before[k]`: working days strictly before day k; length `HORIZON_DAYS + 1`.
    work_before: Vec<f64>,
    /// `[work_before[k], 1.0 if day k is a working day else 0.0]`, together for one lookup.
    day: Vec<[f64; 2]>,
    /// `nth_workday[n]`: the day index of the n-th (0-based) working day.
    nth_workday: Vec<u32>,
    /// `nth_workday` as days, for the lane-wise lookups.
    nth_day: Vec<f64>,
    /// `first_working[k]`: the first working day on or after day `k` (`k` itself when none is
    /// within the horizon); one lookup for the engine's per-lane dates.
    first_working: Vec<u32>,
    /// Working days per calendar day, for extrapolation past the horizon.
    ratio: f64,
}

impl WorkCalendar {
    /// A calendar from a start date, the working weekdays, holidays and extra working days
    /// (dates outside the horizon are ignored; a date both a holiday and a working day is
    /// worked). Fails when the week has no working day.
    pub fn new(
        start: Date,
        workweek: &[Weekday],
        holidays: &[Date],
        working_days: &[Date],
    ) -> Result<Self, String> {
        if workweek.is_empty() && working_days.is_empty() {
            return Err("the working week has no working day; list at least one, e.g. workweek = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]".into());
        }
        let index = |dates: &[Date]| -> Vec<i64> {
            dates
                .iter()
                .filter_map(|h| {
                    let d = start.until(*h).ok()?.get_days() as i64;
                    (0..HORIZON_DAYS as i64).contains(&d).then_some(d)
                })
                .collect()
        };
        let holiday_index = index(holidays);
        let mut is_work = vec![false; HORIZON_DAYS];
        let first = start.weekday();
        for (k, w) in is_work.iter_mut().enumerate() {
            let wd = first.wrapping_add((k % 7) as i64);
            *w = workweek.contains(&wd);
        }
        for h in holiday_index {
            is_work[h as usize] = false;
        }
        for w in index(working_days) {
            is_work[w as usize] = true;
        }
        let mut work_before = Vec::with_capacity(HORIZON_DAYS + 1);
        let mut nth_workday = Vec::new();
        let mut acc = 0.0;
        for (k, &w) in is_work.iter().enumerate() {
            work_before.push(acc);
            if w {
                nth_workday.push(k as u32);
                acc += 1.0;
            }
        }
        work_before.push(acc);
        if nth_workday.is_empty() {
            return Err("the calendar has no working day at all: every day is a holiday".into());
        }
        let first_working = (0..HORIZON_DAYS)
            .map(|k| {
                let next = nth_workday.get(work_before[k] as usize);
                next.copied().unwrap_or(k as u32)
            })
            .collect();
        let day = is_work
            .iter()
            .zip(&work_before)
            .map(|(&w, &b)| [b, if w { 1.0 } else { 0.0 }])
            .collect();
        Ok(WorkCalendar {
            nth_day: nth_workday.iter().map(|&d| d as f64).collect(),
            day,
            start,
            ratio: acc / HORIZON_DAYS as f64,
            is_work,
            work_before,
            nth_workday,
            first_working,
        })
    }

    /// The project start date.
    pub fn start(&self) -> Date {
        self.start
    }

    /// Working days elapsed between the start and time `t` (days).
    #[inline]
    pub fn work_at(&self, t: f64) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        let k = t as i64 as usize; // t > 0 here; the i64 cast is one instruction
        if k >= HORIZON_DAYS {
            return self.work_before[HORIZON_DAYS] + (t - HORIZON_DAYS as f64) * self.ratio;
        }
        // Branch-free: working and idle days mix unpredictably in the engine's hot loop.
        let [before, working] = self.day[k];
        before + working * (t - k as f64)
    }

    /// The earliest time at which `w` working days have elapsed.
    #[inline]
    pub fn time_at(&self, w: f64) -> f64 {
        if w <= 0.0 {
            return 0.0;
        }
        // The end falls in the n-th working day, `into` days into it. Work ending within a
        // rounding error above a whole day ends at that day's end rather than spilling a
        // femtosecond into the next working day. Branch-free, with a truncating cast: this is
        // the engine's hot path, and `ceil` is a library call on baseline x86-64.
        let n = (w - 1e-9).max(0.0) as i64 as usize;
        let into = (w - n as f64).min(1.0);
        match self.nth_workday.get(n) {
            Some(&day) => day as f64 + into,
            None => {
                let total = self.work_before[HORIZON_DAYS];
                HORIZON_DAYS as f64 + (n as f64 + into - total) / self.ratio
            }
        }
    }

    /// The finish of `work` working days started at time `t` (work may be negative: a lead).
    /// No work never ends before it starts: zero work started on a non-working day (after a
    /// `continuous` predecessor that ended on a Saturday) finishes then, not back on Friday.
    #[inline]
    pub fn add_work(&self, t: f64, work: f64) -> f64 {
        let end = self.time_at(self.work_at(t) + work);
        // Plain comparisons (not `f64::max`, whose NaN handling costs more in the hot loop).
        if work >= 0.0 && end < t { t } else { end }
    }

    /// [`WorkCalendar::add_work`] lane by lane, with the same result in every lane for finite
    /// times, written without branches or bounds checks so that the lanes compute side by side
    /// (the table lookups become gathers where the processor has them): the forward pass's
    /// inner loop. Indices are clamped into the tables and the out-of-range cases selected
    /// afterwards, exactly as the scalar form branches.
    #[inline(always)]
    pub fn add_work_lanes<const N: usize>(&self, t: &[f64; N], work: &[f64; N]) -> [f64; N] {
        const MAGIC: f64 = (1u64 << 52) as f64;
        const SATURATED: f64 = i64::MAX as f64;
        let horizon = HORIZON_DAYS as f64;
        let day = self.day.as_flattened();
        let nth = &self.nth_day;
        let total = self.work_before[HORIZON_DAYS];
        let last = nth.len() - 1;
        let mut out = [0.0; N];
        for l in 0..N {
            let (t, work) = (t[l], work[l]);
            // work_at(t): below the horizon, a whole day's lookup (k = floor(t), as the scalar
            // form's truncation for t > 0).
            let tc = if t > 0.0 { t } else { 0.0 };
            let tc = if tc < horizon { tc } else { horizon - 0.5 };
            let k = tc as i32 as usize;
            // SAFETY: 0 <= tc < HORIZON_DAYS, so k < HORIZON_DAYS = day.len() / 2.
            let (before, working) =
                unsafe { (*day.get_unchecked(2 * k), *day.get_unchecked(2 * k + 1)) };
            let near = before + working * (t - k as f64);
            let far = total + (t - horizon) * self.ratio;
            let w0 = if t <= 0.0 {
                0.0
            } else if t >= horizon {
                far
            } else {
                near
            };
            // time_at(w0 + work): the n-th working day, `into` days into it; n = floor of a
            // value in [0, 2^52) by the 2^52 trick (no library call).
            let w = w0 + work;
            let y = w - 1e-9;
            let y = if y > 0.0 { y } else { 0.0 };
            let small = if y < MAGIC { y } else { 0.0 };
            let r = (small + MAGIC) - MAGIC;
            let floor = if r > small { r - 1.0 } else { r };
            // From 2^52 on, every value is whole; the scalar form's conversion saturates at 2^63.
            let n = if y < MAGIC {
                floor
            } else if y < SATURATED {
                y
            } else {
                SATURATED
            };
            let into = w - n;
            let into = if into < 1.0 { into } else { 1.0 };
            let i = if n < last as f64 {
                n as i32 as usize
            } else {
                last
            };
            // SAFETY: i <= last < nth.len().
            let day_n = unsafe { *nth.get_unchecked(i) };
            let end = if w <= 0.0 {
                0.0
            } else if n <= last as f64 {
                day_n + into
            } else {
                horizon + (n + into - total) / self.ratio
            };
            out[l] = if work >= 0.0 && end < t { t } else { end };
        }
        out
    }

    /// The first moment at or after `t` at which work can happen: `t` itself on a working
    /// day, else the start of the next working day.
    #[inline]
    pub fn next_working(&self, t: f64) -> f64 {
        let t = t.max(0.0);
        let k = t as i64 as usize;
        if k >= HORIZON_DAYS || self.is_work[k] {
            return t;
        }
        // Working days before day k: the index of the next working day among them all.
        match self.nth_workday.get(self.work_before[k] as usize) {
            Some(&day) => day as f64,
            None => t,
        }
    }

    /// The first working day on or after day `k` (0-based from the start); `k` itself past
    /// the tables' horizon. One lookup without a branch on the day, for the engine's per-lane
    /// loops.
    #[inline]
    pub fn first_working_day_from(&self, k: u32) -> u32 {
        self.first_working.get(k as usize).copied().unwrap_or(k)
    }

    /// True when day `k` is a working day.
    pub fn is_working_day(&self, k: usize) -> bool {
        self.is_work.get(k).copied().unwrap_or(true)
    }
}

/// The calendar date on which something that ends at time `t` finishes: the day in which its
/// last moment falls (a finish at exactly midnight belongs to the day before).
/// Times beyond the last representable date give that date (9999-12-31), never a panic.
pub fn date_of_finish(start: Date, t: f64) -> Date {
    day_after(start, finish_day(t))
}

/// The day (0-based from the start) in which the last moment of something that ends at time
/// `t` falls: the day of `date_of_finish`. Without `ceil`, a library call on baseline x86-64,
/// since the engine reads it for every task of every iteration.
#[inline]
pub fn finish_day(t: f64) -> i64 {
    let x = t - 1e-9;
    let k = x as i64; // truncation, saturating; NaN gives 0
    (k.saturating_add((x > k as f64) as i64) - 1).max(0)
}

/// The day (0-based from the start) in which time `t` falls, a time at exactly midnight
/// belonging to the day it begins: the day on which something that starts at `t` starts.
#[inline]
pub fn start_day(t: f64) -> i64 {
    ((t + 1e-9) as i64).max(0)
}

/// The most days a date is counted from the start: jiff's spans hold at most this many days,
/// and anything past it is past 9999-12-31 from any start anyway.
pub const MAX_DAY: u32 = 7_304_484;

/// The date `days` days after `start`, saturating at the last representable date: a simulated
/// tail (a lognormal estimate, a huge number in a scenario) can run past year 9999.
pub fn day_after(start: Date, days: i64) -> Date {
    start.saturating_add(jiff::Span::new().days(days.clamp(0, MAX_DAY as i64)))
}

/// The days of the week by the short names scenarios (and GanttProject) write.
pub const WEEKDAYS: [(&str, Weekday); 7] = [
    ("mon", Weekday::Monday),
    ("tue", Weekday::Tuesday),
    ("wed", Weekday::Wednesday),
    ("thu", Weekday::Thursday),
    ("fri", Weekday::Friday),
    ("sat", Weekday::Saturday),
    ("sun", Weekday::Sunday),
];

/// The short name of a weekday (`mon`).
pub fn weekday_name(day: Weekday) -> &'static str {
    WEEKDAYS
        .iter()
        .find(|(_, d)| *d == day)
        .map_or("mon", |(name, _)| name)
}

/// Parses a weekday name (`mon`, `monday`, case-insensitive).
pub fn parse_weekday(s: &str) -> Option<Weekday> {
    let s = s.trim().to_ascii_lowercase();
    WEEKDAYS
        .iter()
        .find(|(short, wd)| s == *short || s == format!("{wd:?}").to_ascii_lowercase())
        .map(|(_, wd)| *wd)
}

/// Monday to Friday.
pub fn default_workweek() -> Vec<Weekday> {
    vec![
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn cal() -> WorkCalendar {
        // 2027-01-04 is a Monday; 2027-01-06 is made a holiday.
        WorkCalendar::new(
            date(2027, 1, 4),
            &default_workweek(),
            &[date(2027, 1, 6)],
            &[],
        )
        .unwrap()
    }

    #[test]
    fn add_work_lanes_is_add_work_in_every_lane_bit_for_bit() {
        let c = cal();
        // Times and works on and between day edges, in idle time, around the horizon and far
        // past it, negative (leads) and absurdly large, as the forward pass can meet them.
        let mut times: Vec<f64> = (0..2_000).map(|i| i as f64 * 0.37 - 3.0).collect();
        let h = HORIZON_DAYS as f64;
        times.extend([
            0.0,
            -0.0,
            1e-12,
            5.0,
            5.0 - 1e-12,
            7.0 + 1e-9,
            h - 1.0,
            h - 1e-9,
            h,
        ]);
        times.extend([
            h + 0.5,
            1e6,
            3e6,
            1e15,
            4.6e15,
            1e17,
            1e19,
            1e300,
            f64::INFINITY,
        ]);
        let works = [
            0.0,
            1.0,
            0.5,
            2.0 + 1e-9,
            3.0 - 1e-10,
            10.25,
            400.0,
            -1.0,
            -7.5,
            1e5,
            1e16,
            1e20,
        ];
        let mut checked = 0;
        for (a, chunk) in times.chunks(8).enumerate() {
            let mut t = [0.0; 8];
            let mut w = [0.0; 8];
            for l in 0..8 {
                t[l] = chunk[l % chunk.len()];
                w[l] = works[(a + l) % works.len()];
            }
            let got = c.add_work_lanes(&t, &w);
            for l in 0..8 {
                let want = c.add_work(t[l], w[l]);
                assert_eq!(
                    got[l].to_bits(),
                    want.to_bits(),
                    "add_work({}, {})",
                    t[l],
                    w[l]
                );
                checked += 1;
            }
        }
        for &t in &times {
            for &w in &works {
                let got = c.add_work_lanes(&[t], &[w])[0];
                assert_eq!(
                    got.to_bits(),
                    c.add_work(t, w).to_bits(),
                    "add_work({t}, {w})"
                );
            }
        }
        assert!(checked > 2_000);
    }

    #[test]
    fn an_extra_working_day_is_worked_and_wins_over_a_holiday() {
        // Saturday 9th worked; Wednesday 6th both a holiday and a working day: worked.
        let c = WorkCalendar::new(
            date(2027, 1, 4),
            &default_workweek(),
            &[date(2027, 1, 6)],
            &[date(2027, 1, 9), date(2027, 1, 6)],
        )
        .unwrap();
        assert!(c.is_working_day(5) && c.is_working_day(2) && !c.is_working_day(6));
        // Six days of work from Monday: Mon..Fri and Saturday.
        assert_eq!(c.add_work(0.0, 6.0), 6.0);
    }

    #[test]
    fn five_working_days_from_monday_skip_the_holiday_and_end_on_monday() {
        let c = cal();
        // Mon, Tue, (Wed holiday), Thu, Fri, then Mon: ends at the end of day 7 (Monday 11th).
        let t = c.add_work(0.0, 5.0);
        assert_eq!(t, 8.0);
        assert_eq!(date_of_finish(c.start(), t), date(2027, 1, 11));
    }

    #[test]
    fn work_started_on_a_weekend_begins_on_monday() {
        let c = cal();
        // Saturday 9th is day 5; one day of work ends Monday 11th.
        assert_eq!(c.add_work(5.0, 1.0), 8.0);
        assert_eq!(c.add_work(5.5, 0.5), 7.5);
    }

    #[test]
    fn work_at_and_time_at_are_inverse_on_working_time() {
        let c = cal();
        for &t in &[0.25, 1.0, 1.5, 3.75, 10.1, 400.9] {
            if c.is_working_day(t as usize) {
                assert!((c.time_at(c.work_at(t)) - t).abs() < 1e-9, "t = {t}");
            }
        }
        // Beyond the horizon it keeps increasing.
        let far = HORIZON_DAYS as f64 + 10.0;
        assert!(c.work_at(far) > c.work_at(far - 5.0));
        assert!(c.time_at(c.work_at(far)) > HORIZON_DAYS as f64);
    }

    #[test]
    fn zero_work_started_on_a_weekend_finishes_when_it_starts() {
        let c = cal();
        // Saturday 9th at noon is t = 5.5: nothing to do, so it is done then, not on Friday.
        assert_eq!(c.add_work(5.5, 0.0), 5.5);
        assert_eq!(c.add_work(7.0, 0.0), 7.0);
        // A lead still moves back: one working day before Monday's end is Friday's end.
        assert_eq!(c.add_work(8.0, -1.0), 5.0);
    }

    #[test]
    fn work_resumes_on_the_next_working_day() {
        let c = cal();
        // Monday 4th is day 0; Wednesday 6th (day 2) is a holiday; Saturday 9th is day 5.
        assert_eq!(c.next_working(0.5), 0.5);
        assert_eq!(c.next_working(2.0), 3.0);
        assert_eq!(c.next_working(2.7), 3.0);
        assert_eq!(c.next_working(5.0), 7.0);
        assert_eq!(c.next_working(6.9), 7.0);
        assert_eq!(c.next_working(7.25), 7.25);
    }

    #[test]
    fn the_first_working_day_from_a_day_is_the_next_one_that_is_not_off() {
        let c = cal();
        // Monday 4th is day 0; Wednesday 6th (day 2) is a holiday; Saturday 9th is day 5.
        assert_eq!(c.first_working_day_from(0), 0);
        assert_eq!(c.first_working_day_from(2), 3);
        assert_eq!(c.first_working_day_from(5), 7);
        assert_eq!(c.first_working_day_from(6), 7);
        for k in 0..HORIZON_DAYS as u32 + 10 {
            let next = (k..HORIZON_DAYS as u32).find(|&d| c.is_working_day(d as usize));
            assert_eq!(c.first_working_day_from(k), next.unwrap_or(k), "day {k}");
        }
        // A week of one working day: the days before it move to it, up to the horizon's end.
        let sundays = WorkCalendar::new(date(2027, 1, 4), &[Weekday::Sunday], &[], &[]).unwrap();
        assert_eq!(sundays.first_working_day_from(0), 6);
        let last = sundays.nth_workday[sundays.nth_workday.len() - 1];
        assert_eq!(sundays.first_working_day_from(last + 1), last + 1);
    }

    #[test]
    fn a_finish_past_year_9999_saturates_instead_of_panicking() {
        let start = date(2027, 1, 4);
        assert_eq!(date_of_finish(start, 1e7), date(9999, 12, 31));
        assert_eq!(date_of_finish(start, 1e300), date(9999, 12, 31));
        assert_eq!(date_of_finish(start, f64::INFINITY), date(9999, 12, 31));
    }

    #[test]
    fn a_finish_at_midnight_belongs_to_the_day_before() {
        let start = date(2027, 1, 4);
        assert_eq!(date_of_finish(start, 1.0), date(2027, 1, 4));
        assert_eq!(date_of_finish(start, 1.2), date(2027, 1, 5));
        assert_eq!(date_of_finish(start, 0.0), start);
    }

    #[test]
    fn a_start_at_midnight_belongs_to_the_day_it_begins() {
        assert_eq!(start_day(0.0), 0);
        assert_eq!(start_day(3.0), 3);
        assert_eq!(start_day(3.0 - 1e-12), 3);
        assert_eq!(start_day(3.5), 3);
        assert_eq!(start_day(-2.0), 0);
        // Both days agree with their definitions by `floor` and `ceil`, far tails included.
        for i in 0..20_000 {
            let t = i as f64 * 0.037 - 3.0;
            assert_eq!(start_day(t), ((t + 1e-9).floor() as i64).max(0), "{t}");
            assert_eq!(finish_day(t), ((t - 1e-9).ceil() as i64 - 1).max(0), "{t}");
        }
        for t in [1e300, f64::INFINITY, f64::NAN] {
            assert_eq!(finish_day(t), ((t - 1e-9).ceil() as i64 - 1).max(0), "{t}");
            assert_eq!(start_day(t), ((t + 1e-9).floor() as i64).max(0), "{t}");
        }
    }

    #[test]
    fn a_week_without_working_days_is_an_error() {
        assert!(WorkCalendar::new(date(2027, 1, 4), &[], &[], &[]).is_err());
        // A week of no working day with one working Saturday: work happens that day only.
        let one = WorkCalendar::new(date(2027, 1, 4), &[], &[], &[date(2027, 1, 9)]).unwrap();
        assert_eq!(one.add_work(0.0, 1.0), 6.0);
        assert_eq!(parse_weekday("Thursday"), Some(Weekday::Thursday));
        assert_eq!(parse_weekday("thu"), Some(Weekday::Thursday));
        assert_eq!(parse_weekday("thurs"), None);
    }
}
