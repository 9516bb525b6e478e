//! Patterson `.rcp` instances: the same single-mode problems as `.sm` files in a bare format
//! of numbers. The first line gives the number of activities (the dummy source and sink
//! included) and of renewable resources, the next the capacities, then one line per activity:
//! its duration, its request of each resource, its number of successors and their numbers
//! (1-based). Blank lines are skipped.
//!
//! An activity becomes a task `j<number>` as in a `.sm` file, each resource `R<k>` with its
//! capacity; the file gives nothing else (no MPM-Time, due date or horizon). Errors name the
//! line.

use std::path::Path;

use super::text::{self, Line, Token};
use super::{Declared, Job, Kind, schedule};
use crate::error::{Error, Result};
use crate::import::schedule::Schedule;
use crate::scenario::Source;

/// Reads a `.rcp` file.
pub fn load(path: &Path) -> Result<Schedule> {
    parse(&Source::read(path)?)
}

/// Parses `.rcp` text. The project is named after the file's stem.
pub fn parse(source: &Source) -> Result<Schedule> {
    let name = source
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "patterson".into());
    let (jobs, resources) = Reader { source }.instance()?;
    Ok(schedule(name, &jobs, &resources))
}

struct Reader<'a> {
    source: &'a Source,
}

impl Reader<'_> {
    fn syntax(&self, offset: usize, message: impl Into<String>) -> Error {
        Error::Syntax {
            location: self.source.locate(offset),
            message: message.into(),
        }
    }

    /// A whole number.
    fn number(&self, tok: Token, what: &str) -> Result<u32> {
        tok.text.parse::<u32>().map_err(|_| {
            self.syntax(
                tok.start,
                format!(
                    "{what} must be a whole number of zero or more, not `{}`",
                    tok.text
                ),
            )
        })
    }

    fn instance(&self) -> Result<(Vec<Job>, Vec<Declared>)> {
        let all = text::lines(&self.source.text);
        let mut lines = all.iter().filter(|l| !l.trimmed().is_empty());
        let end = self.source.text.len();

        // The sizes: activities and resources.
        let first: &Line = lines.next().ok_or_else(|| {
            self.syntax(
                end,
                "the file is empty: a .rcp file starts with its number of activities and of resources",
            )
        })?;
        let t = first.tokens();
        if t.len() != 2 {
            return Err(self.syntax(
                first.start,
                format!(
                    "the first line must give two numbers, the activities and the resources; it has {}",
                    t.len()
                ),
            ));
        }
        let n = self.number(t[0], "the number of activities")? as usize;
        let r = self.number(t[1], "the number of resources")? as usize;
        if n == 0 {
            return Err(self
                .source
                .invalid(t[0].span(), "the file declares no activities"));
        }
        let declared_n = t[0];

        // The capacities.
        let caps = lines.next().ok_or_else(|| {
            self.syntax(
                end,
                format!("the file ends before the line of the {r} resource capacities"),
            )
        })?;
        let c = caps.tokens();
        if c.len() != r {
            return Err(self.syntax(
                caps.start,
                format!(
                    "{} resource capacities given for {r} resources (the first line's second number)",
                    c.len()
                ),
            ));
        }
        let mut resources = Vec::with_capacity(r);
        for (k, &tok) in c.iter().enumerate() {
            let name = format!("R{}", k + 1);
            let capacity = self.number(tok, &format!("the capacity of resource `{name}`"))?;
            resources.push(Declared {
                name,
                kind: Kind::Renewable,
                capacity,
            });
        }

        // One line per activity: no more than the file has lines, whatever it declares.
        let mut jobs = Vec::with_capacity(n.min(all.len()));
        for line in lines {
            let job = jobs.len() + 1;
            if job > n {
                return Err(self.syntax(
                    line.start,
                    format!("more activity lines than the {n} activities the first line declares"),
                ));
            }
            jobs.push(self.activity(line, job, n, &resources)?);
        }
        if jobs.len() < n {
            return Err(self.source.invalid(
                declared_n.span(),
                format!(
                    "the file declares {n} activities but lists {}; give each activity its line",
                    jobs.len()
                ),
            ));
        }
        Ok((jobs, resources))
    }

    /// Activity `job`'s line: duration, requests, number of successors, successors.
    fn activity(&self, line: &Line, job: usize, n: usize, resources: &[Declared]) -> Result<Job> {
        let t = line.tokens();
        let r = resources.len();
        if t.len() < r + 2 {
            return Err(self.syntax(
                line.start,
                format!(
                    "the line of activity {job} has {} numbers; expected at least {} (its duration, {r} resource requests and its number of successors)",
                    t.len(),
                    r + 2
                ),
            ));
        }
        let duration = self.number(t[0], &format!("the duration of activity {job}"))?;
        let mut requests = Vec::with_capacity(r);
        for (&tok, res) in t[1..=r].iter().zip(resources) {
            requests
                .push(self.number(tok, &format!("activity {job}'s request of `{}`", res.name))?);
        }
        let count_tok = t[r + 1];
        let count = self.number(
            count_tok,
            &format!("the number of successors of activity {job}"),
        )? as usize;
        let listed = &t[r + 2..];
        if listed.len() != count {
            return Err(self.syntax(
                count_tok.start,
                format!(
                    "activity {job} declares {count} successors but lists {}",
                    listed.len()
                ),
            ));
        }
        let mut successors = Vec::with_capacity(count);
        for &tok in listed {
            let s = self.number(tok, &format!("a successor of activity {job}"))? as usize;
            if s == 0 || s > n {
                return Err(self.source.invalid(
                    tok.span(),
                    format!(
                        "a successor of activity {job} names activity {s}, but the activities are numbered 1 to {n}"
                    ),
                ));
            }
            if s == job {
                return Err(self.source.invalid(
                    tok.span(),
                    format!("activity {job} lists itself as a successor; remove {job} from its successors"),
                ));
            }
            if successors.contains(&s) {
                return Err(self.source.invalid(
                    tok.span(),
                    format!("activity {job} lists successor {s} twice"),
                ));
            }
            successors.push(s);
        }
        Ok(Job {
            duration,
            successors,
            requests,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(text: &str) -> Source {
        Source {
            path: "t.rcp".into(),
            text: text.into(),
        }
    }

    #[test]
    fn a_small_instance_becomes_a_schedule() {
        let s = parse(&source(
            "4 2\n3 5\n0 0 0 2 2 3\n2 1 4 1 4\n\n3 3 0 1 4\n0 0 0 0\n",
        ))
        .unwrap();
        assert_eq!(s.name, "t");
        let d: Vec<f64> = s.tasks.iter().map(|t| t.duration_days).collect();
        assert_eq!(d, [0.0, 2.0, 3.0, 0.0]);
        let links: Vec<(&str, &str)> = s
            .links
            .iter()
            .map(|l| (l.predecessor.as_str(), l.successor.as_str()))
            .collect();
        assert_eq!(
            links,
            [("j1", "j2"), ("j1", "j3"), ("j2", "j4"), ("j3", "j4")]
        );
        let caps: Vec<(&str, Option<f64>)> = s
            .resources
            .iter()
            .map(|r| (r.id.as_str(), r.capacity))
            .collect();
        assert_eq!(caps, [("R1", Some(3.0)), ("R2", Some(5.0))]);
        let a: Vec<(&str, &str, f64)> = s
            .assignments
            .iter()
            .map(|a| (a.task.as_str(), a.resource.as_str(), a.units))
            .collect();
        assert_eq!(a, [("j2", "R1", 1.0), ("j2", "R2", 4.0), ("j3", "R1", 3.0)]);
    }

    #[test]
    fn errors_name_the_line() {
        let cases: &[(&str, &str)] = &[
            ("", "t.rcp:1:1: the file is empty"),
            ("4\n", "t.rcp:1:1: the first line must give two numbers"),
            (
                "2 1\n3 4\n",
                "t.rcp:2:1: 2 resource capacities given for 1 resources",
            ),
            (
                "2 1\nx\n",
                "t.rcp:2:1: the capacity of resource `R1` must be a whole number",
            ),
            (
                "2 1\n3\n0 0 1 2\n",
                "t.rcp:1:1: the file declares 2 activities but lists 1",
            ),
            (
                "2 1\n3\n0 0 1 2\n1 1 0\n1 1 0\n",
                "t.rcp:5:1: more activity lines than the 2 activities",
            ),
            (
                "2 1\n3\n0 0 2 2\n1 1 0\n",
                "t.rcp:3:5: activity 1 declares 2 successors but lists 1",
            ),
            (
                "2 1\n3\n0 0 1 3\n1 1 0\n",
                "t.rcp:3:7: a successor of activity 1 names activity 3",
            ),
            (
                "2 1\n3\n0 0 1 1\n1 1 0\n",
                "t.rcp:3:7: activity 1 lists itself",
            ),
            (
                "2 1\n3\n0 0 2 2 2\n1 1 0\n",
                "t.rcp:3:9: activity 1 lists successor 2 twice",
            ),
            (
                "2 1\n3\n0 0 1 2\n-1 1 0\n",
                "t.rcp:4:1: the duration of activity 2 must be",
            ),
            (
                "2 2\n3 3\n0 0 0 1 2\n1 1 0\n",
                "t.rcp:4:1: the line of activity 2 has 3 numbers",
            ),
        ];
        for &(text, want) in cases {
            let msg = parse(&source(text)).unwrap_err().to_string();
            assert!(
                msg.starts_with(want),
                "{text:?}: `{msg}` should start `{want}`"
            );
        }
    }
}
