//! What levelling needs from the compiled plan: the resources (roles with a `count`, instance
//! types with a `max_running`), each task's demands on them, the priority rule, how far a
//! part-time team stretches a task, and the levelling order (from the engine's heuristic).

use super::*;

/// Fills the levelling order: the start order of the deterministic plan's best levelled
/// schedule when capacities are in force, else the topological order.
pub fn sequence(model: &mut Model) {
    use crate::engine::leveling::baseline;
    let n = model.tasks.len();
    model.leveling.order = if model.leveling.active() {
        baseline::sequence(model, baseline::default_schedules(n)).order
    } else {
        (0..n as u32).collect()
    };
}

/// The levelling inputs of compiled tasks (in model order), enforced as the project's
/// `resource_constrained` says (before `--ignore-capacities`): by default, when any capacity
/// is given.
pub(super) fn leveling(
    project: &scenario::Project,
    roles: &[Role],
    instances: &[InstanceType],
    tasks: &[TaskModel],
) -> Leveling {
    let mut resources = Vec::new();
    let mut role_resource = vec![None; roles.len()];
    for (r, role) in roles.iter().enumerate() {
        if let Some(count) = role.count {
            role_resource[r] = Some(resources.len() as u32);
            resources.push(Resource {
                name: role.name.clone(),
                kind: ResourceKind::Role(r as u32),
                capacity: count,
                from: role.joins,
            });
        }
    }
    let mut instance_resource = vec![None; instances.len()];
    for (k, inst) in instances.iter().enumerate() {
        if let Some(max) = inst.max_running {
            instance_resource[k] = Some(resources.len() as u32);
            resources.push(Resource {
                name: inst.name.clone(),
                kind: ResourceKind::Instance(k as u32),
                capacity: max as f64,
                from: 0.0,
            });
        }
    }
    // Level-of-effort activities demand nothing: they are hammocks that follow the schedule,
    // and their work is assumed to fit beside the tasks'.
    let mut demand_offsets = Vec::with_capacity(tasks.len() + 1);
    demand_offsets.push(0u32);
    let mut demands = Vec::new();
    for t in tasks {
        for &(r, allocation) in &t.people {
            if let Some(res) = role_resource[r as usize]
                && allocation > 0.0
            {
                demands.push((res, allocation));
            }
        }
        if let Work::Compute {
            instance, count, ..
        } = &t.work
            && let Some(res) = instance_resource[*instance as usize]
        {
            demands.push((res, *count as f64));
        }
        demand_offsets.push(demands.len() as u32);
    }
    let constrained = project
        .resource_constrained
        .unwrap_or(!resources.is_empty());
    Leveling {
        enforced: constrained,
        rule: match project.priority {
            scenario::Priority::Lft => PriorityRule::LatestFinish,
            scenario::Priority::Lst => PriorityRule::LatestStart,
            scenario::Priority::Mts => PriorityRule::MostSuccessors,
            scenario::Priority::Grpw => PriorityRule::RankPositionalWeight,
            scenario::Priority::Spt => PriorityRule::ShortestFirst,
            scenario::Priority::File => PriorityRule::FileOrder,
        },
        resources,
        demand_offsets,
        demands,
        // A placeholder (model order, which is precedence-feasible): compile's caller
        // sequencing fills in the start order of the deterministic levelled plan.
        order: (0..tasks.len() as u32).collect(),
    }
}

/// Elapsed days per day of a task's work: 1 / the lowest availability among its people, so
/// that a half-time person takes twice as long. Compute runs take as long as the run.
pub(super) fn stretch(t: &TaskModel, roles: &[Role]) -> f64 {
    if !matches!(t.work, Work::Duration(_)) {
        return 1.0;
    }
    let lowest = t
        .people
        .iter()
        .filter(|&&(_, allocation)| allocation > 0.0)
        .map(|&(r, _)| roles[r as usize].availability)
        .fold(1.0, f64::min);
    1.0 / lowest
}
