//! Inputs that crashed a parser, found with the fuzz targets of `tests/fuzz` (hostile files
//! run through them), each now a clean result or a clean error: exit code 2, a message naming
//! the file and the line, never a panic or an abort.

use std::fmt::Write as _;
use std::path::Path;

use jiff::civil::date;
use riskplan::import::{self, Format, ImportOptions, ReadOptions, mspdi};
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

/// A plan in `format` read as `riskplan` reads it (files without a start begin on a fixed
/// day): the schedule's task count, or the error a user sees.
fn import(name: &str, format: Format, text: String) -> Result<usize, String> {
    let options = ImportOptions {
        format: Some(format),
        read: ReadOptions {
            start: Some(date(2027, 1, 4)),
            ..ReadOptions::default()
        },
        ..ImportOptions::default()
    };
    let file = Source {
        path: name.into(),
        text,
    };
    match import::parse(file, &options) {
        Ok(loaded) => Ok(loaded.schedule.unwrap().tasks.len()),
        Err(e) => {
            assert!(e.is_bad_input(), "{e}");
            Err(e.to_string())
        }
    }
}

/// One task inside `depth` nested summary tasks (WBS levels, groups), in each format that
/// nests them.
fn nested(format: Format, depth: usize) -> String {
    let mut out = String::new();
    match format {
        Format::Gan => {
            out.push_str("<project name=\"deep\" version=\"3.0\"><tasks>\n");
            for i in 0..=depth {
                let _ = write!(
                    out,
                    "<task id=\"t{i}\" name=\"T{i}\" start=\"2027-01-04\" duration=\"1\">"
                );
            }
            out.push_str(&"</task>".repeat(depth + 1));
            out.push_str("\n</tasks></project>\n");
        }
        Format::Mspdi => {
            out.push_str("<Project xmlns=\"http://schemas.microsoft.com/project\"><Name>deep</Name><Tasks>\n");
            for i in 1..=depth + 1 {
                let _ = writeln!(
                    out,
                    "<Task><UID>{i}</UID><Name>T{i}</Name><OutlineLevel>{i}</OutlineLevel><Duration>PT8H0M0S</Duration></Task>"
                );
            }
            out.push_str("</Tasks></Project>\n");
        }
        Format::Xer => {
            out.push_str("ERMHDR\t8.0\t2027-01-04\tProject\tadmin\tAdmin\tdb\tProject Management\tUSD\n%T\tPROJECT\n%F\tproj_id\tproj_short_name\tclndr_id\tplan_start_date\n%R\t1\tDEEP\t1\t2027-01-04 00:00\n%T\tCALENDAR\n%F\tclndr_id\tdefault_flag\tclndr_name\tday_hr_cnt\tclndr_data\n%R\t1\tY\tStandard\t8\t\n%T\tPROJWBS\n%F\twbs_id\tproj_id\tproj_node_flag\twbs_name\tparent_wbs_id\n%R\t100\t1\tY\tDEEP\t\n");
            for i in 1..=depth {
                let _ = writeln!(out, "%R\t{}\t1\tN\tLevel {i}\t{}", 100 + i, 99 + i);
            }
            let _ = write!(
                out,
                "%T\tTASK\n%F\ttask_id\tproj_id\twbs_id\tclndr_id\ttask_type\tstatus_code\ttask_code\ttask_name\ttarget_drtn_hr_cnt\n%R\t1\t1\t{}\t1\tTT_Task\tTK_NotStart\tA\tWork\t16\n%E\n",
                100 + depth
            );
        }
        Format::Jira => {
            out.push_str("Issue key,Summary,Original Estimate,Parent\n");
            for i in 1..=depth + 1 {
                let _ = writeln!(out, "A-{i},Issue {i},3600,A-{}", i - 1);
            }
        }
        Format::Asana => {
            out.push_str("Task ID,Name,Section/Column,Parent task,Estimated time\n");
            for i in 1..=depth + 1 {
                let _ = writeln!(out, "{i},Task {i},Work,{},60", i - 1);
            }
        }
        other => unreachable!("{other} does not nest"),
    }
    out
}

/// Each task carries the names of the summaries around it, so a small file nesting thousands
/// deep took memory quadratic in its size (a 1.6 MB GanttProject file, 22 GB; a 2.7 MB MS
/// Project file, 10 GB) and, for Jira and Asana, cubic time. 64 levels read; 65 are refused,
/// naming the task.
#[test]
fn summary_tasks_nest_at_most_64_deep_in_every_format() {
    let cases = [
        (
            Format::Gan,
            "deep.gan",
            "task `t65` is nested inside more than 64 tasks",
        ),
        (
            Format::Mspdi,
            "deep.xml",
            "task `66`: it is more than 64 summary tasks deep",
        ),
        (
            Format::Xer,
            "deep.xer",
            "activity `A`: its WBS node is more than 64 levels deep",
        ),
        (
            Format::Jira,
            "deep.csv",
            "issue `A-66`: it has more than 64 groups around it",
        ),
        (
            Format::Asana,
            "deep.csv",
            "task `66`: it has more than 64 groups around it",
        ),
    ];
    for (format, name, want) in cases {
        assert_eq!(import(name, format, nested(format, 64)), Ok(1), "{format}");
        let e = import(name, format, nested(format, 65)).unwrap_err();
        assert!(
            e.contains(want) && e.contains("at most 64"),
            "{format}: {e}"
        );
    }
}

/// Two summary tasks (groups) of `n` tasks each, the first linked to the second once.
fn linked_groups(format: Format, n: usize) -> String {
    let mut out = String::new();
    match format {
        Format::Gan => {
            out.push_str("<project name=\"links\" version=\"3.0\"><tasks>\n");
            for g in ["a", "b"] {
                let _ = write!(
                    out,
                    "<task id=\"{g}\" name=\"{g}\" start=\"2027-01-04\" duration=\"1\">"
                );
                for i in 0..n {
                    let _ = write!(
                        out,
                        "<task id=\"{g}{i}\" name=\"x\" start=\"2027-01-04\" duration=\"1\"/>"
                    );
                }
                if g == "a" {
                    out.push_str("<depend id=\"b\" type=\"2\"/>");
                }
                out.push_str("</task>\n");
            }
            out.push_str("</tasks></project>\n");
        }
        Format::Mspdi => {
            out.push_str("<Project xmlns=\"http://schemas.microsoft.com/project\"><Name>links</Name><Tasks>\n");
            let mut uid = 0;
            for g in 0..2 {
                uid += 1;
                let link = if g == 1 {
                    "<PredecessorLink><PredecessorUID>1</PredecessorUID></PredecessorLink>"
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "<Task><UID>{uid}</UID><Name>S{g}</Name><OutlineLevel>1</OutlineLevel><Summary>1</Summary>{link}</Task>"
                );
                for _ in 0..n {
                    uid += 1;
                    let _ = writeln!(
                        out,
                        "<Task><UID>{uid}</UID><Name>T</Name><OutlineLevel>2</OutlineLevel><Duration>PT8H0M0S</Duration></Task>"
                    );
                }
            }
            out.push_str("</Tasks></Project>\n");
        }
        Format::Jira => {
            out.push_str(
                "Issue key,Summary,Original Estimate,Parent,Outward issue link (Blocks)\n",
            );
            out.push_str("A-0,Group a,3600,,B-0\nB-0,Group b,3600,,\n");
            for i in 1..=n {
                let _ = writeln!(out, "A-{i},Issue,3600,A-0,\nB-{i},Issue,3600,B-0,");
            }
        }
        Format::Asana => {
            out.push_str("Task ID,Name,Section/Column,Parent task,Estimated time,Blocked By (Dependencies)\n");
            out.push_str("1,Group a,Work,,60,\n2,Group b,Work,,60,1\n");
            for i in 0..n {
                let _ = writeln!(
                    out,
                    "{},Task,Work,1,60,\n{},Task,Work,2,60,",
                    3 + 2 * i,
                    4 + 2 * i
                );
            }
        }
        other => unreachable!("{other} has no summary links"),
    }
    out
}

/// A link between two summary tasks stands for one link per pair of tasks inside them: two
/// summaries of 20,000 tasks in a 2.4 MB GanttProject file made 400 million links, and the
/// import ran out of memory. Past a million the file is refused, naming the link.
#[test]
fn summary_links_expand_to_at_most_a_million_links() {
    for (format, name) in [
        (Format::Gan, "links.gan"),
        (Format::Mspdi, "links.xml"),
        (Format::Jira, "links.csv"),
        (Format::Asana, "links.csv"),
    ] {
        assert!(
            import(name, format, linked_groups(format, 3)).is_ok(),
            "{format}"
        );
        let e = import(name, format, linked_groups(format, 1001)).unwrap_err();
        assert!(
            e.contains("takes the plan past 1000000 links"),
            "{format}: {e}"
        );
    }
}

/// A GanttProject file, not UTF-8 and so read as Windows-1252, whose XML breaks where the
/// parser stops in the middle of a character: the line and column of the error were counted
/// up to a byte inside that character (a panic). They count to its first byte.
#[test]
fn an_xml_error_inside_a_character_is_placed_at_its_line() {
    let bytes: [u8; 34] = [
        0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0xef, 0xbb, 0xee,
        0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xbf, 0x3f, 0x30, 0x3c, 0x6d, 0x6c, 0x20, 0xa7,
        0x65, 0x76, 0x3d, 0x0a,
    ];
    // The command line refuses its NUL bytes before any parser sees them; a library caller
    // reaches the parser.
    let source = Source {
        path: Path::new("broken.gan").into(),
        text: riskplan::scenario::decode(bytes.to_vec()),
    };
    let options = ImportOptions {
        format: Some(Format::Gan),
        ..ImportOptions::default()
    };
    let e = import::parse(source, &options).expect_err("broken XML");
    assert!(e.is_bad_input(), "{e}");
    assert!(e.to_string().starts_with("broken.gan:1:"), "{e}");
}
