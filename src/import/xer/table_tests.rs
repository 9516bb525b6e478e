//! Tests of the XER line format.

use super::*;

fn source(text: &str) -> Source {
    Source {
        path: "t.xer".into(),
        text: text.into(),
    }
}

const SMALL: &str =
    "ERMHDR\t8.0\t2024-01-01\r\n%T\tA\r\n%F\tx\ty\r\n%R\t1\t2.5\r\n%R\t\t \r\n%T\tB\n%F\tz\n%E\n";

#[test]
fn tables_fields_and_rows_split_on_tabs_with_crlf_or_lf() {
    let s = source(SMALL);
    let t = Tables::split(&s).unwrap();
    assert_eq!(t.header, vec!["8.0", "2024-01-01"]);
    let a = t.get("A").unwrap();
    assert_eq!(a.rows.len(), 2);
    let rows: Vec<_> = a.records(&s).collect();
    assert_eq!(rows[0].text("x"), "1");
    assert_eq!(rows[0].number("y", "r").unwrap(), Some(2.5));
    assert_eq!(rows[1].get("x"), None);
    assert_eq!(rows[1].number("y", "r").unwrap(), None);
    assert_eq!(rows[0].text("missing"), "");
    assert!(t.get("B").unwrap().rows.is_empty());
    assert!(t.get("C").is_none());
    assert!(
        t.required(&s, "C")
            .err()
            .unwrap()
            .to_string()
            .contains("no `C` table")
    );
}

fn error(text: &str) -> String {
    match Tables::split(&source(text)) {
        Ok(_) => panic!("expected an error for {text:?}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn malformed_lines_are_errors_at_their_line() {
    let e = error("ERMHDR\n%T\tA\n%F\tx\ty\n%R\t1\n%E\n");
    assert!(e.starts_with("t.xer:4:1: "), "{e}");
    assert!(
        e.contains("has 1 values but its `%F` line names 2 fields"),
        "{e}"
    );
    let e = error("ERMHDR\n%T\tA\n%R\t1\n%E\n");
    assert!(
        e.contains("t.xer:3:") && e.contains("before the `%F` line"),
        "{e}"
    );
    let e = error("ERMHDR\n%T\tA\n%F\tx\n%R\t1\n");
    assert!(e.contains("ends without `%E`"), "{e}");
    let e = error("ERMHDR\n%T\tA\n%F\tx\nhello\n%E\n");
    assert!(
        e.contains("t.xer:4:") && e.contains("`hello` is not an XER line"),
        "{e}"
    );
    let e = error("<?xml version=\"1.0\"?>\n");
    assert!(e.contains("does not start with `ERMHDR`"), "{e}");
    let e = error("ERMHDR\n%T\tA\n%E\n");
    assert!(e.contains("table `A` has no `%F` line"), "{e}");
    let e = error("ERMHDR\n%E\n%T\tA\n");
    assert!(e.contains("after `%E`"), "{e}");
    assert!(error("").contains("empty file"));
}

#[test]
fn every_cut_of_a_file_is_an_error_and_never_a_panic() {
    for cut in 0..SMALL.len() - 3 {
        assert!(Tables::split(&source(&SMALL[..cut])).is_err(), "{cut}");
    }
}

#[test]
fn stamps_are_dates_with_an_optional_time() {
    let s = parse_stamp("2017-09-16 08:30").unwrap();
    assert_eq!((s.date, s.minute), (jiff::civil::date(2017, 9, 16), 510));
    assert_eq!(parse_stamp("2017-09-16 08:30:00").unwrap().minute, 510);
    assert_eq!(parse_stamp("2017-09-16").unwrap().minute, 0);
    for bad in [
        "16/09/2017",
        "2017-09-16 8h",
        "2017-09-16 25:00",
        "2017-02-30 08:00",
    ] {
        assert_eq!(parse_stamp(bad), None, "{bad}");
    }
    let s = source("ERMHDR\n%T\tA\n%F\td\tn\n%R\tsoon\tmany\n%E\n");
    let t = Tables::split(&s).unwrap();
    let r = t.get("A").unwrap().records(&s).next().unwrap();
    let e = r.stamp("d", "activity `X`").unwrap_err().to_string();
    assert!(
        e.contains("t.xer:4:") && e.contains("activity `X`") && e.contains("`soon`"),
        "{e}"
    );
    let e = r.number("n", "activity `X`").unwrap_err().to_string();
    assert!(e.contains("`n` must be a number, not `many`"), "{e}");
}
