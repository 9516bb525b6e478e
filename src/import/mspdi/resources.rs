//! The `<Resources>` and `<Assignments>` of an MS Project XML file. A resource is known by
//! its `UID`; `Type` 1 (work) is renewable with `MaxUnits` as its capacity (1.0: one
//! full-time person) and `StandardRate` (money per hour of work, whatever
//! `StandardRateFormat` shows it as) times the project's hours per day as its rate per day;
//! `Type` 0 (material) is consumable at `StandardRate` per unit; `Type` 2 (cost resources)
//! and the placeholder resource `UID` 0 are not carried. An assignment puts `Units` of a
//! resource on a task; one without a resource (`ResourceUID` -65535) is skipped, and one on
//! a summary or left-out task, or of zero units (a resource named but given no work), is
//! not carried.

use std::collections::{BTreeMap, HashMap};

use super::tasks::Read;
use super::values::Record;
use super::xml::Node;
use crate::error::Result;
use crate::import::schedule::{Assignment, Resource, ResourceKind};
use crate::scenario::Source;

/// The `ResourceUID` of an assignment without a resource.
const NO_RESOURCE: i64 = -65535;

/// Reads `<Resources>`; `hours_per_day` turns hourly rates into daily ones.
pub fn resources(
    source: &Source,
    project: &Node,
    hours_per_day: f64,
    not_carried: &mut BTreeMap<String, usize>,
) -> Result<Vec<Resource>> {
    let mut out: Vec<Resource> = Vec::new();
    let mut seen = HashMap::new();
    let Some(list) = project.child("Resources") else {
        return Ok(out);
    };
    for node in list.all("Resource") {
        let unnamed = Record::other(source, "a resource".into());
        let Some(uid) = unnamed.int(node, "UID")? else {
            return Err(unnamed.error(node, "has no `<UID>`"));
        };
        let record = Record::other(source, format!("resource `{uid}`"));
        if uid == 0 || record.flag(node, "IsNull")? {
            continue;
        }
        if seen.insert(uid, ()).is_some() {
            return Err(record.error(node, "appears twice; each resource needs its own `<UID>`"));
        }
        let rate = record.number(node, "StandardRate")?.filter(|r| *r != 0.0);
        let max_units = record.number(node, "MaxUnits")?;
        if max_units.is_some_and(|m| m < 0.0) {
            return Err(record.error(node, "`<MaxUnits>` must not be negative"));
        }
        let name = node
            .text("Name")
            .map(str::to_string)
            .unwrap_or_else(|| format!("Resource {uid}"));
        let resource = match record.int(node, "Type")?.unwrap_or(1) {
            1 => Resource {
                id: uid.to_string(),
                name,
                kind: ResourceKind::Renewable,
                capacity: Some(max_units.unwrap_or(1.0)),
                total: None,
                rate_per_day: rate.map(|r| r * hours_per_day),
                cost_per_unit: None,
            },
            0 => Resource {
                id: uid.to_string(),
                name,
                kind: ResourceKind::Consumable,
                capacity: None,
                total: None,
                rate_per_day: None,
                cost_per_unit: rate,
            },
            2 => {
                *not_carried.entry("cost resources".into()).or_default() += 1;
                continue;
            }
            other => {
                return Err(record.error(
                    node,
                    format!(
                        "`<Type>` is {other}; MS Project's are 0 (material), 1 (work) and 2 (cost)"
                    ),
                ));
            }
        };
        if record.number(node, "CostPerUse")?.is_some_and(|c| c != 0.0) {
            *not_carried
                .entry("costs per use of resources".into())
                .or_default() += 1;
        }
        out.push(resource);
    }
    Ok(out)
}

/// Reads `<Assignments>` of the `resources` read.
pub fn assignments(
    source: &Source,
    project: &Node,
    tasks: &Read,
    resources: &[Resource],
    not_carried: &mut BTreeMap<String, usize>,
) -> Result<Vec<Assignment>> {
    let mut out = Vec::new();
    let Some(list) = project.child("Assignments") else {
        return Ok(out);
    };
    let known: HashMap<&str, &Resource> = resources.iter().map(|r| (r.id.as_str(), r)).collect();
    for node in list.all("Assignment") {
        let label = match node.text("UID") {
            Some(uid) => format!("assignment `{uid}`"),
            None => "an assignment".into(),
        };
        let record = Record::other(source, label);
        let (Some(task), Some(resource)) = (
            record.int(node, "TaskUID")?,
            record.int(node, "ResourceUID")?,
        ) else {
            return Err(record.error(node, "needs a `<TaskUID>` and a `<ResourceUID>`"));
        };
        if resource == NO_RESOURCE {
            continue;
        }
        let task = task.to_string();
        let resource = resource.to_string();
        let Some(&row) = tasks.by_uid.get(&task) else {
            return Err(record.error(
                node,
                format!("names task `{task}`, which the file does not have"),
            ));
        };
        let Some(&res) = known.get(resource.as_str()) else {
            // A resource not carried (a cost resource) or not in the file.
            *not_carried
                .entry("assignments of resources not carried".into())
                .or_default() += 1;
            continue;
        };
        let row = &tasks.rows[row];
        let Some(t) = row.task else {
            *not_carried
                .entry("assignments to summary or left-out tasks".into())
                .or_default() += 1;
            continue;
        };
        let units = record.number(node, "Units")?.unwrap_or(1.0);
        if units < 0.0 {
            return Err(record.error(node, format!("`<Units>` must not be negative, not {units}")));
        }
        if units == 0.0 {
            *not_carried
                .entry("assignments of zero units".into())
                .or_default() += 1;
            continue;
        }
        out.push(Assignment {
            task: tasks.tasks[t].id.clone(),
            resource: res.id.clone(),
            units,
        });
    }
    Ok(out)
}
