//! The values a CSV cell holds, as the three layouts write them: numbers, durations with an
//! optional unit, dates (ISO, or Jira's `12/Mar/26 4:05 PM`), yes/no flags and cells that
//! list several references. Each returns `None` for text it cannot read, so that the reader
//! can say which row and column hold it.

use jiff::civil::{Date, Weekday};

/// A finite number; `_` may group digits (`28_800`).
pub(crate) fn number(text: &str) -> Option<f64> {
    let text = text.trim().replace('_', "");
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A duration in working days: a number of days, or a number with a unit: `d`/`day`/`days`,
/// `h`/`hr`/`hrs`/`hour`/`hours` (divided by `hours_per_day`), `w`/`wk`/`week`/`weeks`
/// (`days_per_week` days each). Negative durations are refused.
pub(crate) fn duration_days(text: &str, hours_per_day: f64, days_per_week: f64) -> Option<f64> {
    let text = text.trim();
    let split = text
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(text.len());
    let value = number(&text[..split])?;
    let factor = match text[split..].trim().to_ascii_lowercase().as_str() {
        "" | "d" | "day" | "days" => 1.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 1.0 / hours_per_day,
        "w" | "wk" | "wks" | "week" | "weeks" => days_per_week,
        _ => return None,
    };
    Some(value * factor).filter(|d| *d >= 0.0 && d.is_finite())
}

/// A day: ISO (`2026-03-12`, with any time after it), or Jira's `12/Mar/26 4:05 PM` (day,
/// English month abbreviation, two- or four-digit year; the time is dropped).
pub(crate) fn date(text: &str) -> Option<Date> {
    let text = text.trim();
    if let Some(iso) = text.get(..10)
        && text.as_bytes().get(4) == Some(&b'-')
    {
        return iso.parse::<Date>().ok();
    }
    let day_part = text.split_whitespace().next()?;
    let mut parts = day_part.split('/');
    let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let day: i8 = day.parse().ok()?;
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = months.iter().position(|m| m.eq_ignore_ascii_case(month))? as i8 + 1;
    let year: i16 = match year.len() {
        2 => 2000 + year.parse::<i16>().ok()?,
        4 => year.parse().ok()?,
        _ => return None,
    };
    Date::new(year, month, day).ok()
}

/// A yes/no cell: `yes`, `y`, `true`, `1`, `x` or `no`, `n`, `false`, `0` (any case).
pub(crate) fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "x" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// The references in a cell that lists several, separated by `;` or `,`: trimmed, the
/// empty ones dropped.
pub(crate) fn split_refs(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Working days from `first` to `last`, both included, in a week that works `workweek`;
/// 0 when `last` is before `first`.
pub(crate) fn working_days_inclusive(first: Date, last: Date, workweek: &[Weekday]) -> f64 {
    if last < first {
        return 0.0;
    }
    let days = i64::from((last - first).get_days()) + 1;
    let per_week = workweek.len() as i64;
    let mut count = days / 7 * per_week;
    let mut day = first;
    for _ in 0..days % 7 {
        if workweek.contains(&day.weekday()) {
            count += 1;
        }
        day = day.tomorrow().unwrap_or(day);
    }
    count as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    #[test]
    fn durations_take_a_unit() {
        assert_eq!(duration_days("3", 8.0, 5.0), Some(3.0));
        assert_eq!(duration_days("2.5d", 8.0, 5.0), Some(2.5));
        assert_eq!(duration_days("12 hours", 8.0, 5.0), Some(1.5));
        assert_eq!(duration_days("12h", 6.0, 5.0), Some(2.0));
        assert_eq!(duration_days("2 wk", 8.0, 5.0), Some(10.0));
        assert_eq!(duration_days("3 fortnights", 8.0, 5.0), None);
        assert_eq!(duration_days("-1", 8.0, 5.0), None);
        assert_eq!(duration_days("three", 8.0, 5.0), None);
        assert_eq!(duration_days("", 8.0, 5.0), None);
    }

    #[test]
    fn dates_are_iso_or_jira() {
        assert_eq!(date("2026-03-12"), Some(d(2026, 3, 12)));
        assert_eq!(date("2026-03-12T16:05:00.000Z"), Some(d(2026, 3, 12)));
        assert_eq!(date("12/Mar/26 4:05 PM"), Some(d(2026, 3, 12)));
        assert_eq!(date("01/dec/2025"), Some(d(2025, 12, 1)));
        assert_eq!(date("31/Feb/26 4:05 PM"), None);
        assert_eq!(date("12/Maz/26"), None);
        assert_eq!(date("2026-13-01"), None);
        assert_eq!(date("soon"), None);
        assert_eq!(date("3/12/2026"), None);
    }

    #[test]
    fn flags_numbers_and_lists() {
        assert_eq!(yes_no("Yes"), Some(true));
        assert_eq!(yes_no("0"), Some(false));
        assert_eq!(yes_no("maybe"), None);
        assert_eq!(number("28_800"), Some(28800.0));
        assert_eq!(number("inf"), None);
        assert_eq!(split_refs(" a; b,,c ").collect::<Vec<_>>(), ["a", "b", "c"]);
    }

    #[test]
    fn working_days_count_both_ends() {
        let week = [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
        ];
        // Monday 2026-03-02 to Friday 2026-03-06.
        assert_eq!(
            working_days_inclusive(d(2026, 3, 2), d(2026, 3, 6), &week),
            5.0
        );
        // Friday to the Monday after: 2.
        assert_eq!(
            working_days_inclusive(d(2026, 3, 6), d(2026, 3, 9), &week),
            2.0
        );
        // Three weeks and a day, from a Monday.
        assert_eq!(
            working_days_inclusive(d(2026, 3, 2), d(2026, 3, 23), &week),
            16.0
        );
        assert_eq!(
            working_days_inclusive(d(2026, 3, 7), d(2026, 3, 8), &week),
            0.0
        );
        assert_eq!(
            working_days_inclusive(d(2026, 3, 9), d(2026, 3, 2), &week),
            0.0
        );
    }
}
