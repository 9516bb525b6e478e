//! Resources, assignments and expenses of an XER file.
//!
//! - `RSRC`: each resource by `rsrc_short_name` (with ` #rsrc_id` when two share one, the
//!   `rsrc_id` when it has none), named `rsrc_name`; `RT_Labor` and `RT_Equip` are renewable,
//!   `RT_Mat` consumable.
//! - `RSRCRATE`: the rate in force on the project's start (else the first): `max_qty_per_hr`
//!   is the capacity (units at work at once: 1 = one person); `cost_per_qty` is money per hour
//!   of one unit (renewable: times the resource's calendar's hours per day for a rate per
//!   day) or per unit used (consumable). Later rates are counted as not carried.
//! - `TASKRSRC`: assignments; a renewable resource's units are `target_qty_per_hr` (1 = full
//!   time), a consumable's `target_qty`. Resource curves, assignment lags and assignments of
//!   a role with no resource are counted as not carried.
//! - `PROJCOST` (expenses): summed per activity into its fixed cost.

use std::collections::HashMap;

use jiff::civil::Date;

use super::Context;
use super::tasks::Read;
use crate::error::Result;
use crate::import::schedule::{Assignment, Resource, ResourceKind, Schedule};

/// Reads resources, assignments and expenses into `schedule`.
pub fn read(ctx: &Context, tasks: &Read, schedule: &mut Schedule) -> Result<()> {
    let ids = resources(ctx, schedule)?;
    assignments(ctx, tasks, &ids, schedule)?;
    expenses(ctx, tasks, schedule)
}

/// `RSRC` and `RSRCRATE`; returns `rsrc_id` -> index in `schedule.resources`.
fn resources(ctx: &Context, schedule: &mut Schedule) -> Result<HashMap<String, usize>> {
    let source = ctx.source;
    let mut ids = HashMap::new();
    let Some(table) = ctx.tables.get("RSRC") else {
        return Ok(ids);
    };
    table.required(source, "rsrc_id")?;
    let mut short_names: HashMap<&str, usize> = HashMap::new();
    for r in table.records(source) {
        *short_names.entry(r.text("rsrc_short_name")).or_default() += 1;
    }
    let rates = rates(ctx, schedule)?;
    for r in table.records(source) {
        let rsrc_id = r.text("rsrc_id");
        let id = match r.text("rsrc_short_name") {
            "" => rsrc_id.to_string(),
            s if short_names[s] > 1 => format!("{s} #{rsrc_id}"),
            s => s.to_string(),
        };
        let kind = match r.text("rsrc_type") {
            "RT_Labor" | "RT_Equip" | "" => ResourceKind::Renewable,
            "RT_Mat" => ResourceKind::Consumable,
            other => {
                return Err(r.invalid(
                    &format!("resource `{id}`"),
                    format!("unknown `rsrc_type` `{other}`; expected RT_Labor, RT_Equip or RT_Mat"),
                ));
            }
        };
        let hours_per_day = r
            .get("clndr_id")
            .and_then(|c| ctx.calendars.by_id.get(c))
            .or_else(|| ctx.calendars.by_id.get(ctx.default_calendar))
            .map(|c| c.hours_per_day)
            .unwrap_or(8.0);
        let (max_units, cost) = rates.get(rsrc_id).copied().unwrap_or((None, None));
        let renewable = kind == ResourceKind::Renewable;
        ids.insert(rsrc_id.to_string(), schedule.resources.len());
        schedule.resources.push(Resource {
            name: r.get("rsrc_name").unwrap_or(&id).to_string(),
            id,
            kind,
            capacity: max_units.filter(|_| renewable),
            total: None,
            rate_per_day: cost.filter(|_| renewable).map(|c| c * hours_per_day),
            cost_per_unit: cost.filter(|_| !renewable),
        });
    }
    Ok(ids)
}

/// A resource's units at work at once and its cost per unit (per hour of one unit, or per
/// unit used up).
type Rate = (Option<f64>, Option<f64>);

/// `rsrc_id` -> the rate in force on the project's
/// start, else the first.
fn rates(ctx: &Context, schedule: &mut Schedule) -> Result<HashMap<String, Rate>> {
    let mut chosen: HashMap<String, (Option<Date>, Rate)> = HashMap::new();
    let Some(table) = ctx.tables.get("RSRCRATE") else {
        return Ok(HashMap::new());
    };
    let start = schedule.start;
    for r in table.records(ctx.source) {
        let rsrc = r.text("rsrc_id");
        let who = format!("rate of resource {rsrc}");
        let from = r.stamp("start_date", &who)?.map(|s| s.date);
        let units = r.number("max_qty_per_hr", &who)?;
        let cost = r.number("cost_per_qty", &who)?;
        match chosen.get_mut(rsrc) {
            None => {
                chosen.insert(rsrc.to_string(), (from, (units, cost)));
            }
            Some(current) => {
                schedule.not_carried("P6 resource rates that change over time");
                // The latest rate starting on or before the project's start wins.
                let better = match (current.0, from) {
                    (Some(c), Some(f)) => f <= start && (c > start || f > c),
                    _ => false,
                };
                if better {
                    *current = (from, (units, cost));
                }
            }
        }
    }
    Ok(chosen.into_iter().map(|(k, (_, rate))| (k, rate)).collect())
}

/// `TASKRSRC`.
fn assignments(
    ctx: &Context,
    tasks: &Read,
    ids: &HashMap<String, usize>,
    schedule: &mut Schedule,
) -> Result<()> {
    let Some(table) = ctx.tables.get("TASKRSRC") else {
        return Ok(());
    };
    for field in ["task_id", "rsrc_id"] {
        table.required(ctx.source, field)?;
    }
    for r in table.records(ctx.source).filter(|r| ctx.ours(r)) {
        let who = format!("assignment {}", r.text("taskrsrc_id"));
        let task_id = r.text("task_id");
        if tasks.wbs_summaries.contains(task_id) {
            schedule.not_carried("assignments of P6 WBS summary activities");
            continue;
        }
        let Some(&task) = tasks.index.get(task_id) else {
            return Err(r.invalid(
                &who,
                format!("activity `{task_id}` (a `task_id`) is not in the `TASK` table"),
            ));
        };
        let code = schedule.tasks[task].id.clone();
        let Some(rsrc) = r.get("rsrc_id") else {
            schedule.not_carried("P6 role assignments without a resource");
            continue;
        };
        let Some(&resource) = ids.get(rsrc) else {
            return Err(r.invalid_task(
                &code,
                format!("assigned resource `{rsrc}` (an `rsrc_id`) is not in the `RSRC` table"),
            ));
        };
        let units = match schedule.resources[resource].kind {
            ResourceKind::Renewable => {
                r.number("target_qty_per_hr", &format!("activity `{code}`"))?
            }
            ResourceKind::Consumable => r.number("target_qty", &format!("activity `{code}`"))?,
        };
        if r.get("curv_id").is_some() {
            schedule.not_carried("P6 resource curves");
        }
        if r.number("target_lag_drtn_hr_cnt", &who)?
            .is_some_and(|lag| lag != 0.0)
        {
            schedule.not_carried("P6 assignment lags");
        }
        schedule.assignments.push(Assignment {
            task: code,
            resource: schedule.resources[resource].id.clone(),
            units: units.unwrap_or(0.0),
        });
    }
    Ok(())
}

/// `PROJCOST`: expenses, summed per activity into its fixed cost (`target_cost`).
fn expenses(ctx: &Context, tasks: &Read, schedule: &mut Schedule) -> Result<()> {
    let Some(table) = ctx.tables.get("PROJCOST") else {
        return Ok(());
    };
    table.required(ctx.source, "task_id")?;
    for r in table.records(ctx.source).filter(|r| ctx.ours(r)) {
        let task_id = r.text("task_id");
        let who = format!("expense {}", r.text("cost_item_id"));
        let Some(&task) = tasks.index.get(task_id) else {
            if tasks.wbs_summaries.contains(task_id) {
                schedule.not_carried("expenses of P6 WBS summary activities");
                continue;
            }
            return Err(r.invalid(
                &who,
                format!("activity `{task_id}` (a `task_id`) is not in the `TASK` table"),
            ));
        };
        let cost = r.number("target_cost", &who)?.unwrap_or(0.0);
        let fixed = &mut schedule.tasks[task].fixed_cost;
        *fixed = Some(fixed.unwrap_or(0.0) + cost);
    }
    Ok(())
}
