//! Which format a file is in, judged from its content: what a scheduling tool writes first
//! (an XER's `ERMHDR` line, an XML root element, a CSV's header row) says it better than a
//! name, which users change. The extension breaks ties only where content cannot (a TOML
//! scenario has no signature; Patterson `.rcp` files are bare numbers).

use std::fmt;

use super::csv::Layout;

/// A format riskplan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// A riskplan scenario.
    Toml,
    /// Microsoft Project XML (MSPDI).
    Mspdi,
    /// Primavera P6 XER.
    Xer,
    /// GanttProject `.gan`.
    Gan,
    /// A task list: one row per task (id, name, duration or min/likely/max, depends_on, ...).
    Csv,
    /// Jira's CSV export.
    Jira,
    /// Asana's CSV export.
    Asana,
    /// A PSPLIB `.sm` instance.
    Psplib,
    /// A Patterson-format `.rcp` instance.
    Patterson,
}

impl Format {
    pub const ALL: [Format; 9] = [
        Format::Toml,
        Format::Mspdi,
        Format::Xer,
        Format::Gan,
        Format::Csv,
        Format::Jira,
        Format::Asana,
        Format::Psplib,
        Format::Patterson,
    ];

    /// The name `--format` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Toml => "toml",
            Format::Mspdi => "mspdi",
            Format::Xer => "xer",
            Format::Gan => "gan",
            Format::Csv => "csv",
            Format::Jira => "jira",
            Format::Asana => "asana",
            Format::Psplib => "psplib",
            Format::Patterson => "patterson",
        }
    }

    /// What the format is, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Toml => "riskplan scenario (TOML)",
            Format::Mspdi => "MS Project XML (MSPDI)",
            Format::Xer => "Primavera P6 XER",
            Format::Gan => "GanttProject (.gan)",
            Format::Csv => "task list CSV",
            Format::Jira => "Jira CSV export",
            Format::Asana => "Asana CSV export",
            Format::Psplib => "PSPLIB instance (.sm)",
            Format::Patterson => "Patterson instance (.rcp)",
        }
    }

    /// Reads a `--format` name.
    pub fn parse(name: &str) -> Option<Format> {
        let name = name.trim().to_ascii_lowercase();
        let name = match name.as_str() {
            "msproject" | "ms-project" | "xml" => "mspdi",
            "p6" | "primavera" => "xer",
            "ganttproject" => "gan",
            "sm" => "psplib",
            "rcp" => "patterson",
            other => other,
        };
        Format::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Every format, for a message: `toml (riskplan scenario (TOML)), mspdi (...), ...`.
    pub fn list() -> String {
        Format::ALL
            .iter()
            .map(|f| format!("{} ({})", f.name(), f.describe()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The format of a file of text `text` named with extension `ext` (lower case), or `None`
/// when it is none riskplan reads.
pub fn detect(text: &str, ext: Option<&str>) -> Option<Format> {
    let head: String = text.trim_start().chars().take(4096).collect();
    if head.starts_with("ERMHDR") {
        return Some(Format::Xer);
    }
    if head.starts_with('<') {
        return xml_root(&head);
    }
    if head.contains("PROJECT INFORMATION") || head.contains("RESOURCEAVAILABILITIES") {
        return Some(Format::Psplib);
    }
    match ext {
        Some("rcp") => return Some(Format::Patterson),
        Some("toml") => return Some(Format::Toml),
        _ => {}
    }
    match super::csv::layout(&head) {
        Some(Layout::Jira) => return Some(Format::Jira),
        Some(Layout::Asana) => return Some(Format::Asana),
        Some(Layout::Generic) => return Some(Format::Csv),
        // Its reader names what the header lacks.
        None if ext == Some("csv") => return Some(Format::Csv),
        None => {}
    }
    // A scenario starts with a table header, a key or a comment.
    let first = head
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    let toml_like = first.starts_with('[')
        || first
            .split_once('=')
            .is_some_and(|(k, _)| !k.trim().is_empty() && !k.contains(','));
    toml_like.then_some(Format::Toml)
}

/// The XML format whose root element opens the document.
fn xml_root(head: &str) -> Option<Format> {
    let mut rest = head;
    // Skip the declaration, comments, a DOCTYPE and processing instructions.
    loop {
        rest = rest.trim_start();
        let skip = if rest.starts_with("<?") {
            rest.find("?>").map(|i| i + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|i| i + 3)
        } else if rest.starts_with("<!") {
            rest.find('>').map(|i| i + 1)
        } else {
            break;
        };
        rest = &rest[skip?..];
    }
    let tag: String = rest
        .trim_start_matches('<')
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != '>' && *c != '/')
        .collect();
    let open_tag = &rest[..rest.find('>').unwrap_or(rest.len())];
    match tag.as_str() {
        "Project" if open_tag.contains("schemas.microsoft.com/project") => Some(Format::Mspdi),
        "project" => Some(Format::Gan),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_apart_by_their_content() {
        assert_eq!(detect("ERMHDR\t8.0\n", None), Some(Format::Xer));
        let msp = "<?xml version=\"1.0\"?>\n<!-- x -->\n<Project xmlns=\"http://schemas.microsoft.com/project\">";
        assert_eq!(detect(msp, Some("xml")), Some(Format::Mspdi));
        assert_eq!(detect("<Project>", Some("xml")), None);
        let gan =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project name=\"House\" company=\"\">";
        assert_eq!(detect(gan, None), Some(Format::Gan));
        assert_eq!(
            detect("[project]\nname = \"x\"\n", None),
            Some(Format::Toml)
        );
        assert_eq!(
            detect("# plan\nname = 1\n", Some("txt")),
            Some(Format::Toml)
        );
        assert_eq!(
            detect("***\nPROJECT INFORMATION:\n", None),
            Some(Format::Psplib)
        );
        assert_eq!(detect("32 4\n", Some("rcp")), Some(Format::Patterson));
        assert_eq!(detect("\u{0}\u{1}binary", None), None);
        assert_eq!(detect("", None), None);
        let jira = "Summary,Issue key,Issue id,Outward issue link (Blocks)\n";
        assert_eq!(detect(jira, Some("csv")), Some(Format::Jira));
        let asana = "Task ID,Created At,Name,Section/Column,Assignee\n";
        assert_eq!(detect(asana, None), Some(Format::Asana));
        assert_eq!(
            detect("id,name,duration,depends_on\n", None),
            Some(Format::Csv)
        );
        assert_eq!(detect("a,b,c\n1,2,3\n", Some("dat")), None);
        // A .csv file of no layout goes to the CSV reader, which says what the header lacks.
        assert_eq!(detect("a,b,c\n1,2,3\n", Some("csv")), Some(Format::Csv));
    }

    #[test]
    fn format_names_round_trip_and_have_aliases() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.name()), Some(f));
        }
        assert_eq!(Format::parse("P6"), Some(Format::Xer));
        assert_eq!(Format::parse("msproject"), Some(Format::Mspdi));
        assert_eq!(Format::parse("excel"), None);
        assert!(Format::list().contains("xer (Primavera P6 XER)"));
    }
}
