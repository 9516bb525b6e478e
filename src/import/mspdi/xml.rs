//! The bounded XML walk of an MS Project XML file: the document becomes a small tree of
//! elements (name, text, byte offset, children) that the rest of the reader queries by
//! name. Bounds make a hostile file fail fast instead of exhausting memory or the stack: a
//! DOCTYPE that declares entities is refused, entities other than XML's five and character
//! references are never expanded, and elements nest at most [`MAX_DEPTH`] deep. Subtrees
//! the reader never looks at (time-phased data, views, baselines) are skipped, not stored.

use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::reader::Reader;

use crate::error::{Error, Result};
use crate::scenario::Source;

/// The namespace of every MS Project XML document.
pub const NAMESPACE: &str = "http://schemas.microsoft.com/project";

/// The deepest nesting of elements read; MS Project XML needs about 8.
pub const MAX_DEPTH: usize = 64;

/// Elements whose content the reader never uses: their subtrees are not stored.
const SKIPPED: &[&str] = &[
    "TimephasedData",
    "Baseline",
    "Views",
    "Filters",
    "Groups",
    "Tables",
    "Maps",
    "Reports",
    "Drawings",
    "DataLinks",
    "VBAProjects",
    "OutlineCodes",
    "WBSMasks",
    "AvailabilityPeriods",
    "Rates",
];

/// One element: its local name, its text (entities resolved, trimmed) and its children.
#[derive(Debug, Clone, Default)]
pub struct Node {
    pub name: String,
    pub text: String,
    /// Byte offset of the element's start tag, for line numbers in errors.
    pub at: usize,
    pub children: Vec<Node>,
}

impl Node {
    /// The first child called `name`.
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Every child called `name`, in the file's order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the first child called `name`, when it has some.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|c| c.text.as_str())
            .filter(|t| !t.is_empty())
    }

    /// The span of the element (empty: errors point at its start).
    pub fn span(&self) -> Range<usize> {
        self.at..self.at
    }
}

/// A syntax error at byte `at` of `source`.
pub fn syntax(source: &Source, at: usize, message: impl Into<String>) -> Error {
    Error::Syntax {
        location: source.locate(at),
        message: message.into(),
    }
}

/// The element name without its namespace prefix.
fn local(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((_, local)) => local.to_string(),
        None => name.to_string(),
    }
}

/// True when a start tag declares the MS Project namespace (as the default or a prefix).
fn declares_namespace(e: &quick_xml::events::BytesStart) -> bool {
    e.attributes().flatten().any(|a| {
        let key = a.key.as_ref();
        let key: &str = key;
        (key == "xmlns" || key.starts_with("xmlns:")) && a.value.as_ref() == NAMESPACE
    })
}

/// True when `text` begins like an MS Project XML document: an XML prolog (declaration,
/// comments) and then a root `<Project>` element in the MS Project namespace.
pub fn looks_like(text: &str) -> bool {
    let head: String = text.chars().take(1024).collect();
    let mut reader = Reader::from_str(&head);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                return local(e.name().as_ref()) == "Project" && declares_namespace(&e);
            }
            Ok(Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::Text(_)) => {}
            Ok(Event::DocType(_)) => {}
            _ => return false,
        }
    }
}

/// Reads the document into its root `<Project>` element, within the bounds above.
pub fn read(source: &Source) -> Result<Node> {
    let text = source.text.as_str();
    let mut reader = Reader::from_str(text);
    let mut open: Vec<Node> = Vec::new();
    // Depth of the skipped subtree being passed over (0: not skipping).
    let mut skipping = 0usize;
    let mut root: Option<Node> = None;
    loop {
        let at = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|err| {
            syntax(
                source,
                reader.error_position() as usize,
                format!("not well-formed XML: {err}"),
            )
        })?;
        match event {
            Event::DocType(d) if d.as_ref().contains("<!ENTITY") => {
                return Err(syntax(
                    source,
                    at,
                    "the DOCTYPE declares entities; riskplan does not expand entities \
                     (a file that does can grow without bound when read), and MS Project \
                     never writes them: save the file again from MS Project",
                ));
            }
            Event::Start(_) if skipping > 0 => {
                skipping += 1;
                check_depth(source, at, open.len() + skipping)?;
            }
            Event::Empty(_) if skipping > 0 => {}
            Event::End(_) if skipping > 0 => skipping -= 1,
            Event::Start(e) => {
                let name = local(e.name().as_ref());
                if open.is_empty() {
                    start_root(source, &e, &name, at, root.is_some())?;
                }
                check_depth(source, at, open.len() + 1)?;
                if SKIPPED.contains(&name.as_str()) && !open.is_empty() {
                    skipping = 1;
                    continue;
                }
                open.push(Node {
                    name,
                    at,
                    ..Node::default()
                });
            }
            Event::Empty(e) => {
                let name = local(e.name().as_ref());
                if open.is_empty() {
                    start_root(source, &e, &name, at, root.is_some())?;
                }
                let node = Node {
                    name,
                    at,
                    ..Node::default()
                };
                match open.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::End(_) => {
                let Some(mut node) = open.pop() else {
                    continue;
                };
                let trimmed = node.text.trim();
                if trimmed.len() != node.text.len() {
                    node.text = trimmed.to_string();
                }
                match open.last_mut() {
                    Some(parent) => parent.children.push(node),
                    None => root = Some(node),
                }
            }
            Event::Text(t) if skipping == 0 => {
                if let Some(node) = open.last_mut() {
                    node.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) if skipping == 0 => {
                if let Some(node) = open.last_mut() {
                    node.text.push_str(t.as_ref());
                }
            }
            Event::GeneralRef(r) if skipping == 0 => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name: &str = r.as_ref();
                        match quick_xml::escape::resolve_predefined_entity(name) {
                            Some(s) => s.to_string(),
                            None => {
                                return Err(syntax(
                                    source,
                                    at,
                                    format!(
                                        "`&{name};` is not one of XML's five entities (`&amp;`, `&lt;`, `&gt;`, `&apos;`, `&quot;`) nor a character reference; riskplan expands no others"
                                    ),
                                ));
                            }
                        }
                    }
                    Err(err) => {
                        return Err(syntax(
                            source,
                            at,
                            format!("bad character reference: {err}"),
                        ));
                    }
                };
                if let Some(node) = open.last_mut() {
                    node.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(node) = open.last() {
        return Err(syntax(
            source,
            text.len(),
            format!(
                "the file ends inside `<{}>` (opened on line {}): is it truncated?",
                node.name,
                source.locate(node.at).line
            ),
        ));
    }
    if skipping > 0 {
        return Err(syntax(
            source,
            text.len(),
            "the file ends inside an element: is it truncated?",
        ));
    }
    root.ok_or_else(|| {
        syntax(
            source,
            0,
            "not an MS Project XML file: it has no `<Project>` element",
        )
    })
}

fn check_depth(source: &Source, at: usize, depth: usize) -> Result<()> {
    if depth > MAX_DEPTH {
        return Err(syntax(
            source,
            at,
            format!(
                "elements nest more than {MAX_DEPTH} deep; MS Project XML needs far fewer, so the file is damaged or not a schedule"
            ),
        ));
    }
    Ok(())
}

/// Checks the root element: `<Project>` in the MS Project namespace, and only one.
fn start_root(
    source: &Source,
    e: &quick_xml::events::BytesStart,
    name: &str,
    at: usize,
    seen: bool,
) -> Result<()> {
    if seen {
        return Err(syntax(
            source,
            at,
            format!("a second root element `<{name}>` after `</Project>`"),
        ));
    }
    if name != "Project" || !declares_namespace(e) {
        return Err(syntax(
            source,
            at,
            format!(
                "not an MS Project XML file: the document is `<{name}>`, not `<Project xmlns=\"{NAMESPACE}\">`"
            ),
        ));
    }
    Ok(())
}
