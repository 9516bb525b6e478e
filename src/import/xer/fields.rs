//! Per-activity text an XER file holds beyond the schedule: user-defined fields (`UDFTYPE`,
//! `UDFVALUE`) under their title (`udf_type_label`), and activity codes (`ACTVTYPE`,
//! `ACTVCODE`, `TASKACTV`) under their code type's name with the code's value
//! (`short_name`). They go into [`Task::fields`](crate::import::schedule::Task::fields), where
//! `--risk-field` finds a risk level. A value is the field's text, else its number, else its
//! date. Values of fields of other tables (resources, WBS nodes, ...) and code assignments
//! whose code is not in the file are counted as not carried.

use std::collections::HashMap;

use super::Context;
use super::tasks::Read;
use crate::error::Result;
use crate::import::schedule::Schedule;

/// Reads user-defined fields and activity codes into the tasks' fields.
pub fn read(ctx: &Context, tasks: &Read, schedule: &mut Schedule) -> Result<()> {
    user_fields(ctx, tasks, schedule);
    activity_codes(ctx, tasks, schedule);
    Ok(())
}

fn user_fields(ctx: &Context, tasks: &Read, schedule: &mut Schedule) {
    let (Some(types), Some(values)) = (ctx.tables.get("UDFTYPE"), ctx.tables.get("UDFVALUE"))
    else {
        return;
    };
    // udf_type_id -> (title, whether it is a field of activities).
    let titles: HashMap<&str, (&str, bool)> = types
        .records(ctx.source)
        .map(|r| {
            let title = r.get("udf_type_label").unwrap_or(r.text("udf_type_name"));
            (
                r.text("udf_type_id"),
                (title, r.text("table_name") == "TASK"),
            )
        })
        .collect();
    for r in values.records(ctx.source).filter(|r| ctx.ours(r)) {
        let Some(&(title, of_task)) = titles.get(r.text("udf_type_id")) else {
            schedule.not_carried("P6 user-defined field values of unknown fields");
            continue;
        };
        if !of_task {
            schedule.not_carried("P6 user-defined field values of resources, WBS and others");
            continue;
        }
        let Some(&task) = tasks.index.get(r.text("fk_id")) else {
            schedule.not_carried("P6 user-defined field values of activities not read");
            continue;
        };
        let value = r
            .get("udf_text")
            .or_else(|| r.get("udf_number"))
            .or_else(|| r.get("udf_date"))
            .or_else(|| r.get("udf_code_id"));
        if let Some(value) = value {
            schedule.tasks[task]
                .fields
                .insert(title.to_string(), value.to_string());
        }
    }
}

fn activity_codes(ctx: &Context, tasks: &Read, schedule: &mut Schedule) {
    let (Some(types), Some(codes), Some(assigned)) = (
        ctx.tables.get("ACTVTYPE"),
        ctx.tables.get("ACTVCODE"),
        ctx.tables.get("TASKACTV"),
    ) else {
        return;
    };
    let type_names: HashMap<&str, &str> = types
        .records(ctx.source)
        .map(|r| (r.text("actv_code_type_id"), r.text("actv_code_type")))
        .collect();
    // actv_code_id -> (type name, value).
    let values: HashMap<&str, (&str, &str)> = codes
        .records(ctx.source)
        .filter_map(|r| {
            let type_name = type_names.get(r.text("actv_code_type_id"))?;
            let value = r.get("short_name").unwrap_or(r.text("actv_code_name"));
            Some((r.text("actv_code_id"), (*type_name, value)))
        })
        .collect();
    for r in assigned.records(ctx.source).filter(|r| ctx.ours(r)) {
        let Some(&task) = tasks.index.get(r.text("task_id")) else {
            schedule.not_carried("P6 activity codes of activities not read");
            continue;
        };
        let Some(&(name, value)) = values.get(r.text("actv_code_id")) else {
            schedule.not_carried("P6 activity code assignments naming no code in the file");
            continue;
        };
        let fields = &mut schedule.tasks[task].fields;
        let key = if fields.contains_key(name) {
            format!("{name} (activity code)")
        } else {
            name.to_string()
        };
        fields.insert(key, value.to_string());
    }
}
