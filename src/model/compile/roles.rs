//! Compiling the roles of `[[people]]`: how many people (or a pool with no limit), how much of
//! their time is the project's, when they join and leave, and how they are paid.

use super::*;

impl Compiler<'_> {
    /// One role. `start` is the project start, day 0 of the timeline.
    pub(super) fn role(&self, person: &scenario::Person, start: Date) -> Result<Role> {
        let name = self.name(&person.role, "a role", "role = \"ml-engineer\"")?;
        let count = match &person.count {
            None => None,
            Some(c) => {
                let x = *c.get_ref();
                if !x.is_finite() {
                    return self.err(
                        c.span(),
                        format!("role `{name}` has count {x}; give a finite number of people, e.g. count = 2"),
                    );
                }
                if !(x > 0.0) {
                    return self.err(
                        c.span(),
                        format!("role `{name}` has count {x}; a team needs at least one person: give count = 1 or more, or leave `count` out for a pool with no limit"),
                    );
                }
                if let Err(m) = limits::check(x, &limits::PEOPLE) {
                    return self.err(c.span(), format!("role `{name}`: `count` {m}; correct it"));
                }
                Some(x)
            }
        };
        let availability = match &person.availability {
            None => 1.0,
            Some(a) => {
                let x = *a.get_ref();
                if !(x > 0.0 && x <= 1.0) {
                    return self.err(
                        a.span(),
                        format!("role `{name}` has availability {x}; it is the share of each person's working time spent on this project, more than 0 and at most 1 (0.5: half time)"),
                    );
                }
                x
            }
        };
        let joins_on = person.joins.as_ref().map(|d| self.date(d)).transpose()?;
        // Joining before the project starts is being there from its start.
        let joins = joins_on.map_or(0.0, |d| days_since(start, d).max(0.0));
        let leaves = match &person.leaves {
            None => f64::INFINITY,
            Some(l) => {
                let d = self.date(l)?;
                if d < start {
                    return self.err(
                        l.span(),
                        format!("role `{name}` leaves on {d}, before the project starts on {start}; give a date on or after the start, or remove `leaves`"),
                    );
                }
                if let Some(j) = joins_on
                    && d < j
                {
                    return self.err(
                        l.span(),
                        format!("role `{name}` leaves on {d}, before it joins on {j}; `leaves` is the last day the role works, on or after `joins`"),
                    );
                }
                // The role works through the day it leaves on.
                days_since(start, d) + 1.0
            }
        };
        let paid = match &person.paid {
            Some(p) => match (*p.get_ref(), count) {
                (scenario::Paid::Throughout, None) => {
                    return self.err(
                        p.span(),
                        format!("role `{name}` is paid throughout but has no count; give count = N or paid = \"assigned\""),
                    );
                }
                (scenario::Paid::Throughout, Some(_)) => Paid::Throughout,
                (scenario::Paid::Assigned, _) => Paid::Assigned,
            },
            // A team of N is salaried (idle days and delays cost money); a pool is paid for
            // the days it works.
            None if count.is_some() => Paid::Throughout,
            None => Paid::Assigned,
        };
        Ok(Role {
            rate_per_day: self.number(
                &person.rate_per_day,
                &format!("`rate_per_day` of role `{name}`"),
                true,
                &limits::MONEY,
            )?,
            name,
            count,
            availability,
            joins,
            leaves,
            paid,
        })
    }
}

/// Whole days from `start` to `date` (negative before the start).
fn days_since(start: Date, date: Date) -> f64 {
    start
        .until(date)
        .map(|s| s.get_days() as f64)
        .unwrap_or(0.0)
}
