//! Each task's cost over the iterations whose task costs are kept (the sample behind the
//! cost drivers): what the playbook's resource-allocation table shows per task.

use crate::engine::Outcomes;
use crate::report::TaskCost;

use super::percentiles::{Sorted, mean_std};

/// Task `i`'s mean, P50 and P80 cost over the sampled iterations; zeros when none are.
pub(super) fn task_cost(out: &Outcomes, i: usize) -> TaskCost {
    let column = out.sampled_task_costs(i);
    if column.is_empty() {
        return TaskCost {
            mean: 0.0,
            p50: 0.0,
            p80: 0.0,
        };
    }
    let sorted = Sorted::new(column.iter().map(|&c| c as f64).collect());
    let (mean, _) = mean_std(sorted.values());
    TaskCost {
        mean,
        p50: sorted.quantile(0.5),
        p80: sorted.quantile(0.8),
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::{compile, report};

    #[test]
    fn a_task_costs_its_people_and_fixed_cost_at_each_percentile() {
        let model = compile(
            "[project]\nname = \"p\"\nstart = 2027-01-04\n\n[[people]]\nrole = \"dev\"\nrate_per_day = 100\n\n[[tasks]]\nid = \"a\"\nestimate = { min = 10, max = 20, dist = \"uniform\" }\npeople = { dev = 1.0 }\n\n[[tasks]]\nid = \"b\"\nestimate = 1\ncost = 500\n",
        );
        let r = report(&model, 4000, 7);
        let a = &r.tasks.iter().find(|t| t.id == "a").unwrap().cost;
        // 100 a day for a uniform 10 to 20 days: P50 near 1,500, P80 near 1,800.
        assert!((a.p50 - 1500.0).abs() < 30.0, "{a:?}");
        assert!((a.p80 - 1800.0).abs() < 30.0, "{a:?}");
        assert!((a.mean - 1500.0).abs() < 30.0, "{a:?}");
        let b = &r.tasks.iter().find(|t| t.id == "b").unwrap().cost;
        assert_eq!((b.p50, b.p80, b.mean), (500.0, 500.0, 500.0));
    }
}
