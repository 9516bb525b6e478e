//! Compiling calendars: the project's working days (`workdays`) and the scenario's named
//! `[[calendars]]`, each a table over the timeline; and which of them a task counts on.

use super::*;

impl Compiler<'_> {
    /// The model's calendars, the project's first, and the index of each by name.
    pub(super) fn calendars(
        &self,
        sc: &Scenario,
        start: Date,
    ) -> Result<(Vec<NamedCalendar>, HashMap<String, u16>)> {
        let p = &sc.project;
        let project = self.calendar(
            start,
            p.workweek.as_ref(),
            &p.holidays,
            &p.working_days,
            p.start.span(),
        )?;
        let mut calendars = vec![NamedCalendar {
            name: "workdays".into(),
            table: project,
        }];
        let mut index = HashMap::new();
        for c in &sc.calendars {
            let name = c.name.get_ref();
            if name.trim().is_empty() {
                return self.err(
                    c.name.span(),
                    "a calendar needs a name, e.g. name = \"7-day\"",
                );
            }
            if name == "workdays" || name == "continuous" {
                return self.err(
                    c.name.span(),
                    format!(
                        "`{name}` is the name of a built-in calendar; give this one another name"
                    ),
                );
            }
            if index.contains_key(name) {
                return self.err(
                    c.name.span(),
                    format!("calendar `{name}` is defined twice; give each calendar its own name"),
                );
            }
            if calendars.len() > u16::MAX as usize {
                return self.err(
                    c.name.span(),
                    "a scenario may have at most 65,535 calendars",
                );
            }
            let table = self.calendar(
                start,
                c.workweek.as_ref(),
                &c.holidays,
                &c.working_days,
                c.name.span(),
            )?;
            index.insert(name.clone(), calendars.len() as u16);
            calendars.push(NamedCalendar {
                name: name.clone(),
                table,
            });
        }
        Ok((calendars, index))
    }

    /// One calendar's table: its week (Monday to Friday by default), less its holidays, plus
    /// its extra working days.
    fn calendar(
        &self,
        start: Date,
        workweek: Option<&toml::Spanned<Vec<String>>>,
        holidays: &[toml::Spanned<scenario::DateValue>],
        working_days: &[toml::Spanned<scenario::DateValue>],
        span: std::ops::Range<usize>,
    ) -> Result<WorkCalendar> {
        let days = |list: &[toml::Spanned<scenario::DateValue>]| -> Result<Vec<Date>> {
            list.iter().map(|d| self.date(d)).collect()
        };
        let (holidays, working_days) = (days(holidays)?, days(working_days)?);
        let week = match workweek {
            Some(w) => {
                let mut days = Vec::new();
                for name in w.get_ref() {
                    match calendar::parse_weekday(name) {
                        Some(d) => days.push(d),
                        None => {
                            return self.err(
                                w.span(),
                                format!("`{name}` is not a weekday; write mon, tue, wed, thu, fri, sat or sun"),
                            );
                        }
                    }
                }
                days
            }
            None => calendar::default_workweek(),
        };
        WorkCalendar::new(start, &week, &holidays, &working_days).or_else(|m| {
            let span = workweek.map(|w| w.span()).unwrap_or(span);
            self.err(span, m)
        })
    }

    /// The calendar task `t` counts on: its `calendar`, else the project's kind.
    pub(super) fn task_calendar(
        &self,
        t: &scenario::Task,
        project: CalendarKind,
        index: &HashMap<String, u16>,
    ) -> Result<TaskCalendar> {
        let Some(name) = &t.calendar else {
            return Ok(match project {
                CalendarKind::Workdays => TaskCalendar::WORKDAYS,
                CalendarKind::Continuous => TaskCalendar::Continuous,
            });
        };
        match name.get_ref().as_str() {
            "workdays" => Ok(TaskCalendar::WORKDAYS),
            "continuous" => Ok(TaskCalendar::Continuous),
            other => match index.get(other) {
                Some(&k) => Ok(TaskCalendar::Work(k)),
                None => self.fail(
                    name.span(),
                    Error::Unknown {
                        location: None,
                        what: Kind::Calendar,
                        name: other.to_string(),
                        by: Some(Box::new(Referrer::Task(t.id.get_ref().clone()))),
                        suggestion: did_you_mean(
                            other,
                            ["workdays", "continuous"]
                                .into_iter()
                                .chain(index.keys().map(String::as_str)),
                        ),
                    },
                ),
            },
        }
    }
}
