//! P6's `clndr_data`: the working time of a calendar, written as nested nodes
//! `(0||KEY(PARAMS)(CHILDREN))`. `DaysOfWeek` holds one node per weekday (`1` = Sunday ... `7` =
//! Saturday) whose children are its working periods (`s|08:00|f|16:00`); `Exceptions` holds
//! dates (`d|NNNNN`, days since 1899-12-30) whose children, when there are any, are the periods
//! worked on that date instead. Line breaks inside the value are written as byte 0x7F.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};

/// A calendar's working time as `clndr_data` gives it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WorkTime {
    /// Working periods of each weekday, Monday first (minutes of the day, start and end);
    /// `None` when the data has no `DaysOfWeek` section.
    pub week: Option<[Vec<(u32, u32)>; 7]>,
    /// Dates that break the week: the periods worked that day (none: not worked).
    pub exceptions: Vec<(Date, Vec<(u32, u32)>)>,
}

impl WorkTime {
    /// The days of the week that have working periods.
    pub fn workweek(&self) -> Option<Vec<Weekday>> {
        let week = self.week.as_ref()?;
        let days = (0i8..)
            .zip(week)
            .filter(|(_, periods)| !periods.is_empty())
            .filter_map(|(i, _)| Weekday::from_monday_zero_offset(i).ok())
            .collect();
        Some(days)
    }

    /// Hours of work in a week.
    pub fn week_hours(&self) -> f64 {
        self.week
            .iter()
            .flatten()
            .flatten()
            .map(|&(s, f)| f64::from(f - s) / 60.0)
            .sum()
    }
}

/// A node of the data: its key, its parameters (`s|08:00|f|16:00` -> `[s, 08:00, f, 16:00]`)
/// and its children.
#[derive(Debug)]
struct Node<'a> {
    key: &'a str,
    params: Vec<&'a str>,
    children: Vec<Node<'a>>,
}

/// Nodes nested deeper than this are refused (real data nests four deep).
const MAX_DEPTH: usize = 12;

/// Parses `clndr_data`; the error says what is wrong, for the caller to place.
pub fn parse(data: &str) -> Result<WorkTime, String> {
    let mut parser = Parser { text: data, at: 0 };
    let mut roots = Vec::new();
    parser.skip_space();
    while parser.at < data.len() {
        roots.push(parser.node(0)?);
        parser.skip_space();
    }
    let mut time = WorkTime::default();
    let all = roots.iter().flat_map(|r| {
        if r.key == "CalendarData" {
            r.children.iter().collect::<Vec<_>>()
        } else {
            vec![r]
        }
    });
    for section in all {
        match section.key {
            "DaysOfWeek" => {
                let mut week: [Vec<(u32, u32)>; 7] = Default::default();
                for day in &section.children {
                    let n: usize = day
                        .key
                        .parse()
                        .ok()
                        .filter(|n| (1..=7).contains(n))
                        .ok_or_else(|| format!("weekday `{}` is not 1 to 7", day.key))?;
                    // 1 = Sunday; index 0 = Monday.
                    week[(n + 5) % 7] = periods(&day.children)?;
                }
                time.week = Some(week);
            }
            "Exceptions" => {
                for exception in &section.children {
                    let serial = param(&exception.params, "d")
                        .ok_or_else(|| "an exception without its date (`d|...`)".to_string())?;
                    time.exceptions
                        .push((serial_date(serial)?, periods(&exception.children)?));
                }
            }
            _ => {}
        }
    }
    Ok(time)
}

/// The date of a day count from 1899-12-30, as spreadsheets and P6 count.
pub fn serial_date(serial: &str) -> Result<Date, String> {
    let days: i32 = serial
        .trim()
        .parse()
        .ok()
        .filter(|d| (0..=2_958_465).contains(d))
        .ok_or_else(|| format!("exception date `{serial}` is not a day number"))?;
    date(1899, 12, 30)
        .checked_add(days.days())
        .map_err(|_| format!("exception date `{serial}` is out of range"))
}

/// The working periods of `nodes`, each `s|HH:MM|f|HH:MM`; a finish of 00:00 is midnight.
fn periods(nodes: &[Node]) -> Result<Vec<(u32, u32)>, String> {
    nodes
        .iter()
        .map(|n| {
            let (Some(s), Some(f)) = (param(&n.params, "s"), param(&n.params, "f")) else {
                return Err(format!(
                    "a working period `{}` without its start and finish",
                    n.params.join("|")
                ));
            };
            let (s, mut f) = (minute(s)?, minute(f)?);
            if f <= s {
                f += 24 * 60;
            }
            Ok((s, f))
        })
        .collect()
}

fn minute(text: &str) -> Result<u32, String> {
    let bad = || format!("`{text}` is not a time of day (HH:MM)");
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 24 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// The value after `key` in `key|value|key|value`.
fn param<'a>(params: &[&'a str], key: &str) -> Option<&'a str> {
    params
        .chunks(2)
        .find(|p| p[0].trim() == key)
        .and_then(|p| p.get(1).copied())
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn skip_space(&mut self) {
        let rest = &self.text[self.at..];
        let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{7f}');
        self.at += rest.len() - trimmed.len();
    }

    fn expect(&mut self, what: char) -> Result<(), String> {
        self.skip_space();
        if self.text[self.at..].starts_with(what) {
            self.at += what.len_utf8();
            Ok(())
        } else {
            let found: String = self.text[self.at..].chars().take(12).collect();
            Err(format!(
                "expected `{what}` at character {} of the calendar data, found `{found}`",
                self.at + 1
            ))
        }
    }

    /// Text up to (not including) the next `stop` character, which must come.
    fn until(&mut self, stop: char) -> Result<&'a str, String> {
        let rest = &self.text[self.at..];
        let end = rest
            .find(stop)
            .ok_or_else(|| "the calendar data ends in the middle of a node".to_string())?;
        self.at += end;
        Ok(&rest[..end])
    }

    /// `(0||KEY(PARAMS)(CHILDREN))`.
    fn node(&mut self, depth: usize) -> Result<Node<'a>, String> {
        if depth > MAX_DEPTH {
            return Err("the calendar data nests too deep".into());
        }
        self.expect('(')?;
        let head = self.until('(')?;
        let key = head.split_once("||").map(|(_, k)| k).unwrap_or(head).trim();
        self.expect('(')?;
        let params = self.until(')')?;
        self.expect(')')?;
        self.expect('(')?;
        let mut children = Vec::new();
        loop {
            self.skip_space();
            if self.text[self.at..].starts_with(')') {
                break;
            }
            children.push(self.node(depth + 1)?);
        }
        self.expect(')')?;
        self.expect(')')?;
        let params = if params.is_empty() {
            Vec::new()
        } else {
            params.split('|').collect()
        };
        Ok(Node {
            key,
            params,
            children,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIVE_DAYS: &str = "(0||CalendarData()(\u{7f}\u{7f}  (0||DaysOfWeek()(    (0||1()())    (0||2()(      (0||0(s|08:00|f|12:00)())      (0||1(s|13:00|f|17:00)())))    (0||3()(      (0||0(s|08:00|f|16:00)())))    (0||4()(      (0||0(s|08:00|f|16:00)())))    (0||5()(      (0||0(s|08:00|f|16:00)())))    (0||6()(      (0||0(s|08:00|f|16:00)())))    (0||7()())))  (0||VIEW(ShowTotal|N)())  (0||Exceptions()(    (0||0(d|42907)(      (0||0(s|08:00|f|16:00)())))    (0||1(d|43094)())))))";

    #[test]
    fn the_week_runs_sunday_to_saturday_and_empty_days_are_not_worked() {
        let t = parse(FIVE_DAYS).unwrap();
        use Weekday::*;
        assert_eq!(
            t.workweek().unwrap(),
            vec![Monday, Tuesday, Wednesday, Thursday, Friday]
        );
        let week = t.week.as_ref().unwrap();
        assert_eq!(week[0], vec![(480, 720), (780, 1020)]);
        assert_eq!(week[6], vec![]);
        assert_eq!(t.week_hours(), 40.0);
    }

    #[test]
    fn exceptions_count_days_from_1899_12_30_and_periods_make_them_worked() {
        let t = parse(FIVE_DAYS).unwrap();
        // 43094 is Christmas Day 2017; 42907 a Wednesday in June 2017.
        assert_eq!(
            t.exceptions,
            vec![
                (date(2017, 6, 21), vec![(480, 960)]),
                (date(2017, 12, 25), vec![])
            ]
        );
        assert_eq!(serial_date("0").unwrap(), date(1899, 12, 30));
        assert!(serial_date("x").is_err());
        assert!(serial_date("-1").is_err());
    }

    #[test]
    fn a_period_ending_at_midnight_lasts_to_the_end_of_the_day() {
        let t = parse("(0||DaysOfWeek()((0||2()((0||0(s|00:00|f|00:00)())))))").unwrap();
        assert_eq!(t.week.unwrap()[0], vec![(0, 1440)]);
    }

    #[test]
    fn malformed_data_is_an_error_never_a_panic() {
        for cut in 0..FIVE_DAYS.len() {
            if FIVE_DAYS.is_char_boundary(cut) {
                let _ = parse(&FIVE_DAYS[..cut]);
            }
        }
        assert!(parse("(0||DaysOfWeek()((0||9()())))").is_err());
        assert!(parse("(0||DaysOfWeek()((0||2()((0||0(s|8h|f|16:00)()))))").is_err());
        assert!(parse("(0||Exceptions()((0||0()())))").is_err());
        let deep = "(0||a()(".repeat(40);
        assert!(parse(&deep).is_err());
        assert_eq!(parse("").unwrap(), WorkTime::default());
    }
}
