//! Inputs that crashed a parser, found with the fuzz targets of `tests/fuzz` (hostile files
//! run through them), each now a clean result or a clean error: exit code 2, a message naming
//! the file and the line, never a panic or an abort.

use std::path::Path;

use jiff::civil::date;
use riskplan::import::{ReadOptions, mspdi};
use riskplan::scenario::Source;

use crate::common::check_fails;

/// A Patterson file whose first line declares 4,000,000,000 activities: the reader reserved
/// room for them all before reading a line (an allocation of 224 GB, an abort), where the
/// file lists three.
#[test]
fn an_rcp_file_declaring_billions_of_activities_is_refused_by_its_line_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.rcp");
    std::fs::write(&path, "4000000000 1\n5\n0 0 1 2\n3 2 1 3\n0 0 0\n").unwrap();
    let stderr = check_fails(&path);
    assert!(
        stderr.contains("huge.rcp:1:1: the file declares 4000000000 activities but lists 3"),
        "{stderr}"
    );
}

/// An MS Project calendar exception recurring every 99,999,999 days: the step overflowed
/// the span of days a date can move (a panic). A period that long reaches no second day, so
/// the exception is its first day alone.
#[test]
fn an_mspdi_exception_recurring_past_any_date_covers_its_first_day() {
    let text = "<?xml version=\"1.0\"?>
<Project xmlns=\"http://schemas.microsoft.com/project\">
<Name>Recurring</Name><CalendarUID>1</CalendarUID><StartDate>2027-01-04T08:00:00</StartDate>
<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
<Exceptions><Exception><TimePeriod><FromDate>2027-02-01T00:00:00</FromDate><ToDate>2027-03-31T23:59:00</ToDate></TimePeriod>
<Type>1</Type><Period>99999999</Period><DayWorking>0</DayWorking></Exception></Exceptions>
</Calendar></Calendars>
<Tasks><Task><UID>1</UID><Name>Build</Name><OutlineLevel>1</OutlineLevel><Duration>PT16H0M0S</Duration></Task></Tasks>
</Project>
";
    let source = Source {
        path: Path::new("recurring.xml").into(),
        text: text.into(),
    };
    let s = mspdi::parse(&source, &ReadOptions::default()).unwrap();
    let days: Vec<_> = s.calendars[0]
        .exceptions
        .iter()
        .map(|e| (e.first, e.last, e.working))
        .collect();
    assert_eq!(days, [(date(2027, 2, 1), date(2027, 2, 1), false)]);
}
