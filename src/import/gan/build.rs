//! From the raw plan read from the XML to the [`Schedule`]: tasks flattened with their
//! summary paths, the links of summary tasks expanded to the tasks inside them, the
//! project's start, resources and allocations, and the calendar.

use super::*;

/// The schedule of a plan read: summaries resolved, calendar built.
pub(super) fn build(source: &Source, plan: RawPlan) -> Result<Schedule> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, t) in plan.tasks.iter().enumerate() {
        if index.insert(t.id.as_str(), i).is_some() {
            return Err(source.invalid_task(
                t.at..t.at,
                &t.id,
                format!("task `{}` appears twice; each task needs its own id", t.id),
            ));
        }
    }
    // The tasks (not summaries) inside each summary.
    let mut leaves: Vec<Vec<usize>> = vec![Vec::new(); plan.tasks.len()];
    for (i, t) in plan.tasks.iter().enumerate() {
        if t.has_children {
            continue;
        }
        leaves[i].push(i);
        let mut up = t.parent;
        while let Some(p) = up {
            leaves[p].push(i);
            up = plan.tasks[p].parent;
        }
    }

    let mut links = Vec::new();
    let mut seen = HashSet::new();
    for l in &plan.links {
        let Some(&s) = index.get(l.successor.as_str()) else {
            return Err(source.place(
                l.at..l.at,
                Error::Invalid {
                    location: None,
                    task: Some(l.predecessor.clone()),
                    message: format!(
                        "task `{}` links to task `{}`, which the file does not have",
                        l.predecessor, l.successor
                    ),
                },
            ));
        };
        let p = index[l.predecessor.as_str()];
        let inexact = |end: &str, which: &RawTask| {
            source.invalid_task(
                l.at..l.at,
                &l.predecessor,
                format!(
                    "the {:?} link from task `{}` to task `{}` ties the {end} of summary task `{}` (`{}`), which has no exact translation; link one of the tasks inside it instead",
                    l.kind, l.predecessor, l.successor, which.id, which.name
                ),
            )
        };
        let pred = &plan.tasks[p];
        let succ = &plan.tasks[s];
        if pred.has_children && matches!(l.kind, LinkKind::SS | LinkKind::SF) {
            return Err(inexact("start", pred));
        }
        if succ.has_children && matches!(l.kind, LinkKind::FF | LinkKind::SF) {
            return Err(inexact("finish", succ));
        }
        let (from, to) = (&leaves[p], &leaves[s]);
        if let Some(message) = too_many_links(
            links.len(),
            from.len(),
            to.len(),
            &l.predecessor,
            &l.successor,
        ) {
            return Err(source.invalid_task(l.at..l.at, &l.predecessor, message));
        }
        for &a in from {
            for &b in to {
                let link = Link {
                    predecessor: plan.tasks[a].id.clone(),
                    successor: plan.tasks[b].id.clone(),
                    kind: l.kind,
                    lag_days: l.lag_days,
                };
                let key = (a, b, l.kind as u8, l.lag_days.to_bits());
                if seen.insert(key) {
                    links.push(link);
                }
            }
        }
    }

    let start = plan
        .tasks
        .iter()
        .filter_map(|t| t.start)
        .min()
        .ok_or_else(|| {
            syntax(
                source,
                0,
                "no task has a `start` date: the plan has no start",
            )
        })?;
    let driven: HashSet<&str> = links.iter().map(|l| l.successor.as_str()).collect();
    let tasks: Vec<Task> = plan
        .tasks
        .iter()
        .filter(|t| !t.has_children)
        .map(|t| {
            let mut task = Task::new(t.id.clone(), t.name.clone(), t.duration);
            task.milestone = t.milestone;
            task.summary = t.summary.clone();
            task.fixed_cost = t.cost;
            if let Some(d) = t.start
                && d > start
                && !driven.contains(t.id.as_str())
            {
                task.constraints.push(Constraint::StartNoEarlierThan(d));
            }
            task
        })
        .collect();

    let mut resource_ids = HashSet::new();
    for (r, at) in &plan.resources {
        if !resource_ids.insert(r.id.as_str()) {
            return Err(source.invalid(
                *at..*at,
                format!(
                    "resource `{}` appears twice; each resource needs its own id",
                    r.id
                ),
            ));
        }
    }
    // Reports name a resource by its id: its name when no other resource has it.
    let mut names: HashMap<&str, usize> = HashMap::new();
    for (r, _) in &plan.resources {
        *names.entry(r.name.as_str()).or_default() += 1;
    }
    let shown: HashMap<&str, String> = plan
        .resources
        .iter()
        .map(|(r, _)| {
            let id = if names[r.name.as_str()] == 1 && !r.name.trim().is_empty() {
                r.name.trim().to_string()
            } else {
                format!("{} #{}", r.name.trim(), r.id)
            };
            (r.id.as_str(), id)
        })
        .collect();
    let mut assignments = Vec::new();
    for (task, resource, load, at) in &plan.allocations {
        let Some(&t) = index.get(task.as_str()) else {
            return Err(source.invalid(
                *at..*at,
                format!("an allocation of resource `{resource}` names task `{task}`, which the file does not have"),
            ));
        };
        if plan.tasks[t].has_children {
            return Err(source.invalid_task(
                *at..*at,
                task,
                format!("resource `{resource}` is allocated to summary task `{task}`; allocate it to the tasks inside instead"),
            ));
        }
        if !resource_ids.contains(resource.as_str()) {
            return Err(source.invalid_task(
                *at..*at,
                task,
                format!(
                    "task `{task}` is allocated resource `{resource}`, which the file does not have"
                ),
            ));
        }
        if *load < 0.0 {
            return Err(source.invalid_task(
                *at..*at,
                task,
                format!("the load of resource `{resource}` on task `{task}` must be zero or more, not {load}"),
            ));
        }
        if *load > 0.0 {
            assignments.push(Assignment {
                task: task.clone(),
                resource: shown[resource.as_str()].clone(),
                units: load / 100.0,
            });
        }
    }

    let calendar = calendar(source, &plan, start)?;
    let name = if plan.name.trim().is_empty() {
        source
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "gan".into())
    } else {
        plan.name.trim().to_string()
    };
    Ok(Schedule {
        name,
        start,
        currency: None,
        status_date: None,
        calendars: vec![calendar],
        default_calendar: CALENDAR.into(),
        tasks,
        links,
        resources: plan
            .resources
            .iter()
            .map(|(r, _)| Resource {
                id: shown[r.id.as_str()].clone(),
                ..r.clone()
            })
            .collect(),
        assignments,
        levelled: None,
        not_carried: Default::default(),
    })
}

/// The plan's one calendar; GanttProject's default week is Monday to Friday.
fn calendar(source: &Source, plan: &RawPlan, start: Date) -> Result<Calendar> {
    let off = plan
        .days_off
        .clone()
        .unwrap_or_else(|| vec![Weekday::Saturday, Weekday::Sunday]);
    let mut workweek = Calendar::continuous(CALENDAR).workweek;
    workweek.retain(|d| !off.contains(d));
    let mut exceptions = Vec::new();
    for d in &plan.dates {
        let years = match d.year {
            Some(y) => y..=y,
            None => start.year()..=start.year() + RECURRING_YEARS - 1,
        };
        for year in years {
            let date = Date::new(year, d.month, d.day).map_err(|_| {
                source.invalid(
                    d.at..d.at,
                    format!("calendar date {year}-{}-{} does not exist", d.month, d.day),
                )
            });
            let date = match (date, d.year) {
                (Ok(date), _) => date,
                // 29 February recurs only in leap years.
                (Err(_), None) if d.month == 2 && d.day == 29 => continue,
                (Err(e), _) => return Err(e),
            };
            exceptions.push(Exception {
                first: date,
                last: date,
                working: d.working,
            });
        }
    }
    Ok(Calendar {
        name: CALENDAR.into(),
        workweek,
        hours_per_day: HOURS_PER_DAY,
        exceptions,
    })
}
