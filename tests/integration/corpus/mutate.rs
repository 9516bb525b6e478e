//! Broken variants of a valid scenario, made one change at a time from its text: each value
//! replaced by one of the wrong type, a negative, zero, NaN, infinity, a huge number or an
//! empty one (as fits its kind), each name by a typo, an unknown name, a duplicate or the
//! task's own id, each key renamed by a typo or left out. The text is edited where the value
//! is written (the parser's spans), so every variant keeps the base's layout and its messages
//! point at the lines of the base.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeString, DeTable, DeValue};

/// One broken variant of the base text.
pub struct Case {
    /// The snapshot that lists it: the base's top-level key (`project`, `tasks`, ...).
    pub section: String,
    /// What changed: `tasks[train].compute.count = -2`, or `... key renamed to ...`.
    pub name: String,
    pub text: String,
}

/// Every variant of `base`, in the order of the text.
pub fn cases(base: &str) -> Vec<Case> {
    let doc = DeTable::parse(base).expect("the corpus base is valid TOML");
    let mut edits = Vec::new();
    walk(base, doc.get_ref(), "", None, &mut edits);
    edits.sort_by_key(|e| (e.at, e.order));
    edits
        .into_iter()
        .map(|e| {
            let mut text = base.to_string();
            text.replace_range(e.range, &e.with);
            let section = e.path.split(['.', '[']).next().unwrap_or("").to_string();
            Case {
                section,
                name: e.name,
                text,
            }
        })
        .collect()
}

/// One edit of the base: replace `range` with `with`.
struct Edit {
    path: String,
    name: String,
    range: Range<usize>,
    with: String,
    /// Where in the text the key or value is, then the order made: the listing's order.
    at: usize,
    order: usize,
}

/// What a table entry of an array of tables is called in a path: its id, else its index.
const LABELS: [&str; 4] = ["id", "name", "role", "type"];

/// The entry of an array of tables that a value sits in: its index and its label value.
#[derive(Clone, Copy)]
struct Entry<'a> {
    index: usize,
    /// The label key (`id`, `role`, ...) and the first entry's value of it, for duplicates.
    first_label: Option<(&'a str, &'a str)>,
    /// This entry's own `id`, for a task depending on itself.
    own_id: Option<&'a str>,
}

fn walk(base: &str, table: &DeTable, path: &str, entry: Option<Entry>, edits: &mut Vec<Edit>) {
    for (key, value) in table.iter() {
        let k: &str = key.get_ref();
        let kpath = if path.is_empty() {
            k.to_string()
        } else {
            format!("{path}.{k}")
        };
        key_edits(base, key, value, &kpath, edits);
        let text = &base[value.span()];
        match value.get_ref() {
            DeValue::Array(items) if text.starts_with("[[") => {
                let first = items.first().and_then(|t| label(t.get_ref()));
                for (i, item) in items.iter().enumerate() {
                    if let DeValue::Table(t) = item.get_ref() {
                        let name = label(item.get_ref()).map_or(i.to_string(), |(_, v)| v.into());
                        let own_id = match t.get("id").map(|v| v.get_ref()) {
                            Some(DeValue::String(s)) => Some(&**s),
                            _ => None,
                        };
                        let entry = Entry {
                            index: i,
                            first_label: first,
                            own_id,
                        };
                        walk(base, t, &format!("{kpath}[{name}]"), Some(entry), edits);
                    }
                }
            }
            DeValue::Table(t) if !text.starts_with('{') => walk(base, t, &kpath, entry, edits),
            _ => value_edits(base, k, value, &kpath, entry, edits),
        }
    }
}

/// The label of an entry of an array of tables: its first key of `LABELS` with a string.
fn label<'a>(v: &'a DeValue) -> Option<(&'static str, &'a str)> {
    let DeValue::Table(t) = v else { return None };
    LABELS
        .iter()
        .find_map(|l| match t.get(*l).map(|v| v.get_ref()) {
            Some(DeValue::String(s)) => Some((*l, &**s)),
            _ => None,
        })
}

/// Edits of a key: renamed by a typo, and left out (a value written on its own line, or a
/// member of an inline table; tables with a header of their own are left in).
fn key_edits(
    base: &str,
    key: &Spanned<DeString>,
    value: &Spanned<DeValue>,
    path: &str,
    edits: &mut Vec<Edit>,
) {
    let k: &str = key.get_ref();
    let span = key.span();
    if &base[span.clone()] == k {
        let renamed = typo(k);
        edits.push(Edit {
            path: path.to_string(),
            name: format!("{path}: key renamed to `{renamed}`"),
            range: span.clone(),
            with: renamed,
            at: span.start,
            order: 0,
        });
    }
    let vspan = value.span();
    if vspan.start < span.end || base[vspan.clone()].starts_with('[') && is_header(base, &vspan) {
        return;
    }
    let line_start = base[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = base[vspan.end..]
        .find('\n')
        .map_or(base.len(), |i| vspan.end + i + 1);
    let range = if base[line_start..span.start].trim().is_empty()
        && base[vspan.end..line_end].trim().is_empty()
    {
        line_start..line_end
    } else if base[vspan.end..].starts_with(", ") {
        span.start..vspan.end + 2
    } else if base[..span.start].ends_with(", ") {
        span.start - 2..vspan.end
    } else {
        span.start..vspan.end
    };
    edits.push(Edit {
        path: path.to_string(),
        name: format!("{path}: left out"),
        range,
        with: String::new(),
        at: span.start,
        order: 1,
    });
}

/// True when the value at `span` is a table or an array of tables with a header.
fn is_header(base: &str, span: &Range<usize>) -> bool {
    let before = base[..span.start].trim_end_matches([' ', '\t']);
    before.is_empty() || before.ends_with('\n')
}

/// Edits of a value: what fits its kind.
fn value_edits(
    base: &str,
    key: &str,
    value: &Spanned<DeValue>,
    path: &str,
    entry: Option<Entry>,
    edits: &mut Vec<Edit>,
) {
    let span = value.span();
    let text = &base[span.clone()];
    let mut with: Vec<String> = Vec::new();
    match value.get_ref() {
        DeValue::Integer(_) | DeValue::Float(_) => {
            with.push(format!("\"{text}\""));
            with.push(match text.strip_prefix('-') {
                Some(positive) => positive.to_string(),
                None if text.trim_start_matches(['0', '.']).is_empty() => "-1".into(),
                None => format!("-{text}"),
            });
            with.extend(["0", "nan", "inf", "1e308"].map(String::from));
            if matches!(value.get_ref(), DeValue::Integer(_)) {
                with.push(format!("{text}.5"));
            }
        }
        DeValue::String(s) => {
            with.extend(["1", "\"\""].map(String::from));
            with.push(format!("\"{}\"", typo(s)));
            with.push("\"nowhere\"".into());
            if let Some(e) = entry {
                if let Some((label, first)) = e.first_label
                    && key == label
                    && e.index > 0
                {
                    with.push(format!("\"{first}\""));
                }
                if let Some(own) = e.own_id
                    && (path.contains(".depends_on[") || path.ends_with(".from"))
                {
                    with.push(format!("\"{own}\""));
                }
            }
        }
        DeValue::Boolean(_) => with.extend([format!("\"{text}\""), "1".into()]),
        DeValue::Datetime(_) => {
            with.push(text.replace('-', ""));
            with.extend(
                [
                    "\"\"",
                    "\"2027-02-30\"",
                    "0001-01-01",
                    "9999-12-31",
                    "\"10000-01-01\"",
                ]
                .map(String::from),
            );
        }
        DeValue::Array(items) => {
            with.push("[]".into());
            if let Some(first) = items.first() {
                let first = &base[first.span()];
                with.push(first.to_string());
                with.push(format!("[{first}, {}", &text[1..]));
            }
            for (i, item) in items.iter().enumerate() {
                let ipath = format!("{path}[{i}]");
                match item.get_ref() {
                    DeValue::Table(t) => walk(base, t, &ipath, entry, edits),
                    _ => value_edits(base, key, item, &ipath, entry, edits),
                }
            }
        }
        DeValue::Table(t) => {
            with.extend(["\"text\"", "{}"].map(String::from));
            walk(base, t, path, entry, edits);
        }
    }
    with.dedup();
    for (order, w) in with.into_iter().enumerate() {
        edits.push(Edit {
            path: path.to_string(),
            name: format!("{path} = {w}"),
            range: span.clone(),
            with: w,
            at: span.start,
            order: 2 + order,
        });
    }
}

/// A name with a typo: its middle letter left out (`engineer` -> `engieer`), or a letter
/// added to a name too short for that.
pub fn typo(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() < 3 {
        return format!("{name}x");
    }
    let mid = chars.len() / 2;
    chars[..mid].iter().chain(&chars[mid + 1..]).collect()
}
