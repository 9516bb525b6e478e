//! The resource-critical path: a task that waits for a person is critical with the task that
//! held them, and the person is the bottleneck.

use riskplan::engine;
use riskplan::model::CompileOptions;

use crate::common::{CONTINUOUS, compile, compile_with, run};

#[test]
fn a_task_that_waits_for_a_person_is_critical_with_the_task_that_held_them() {
    // `a` and `b` share the one data scientist, with no link between them; `c` is the tester's
    // own and short. Whichever of `a` and `b` goes second waits for the other: both are on the
    // critical path, in every iteration, and the data scientist is always the bottleneck.
    let text = format!(
        "{CONTINUOUS}\n[[people]]\nrole = \"ds\"\ncount = 1\nrate_per_day = 100\n\n\
         [[people]]\nrole = \"qa\"\ncount = 1\nrate_per_day = 100\n\n\
         [[tasks]]\nid = \"a\"\nestimate = {{ min = 6, likely = 10, max = 20 }}\npeople = {{ ds = 1 }}\n\n\
         [[tasks]]\nid = \"b\"\nestimate = {{ min = 3, likely = 5, max = 9 }}\npeople = {{ ds = 1 }}\n\n\
         [[tasks]]\nid = \"c\"\nestimate = {{ min = 1, likely = 2, max = 4 }}\npeople = {{ qa = 1 }}\n"
    );
    let m = compile(&text);
    let det = engine::deterministic(&m);
    let crit = |id: &str| det.critical[m.task_index(id).unwrap()];
    assert!(crit("a") && crit("b") && !crit("c"));
    let (_, report) = run(&m, 2_000, 6);
    let mut path = report.deterministic.critical_path.clone();
    path.sort();
    assert_eq!(path, ["a", "b"]);
    for t in &report.tasks {
        let expected = if t.id == "c" { 0.0 } else { 1.0 };
        assert_eq!(t.criticality, expected, "{}", t.id);
    }
    let share: Vec<(&str, f64)> = report
        .resources
        .iter()
        .map(|r| (r.name.as_str(), r.bottleneck_share))
        .collect();
    assert_eq!(share, [("ds", 1.0), ("qa", 0.0)]);
    // Without levelling, the shorter of the two is not critical.
    let options = CompileOptions {
        ignore_capacities: true,
        ..Default::default()
    };
    let free = compile_with(&text, &options);
    let det = engine::deterministic(&free);
    assert_eq!(det.critical, [true, false, false]);
}
