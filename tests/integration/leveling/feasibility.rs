//! Every levelled iteration is feasible: links, calendars, `joins` and capacities, checked by
//! `engine::leveling::check`, and the checker itself fails each broken rule.

use riskplan::engine::block::Block;
use riskplan::engine::leveling::check;
use riskplan::engine::network::link_bound;
use riskplan::engine::{self, LANES};
use riskplan::model::{CompileOptions, Model};

use super::{EPS, TWO_ON_ONE, scenario};
use crate::common::{compile, compile_with};

/// Checks a schedule given per task (a deterministic plan's layout) with
/// `engine::leveling::check`: the first broken rule, in words.
fn check_feasible(
    model: &Model,
    duration: &[f64],
    start: &[f64],
    finish: &[f64],
) -> Result<(), String> {
    check::tasks(model, duration, start, finish).map_err(|e| e.to_string())
}

/// Checks lane `l` of a block.
fn check_lane(model: &Model, b: &Block, l: usize) -> Result<(), String> {
    check::lane(model, &b.inputs.duration, &b.times, l).map_err(|e| e.to_string())
}

/// Every link type with lags and leads, working-day and continuous tasks, two roles that join
/// late, a half-time role, fractional and multiple allocations, and an instance quota that two
/// runs share.
const LINKS: &str = r#"
[project]
name = "links"
start = 2027-01-04
holidays = [2027-01-18]

[[people]]
role = "dev"
count = 2
rate_per_day = 500
joins = 2027-01-13

[[people]]
role = "ds"
count = 1
availability = 0.5
rate_per_day = 600

[[people]]
role = "ops"
count = 1
rate_per_day = 400
joins = 2027-01-06
leaves = 2027-03-31

[[instances]]
type = "gpu"
on_demand_per_hour = 3
max_running = 3

[[tasks]]
id = "spec"
estimate = { likely = 3, risk = "medium" }
people = { ds = 1 }

[[tasks]]
id = "build"
depends_on = [{ task = "spec", type = "SS", lag = 1 }]
estimate = { likely = 8, risk = "high" }
people = { dev = 1.5 }

[[tasks]]
id = "api"
depends_on = [{ task = "build", type = "FF", lag = 2 }]
estimate = { likely = 5, risk = "high" }
people = { dev = 1 }

[[tasks]]
id = "ui"
depends_on = [{ task = "spec", type = "SF", lag = 4 }]
estimate = { likely = 4, risk = "medium" }
people = { dev = 0.5, ds = 0.5 }

[[tasks]]
id = "soak"
calendar = "continuous"
depends_on = [{ task = "api", type = "SS", lag = 1.5 }]
estimate = { likely = 2, risk = "high" }
people = { ops = 0.5 }

[[tasks]]
id = "train"
depends_on = [{ task = "build", type = "SS", lag = 2 }]
compute = { instance = "gpu", count = 2, hours = { likely = 60, risk = "high" } }
people = { ops = 0.5 }

[[tasks]]
id = "sweep"
depends_on = [{ task = "spec", lag = -1 }]
compute = { instance = "gpu", count = 2, hours = { likely = 40, risk = "high" } }
people = { ops = 0.5 }

[[tasks]]
id = "eval"
depends_on = [{ task = "train", type = "FF", lag = -1 }, { task = "sweep", type = "SF", lag = 1 }]
estimate = { likely = 3, risk = "medium" }
people = { ds = 1, ops = 1 }

[[tasks]]
id = "ship"
depends_on = ["api", "ui", "soak", { task = "eval", type = "SS", lag = 1 }]
estimate = 2
people = { dev = 2, ops = 1 }
"#;

/// Checks the deterministic plan and `blocks` blocks of iterations of a plan; the number of
/// lanes in which some task waited for a resource (levelling changed the schedule).
fn assert_levelled_iterations_feasible(name: &str, m: &Model, blocks: u64) -> usize {
    assert!(m.leveling.active(), "{name}");
    let det = engine::deterministic(m);
    if let Err(e) = check_feasible(m, &det.duration, &det.start, &det.finish) {
        panic!("{name}, the deterministic plan: {e}");
    }
    let mut b = Block::new(m);
    let mut waited = 0;
    for block in 0..blocks {
        let first = block * LANES as u64;
        b.inputs.draw(m, 29, first, LANES, None);
        b.schedule(m);
        for l in 0..LANES {
            if let Err(e) = check_lane(m, &b, l) {
                panic!("{name}, iteration {}: {e}", first + l as u64);
            }
            waited += (b.totals[l].finish > b.unconstrained[l] + EPS) as usize;
        }
    }
    waited
}

#[test]
fn levelled_iterations_of_plans_with_every_kind_of_constraint_are_feasible() {
    let dl = scenario("dl-project.toml");
    let llm = scenario("llm-domain-adaptation.toml");
    // Late joiners, so that `joins` holds tasks back.
    let dl_joins = dl.replace(
        "rate_per_day = 820\n",
        "rate_per_day = 820\njoins = 2027-02-01\n",
    );
    let llm_joins = llm.replace(
        "rate_per_day = 820\n",
        "rate_per_day = 820\njoins = 2027-02-15\n",
    );
    assert!(dl_joins != dl && llm_joins != llm);
    let spot = CompileOptions::plan("spot");
    let plans = [
        ("dl-project", compile(&dl)),
        ("dl-project on Spot", compile_with(&dl, &spot)),
        ("dl-project, ML engineer from February", compile(&dl_joins)),
        ("llm-domain-adaptation", compile(&llm)),
        ("llm-domain-adaptation on Spot", compile_with(&llm, &spot)),
        (
            "llm-domain-adaptation, ML engineer late",
            compile(&llm_joins),
        ),
        ("links", compile(LINKS)),
    ];
    for (name, m) in &plans {
        let waited = assert_levelled_iterations_feasible(name, m, 128);
        // Capacities change the schedule of the plans that have a binding one (the language
        // model plan's roles never overlap, and its quota fits its runs: only `joins` moves
        // it).
        if *name != "llm-domain-adaptation" && *name != "llm-domain-adaptation on Spot" {
            assert!(waited > 0, "{name}: nothing waited");
        }
    }
}

#[test]
fn the_feasibility_checker_catches_each_broken_rule() {
    // The checker must fail schedules that break a rule, or the test above proves nothing.
    let m = compile(LINKS);
    let det = engine::deterministic(&m);
    let check =
        |start: &[f64], finish: &[f64]| check_feasible(&m, &det.duration, start, finish).err();
    assert_eq!(check(&det.start, &det.finish), None);
    let at = |id: &str| m.task_index(id).unwrap();
    let moved = |i: usize, to: f64| {
        let (mut s, mut f) = (det.start.clone(), det.finish.clone());
        s[i] = to;
        f[i] = m.add_work(m.tasks[i].calendar, to, det.duration[i]);
        (s, f)
    };
    // `api` a quarter day before its finish-to-finish link from `build` allows.
    let (api, build) = (at("api"), at("build"));
    let link = m.preds_of(api)[0];
    assert_eq!(link.task as usize, build);
    let allowed = link_bound(
        &m,
        m.tasks[api].calendar,
        &link,
        det.duration[api],
        det.start[build],
        det.finish[build],
    );
    let (s, f) = moved(api, allowed - 0.25);
    let e = check(&s, &f).expect("infeasible");
    assert!(
        e.contains("`api` starts") && e.contains("FF link from `build`"),
        "{e}"
    );
    // `build` before the developers join (day 9), but after `spec` starts.
    assert!(det.start[build] >= 9.0);
    let (s, f) = moved(build, 8.0);
    let e = check(&s, &f).expect("infeasible");
    assert!(e.contains("before `dev` joins"), "{e}");
    // A finish that is not the work's end.
    let mut f = det.finish.clone();
    f[build] += 0.5;
    assert!(
        check(&det.start, &f)
            .expect("infeasible")
            .contains("work ends")
    );
    // Two plain tasks for one person at once.
    let two = compile(TWO_ON_ONE);
    let d = engine::deterministic(&two);
    assert!(check_feasible(&two, &d.duration, &d.start, &d.finish).is_ok());
    let s = vec![0.0, 0.0];
    let f: Vec<f64> = (0..2)
        .map(|i| two.add_work(two.tasks[i].calendar, 0.0, d.duration[i]))
        .collect();
    let e = check_feasible(&two, &d.duration, &s, &f).expect_err("overlap");
    assert!(e.contains("`ds` has 2 in use at 0, of 1"), "{e}");
}
