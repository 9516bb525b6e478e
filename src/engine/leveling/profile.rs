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
    /// The segment `segment` found last.
    hint: std::cell::Cell<usize>,
}

impl Profile {
    /// An empty profile with room for `tasks` bookings, so that booking never allocates.
    pub fn with_room(tasks: usize) -> Self {
        let mut p = Profile {
            times: Vec::with_capacity(2 * tasks + 2),
            usage: Vec::with_capacity(2 * tasks + 2),
            hint: std::cell::Cell::new(0),
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
        self.hint.set(0);
    }

    /// The segment in force at `t` (t >= 0).
    #[inline]
    fn segment(&self, t: f64) -> usize {
        let h = self.hint.get();
        // The serial scheme asks about later and later times while it fits a task: a few
        // steps from the last answer usually find the segment.
        let k = if h < self.times.len() && self.times[h] <= t {
            let mut k = h;
            let end = (h + 8).min(self.times.len());
            while k + 1 < end && self.times[k + 1] <= t {
                k += 1;
            }
            if k + 1 < self.times.len() && self.times[k + 1] <= t {
                self.times[k..].partition_point(|&x| x <= t) + k - 1
            } else {
                k
            }
        } else {
            self.times.partition_point(|&x| x <= t).max(1) - 1
        };
        self.hint.set(k);
        k
    }

    /// Whether `[t, until)` has room for `units` more under `capacity`: `Ok(())` when it has,
    /// else `Err(next)` with the end of the last segment in the way, the earliest time worth
    /// trying next. (A later start that still finishes no sooner, as every start does in a
    /// task's calendar, overlaps that segment until `next`.)
    #[inline]
    pub fn room(&self, t: f64, until: f64, units: f64, capacity: f64) -> Result<(), f64> {
        let mut k = self.segment(t);
        let limit = capacity - units + CAPACITY_EPS;
        let mut blocked = None;
        while k < self.times.len() && self.times[k] < until {
            if self.usage[k] > limit {
                blocked = Some(k);
            }
            k += 1;
        }
        match blocked {
            None => Ok(()),
            // The last segment is never in the way: nothing is booked for ever.
            Some(k) => Err(self.times.get(k + 1).copied().unwrap_or(f64::INFINITY)),
        }
    }

    /// Books `units` over `[from, until)`.
    pub fn book(&mut self, from: f64, until: f64, units: f64) {
        if until <= from || units == 0.0 {
            return;
        }
        let a = self.split(from);
        let b = self.split(until);
        for u in &mut self.usage[a..b] {
            *u += units;
        }
    }

    /// The index of a breakpoint at `t`, made if there is none.
    fn split(&mut self, t: f64) -> usize {
        let k = self.segment(t);
        if self.times[k] == t {
            return k;
        }
        let u = self.usage[k];
        self.times.insert(k + 1, t);
        self.usage.insert(k + 1, u);
        k + 1
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

    #[test]
    fn booking_adds_usage_only_inside_its_interval() {
        let mut p = Profile::with_room(4);
        p.book(2.0, 5.0, 1.0);
        p.book(4.0, 8.0, 0.5);
        assert_eq!(p.room(0.0, 2.0, 2.0, 2.0), Ok(()));
        // [2, 4) holds 1, [4, 5) 1.5, [5, 8) 0.5.
        assert_eq!(p.room(0.0, 3.0, 1.0, 2.0), Ok(()));
        assert_eq!(p.room(0.0, 3.0, 1.5, 2.0), Err(4.0));
        assert_eq!(p.room(0.0, 4.5, 1.0, 2.0), Err(5.0));
        // Two segments in the way: the end of the later one.
        assert_eq!(p.room(0.0, 6.0, 1.6, 2.0), Err(8.0));
        assert_eq!(p.room(5.0, 10.0, 1.5, 2.0), Ok(()));
        assert_eq!(p.room(5.0, 10.0, 1.6, 2.0), Err(8.0));
        assert_eq!(p.peak(), 1.5);
        assert!((p.booked(10.0) - (3.0 + 2.0)).abs() < 1e-12);
        assert!((p.booked(4.5) - (2.0 + 0.75)).abs() < 1e-12);
    }

    #[test]
    fn a_task_ending_when_another_starts_does_not_overlap_it() {
        let mut p = Profile::with_room(2);
        p.book(0.0, 3.0, 1.0);
        assert_eq!(p.room(3.0, 6.0, 1.0, 1.0), Ok(()));
        assert_eq!(p.room(2.9, 6.0, 1.0, 1.0), Err(3.0));
    }

    #[test]
    fn rounding_in_allocations_does_not_count_as_over() {
        let mut p = Profile::with_room(3);
        p.book(0.0, 1.0, 0.1);
        p.book(0.0, 1.0, 0.2);
        assert_eq!(p.room(0.0, 1.0, 0.7, 1.0), Ok(()));
        assert_eq!(p.room(0.0, 1.0, 0.71, 1.0), Err(1.0));
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
