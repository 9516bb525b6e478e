//! The MS Project XML reader on small hand-made files whose every value is known: the
//! bounds of the XML walk (an entity bomb, deep nesting, a truncated file, other XML),
//! derived calendars and both forms of exceptions, lag formats, constraints, progress,
//! summary links, inactive tasks, resources, and the errors' file, line and task.

use jiff::civil::{Weekday, date};

use super::{looks_like, parse};
use crate::import::ReadOptions;
use crate::import::schedule::{Constraint, LinkKind, ResourceKind, Schedule};
use crate::scenario::Source;

fn source(body: &str) -> Source {
    Source {
        path: "plan.xml".into(),
        text: format!(
            "<?xml version=\"1.0\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n{body}</Project>\n"
        ),
    }
}

fn read(body: &str) -> Schedule {
    parse(&source(body), &ReadOptions::default()).unwrap()
}

fn error(body: &str) -> String {
    let e = parse(&source(body), &ReadOptions::default()).unwrap_err();
    assert!(e.is_bad_input());
    e.to_string()
}

const CALENDAR: &str = "<CalendarUID>1</CalendarUID><StartDate>2027-01-04T08:00:00</StartDate>
<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>
<WeekDays>
<WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>
<WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>
<WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay>
</WeekDays></Calendar>
<Calendar><UID>2</UID><Name>Shift</Name><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID>
<WeekDays><WeekDay><DayType>7</DayType><DayWorking>1</DayWorking><WorkingTimes><WorkingTime><FromTime>20:00:00</FromTime><ToTime>00:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay>
<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod><FromDate>2027-01-01T00:00:00</FromDate><ToDate>2027-01-01T23:59:00</ToDate></TimePeriod></WeekDay>
</WeekDays>
<Exceptions>
<Exception><TimePeriod><FromDate>2027-02-01T00:00:00</FromDate><ToDate>2027-02-03T23:59:00</ToDate></TimePeriod><Type>1</Type><DayWorking>0</DayWorking></Exception>
<Exception><TimePeriod><FromDate>2027-03-01T00:00:00</FromDate><ToDate>2027-03-05T23:59:00</ToDate></TimePeriod><Type>1</Type><Period>2</Period><DayWorking>1</DayWorking></Exception>
<Exception><TimePeriod><FromDate>2027-12-25T00:00:00</FromDate><ToDate>2037-12-25T23:59:00</ToDate></TimePeriod><Type>2</Type><DayWorking>0</DayWorking></Exception>
</Exceptions></Calendar></Calendars>\n";

fn task(uid: u32, extra: &str) -> String {
    format!(
        "<Task><UID>{uid}</UID><Name>T{uid}</Name><OutlineLevel>1</OutlineLevel><Start>2027-01-04T08:00:00</Start><Finish>2027-01-05T17:00:00</Finish><Duration>PT16H0M0S</Duration>{extra}</Task>\n"
    )
}

#[test]
fn looks_like_wants_a_project_root_in_the_ms_namespace() {
    assert!(looks_like(&source("").text));
    assert!(looks_like(
        "\u{feff}<!-- x --><Project xmlns=\"http://schemas.microsoft.com/project\"><Name>"
    ));
    assert!(!looks_like("<Project><Name>x</Name></Project>"));
    assert!(!looks_like(
        "<project xmlns=\"http://schemas.microsoft.com/project\">"
    ));
    assert!(!looks_like("[project]\nname = \"x\""));
}

#[test]
fn an_entity_bomb_is_refused_before_anything_is_expanded() {
    let bomb = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE Project [\n<!ENTITY a \"aaaaaaaaaa\">\n{}]>\n<Project xmlns=\"http://schemas.microsoft.com/project\"><Name>&e9;</Name></Project>",
        (1..10)
            .map(|i| format!(
                "<!ENTITY e{i} \"{}\">\n",
                format!("&e{};", i - 1).repeat(10)
            ))
            .collect::<String>()
            .replace("&e0;", "&a;")
    );
    let s = Source {
        path: "bomb.xml".into(),
        text: bomb,
    };
    let e = parse(&s, &ReadOptions::default()).unwrap_err().to_string();
    assert!(e.contains("bomb.xml:2:"), "{e}");
    assert!(e.contains("declares entities"), "{e}");
    // An entity used without a declaration is not expanded either.
    let e = error("<Name>&e9;</Name>");
    assert!(
        e.contains("`&e9;` is not one of XML's five entities"),
        "{e}"
    );
    // XML's own entities and character references are read.
    assert_eq!(
        read("<Name>A &amp; B &#x41;</Name><StartDate>2027-01-04T08:00:00</StartDate>").name,
        "A & B A"
    );
}

#[test]
fn deep_nesting_stops_at_the_depth_limit() {
    let deep = format!(
        "<Project xmlns=\"http://schemas.microsoft.com/project\">{}{}</Project>",
        "<a>".repeat(100_000),
        "</a>".repeat(100_000)
    );
    let s = Source {
        path: "deep.xml".into(),
        text: deep,
    };
    let e = parse(&s, &ReadOptions::default()).unwrap_err().to_string();
    assert!(e.contains("nest more than 64 deep"), "{e}");
    // Inside a skipped subtree too.
    let e = error(&format!(
        "<Views>{}{}</Views>",
        "<a>".repeat(100),
        "</a>".repeat(100)
    ));
    assert!(e.contains("nest more than 64 deep"), "{e}");
}

#[test]
fn a_truncated_file_and_other_xml_are_clear_errors() {
    let full = source(&format!("{CALENDAR}<Tasks>{}</Tasks>", task(1, ""))).text;
    let cut = Source {
        path: "cut.xml".into(),
        text: full[..full.len() - 40].to_string(),
    };
    let e = parse(&cut, &ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("is it truncated?"), "{e}");
    let other = Source {
        path: "other.xml".into(),
        text: "<project name=\"x\"><tasks/></project>".into(),
    };
    let e = parse(&other, &ReadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("not an MS Project XML file"), "{e}");
    let empty = Source {
        path: "empty.xml".into(),
        text: String::new(),
    };
    assert!(parse(&empty, &ReadOptions::default()).is_err());
}

#[test]
fn derived_calendars_inherit_the_week_and_add_their_exceptions() {
    let s = read(&format!(
        "{CALENDAR}<Tasks>{}{}</Tasks>",
        task(1, ""),
        task(2, "<CalendarUID>2</CalendarUID>")
    ));
    assert_eq!(s.default_calendar, "Standard");
    assert_eq!(s.calendars.len(), 2);
    let standard = &s.calendars[0];
    // Days 3..6 are not given: Monday to Friday by default.
    assert_eq!(
        standard.workweek,
        [
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday
        ]
    );
    assert_eq!(standard.hours_per_day, 8.0);
    let shift = &s.calendars[1];
    assert_eq!(shift.name, "Shift");
    assert_eq!(shift.workweek.len(), 6);
    assert!(shift.workweek.contains(&Weekday::Saturday));
    // Monday's 8 hours (4 days) outnumber Saturday's 4 (20:00 to midnight).
    assert_eq!(shift.hours_per_day, 8.0);
    // The 2007 form wins over the old one (1 January is not read); a daily exception
    // every 2 days is expanded; a yearly one is not carried.
    let days: Vec<_> = shift
        .exceptions
        .iter()
        .map(|e| (e.first, e.last, e.working))
        .collect();
    assert_eq!(
        days,
        [
            (date(2027, 2, 1), date(2027, 2, 3), false),
            (date(2027, 3, 1), date(2027, 3, 1), true),
            (date(2027, 3, 3), date(2027, 3, 3), true),
            (date(2027, 3, 5), date(2027, 3, 5), true),
        ]
    );
    assert_eq!(
        s.not_carried
            .get("recurring calendar exceptions (weekly, monthly, yearly)"),
        Some(&1)
    );
    assert_eq!(s.tasks[1].calendar.as_deref(), Some("Shift"));
    assert_eq!(s.tasks[0].calendar, None);
}

#[test]
fn the_old_exception_form_is_read_when_there_is_no_new_one() {
    let body = CALENDAR.replace(
        &CALENDAR[CALENDAR.find("<Exceptions>").unwrap()
            ..CALENDAR.find("</Exceptions>").unwrap() + "</Exceptions>".len()],
        "",
    );
    let s = read(&format!(
        "{body}<Tasks>{}</Tasks>",
        task(1, "<CalendarUID>2</CalendarUID>")
    ));
    let shift = s.calendars.iter().find(|c| c.name == "Shift").unwrap();
    assert_eq!(shift.exceptions.len(), 1);
    assert_eq!(shift.exceptions[0].first, date(2027, 1, 1));
    assert!(!shift.exceptions[0].working);
}

#[test]
fn lags_convert_by_format_to_working_days_of_the_successor() {
    let links = |format: u32, lag: i64| {
        let s = read(&format!(
            "{CALENDAR}<Tasks>{}{}</Tasks>",
            task(1, ""),
            task(
                2,
                &format!(
                    "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>3</Type><LinkLag>{lag}</LinkLag><LagFormat>{format}</LagFormat></PredecessorLink>"
                )
            )
        ));
        assert_eq!(s.links.len(), 1);
        assert_eq!(s.links[0].kind, LinkKind::SS);
        s.links[0].lag_days
    };
    // 2400 tenths of a minute = 4 hours = half a day of 8 hours.
    assert_eq!(links(7, 2400), 0.5);
    assert_eq!(links(5, -4800), -1.0);
    // 50% of the predecessor's 2 days.
    assert_eq!(links(19, 50), 1.0);
    // 7 elapsed days (168 hours) are 5 working days of a 5-day week.
    assert_eq!(links(8, 168 * 600), 5.0);
}

#[test]
fn links_of_summary_tasks_reach_the_tasks_inside() {
    let s = read(&format!(
        "{CALENDAR}<Tasks>{}<Task><UID>2</UID><Name>Phase</Name><OutlineLevel>1</OutlineLevel><Summary>1</Summary><PredecessorLink><PredecessorUID>1</PredecessorUID></PredecessorLink></Task>
{}{}{}</Tasks>",
        task(1, ""),
        task(3, "").replace("<OutlineLevel>1", "<OutlineLevel>2"),
        task(4, "").replace("<OutlineLevel>1", "<OutlineLevel>2"),
        task(5, "<PredecessorLink><PredecessorUID>2</PredecessorUID><Type>0</Type></PredecessorLink>"),
    ));
    let ids: Vec<_> = s.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["1", "3", "4", "5"]);
    assert_eq!(s.tasks[1].summary, ["Phase"]);
    assert!(s.tasks[3].summary.is_empty());
    let pairs: Vec<_> = s
        .links
        .iter()
        .map(|l| (l.predecessor.as_str(), l.successor.as_str(), l.kind))
        .collect();
    assert_eq!(
        pairs,
        [
            ("1", "3", LinkKind::FS),
            ("1", "4", LinkKind::FS),
            ("3", "5", LinkKind::FF),
            ("4", "5", LinkKind::FF),
        ]
    );
}

#[test]
fn constraints_deadlines_progress_costs_and_inactive_tasks() {
    let s = read(&format!(
        "<StatusDate>2027-01-06T17:00:00</StatusDate>{CALENDAR}<Tasks>{}{}{}{}</Tasks>",
        task(
            1,
            "<ConstraintType>4</ConstraintType><ConstraintDate>2027-01-11T08:00:00</ConstraintDate><Deadline>2027-02-01T17:00:00</Deadline><FixedCost>123456</FixedCost>"
        ),
        task(
            2,
            "<ActualStart>2027-01-04T08:00:00</ActualStart><PercentComplete>50</PercentComplete><RemainingDuration>PT4H0M0S</RemainingDuration>"
        ),
        task(
            3,
            "<ActualStart>2027-01-04T08:00:00</ActualStart><ActualFinish>2027-01-05T17:00:00</ActualFinish><PercentComplete>100</PercentComplete>"
        ),
        task(4, "<Active>0</Active>"),
    ));
    assert_eq!(s.status_date, Some(date(2027, 1, 6)));
    assert_eq!(s.tasks.len(), 3);
    assert_eq!(
        s.tasks[0].constraints,
        [
            Constraint::StartNoEarlierThan(date(2027, 1, 11)),
            Constraint::FinishNoLaterThan(date(2027, 2, 1))
        ]
    );
    assert_eq!(s.tasks[0].fixed_cost, Some(1234.56));
    assert_eq!(s.tasks[0].progress, None);
    let p = s.tasks[1].progress.unwrap();
    assert_eq!(p.actual_start, Some(date(2027, 1, 4)));
    assert_eq!(p.actual_finish, None);
    assert_eq!(p.remaining_days, Some(0.5));
    let done = s.tasks[2].progress.unwrap();
    assert_eq!(done.actual_finish, Some(date(2027, 1, 5)));
    assert_eq!(done.remaining_days, Some(0.0));
    assert_eq!(s.not_carried.get("inactive tasks"), Some(&1));
    assert_eq!(s.tasks[0].stored.unwrap().finish, date(2027, 1, 5));
}

#[test]
fn resources_and_assignments_by_uid() {
    let s = read(&format!(
        "<MinutesPerDay>420</MinutesPerDay>{CALENDAR}<Tasks>{}</Tasks>
<Resources><Resource><UID>0</UID><Name>Unassigned</Name></Resource>
<Resource><UID>5</UID><Name>Crew</Name><Type>1</Type><MaxUnits>3</MaxUnits><StandardRate>10</StandardRate></Resource>
<Resource><UID>6</UID><Name>Concrete</Name><Type>0</Type><StandardRate>90</StandardRate></Resource>
<Resource><UID>7</UID><Name>Travel</Name><Type>2</Type></Resource></Resources>
<Assignments><Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>5</ResourceUID><Units>2</Units></Assignment>
<Assignment><UID>2</UID><TaskUID>1</TaskUID><ResourceUID>-65535</ResourceUID><Units>1</Units></Assignment>
<Assignment><UID>3</UID><TaskUID>1</TaskUID><ResourceUID>6</ResourceUID><Units>4</Units></Assignment>
<Assignment><UID>4</UID><TaskUID>1</TaskUID><ResourceUID>7</ResourceUID><Units>1</Units></Assignment></Assignments>\n",
        task(1, "")
    ));
    assert_eq!(s.resources.len(), 2);
    let crew = &s.resources[0];
    assert_eq!(
        (crew.id.as_str(), crew.kind),
        ("5", ResourceKind::Renewable)
    );
    assert_eq!(crew.capacity, Some(3.0));
    // 10 an hour, 7 hours a day.
    assert_eq!(crew.rate_per_day, Some(70.0));
    let concrete = &s.resources[1];
    assert_eq!(concrete.kind, ResourceKind::Consumable);
    assert_eq!(concrete.cost_per_unit, Some(90.0));
    assert_eq!(s.assignments.len(), 2);
    assert_eq!(s.assignments[0].units, 2.0);
    assert_eq!(s.assignments[1].resource, "6");
    assert_eq!(s.not_carried.get("cost resources"), Some(&1));
    assert_eq!(
        s.not_carried.get("assignments of resources not carried"),
        Some(&1)
    );
}

#[test]
fn errors_name_the_file_line_and_task() {
    let e = error(&format!(
        "{CALENDAR}<Tasks>{}</Tasks>",
        task(
            9,
            "<PredecessorLink><PredecessorUID>44</PredecessorUID></PredecessorLink>"
        )
    ));
    assert!(e.starts_with("plan.xml:"), "{e}");
    assert!(
        e.contains("task `9`: its predecessor `44` is not a task"),
        "{e}"
    );
    let e = error(&format!(
        "{CALENDAR}<Tasks>{}</Tasks>",
        task(9, "<ConstraintType>4</ConstraintType>")
    ));
    assert!(
        e.contains("`<ConstraintType>` 4 needs a `<ConstraintDate>`"),
        "{e}"
    );
    let e = error(&format!(
        "{CALENDAR}<Tasks>{}</Tasks>",
        task(9, "<CalendarUID>12</CalendarUID>")
    ));
    assert!(e.contains("`<CalendarUID>` 12 names no calendar"), "{e}");
    let e = error(&format!(
        "{CALENDAR}<Tasks>{}{}</Tasks>",
        task(9, ""),
        task(9, "")
    ));
    assert!(e.contains("task `9`: appears twice"), "{e}");
    let e = error(&format!(
        "{CALENDAR}<Tasks>\n{}</Tasks>",
        task(3, "<PercentComplete>lots</PercentComplete>")
    ));
    let line = 3 + CALENDAR.matches('\n').count() + 1;
    assert!(e.contains(&format!("plan.xml:{line}:")), "{e}");
}
