//! Compiling tasks: durations, people, links, level of effort.

use super::*;

impl Compiler<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn task(
        &self,
        t: &scenario::Task,
        levels: &BTreeMap<String, scenario::risk_table::Level>,
        role_index: &HashMap<String, usize>,
        instance_index: &HashMap<String, usize>,
        instances: &[InstanceType],
        plan: Option<&scenario::Plan>,
        milestones: &mut Vec<MilestoneModel>,
        milestone_index: &mut HashMap<String, usize>,
        declared: &[&str],
        calendar: TaskCalendar,
        position: u32,
    ) -> Result<TaskModel> {
        let id = t.id.get_ref().clone();
        let sample = |e: &toml::Spanned<Estimate>, what: &str, limit| -> Result<Sampler> {
            sampler::from_estimate(e.get_ref(), levels, what, limit)
                .or_else(|m| self.task_err(e.span(), &id, format!("task `{id}`: {m}")))
        };
        let (work, calendar) = match (&t.estimate, &t.compute) {
            (Some(_), Some(c)) => {
                return self.task_err(
                    c.span(),
                    &id,
                    format!("task `{id}` has both `estimate` and `compute`; a compute task's duration is its run time, so split the people's work into a task of its own"),
                );
            }
            (None, None) => {
                return self.task_err(
                    t.id.span(),
                    &id,
                    format!("task `{id}` has no `estimate`; add estimate = DAYS (0 for a milestone) or a `compute` run"),
                );
            }
            (Some(e), None) => (
                Work::Duration(sample(e, "duration", &limits::DAYS)?),
                calendar,
            ),
            (None, Some(c)) => {
                let c = c.get_ref();
                let name = c.instance.get_ref();
                let Some(&inst) = instance_index.get(name) else {
                    return self.fail(
                        c.instance.span(),
                        Error::Unknown {
                            location: None,
                            what: Kind::InstanceType,
                            name: name.clone(),
                            by: Some(Box::new(Referrer::Task(id.clone()))),
                            suggestion: did_you_mean(
                                name,
                                instance_index.keys().map(String::as_str),
                            ),
                        },
                    );
                };
                let count = self
                    .instance_count(&c.count, &format!("task `{id}`"), "compute.count")
                    .map_err(|e| with_task(e, &id))?;
                if let Some(c) = t.calendar.as_ref().filter(|c| c.get_ref() != "continuous") {
                    return self.task_err(
                        c.span(),
                        &id,
                        format!("task `{id}` runs on cloud instances, which run around the clock; remove `calendar = \"{}\"`", c.get_ref()),
                    );
                }
                let over_spanned = plan.and_then(|p| p.tasks.get(&id));
                let over = over_spanned.map(|o| o.get_ref());
                let declared = count;
                let plan_count = over
                    .and_then(|o| o.count.as_ref())
                    .or(plan.and_then(|p| p.count.as_ref()));
                let count = match (plan_count, plan) {
                    (Some(n), Some(p)) => {
                        self.instance_count(n, &format!("plan `{}`", p.name.get_ref()), "count")?
                    }
                    _ => count,
                };
                let inst = match over.and_then(|o| o.instance.as_ref()) {
                    Some(other) => match instance_index.get(other) {
                        Some(&k) => k,
                        None => {
                            return Err(Error::Unknown {
                                location: None,
                                what: Kind::InstanceType,
                                name: other.clone(),
                                by: Some(Box::new(Referrer::Plan {
                                    plan: plan
                                        .map(|p| p.name.get_ref().clone())
                                        .unwrap_or_default(),
                                    task: Some(id.clone()),
                                })),
                                suggestion: did_you_mean(
                                    other,
                                    instance_index.keys().map(String::as_str),
                                ),
                            });
                        }
                    },
                    None => inst,
                };
                // The plan in force decides the count and the type: check the quota of what runs.
                match plan {
                    Some(p)
                        if plan_count.is_some() || over.is_some_and(|o| o.instance.is_some()) =>
                    {
                        let span = over_spanned.map_or(p.name.span(), |o| o.span());
                        self.quota(&id, &instances[inst], count, Some(p.name.get_ref()), span)?;
                    }
                    _ => self.quota(&id, &instances[inst], count, None, c.count.span())?,
                }
                let purchase = over
                    .and_then(|o| o.purchase)
                    .or(plan.and_then(|p| p.purchase))
                    .or(c.purchase)
                    .unwrap_or(scenario::Purchase::OnDemand);
                let fallback = over
                    .and_then(|o| o.fallback.as_ref())
                    .or(plan.and_then(|p| p.fallback.as_ref()))
                    .or(c.fallback.as_ref());
                let (run, prices) = self.compute_run(
                    &id,
                    c,
                    &instances[inst],
                    count,
                    purchase,
                    fallback,
                    t.id.span(),
                )?;
                // `hours` is each instance's work at the declared count; a plan that changes
                // the count keeps the total work (linear scaling).
                let hours = sample(&c.hours, "hours", &limits::HOURS)?
                    .scaled(declared as f64 / count as f64);
                // A run is simulated interruption by interruption: one that would be taken
                // back a hundred thousand times is a mistake in the plan, and would take
                // forever (a tiny checkpoint interval whose checkpoints swamp the work, hours in
                // the wrong unit, a rate per minute written per hour).
                let longest = hours.quantile(1.0 - 1e-9);
                let expected = run.expected_interruptions(longest);
                if !(expected <= MAX_INTERRUPTIONS) {
                    let tau = run.checkpoint_interval_hours();
                    let checkpoints = (longest / tau).ceil().max(1.0);
                    let running = longest + checkpoints * run.spec().checkpoint_hours;
                    return self.task_err(
                        c.hours.span(),
                        &id,
                        format!(
                            "task `{id}` on Spot would be interrupted about {expected:.1e} times in its longest runs, more than the {MAX_INTERRUPTIONS:.0e} a run may take ({longest:.3e} hours of work, {running:.3e} with its checkpoints every {tau:.3e} hours of work, an interruption every {:.3} running hours on average); check `hours`, `checkpoint_every_hours` and the instance's interruption rate",
                            run.mean_hours_between_interruptions()
                        ),
                    );
                }
                (
                    Work::Compute {
                        instance: inst as u32,
                        count,
                        hours,
                        run: Box::new(run),
                        prices,
                    },
                    TaskCalendar::Continuous,
                )
            }
        };
        let people = self.people(t, role_index)?;
        let fixed_cost = t
            .cost
            .as_ref()
            .map(|c| sample(c, "cost", &limits::MONEY))
            .transpose()?;
        if let Some(m) = &t.milestone {
            let name = self.name(
                m,
                &format!("the milestone of task `{id}`"),
                "milestone = \"data-ready\"",
            )?;
            // A name no `[[milestones]]` declares makes a milestone of its own; one a letter
            // or two from a declared one is a typo that would move that milestone's date.
            if !declared.contains(&name.as_str())
                && let Some(close) = did_you_mean(&name, declared.iter().copied())
            {
                return self.task_err(
                    m.span(),
                    &id,
                    format!("task `{id}` names milestone `{name}`, which no [[milestones]] entry declares; did you mean `{close}`? (Declare `{name}` to make it a milestone of its own.)"),
                );
            }
        }
        let milestone = t.milestone.as_ref().map(|m| {
            let name = m.get_ref().clone();
            let k = *milestone_index.entry(name.clone()).or_insert_with(|| {
                milestones.push(MilestoneModel {
                    id: name.clone(),
                    name: name.clone(),
                    deadline: None,
                    members: Vec::new(),
                });
                milestones.len() - 1
            });
            milestones[k].members.push(position);
            k as u32
        });
        Ok(TaskModel {
            name: t.name.clone().unwrap_or_else(|| id.clone()),
            wbs: t.wbs.clone().filter(|w| !w.trim().is_empty()),
            id,
            calendar,
            work,
            people,
            fixed_cost,
            milestone,
            stretch: 1.0,
            not_before: 0.0,
            finish_not_before: 0.0,
            progress: TaskProgress::NotStarted,
            remaining_drawn: false,
        })
    }

    /// The people of a task: (role index, allocation).
    pub(super) fn people(
        &self,
        t: &scenario::Task,
        role_index: &HashMap<String, usize>,
    ) -> Result<Vec<(u32, f64)>> {
        let id = t.id.get_ref();
        let mut people = Vec::new();
        if let Some(ps) = &t.people {
            for (role, alloc) in ps.get_ref() {
                let Some(&r) = role_index.get(role) else {
                    return self.fail(
                        ps.span(),
                        Error::Unknown {
                            location: None,
                            what: Kind::Role,
                            name: role.clone(),
                            by: Some(Box::new(Referrer::Task(id.clone()))),
                            suggestion: did_you_mean(role, role_index.keys().map(String::as_str)),
                        },
                    );
                };
                let a = self.number_of(
                    alloc,
                    Some(id),
                    &format!("task `{id}`: allocation of `{role}`"),
                    false,
                    &limits::PEOPLE,
                )?;
                people.push((r as u32, a));
            }
        }
        Ok(people)
    }

    /// A task id, named by `by` (which `what` describes), that must name a network task: its
    /// position in the model.
    pub(super) fn network_task(
        &self,
        name: &str,
        span: std::ops::Range<usize>,
        (what, by): (&str, &Referrer),
        index: &HashMap<&str, usize>,
        position: &[usize],
    ) -> Result<u32> {
        match index.get(name) {
            Some(&i) if position[i] != usize::MAX => Ok(position[i] as u32),
            Some(_) => self.task_err(
                span,
                name,
                format!("{what} names level-of-effort task `{name}`; name a task with an estimate"),
            ),
            None => self.fail(
                span,
                Error::Unknown {
                    location: None,
                    what: Kind::Task,
                    name: name.to_string(),
                    by: Some(Box::new(by.clone())),
                    suggestion: did_you_mean(name, index.keys().copied()),
                },
            ),
        }
    }

    pub(super) fn level_of_effort(
        &self,
        sc: &Scenario,
        index: &HashMap<&str, usize>,
        edges: &[(usize, usize)],
        position: &[usize],
        role_index: &HashMap<String, usize>,
    ) -> Result<Vec<LevelOfEffortModel>> {
        let mut out = Vec::new();
        for t in &sc.tasks {
            let Some(span) = &t.level_of_effort else {
                continue;
            };
            let id = t.id.get_ref();
            if t.estimate.is_some() || t.compute.is_some() || !t.depends_on.is_empty() {
                return self.task_err(
                    span.span(),
                    id,
                    format!("level-of-effort task `{id}` takes its dates from its span; remove its estimate, compute and depends_on"),
                );
            }
            // What a level of effort has no place for: refused rather than dropped.
            let unused: Vec<&str> = [
                ("cost", t.cost.is_some()),
                ("milestone", t.milestone.is_some()),
                ("calendar", t.calendar.is_some()),
                ("start_no_earlier_than", t.start_no_earlier_than.is_some()),
                ("finish_no_earlier_than", t.finish_no_earlier_than.is_some()),
                ("actual_start", t.actual_start.is_some()),
                ("actual_finish", t.actual_finish.is_some()),
                ("remaining", t.remaining.is_some()),
            ]
            .into_iter()
            .filter_map(|(name, set)| set.then_some(name))
            .collect();
            if !unused.is_empty() {
                return self.task_err(
                    span.span(),
                    id,
                    format!(
                        "level-of-effort task `{id}` cannot have {}: it spans its `from` and `to` tasks, runs on the project's working days and costs its people; remove {}, or make it a task of its own",
                        unused.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(", "),
                        if unused.len() == 1 { "it" } else { "them" }
                    ),
                );
            }
            let what = format!("level-of-effort task `{id}`");
            let by = Referrer::LevelOfEffort(id.clone());
            let l = span.get_ref();
            let from = self.network_task(
                l.from.get_ref(),
                l.from.span(),
                (&what, &by),
                index,
                position,
            )?;
            let to =
                self.network_task(l.to.get_ref(), l.to.span(), (&what, &by), index, position)?;
            // The span is reversed when `from` can only start after `to` has finished.
            let (fi, ti) = (
                index[l.from.get_ref().as_str()],
                index[l.to.get_ref().as_str()],
            );
            if fi != ti && graph::reaches(sc.tasks.len(), edges, ti, fi) {
                return self.task_err(
                    span.span(),
                    id,
                    format!(
                        "level-of-effort task `{id}` spans from `{}` to `{}`, but `{}` comes after `{}`; swap `from` and `to`",
                        l.from.get_ref(),
                        l.to.get_ref(),
                        l.from.get_ref(),
                        l.to.get_ref()
                    ),
                );
            }
            out.push(LevelOfEffortModel {
                id: id.clone(),
                name: t.name.clone().unwrap_or_else(|| id.clone()),
                from,
                to,
                people: self.people(t, role_index)?,
            });
        }
        Ok(out)
    }

    /// A task (or level of effort) that needs more of a role than the team has could never be
    /// staffed: refused, naming the task, the role and both numbers.
    pub(super) fn staffing(
        &self,
        sc: &Scenario,
        role_index: &HashMap<String, usize>,
        roles: &[Role],
    ) -> Result<()> {
        for t in &sc.tasks {
            for (role, alloc) in t.people.iter().flat_map(|ps| ps.get_ref()) {
                let Some(&r) = role_index.get(role) else {
                    continue;
                };
                let Some(have) = roles[r].count else {
                    continue;
                };
                let need = *alloc.get_ref();
                if need > have {
                    let id = t.id.get_ref();
                    return self.task_err(
                        alloc.span(),
                        id,
                        format!(
                            "task `{id}` needs {need} of role `{role}`, but the team has {have} (its `count` in [[people]]); lower the allocation or raise the count"
                        ),
                    );
                }
            }
        }
        Ok(())
    }
}

/// `e`, about task `id` (an error made without one).
fn with_task(mut e: Error, id: &str) -> Error {
    if let Error::Invalid { task, .. } = &mut e {
        *task = Some(id.to_string());
    }
    e
}
