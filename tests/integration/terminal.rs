//! What reaches the terminal: scenario text with control characters is shown, never acted on
//! (an OSC sequence in a task id must not retitle the window), in the summary, `check`,
//! warnings and errors; and each warning is shown once.

use crate::scratch::{PLAN, Scratch, in_terminal, stderr, stdout};

/// An OSC sequence that sets the window title, as TOML writes it in a basic string.
const OSC: &str = "\\u001b]0;pwned\\u0007";
/// The same, as riskplan shows it.
const SHOWN: &str = "\\x1b]0;pwned\\x07";

/// True when `text` holds a control character other than a line break or a tab.
fn raw(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
}

fn hostile() -> String {
    format!(
        "[project]\nname = \"p{OSC}\"\nstart = 2027-01-04\n
[[milestones]]
id = \"m{OSC}\"

[[tasks]]
id = \"a{OSC}\"
name = \"Task {OSC}\"
estimate = {{ min = 1, likely = 2, max = 4 }}
milestone = \"m{OSC}\"
"
    )
}

#[test]
fn control_characters_in_scenario_text_are_shown_escaped_in_the_summary_and_check() {
    let t = Scratch::new(&hostile());
    let o = t.run(&["run", "test.toml", "-q", "-n", "200"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!raw(&out), "raw control characters in the summary: {out:?}");
    assert!(out.contains(&format!("p{SHOWN}")), "{out}");
    assert!(out.contains(&format!("a{SHOWN}")), "{out}");

    let o = t.run(&["check", "test.toml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!raw(&out), "raw control characters in check: {out:?}");
    assert!(out.contains(&format!("a{SHOWN}")), "{out}");
    assert!(out.contains(&format!("m{SHOWN}")), "{out}");

    // The JSON keeps the text as it is (its own escaping makes it safe).
    let o = t.run(&["run", "test.toml", "-q", "-n", "200", "--json", "-"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["scenario"], "p\u{1b}]0;pwned\u{7}");
}

#[test]
fn control_characters_in_an_error_are_shown_escaped() {
    let text = format!(
        "[project]\nname = \"p\"\nstart = 2027-01-04\n[[tasks]]\nid = \"a\"\nestimate = 1\ndepends_on = [\"x{OSC}\"]\n"
    );
    let t = Scratch::new(&text);
    let o = t.run(&["check", "test.toml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(!raw(&err), "raw control characters in the error: {err:?}");
    assert!(err.contains(&format!("x{SHOWN}")), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    // A file name is scenario text too.
    let name = "plan\u{1b}]0;pwned\u{7}.toml";
    let o = t.run(&["check", name]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(!raw(&err), "raw control characters in the error: {err:?}");
    assert!(err.contains(&format!("plan{SHOWN}.toml")), "{err}");
}

#[test]
fn a_warning_is_shown_once_on_a_terminal_and_kept_in_a_saved_summary() {
    let t = Scratch::new(PLAN);
    let bin = env!("CARGO_BIN_EXE_riskplan");
    let warning = "Spot price above";
    for args in ["run test.toml -q -n 200", "check test.toml"] {
        let Some(screen) = in_terminal(t.dir.path(), &format!("{bin} {args}")) else {
            return;
        };
        assert_eq!(
            screen.matches(warning).count(),
            1,
            "{args}: the warning once on the screen: {screen}"
        );
    }
    // Standard output to a file (a saved summary) keeps the warning, and standard error
    // shows it: once each.
    let o = t.run(&["run", "test.toml", "-q", "-n", "200"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).matches(warning).count(), 1, "{}", stdout(&o));
    assert_eq!(stderr(&o).matches(warning).count(), 1, "{}", stderr(&o));
}
