//! PSPLIB `.sm` instances (RCPSP benchmark sets j30, j60, j90, j120): single-mode projects of
//! jobs with whole-period durations, finish-to-start successors and requests for renewable
//! resources. They are the standard test of a scheduler: the file's `MPM-Time` is the length
//! of the critical path with resources ignored, and published optima bound any schedule that
//! respects the capacities.
//!
//! A file becomes a [`Schedule`]: each job a task `j<number>` (the dummy source and sink
//! included, with duration 0) on one calendar where every day is worked, so that one period is
//! one day; each resource its capacity (`R 1` -> `R1`); each non-zero request an assignment.
//! The facts a schedule has no place for (MPM-Time, due date, ...) come back in [`Instance`].
//! Errors in the file name its line. [`rcp`] reads the Patterson `.rcp` format of the same
//! problems.

use std::ops::Range;
use std::path::Path;

use super::schedule::{
    Assignment, Calendar, Link, LinkKind, Resource, ResourceKind, Schedule, Task,
};
use crate::error::{Error, Result};
use crate::scenario::Source;

pub mod rcp;
mod text;

use text::{Line, Token, is_rule, resource_names, starts_section};

/// The start date given to imported instances (PSPLIB counts periods, not dates): a Monday.
pub const START: jiff::civil::Date = jiff::civil::date(2027, 1, 4);

/// The name of the one calendar of an instance.
pub const CALENDAR: &str = "periods";

/// What a `.sm` file says besides its schedule. All in periods (days).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// The sum of all durations, an upper bound of any makespan (when the file gives it).
    pub horizon: Option<u32>,
    pub release_date: u32,
    pub due_date: u32,
    /// Cost per period of finishing after the due date.
    pub tardiness_cost: u32,
    /// The critical-path length with resources ignored.
    pub mpm_time: u32,
}

/// The task id of job `number` (1-based, as in the file).
pub fn task_id(number: usize) -> String {
    format!("j{number}")
}

/// Reads a `.sm` file: its schedule and its other facts.
pub fn load(path: &Path) -> Result<(Schedule, Instance)> {
    parse(&Source::read(path)?)
}

/// Parses `.sm` text. The project is named after the file's stem.
pub fn parse(source: &Source) -> Result<(Schedule, Instance)> {
    let name = source
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "psplib".into());
    let (jobs, resources, instance) = Parser::new(source).instance()?;
    Ok((schedule(name, &jobs, &resources), instance))
}

/// A resource as the file declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Declared {
    /// As in the file, without the space: `R1`, `N1`.
    name: String,
    kind: Kind,
    /// Units per period (renewable) or in total (nonrenewable), or both (doubly constrained).
    capacity: u32,
}

/// The letter of a resource: `R`, `N` or `D`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Renewable,
    Nonrenewable,
    DoublyConstrained,
}

/// A job (activity) as the file gives it.
struct Job {
    /// Periods.
    duration: u32,
    /// Job numbers of the direct successors, in file order.
    successors: Vec<usize>,
    /// Units of each resource, in the order of the resources.
    requests: Vec<u32>,
}

/// The schedule of an instance; `jobs[k]` is job `k + 1`.
fn schedule(name: String, jobs: &[Job], declared: &[Declared]) -> Schedule {
    let tasks = jobs
        .iter()
        .enumerate()
        .map(|(k, job)| {
            Task::new(
                task_id(k + 1),
                format!("job {}", k + 1),
                job.duration as f64,
            )
        })
        .collect();
    let links = jobs
        .iter()
        .enumerate()
        .flat_map(|(k, job)| {
            job.successors.iter().map(move |&s| Link {
                predecessor: task_id(k + 1),
                successor: task_id(s),
                kind: LinkKind::FS,
                lag_days: 0.0,
            })
        })
        .collect();
    let resources = declared
        .iter()
        .map(|r| {
            let units = Some(r.capacity as f64);
            let (kind, capacity, total) = match r.kind {
                Kind::Renewable => (ResourceKind::Renewable, units, None),
                Kind::Nonrenewable => (ResourceKind::Consumable, None, units),
                // The file gives one figure: the limit per period and in total.
                Kind::DoublyConstrained => (ResourceKind::Renewable, units, units),
            };
            Resource {
                id: r.name.clone(),
                name: r.name.clone(),
                kind,
                capacity,
                total,
                rate_per_day: None,
                cost_per_unit: None,
            }
        })
        .collect();
    let assignments = jobs
        .iter()
        .enumerate()
        .flat_map(|(k, job)| {
            job.requests
                .iter()
                .zip(declared)
                .filter(|&(&units, _)| units > 0)
                .map(move |(&units, r)| Assignment {
                    task: task_id(k + 1),
                    resource: r.name.clone(),
                    units: units as f64,
                })
        })
        .collect();
    Schedule {
        name,
        start: START,
        currency: None,
        status_date: None,
        calendars: vec![Calendar::continuous(CALENDAR)],
        default_calendar: CALENDAR.into(),
        tasks,
        links,
        resources,
        assignments,
        levelled: None,
        not_carried: Default::default(),
    }
}

struct Parser<'a> {
    source: &'a Source,
    lines: Vec<Line<'a>>,
}

/// A section's column header and data rows.
struct Section<'a> {
    header: Line<'a>,
    rows: Vec<Line<'a>>,
}

impl<'a> Parser<'a> {
    fn new(source: &'a Source) -> Self {
        Parser {
            source,
            lines: text::lines(&source.text),
        }
    }

    fn syntax(&self, offset: usize, message: impl Into<String>) -> Error {
        Error::Syntax {
            location: self.source.locate(offset),
            message: message.into(),
        }
    }

    fn invalid(&self, span: Range<usize>, message: impl Into<String>) -> Error {
        self.source.invalid(span, message)
    }

    /// The line that opens a section (`PRECEDENCE RELATIONS:`), by its position.
    fn section_start(&self, name: &str) -> Result<usize> {
        self.lines
            .iter()
            .position(|l| {
                l.trimmed()
                    .trim_end_matches(':')
                    .trim()
                    .eq_ignore_ascii_case(name)
            })
            .ok_or_else(|| {
                self.syntax(
                    self.source.text.len(),
                    format!("not a complete PSPLIB .sm file: the `{name}:` section is missing"),
                )
            })
    }

    /// A section: its first non-blank line is the column header; the rows follow until a
    /// line of stars or the next section. Lines of dashes are skipped.
    fn section(&self, name: &str) -> Result<Section<'a>> {
        let at = self.section_start(name)?;
        let mut rest = self.lines[at + 1..]
            .iter()
            .filter(|l| !l.trimmed().is_empty());
        let header = *rest.next().filter(|l| !is_rule(l, '*')).ok_or_else(|| {
            self.syntax(
                self.lines[at].start,
                format!("the `{name}:` section has no column header"),
            )
        })?;
        let rows = rest
            .take_while(|l| !is_rule(l, '*') && !starts_section(l))
            .filter(|l| !is_rule(l, '-'))
            .copied()
            .collect();
        Ok(Section { header, rows })
    }

    /// The value after the colon of a header line such as `jobs (incl. supersource/sink ):  32`.
    fn header_value(&self, prefix: &str) -> Result<Option<(u32, Token<'a>)>> {
        let Some(line) = self.lines.iter().find(|l| l.trimmed().starts_with(prefix)) else {
            return Ok(None);
        };
        let colon = line
            .text
            .rfind(':')
            .ok_or_else(|| self.syntax(line.start, format!("expected `{prefix} : NUMBER`")))?;
        let after = Line {
            start: line.start + colon + 1,
            text: &line.text[colon + 1..],
        };
        let tok = *after.tokens().first().ok_or_else(|| {
            self.syntax(
                after.start,
                format!("expected a number after `{prefix}` and its colon"),
            )
        })?;
        Ok(Some((self.number(tok, &format!("`{prefix}`"))?, tok)))
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

    /// The jobs (`[k]` is job `k + 1`), the resources and the other facts of the file.
    fn instance(&self) -> Result<(Vec<Job>, Vec<Declared>, Instance)> {
        let declared_jobs = self.header_value("jobs")?;
        let horizon = self.header_value("horizon")?.map(|(h, _)| h);

        // PROJECT INFORMATION: the MPM-Time, due date, ...
        let info = self.section("PROJECT INFORMATION")?;
        let columns: Vec<String> = info
            .header
            .tokens()
            .iter()
            .map(|t| t.text.to_ascii_lowercase())
            .collect();
        let row = match info.rows.as_slice() {
            [row] => *row,
            [] => {
                return Err(self.syntax(
                    info.header.start,
                    "the PROJECT INFORMATION section has no row of figures",
                ));
            }
            [_, second, ..] => {
                return Err(self.syntax(
                    second.start,
                    "the PROJECT INFORMATION section has more than one project; only single-project files are supported",
                ));
            }
        };
        let cells = row.tokens();
        if cells.len() != columns.len() {
            return Err(self.syntax(
                row.start,
                format!(
                    "the PROJECT INFORMATION row has {} values but its header names {} columns",
                    cells.len(),
                    columns.len()
                ),
            ));
        }
        let info_value = |column: &str| -> Result<Option<u32>> {
            match columns.iter().position(|c| c == column) {
                Some(k) => Ok(Some(self.number(cells[k], &format!("`{column}`"))?)),
                None => Ok(None),
            }
        };
        let mpm_time = info_value("mpm-time")?.ok_or_else(|| {
            self.syntax(
                info.header.start,
                "the PROJECT INFORMATION header has no `MPM-Time` column",
            )
        })?;
        let release_date = info_value("rel.date")?.unwrap_or(0);
        let due_date = info_value("duedate")?.unwrap_or(mpm_time);
        let tardiness_cost = info_value("tardcost")?.unwrap_or(0);

        // RESOURCEAVAILABILITIES: names from the header (`R 1  R 2`), capacities below.
        let avail = self.section("RESOURCEAVAILABILITIES")?;
        let names = resource_names(&avail.header.tokens()).ok_or_else(|| {
            self.syntax(
                avail.header.start,
                "the RESOURCEAVAILABILITIES header must name resources such as `R 1  R 2  N 1`",
            )
        })?;
        let capacities = match avail.rows.as_slice() {
            [row] => *row,
            [] => {
                return Err(self.syntax(
                    avail.header.start,
                    "the RESOURCEAVAILABILITIES section has no row of capacities",
                ));
            }
            [_, second, ..] => {
                return Err(self.syntax(
                    second.start,
                    "the RESOURCEAVAILABILITIES section has more than one row of capacities",
                ));
            }
        };
        let cap_tokens = capacities.tokens();
        if cap_tokens.len() != names.len() {
            return Err(self.syntax(
                capacities.start,
                format!(
                    "{} resource capacities given for {} resources ({})",
                    cap_tokens.len(),
                    names.len(),
                    names
                        .iter()
                        .map(|(n, _)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
        }
        let mut resources = Vec::new();
        for ((name, kind), tok) in names.into_iter().zip(cap_tokens) {
            let capacity = self.number(tok, &format!("the capacity of resource `{name}`"))?;
            resources.push(Declared {
                name,
                kind,
                capacity,
            });
        }

        // PRECEDENCE RELATIONS: jobnr. #modes #successors successors...
        let prec = self.section("PRECEDENCE RELATIONS")?;
        let n = match declared_jobs {
            Some((n, tok)) => {
                if n as usize != prec.rows.len() {
                    return Err(self.invalid(
                        tok.span(),
                        format!(
                            "the file declares {n} jobs but PRECEDENCE RELATIONS lists {}",
                            prec.rows.len()
                        ),
                    ));
                }
                n as usize
            }
            None => prec.rows.len(),
        };
        if n == 0 {
            return Err(self.syntax(
                prec.header.start,
                "the PRECEDENCE RELATIONS section lists no jobs",
            ));
        }
        let mut successors: Vec<Option<Vec<usize>>> = vec![None; n];
        let mut job_spans = vec![0..0; n];
        for row in &prec.rows {
            let t = row.tokens();
            if t.len() < 3 {
                return Err(self.syntax(
                    row.start,
                    "a PRECEDENCE RELATIONS row needs the job number, its number of modes, its number of successors and the successors",
                ));
            }
            let job = self.job_number(t[0], n, "a PRECEDENCE RELATIONS row")?;
            if successors[job - 1].is_some() {
                return Err(self.invalid(
                    t[0].span(),
                    format!(
                        "job {job} is listed twice in PRECEDENCE RELATIONS (first on line {}); give each job one row",
                        self.source.locate(job_spans[job - 1].start).line
                    ),
                ));
            }
            let modes = self.number(t[1], &format!("the number of modes of job {job}"))?;
            if modes != 1 {
                return Err(self.invalid(
                    t[1].span(),
                    format!(
                        "job {job} has {modes} modes; only single-mode instances (.sm) can be imported"
                    ),
                ));
            }
            let count =
                self.number(t[2], &format!("the number of successors of job {job}"))? as usize;
            let listed = &t[3..];
            if listed.len() != count {
                return Err(self.syntax(
                    t[2].start,
                    format!(
                        "job {job} declares {count} successors but lists {}",
                        listed.len()
                    ),
                ));
            }
            let mut succ = Vec::with_capacity(count);
            for &tok in listed {
                let s = self.job_number(tok, n, &format!("a successor of job {job}"))?;
                if s == job {
                    return Err(self.invalid(
                        tok.span(),
                        format!("job {job} lists itself as a successor; remove {job} from its successors"),
                    ));
                }
                if succ.contains(&s) {
                    return Err(
                        self.invalid(tok.span(), format!("job {job} lists successor {s} twice"))
                    );
                }
                succ.push(s);
            }
            successors[job - 1] = Some(succ);
            job_spans[job - 1] = t[0].span();
        }

        // REQUESTS/DURATIONS: jobnr. mode duration requests...
        let req = self.section("REQUESTS/DURATIONS")?;
        let want = 3 + resources.len();
        let mut durations: Vec<Option<(u32, Vec<u32>)>> = vec![None; n];
        // Per job: where its row starts, for "first on line".
        let mut request_rows = vec![0; n];
        for row in &req.rows {
            let t = row.tokens();
            let Some(&first) = t.first() else { continue };
            let job = self.job_number(first, n, "a REQUESTS/DURATIONS row")?;
            if t.len() != want {
                return Err(self.syntax(
                    row.start,
                    format!(
                        "the REQUESTS/DURATIONS row of job {job} has {} columns; expected {want} (job number, mode, duration and {} resource requests)",
                        t.len(),
                        resources.len()
                    ),
                ));
            }
            if durations[job - 1].is_some() {
                return Err(self.invalid(
                    first.span(),
                    format!(
                        "job {job} is listed twice in REQUESTS/DURATIONS (first on line {})",
                        self.source.locate(request_rows[job - 1]).line
                    ),
                ));
            }
            let mode = self.number(t[1], &format!("the mode of job {job}"))?;
            if mode != 1 {
                return Err(self.invalid(
                    t[1].span(),
                    format!("job {job} has mode {mode}; only single-mode instances (.sm) can be imported"),
                ));
            }
            let duration = self.number(t[2], &format!("the duration of job {job}"))?;
            let mut requests = Vec::with_capacity(resources.len());
            for (tok, r) in t[3..].iter().zip(&resources) {
                requests.push(self.number(*tok, &format!("job {job}'s request of `{}`", r.name))?);
            }
            durations[job - 1] = Some((duration, requests));
            request_rows[job - 1] = first.start;
        }

        let mut jobs = Vec::with_capacity(n);
        for (k, (succ, dur)) in successors.into_iter().zip(durations).enumerate() {
            let number = k + 1;
            let Some(successors) = succ else {
                return Err(self.syntax(
                    prec.header.start,
                    format!("job {number} has no row in PRECEDENCE RELATIONS"),
                ));
            };
            let Some((duration, requests)) = dur else {
                return Err(self.invalid(
                    job_spans[k].clone(),
                    format!("job {number} has no row in REQUESTS/DURATIONS; add its mode, duration and requests"),
                ));
            };
            jobs.push(Job {
                duration,
                successors,
                requests,
            });
        }
        let instance = Instance {
            horizon,
            release_date,
            due_date,
            tardiness_cost,
            mpm_time,
        };
        Ok((jobs, resources, instance))
    }

    /// A job number between 1 and `n`.
    fn job_number(&self, tok: Token, n: usize, what: &str) -> Result<usize> {
        let k = self.number(tok, &format!("the job number in {what}"))? as usize;
        if k == 0 || k > n {
            return Err(self.invalid(
                tok.span(),
                format!("{what} names job {k}, but the jobs are numbered 1 to {n}"),
            ));
        }
        Ok(k)
    }
}
