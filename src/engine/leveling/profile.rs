//! How much of one resource is in use over time: a step function on the timeline, kept as
//! sorted breakpoints. The serial schedule generation asks it for the earliest time a task
//! fits and then books the task into it.

/// Usage may exceed the capacity by this much before it counts as over (allocations such as
/// 0.1 + 0.2 do not add up exactly in floating point).
pub const CAPACITY_EPS: f64 = 1e-9;

/// Usage of one resource: `usage[k]` is in force on `[times[k], times[k + 1])`, the last one
/// for ever after. `times[0]` is 0, the project start.
#[derive(Debug, Clone)]
pub struct Profile {
    times: Vec<f64>,
    usage: Vec<f64>,
}

impl Profile {
    /// An empty profile with room for `tasks` bookings, so that booking never allocates.
    pub fn with_room(tasks: usize) -> Self {
        let mut p = Profile {
            times: Vec::with_capacity(2 * tasks + 2),
            usage: Vec::with_capacity(2 * tasks + 2),
        };
        p.clear();
        p
    }

    /// Nothing booked.
    pub fn clear(&mut self) {
        self.times.clear();
        self.usage.clear();
        self.times.push(0.0);
        self.usage.push(0.0);
    }

    /// The segment in force at `t` (t >= 0). The serial scheme mostly books near the end of
    /// the profile, so the search gallops back from the last breakpoint.
    #[inline]
    fn segment(&self, t: f64) -> usize {
        // `times[0]` is 0 <= t, so at most len - 1 breakpoints lie after t.
        self.times.len() - 1 - self.count_at_end(|x| x > t)
    }

    /// How many breakpoints at the end satisfy `above` (a predicate true on a suffix), found by
    /// galloping from the end and then a binary search.
    #[inline]
    fn count_at_end(&self, above: impl Fn(f64) -> bool) -> usize {
        let len = self.times.len();
        let mut step = 1;
        let mut lo = 0; // `above` holds for the last `lo` breakpoints
        while step <= len && above(self.times[len - step]) {
            lo = step;
            step *= 2;
        }
        let hi = step.min(len + 1); // it fails at `len - step`, or there is none
        // The count is in [lo, hi): the first `hi - 1 - lo` candidates before the known suffix.
        let window = &self.times[len + 1 - hi..len - lo];
        lo + window.len() - window.partition_point(|&x| !above(x))
    }

    /// The earliest time at or after `t` at which a task of `units` fits under `capacity` for
    /// its whole span `[start, finish(start))`, and that finish, in one walk over the segments:
    /// on a segment without room the start moves to that segment's end.
    #[inline]
    pub fn earliest(
        &self,
        mut t: f64,
        units: f64,
        capacity: f64,
        finish: impl Fn(f64) -> f64,
    ) -> (f64, f64) {
        let limit = capacity - units + CAPACITY_EPS;
        let len = self.times.len();
        let mut k = self.segment(t);
        loop {
            // Past the segments without room; the last one always has room (nothing is
            // booked for ever) unless the task can never fit.
            while self.usage[k] > limit {
                if k + 1 == len {
                    return (f64::INFINITY, f64::INFINITY);
                }
                k += 1;
                t = self.times[k];
            }
            // Room from t: is there room until the task's finish? A start before the end of
            // the last segment in the way within [t, finish) overlaps that segment (a later start
            // finishes no sooner), so the next try is after it.
            let f = finish(t);
            let mut j = k;
            let mut blocked = None;
            while j + 1 < len && self.times[j + 1] < f {
                j += 1;
                if self.usage[j] > limit {
                    blocked = Some(j);
                }
            }
            match blocked {
                None => return (t, f),
                Some(b) => k = b,
            }
        }
    }

    /// Books `units` over `[from, until)`.
    pub fn book(&mut self, from: f64, until: f64, units: f64) {
        if until <= from || units == 0.0 {
            return;
        }
        let a = self.split(from);
        let b = self.split_after(a, until);
        for u in &mut self.usage[a..b] {
            *u += units;
        }
    }

    /// The index of a breakpoint at `t` (after the one at index `a`), made if there is none.
    /// A task spans few segments: the search gallops forward from `a`.
    fn split_after(&mut self, a: usize, t: f64) -> usize {
        let len = self.times.len();
        let (mut lo, mut step) = (a, 1);
        // times[lo] < t; find the first index at or after which times >= t.
        while lo + step < len && self.times[lo + step] < t {
            lo += step;
            step *= 2;
        }
        let hi = (lo + step).min(len);
        let k = lo + 1 + self.times[lo + 1..hi].partition_point(|&x| x < t);
        self.insert_at(k, t)
    }

    /// The index of a breakpoint at `t`, made if there is none.
    fn split(&mut self, t: f64) -> usize {
        let k = self.times.len() - self.count_at_end(|x| x >= t);
        self.insert_at(k, t)
    }

    /// A breakpoint at `t` at index `k` (the first at or after `t`), made if there is none.
    fn insert_at(&mut self, k: usize, t: f64) -> usize {
        if k < self.times.len() && self.times[k] == t {
            return k;
        }
        let u = self.usage[k - 1];
        self.times.insert(k, t);
        self.usage.insert(k, u);
        k
    }

    /// The most in use at any moment.
    pub fn peak(&self) -> f64 {
        self.usage.iter().copied().fold(0.0, f64::max)
    }

    /// Units x time booked between 0 and `until`.
    pub fn booked(&self, until: f64) -> f64 {
        let mut sum = 0.0;
        for k in 0..self.times.len() {
            let a = self.times[k];
            if a >= until {
                break;
            }
            let b = self.times.get(k + 1).copied().unwrap_or(until).min(until);
            sum += self.usage[k] * (b - a);
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(d: f64) -> impl Fn(f64) -> f64 {
        move |t| t + d
    }

    #[test]
    fn a_task_starts_at_the_first_gap_that_holds_its_whole_span() {
        let mut p = Profile::with_room(4);
        p.book(2.0, 5.0, 1.0);
        p.book(4.0, 8.0, 0.5);
        // [2, 4) holds 1, [4, 5) 1.5, [5, 8) 0.5.
        assert_eq!(p.earliest(0.0, 2.0, 2.0, span(2.0)).0, 0.0);
        assert_eq!(p.earliest(0.0, 1.0, 2.0, span(3.0)).0, 0.0);
        assert_eq!(p.earliest(0.0, 1.5, 2.0, span(3.0)), (5.0, 8.0));
        assert_eq!(p.earliest(2.0, 1.6, 2.0, span(1.0)).0, 8.0);
        assert_eq!(p.earliest(0.0, 2.0, 2.0, span(1.0)).0, 0.0);
        assert_eq!(p.earliest(1.5, 2.0, 2.0, span(1.0)).0, 8.0);
        // The span is the task's own: longer over a weekend, say.
        assert_eq!(
            p.earliest(0.0, 1.5, 2.0, |t| if t < 4.0 { t + 1.5 } else { t + 9.0 }),
            (0.0, 1.5)
        );
        assert_eq!(p.earliest(0.0, 2.0, 2.0, span(2.5)).0, 8.0);
        assert_eq!(p.earliest(0.0, 3.0, 2.0, span(1.0)).0, f64::INFINITY);
        assert_eq!(p.peak(), 1.5);
        assert!((p.booked(10.0) - (3.0 + 2.0)).abs() < 1e-12);
        assert!((p.booked(4.5) - (2.0 + 0.75)).abs() < 1e-12);
    }

    #[test]
    fn a_task_ending_when_another_starts_does_not_overlap_it() {
        let mut p = Profile::with_room(2);
        p.book(0.0, 3.0, 1.0);
        assert_eq!(p.earliest(0.0, 1.0, 1.0, span(3.0)).0, 3.0);
        p.book(5.0, 6.0, 1.0);
        // [3, 5) is free: a 2-day task fits, a 2.5-day one waits until 6.
        assert_eq!(p.earliest(0.0, 1.0, 1.0, span(2.0)).0, 3.0);
        assert_eq!(p.earliest(0.0, 1.0, 1.0, span(2.5)).0, 6.0);
    }

    #[test]
    fn rounding_in_allocations_does_not_count_as_over() {
        let mut p = Profile::with_room(3);
        p.book(0.0, 1.0, 0.1);
        p.book(0.0, 1.0, 0.2);
        assert_eq!(p.earliest(0.0, 0.7, 1.0, span(1.0)).0, 0.0);
        assert_eq!(p.earliest(0.0, 0.71, 1.0, span(1.0)).0, 1.0);
    }

    #[test]
    fn the_galloping_search_agrees_with_a_binary_search() {
        let mut p = Profile::with_room(64);
        for i in 0..40 {
            let a = (i * 7 % 13) as f64 + 0.5 * i as f64;
            p.book(a, a + 1.5, 1.0);
        }
        for t in (0..400).map(|i| i as f64 * 0.07) {
            let expected = p.times.partition_point(|&x| x <= t) - 1;
            assert_eq!(p.segment(t), expected, "at {t}");
            assert_eq!(
                p.count_at_end(|x| x >= t),
                p.times.len() - p.times.partition_point(|&x| x < t)
            );
        }
    }

    #[test]
    fn clearing_keeps_the_room() {
        let mut p = Profile::with_room(2);
        p.book(1.0, 2.0, 1.0);
        p.book(3.0, 4.0, 1.0);
        let cap = p.times.capacity();
        p.clear();
        assert_eq!(p.peak(), 0.0);
        assert_eq!(p.times.capacity(), cap);
    }
}
