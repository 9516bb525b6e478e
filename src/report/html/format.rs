//! How figures read on the page: dates in words, money with its currency, shares as
//! percentages that never round to a misleading 0% or 100%.

use jiff::civil::Date;

use crate::report::table;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2027-06-14` -> `14 June 2027`; text that is not an ISO date is kept as it is.
pub fn long_date(iso: &str) -> String {
    match iso.parse::<Date>() {
        Ok(d) => format!(
            "{} {} {}",
            d.day(),
            MONTHS[(d.month() - 1) as usize],
            d.year()
        ),
        Err(_) => iso.to_string(),
    }
}

/// `2027-06-14` -> `14 Jun 2027`.
pub fn short_date(iso: &str) -> String {
    match iso.parse::<Date>() {
        Ok(d) => format!(
            "{} {} {}",
            d.day(),
            &MONTHS[(d.month() - 1) as usize][..3],
            d.year()
        ),
        Err(_) => iso.to_string(),
    }
}

/// `42000.4, "USD"` -> `42,000 USD`.
pub fn money(x: f64, currency: &str) -> String {
    format!("{} {currency}", table::money(x))
}

/// A share as a whole percentage; `<1%` and `>99%` rather than a rounded 0% or 100%.
pub fn pct(x: f64) -> String {
    if x > 0.0 && x < 0.005 {
        "<1%".to_string()
    } else if x < 1.0 && x > 0.995 {
        ">99%".to_string()
    } else {
        format!("{:.0}%", 100.0 * x)
    }
}

/// A number of days: one decimal below ten, whole days above.
pub fn days(x: f64) -> String {
    if x.abs() < 9.95 {
        format!("{x:.1}")
    } else {
        table::money(x)
    }
}

/// A plain number with up to `decimals` decimals and thousands separated.
pub fn number(x: f64, decimals: usize) -> String {
    if decimals == 0 {
        return table::money(x);
    }
    let text = format!("{x:.decimals$}");
    match text.split_once('.') {
        Some((int, frac)) => {
            let int: f64 = int.parse().unwrap_or(0.0);
            let sign = if x < 0.0 && int == 0.0 { "-" } else { "" };
            format!("{sign}{}.{frac}", table::money(int))
        }
        None => text,
    }
}

/// The unit that a report's `duration_days` count.
pub fn day_unit(calendar: &str) -> &'static str {
    if calendar == "continuous" {
        "calendar days"
    } else {
        "working days"
    }
}

/// A value for `data-value`: the shortest text that reads back as the same number, as the
/// JSON report writes it.
pub fn raw(x: f64) -> String {
    format!("{x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_in_words() {
        assert_eq!(long_date("2027-06-14"), "14 June 2027");
        assert_eq!(short_date("2027-06-14"), "14 Jun 2027");
        assert_eq!(long_date("soon"), "soon");
    }

    #[test]
    fn shares_never_round_to_certainty() {
        assert_eq!(pct(0.04), "4%");
        assert_eq!(pct(0.001), "<1%");
        assert_eq!(pct(0.0), "0%");
        assert_eq!(pct(0.999), ">99%");
        assert_eq!(pct(1.0), "100%");
    }

    #[test]
    fn numbers_group_thousands() {
        assert_eq!(money(42_000.4, "USD"), "42,000 USD");
        assert_eq!(days(18.2), "18");
        assert_eq!(days(1.84), "1.8");
        assert_eq!(number(12_345.678, 1), "12,345.7");
        assert_eq!(number(-0.25, 2), "-0.25");
        assert_eq!(raw(0.1 + 0.2), "0.30000000000000004");
    }
}
