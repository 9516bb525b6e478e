//! Tests of the scenario file's reading and positions.

use super::*;

#[test]
fn errors_point_at_a_line_of_text_and_name_an_import_by_file_alone() {
    let text = Source {
        path: "plan.toml".into(),
        text: "[project]\nname = 1\n".into(),
    };
    let e = text.invalid(10..14, "bad name");
    assert!(matches!(e, Error::Invalid { .. }));
    assert_eq!(e.to_string(), "plan.toml:2:1: bad name");

    let import = Source::imported(Path::new("j30/j301_1.sm"));
    assert!(!import.has_positions());
    let e = import.invalid(0..0, "task `j7`: bad");
    assert!(matches!(e, Error::Import { .. }) && e.is_bad_input());
    assert_eq!(e.to_string(), "j30/j301_1.sm: task `j7`: bad");
}

#[test]
fn an_offset_inside_a_character_counts_from_its_first_byte() {
    let text = Source {
        path: "plan.gan".into(),
        text: "<a>\n\u{e9}\u{20ac}<".into(),
    };
    // bytes 4..6 are é, 6..9 are €: offset 7 is inside €
    let at = text.locate(7);
    assert_eq!((at.line, at.column), (2, 3));
    assert_eq!(text.locate(100).line, 2);
}

#[test]
fn text_is_utf8_less_its_byte_order_mark_or_else_windows_1252() {
    assert_eq!(
        decode("\u{feff}Key,Summary".as_bytes().to_vec()),
        "Key,Summary"
    );
    assert_eq!(decode("£ 5".as_bytes().to_vec()), "£ 5");
    // Primavera writes the pound sign as the single byte 0xA3.
    assert_eq!(decode(vec![b'x', 0xA3, b'5']), "x£5");
}

#[test]
fn a_regular_file_over_the_limit_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.xml");
    // Sparse: nothing is written, and reading it would take 513 MiB of zeros.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(MAX_INPUT_BYTES + 1).unwrap();
    let e = Source::read(&path).unwrap_err().to_string();
    assert!(e.contains("larger than 512 MiB"), "{e}");
}

#[test]
fn a_scenario_over_its_limit_is_refused_before_it_is_parsed() {
    let mut text = String::from("[project]\nname = \"big\"\nstart = 2027-01-04\n");
    let fits = Source {
        path: "big.toml".into(),
        text: text.clone(),
    };
    assert!(parse(&fits).is_ok());
    let line = "# a comment that fills the file\n";
    text.push_str(&line.repeat(MAX_SCENARIO_BYTES / line.len() + 1));
    let e = parse(&Source {
        path: "big.toml".into(),
        text,
    })
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("big.toml") && e.contains("at most 32 MiB"),
        "{e}"
    );
}
