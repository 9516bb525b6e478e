//! The data of a name that refers to nothing, and the one place its message is made: who
//! names it, what it should have been, and the closest name that exists.

use std::fmt;

/// What kind of thing a name should have named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Task,
    Role,
    InstanceType,
    Milestone,
    Plan,
    Risk,
    /// A resource of an imported schedule.
    Resource,
    /// A calendar of an imported schedule.
    Calendar,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Task => "task",
            Kind::Role => "role",
            Kind::InstanceType => "instance type",
            Kind::Milestone => "milestone",
            Kind::Plan => "plan",
            Kind::Risk => "risk",
            Kind::Resource => "resource",
            Kind::Calendar => "calendar",
        })
    }
}

/// What names the unknown thing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Referrer {
    /// A task: it depends on an unknown task, uses an unknown instance type, needs an unknown
    /// role, is assigned an unknown resource or names an unknown calendar.
    Task(String),
    /// A plan: it names an unknown task, or gives `task` an unknown instance type.
    Plan { plan: String, task: Option<String> },
    /// A level-of-effort task, whose span names an unknown task.
    LevelOfEffort(String),
    /// A risk, which names an unknown task it hits.
    Risk(String),
    /// A correlation, which names an unknown task.
    Correlation,
    /// A link of an imported schedule from task `predecessor`.
    Link { predecessor: String },
    /// A resource of an imported schedule, assigned to an unknown task.
    Resource(String),
}

impl Referrer {
    /// "task `a` depends on", "plan `p` gives task `t`", ...: the words before "unknown".
    fn phrase(&self, what: Kind) -> String {
        match self {
            Referrer::Task(task) => {
                let verb = match what {
                    Kind::Task => "depends on",
                    Kind::InstanceType => "uses",
                    Kind::Role => "needs",
                    Kind::Resource => "is assigned",
                    _ => "names",
                };
                format!("task `{task}` {verb}")
            }
            Referrer::Plan { plan, task: None } => format!("plan `{plan}` names"),
            Referrer::Plan {
                plan,
                task: Some(task),
            } => format!("plan `{plan}` gives task `{task}`"),
            Referrer::LevelOfEffort(task) => format!("level-of-effort task `{task}` names"),
            Referrer::Risk(risk) => format!("risk `{risk}` names"),
            Referrer::Correlation => "a correlation names".to_string(),
            Referrer::Link { predecessor } => format!("a link from `{predecessor}` names"),
            Referrer::Resource(resource) => format!("resource `{resource}` is assigned to"),
        }
    }

    /// Where a task's own unknown instance type or role should be declared.
    fn hint(&self, what: Kind) -> &'static str {
        match (self, what) {
            (Referrer::Task(_), Kind::InstanceType) => "; declare it in [[instances]]",
            (Referrer::Task(_), Kind::Role) => "; declare it in [[people]]",
            _ => "",
        }
    }
}

/// "; did you mean `x`?" after a message when a close name exists, else nothing.
pub struct DidYouMean<'a>(pub Option<&'a str>);

impl fmt::Display for DidYouMean<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(name) => write!(f, "; did you mean `{name}`?"),
            None => Ok(()),
        }
    }
}

/// The message of `Error::Unknown`, without its location.
pub(super) struct Message<'a> {
    pub what: Kind,
    pub name: &'a str,
    pub by: Option<&'a Referrer>,
    pub suggestion: Option<&'a str>,
}

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Message {
            what,
            name,
            by,
            suggestion,
        } = self;
        match by {
            Some(by) => write!(
                f,
                "{} unknown {what} `{name}`{}",
                by.phrase(*what),
                by.hint(*what)
            )?,
            None => write!(f, "unknown {what} `{name}`")?,
        }
        write!(f, "{}", DidYouMean(*suggestion))
    }
}

/// "`a` -> `b` -> `a`": the tasks of a cycle, back to the first.
pub(super) fn cycle(tasks: &[String]) -> String {
    let names: Vec<String> = tasks
        .iter()
        .chain(tasks.first())
        .map(|t| format!("`{t}`"))
        .collect();
    names.join(" -> ")
}
