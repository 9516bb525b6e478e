//! PSPLIB `.sm` instances (RCPSP benchmark sets j30, j60, j90, j120): single-mode projects of
//! jobs with whole-period durations, finish-to-start successors and requests for renewable
//! resources. They are the standard test of a scheduler: the file's `MPM-Time` is the length
//! of the critical path with resources ignored, and published optima bound any schedule that
//! respects the capacities.
//!
//! Each job becomes a task `j<number>` (the dummy source and sink included, with duration 0)
//! with a fixed estimate on the `continuous` calendar, so that one period is one day. The
//! resource data is kept in [`Instance`] (the engine does not level resources yet). Spans in
//! the returned `Scenario` point into the `.sm` text, so errors found when compiling (a
//! dependency cycle, say) name the line of the file.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use crate::error::{Error, Result};
use crate::scenario::{CalendarKind, DateValue, Dependency, Estimate, LinkKind, Scenario, Source};
use crate::scenario::{Project, Task};

/// The start date given to imported instances (PSPLIB counts periods, not dates): a Monday.
pub const START: &str = "2027-01-04";

/// What a resource's capacity limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    /// Available in every period (`R`): people, machines.
    Renewable,
    /// Available once for the whole project (`N`): a budget of material.
    Nonrenewable,
    /// Limited both per period and in total (`D`).
    DoublyConstrained,
}

/// A resource of the instance and its capacity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    /// As in the file, without the space: `R1`, `R2`, `N1`.
    pub name: String,
    pub kind: ResourceKind,
    /// Units available per period (renewable) or in total (nonrenewable).
    pub capacity: u32,
}

/// A job (activity) of the instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// 1-based, as in the file; the task id is `j<number>`.
    pub number: usize,
    /// Periods (days).
    pub duration: u32,
    /// Job numbers of the direct successors (finish-to-start), in file order.
    pub successors: Vec<usize>,
    /// Units of each resource, in the order of [`Instance::resources`].
    pub requests: Vec<u32>,
}

/// The facts of a `.sm` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// `jobs[k].number == k + 1`; the first is the dummy source, the last the dummy sink.
    pub jobs: Vec<Job>,
    pub resources: Vec<Resource>,
    /// The sum of all durations, an upper bound of any makespan (when the file gives it).
    pub horizon: Option<u32>,
    /// Periods.
    pub release_date: u32,
    /// Periods.
    pub due_date: u32,
    pub tardiness_cost: u32,
    /// The critical-path length with resources ignored, in periods.
    pub mpm_time: u32,
}

impl Instance {
    /// The task id of job `number`.
    pub fn task_id(number: usize) -> String {
        format!("j{number}")
    }

    /// Job numbers of the direct predecessors of every job (`[k]` for job `k + 1`).
    pub fn predecessors(&self) -> Vec<Vec<usize>> {
        let mut preds = vec![Vec::new(); self.jobs.len()];
        for job in &self.jobs {
            for &s in &job.successors {
                preds[s - 1].push(job.number);
            }
        }
        preds
    }
}

/// Reads a `.sm` file: the scenario it makes, its text (for messages), and its facts.
pub fn load(path: &Path) -> Result<(Scenario, Source, Instance)> {
    let source = Source::read(path)?;
    let (scenario, instance) = parse(&source)?;
    Ok((scenario, source, instance))
}

/// Parses `.sm` text. The project is named after the file's stem.
pub fn parse(source: &Source) -> Result<(Scenario, Instance)> {
    let parsed = Parser::new(source).instance()?;
    let name = source
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "psplib".into());
    let scenario = to_scenario(name, &parsed);
    Ok((scenario, parsed.instance))
}

/// The instance plus where in the text each job's facts were written.
struct Parsed {
    instance: Instance,
    /// Per job: the span of its number in PRECEDENCE RELATIONS.
    job_spans: Vec<Range<usize>>,
    /// Per job: the spans of its successor numbers.
    successor_spans: Vec<Vec<Range<usize>>>,
    /// Per job: the span of its duration.
    duration_spans: Vec<Range<usize>>,
}

fn to_scenario(name: String, p: &Parsed) -> Scenario {
    let jobs = &p.instance.jobs;
    let mut depends_on: Vec<Vec<Spanned<Dependency>>> = vec![Vec::new(); jobs.len()];
    for job in jobs {
        for (&s, span) in job
            .successors
            .iter()
            .zip(&p.successor_spans[job.number - 1])
        {
            depends_on[s - 1].push(Spanned::new(
                span.clone(),
                Dependency {
                    task: Instance::task_id(job.number),
                    kind: LinkKind::FS,
                    lag_days: 0.0,
                },
            ));
        }
    }
    let tasks = jobs
        .iter()
        .zip(depends_on)
        .map(|(job, depends_on)| {
            let k = job.number - 1;
            Task {
                id: Spanned::new(p.job_spans[k].clone(), Instance::task_id(job.number)),
                name: Some(format!("job {}", job.number)),
                depends_on,
                estimate: Some(Spanned::new(
                    p.duration_spans[k].clone(),
                    Estimate::fixed(job.duration as f64),
                )),
                calendar: Some(CalendarKind::Continuous),
                people: None,
                compute: None,
                cost: None,
                milestone: None,
                level_of_effort: None,
            }
        })
        .collect();
    Scenario {
        project: Project {
            name,
            start: Spanned::new(0..0, DateValue(START.into())),
            currency: "USD".into(),
            confidence: None,
            deadline: None,
            budget: None,
            calendar: CalendarKind::Continuous,
            holidays: Vec::new(),
            workweek: None,
            sprint_days: None,
        },
        people: Vec::new(),
        instances: Vec::new(),
        tasks,
        milestones: Vec::new(),
        risk_levels: Default::default(),
        risks: Vec::new(),
        correlations: Vec::new(),
        plans: Vec::new(),
    }
}

/// A whitespace-separated word of a line and its byte range in the file.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    text: &'a str,
    start: usize,
}

impl Token<'_> {
    fn span(&self) -> Range<usize> {
        self.start..self.start + self.text.len()
    }
}

#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    /// Byte offset of the line's first character.
    start: usize,
    text: &'a str,
}

impl<'a> Line<'a> {
    fn tokens(&self) -> Vec<Token<'a>> {
        let mut out = Vec::new();
        let mut word: Option<usize> = None;
        for (i, c) in self.text.char_indices().chain([(self.text.len(), ' ')]) {
            match (c.is_whitespace(), word) {
                (true, Some(w)) => {
                    out.push(Token {
                        text: &self.text[w..i],
                        start: self.start + w,
                    });
                    word = None;
                }
                (false, None) => word = Some(i),
                _ => {}
            }
        }
        out
    }

    fn trimmed(&self) -> &'a str {
        self.text.trim()
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
        let text = source.text.as_str();
        let mut lines = Vec::new();
        let mut start = 0;
        for piece in text.split_inclusive('\n') {
            let body = piece.trim_end_matches(['\n', '\r']);
            lines.push(Line { start, text: body });
            start += piece.len();
        }
        Parser { source, lines }
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

    fn instance(&self) -> Result<Parsed> {
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
            resources.push(Resource {
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
        let mut successor_spans = vec![Vec::new(); n];
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
                successor_spans[job - 1].push(tok.span());
            }
            successors[job - 1] = Some(succ);
            job_spans[job - 1] = t[0].span();
        }

        // REQUESTS/DURATIONS: jobnr. mode duration requests...
        let req = self.section("REQUESTS/DURATIONS")?;
        let want = 3 + resources.len();
        let mut durations: Vec<Option<(u32, Vec<u32>)>> = vec![None; n];
        let mut duration_spans = vec![0..0; n];
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
                        self.source.locate(duration_spans[job - 1].start).line
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
            duration_spans[job - 1] = t[2].span();
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
                number,
                duration,
                successors,
                requests,
            });
        }
        Ok(Parsed {
            instance: Instance {
                jobs,
                resources,
                horizon,
                release_date,
                due_date,
                tardiness_cost,
                mpm_time,
            },
            job_spans,
            successor_spans,
            duration_spans,
        })
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

/// A line made only of `c` (at least three), e.g. the `****` between sections.
fn is_rule(line: &Line, c: char) -> bool {
    let t = line.trimmed();
    t.len() >= 3 && t.chars().all(|x| x == c)
}

/// A line that opens the next section (`NAME:` in capitals).
fn starts_section(line: &Line) -> bool {
    let t = line.trimmed();
    t.ends_with(':') && t.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

/// `R 1  R 2  N 1` (or `R1 R2 N1`) as names and kinds.
fn resource_names(tokens: &[Token]) -> Option<Vec<(String, ResourceKind)>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].text;
        let (letter, number) = if t.chars().all(|c| c.is_ascii_alphabetic()) {
            let next = tokens.get(i + 1)?.text;
            i += 2;
            (t, next)
        } else {
            let split = t.find(|c: char| c.is_ascii_digit())?;
            i += 1;
            (&t[..split], &t[split..])
        };
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let kind = match letter.to_ascii_uppercase().as_str() {
            "R" => ResourceKind::Renewable,
            "N" => ResourceKind::Nonrenewable,
            "D" => ResourceKind::DoublyConstrained,
            _ => return None,
        };
        out.push((format!("{}{number}", letter.to_ascii_uppercase()), kind));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_headers_in_both_spellings() {
        let line = Line {
            start: 0,
            text: "  R 1  R 2  N1 D 3",
        };
        let names = resource_names(&line.tokens()).unwrap();
        assert_eq!(
            names,
            vec![
                ("R1".into(), ResourceKind::Renewable),
                ("R2".into(), ResourceKind::Renewable),
                ("N1".into(), ResourceKind::Nonrenewable),
                ("D3".into(), ResourceKind::DoublyConstrained),
            ]
        );
        let bad = Line {
            start: 0,
            text: "R 1 X 2",
        };
        assert!(resource_names(&bad.tokens()).is_none());
    }

    #[test]
    fn tokens_carry_their_offsets() {
        let line = Line {
            start: 10,
            text: "  12   3\t4",
        };
        let t: Vec<(usize, &str)> = line.tokens().iter().map(|t| (t.start, t.text)).collect();
        assert_eq!(t, vec![(12, "12"), (17, "3"), (19, "4")]);
    }
}
