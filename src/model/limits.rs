//! The largest magnitudes a scenario may hold, in one place. Within them every figure the
//! engine and the report compute stays finite and every date a calendar can show; beyond them
//! a number is a mistake (a typo, a unit mix-up, an exponent) rather than a plan, and it is
//! refused with the limit in the message. The README's "Limits" list says the same.

use jiff::civil::{Date, date};

/// An upper bound on a kind of quantity, and how a message names it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limit {
    pub max: f64,
    /// The unit after the number: `days`, `hours`, ``.
    pub unit: &'static str,
    /// What the limit amounts to, in words: `a million`.
    pub note: &'static str,
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", figure(self.max))?;
        if !self.unit.is_empty() {
            write!(f, " {}", self.unit)?;
        }
        if !self.note.is_empty() {
            write!(f, " ({})", self.note)?;
        }
        Ok(())
    }
}

/// A duration in days: an estimate, a lag, a risk's delay, work remaining, a sprint. The
/// span of the calendar, [`FIRST_DATE`] to [`LAST_DATE`]: nothing longer can be dated. (Real
/// schedules hold durations far beyond a century: the HS2 P6 export has one of 1,872 years.)
pub const DAYS: Limit = Limit {
    max: 2_958_464.0,
    unit: "days",
    note: "the 8,100 years from 1900 to 9999",
};

/// A duration in hours: compute work per instance, checkpoints, restarts, downtime, waits for
/// capacity, notice, a fallback's hours, a Weibull mean lifetime. [`DAYS`] around the clock.
pub const HOURS: Limit = Limit {
    max: 24.0 * 2_958_464.0,
    unit: "hours",
    note: "the 8,100 years from 1900 to 9999",
};

/// An amount of money: a cost, a budget, a rate per day, a price per hour, a mitigation's cost.
pub const MONEY: Limit = Limit {
    max: 1e15,
    unit: "",
    note: "a thousand trillion",
};

/// A risk's `delay_fraction`: how many times its own duration a hit task grows by.
pub const FRACTION: Limit = Limit {
    max: 100.0,
    unit: "",
    note: "a task 100 times as long again",
};

/// People: a role's `count`, a task's allocation of a role.
pub const PEOPLE: Limit = Limit {
    max: 1e6,
    unit: "people",
    note: "a million",
};

/// Instances of one type: a compute task's `count`, a plan's `count`, `max_running`.
pub const INSTANCES: u32 = 100_000;

/// A risk level's `max`, as a multiple of the most likely value.
pub const RISK_LEVEL_MAX: Limit = Limit {
    max: 100.0,
    unit: "times the most likely value",
    note: "",
};

/// An instance type's `spot_price_variability` (a coefficient of variation).
pub const PRICE_VARIABILITY: Limit = Limit {
    max: 10.0,
    unit: "",
    note: "a standard deviation ten times the price",
};

/// A discrete estimate's relative `weights`.
pub const WEIGHT: Limit = Limit {
    max: 1e15,
    unit: "",
    note: "",
};

/// An uncertain quantity's draws: the one that is exceeded once in this many draws (a
/// lognormal's far tail) must lie within the quantity's limit.
pub const TAIL: f64 = 1e-9;

/// The earliest date a scenario may write.
pub const FIRST_DATE: Date = date(1900, 1, 1);

/// The last date a calendar reaches: a date, or a simulated finish, after it is refused.
pub const LAST_DATE: Date = date(9999, 12, 31);

/// A date a scenario writes, refused outside [`FIRST_DATE`]..=[`LAST_DATE`].
pub fn check_date(d: Date) -> Result<Date, String> {
    if d < FIRST_DATE || d > LAST_DATE {
        return Err(format!(
            "the date {d} is outside the dates riskplan plans with, {FIRST_DATE} to {LAST_DATE}; correct it"
        ));
    }
    Ok(d)
}

/// `x` within `limit`, or the end of a message saying it is beyond: "is 1e308 days, beyond
/// the limit of 2,958,464 days (...)".
pub fn check(x: f64, limit: &Limit) -> Result<f64, String> {
    if x <= limit.max {
        return Ok(x);
    }
    let unit = if limit.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", limit.unit)
    };
    Err(format!(
        "is {}{unit}, beyond the limit of {limit}",
        figure(x)
    ))
}

/// A number as a message shows it: plain when it is of a size people write (`36,525`, `0.5`;
/// whole from 1,000 on), else in exponent form (`1e308`) rather than 309 digits.
pub fn figure(x: f64) -> String {
    if x.is_finite() && x.abs() < 1e9 {
        let x = if x.abs() >= 1000.0 { x.round() } else { x };
        if x.fract() == 0.0 {
            let digits = format!("{}", x.abs() as u64);
            let mut out = String::new();
            for (i, c) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push(',');
                }
                out.push(c);
            }
            if x < 0.0 {
                out.insert(0, '-');
            }
            out
        } else {
            format!("{x}")
        }
    } else {
        format!("{x:e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_reads_with_its_unit_and_what_it_amounts_to() {
        assert_eq!(
            DAYS.to_string(),
            "2,958,464 days (the 8,100 years from 1900 to 9999)"
        );
        assert_eq!(MONEY.to_string(), "1e15 (a thousand trillion)");
        assert_eq!(
            check(1e308, &DAYS).unwrap_err(),
            "is 1e308 days, beyond the limit of 2,958,464 days (the 8,100 years from 1900 to 9999)"
        );
        assert_eq!(check(DAYS.max, &DAYS), Ok(DAYS.max));
        assert_eq!(figure(-1234567.0), "-1,234,567");
        assert_eq!(figure(0.25), "0.25");
        assert_eq!(figure(89_408.577), "89,409");
    }

    #[test]
    fn a_duration_is_at_most_the_span_of_the_calendar() {
        let span = FIRST_DATE.until(LAST_DATE).unwrap().get_days() as f64 + 1.0;
        assert_eq!(DAYS.max, span);
        assert_eq!(HOURS.max, 24.0 * span);
    }

    #[test]
    fn dates_outside_the_calendar_are_refused() {
        assert!(check_date(date(2027, 1, 4)).is_ok());
        assert!(check_date(LAST_DATE).is_ok());
        let e = check_date(date(1066, 10, 14)).unwrap_err();
        assert!(
            e.contains("1066-10-14") && e.contains("1900-01-01 to 9999-12-31"),
            "{e}"
        );
    }
}
