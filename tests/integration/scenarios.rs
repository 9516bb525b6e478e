//! The plans in `scenarios/`: the generated benchmark plans (one of them levelled, with
//! capacities that bind) are byte-identical to their generator below, every scenario compiles
//! and runs, and the deep-learning example gives the figures its comments promise.
//!
//! After changing the generator, rewrite the benchmark plans with
//! `cargo test --test integration -- --ignored regenerate`
//! and commit them with the change.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use rand::Rng;
use rand_pcg::Pcg64Mcg;

use crate::common;
use riskplan::{engine, model, scenario};

/// What makes a generated plan levelled: how many people each role has (in the order of
/// `ROLES`) and how many instances of each type may run at once (in the order of `INSTANCES`).
pub struct Capacities {
    people: [u32; ROLES.len()],
    max_running: [u32; INSTANCES.len()],
}

/// Capacities that bind on the 1,000-task plan. In a rough serial schedule of its most likely
/// durations, the six backend engineers alone make it about a third longer, the three frontend
/// engineers about a fifth and the three ML engineers about a tenth; the data scientists and QA
/// engineers rarely hold anything up. Every count covers the largest single demand of the
/// generated tasks (one person; four p3.2xlarge or g6e.xlarge, two p4d.24xlarge), as a task
/// needing more than exists is an error.
const BINDING: Capacities = Capacities {
    people: [6, 3, 3, 3, 3],
    max_running: [4, 4, 2],
};

/// The generated benchmark plans: (file name, number of tasks, generator seed, capacities). A
/// plan with capacities has the same tasks as the plan of the same size and seed without.
const GENERATED: [(&str, usize, u64, Option<&Capacities>); 3] = [
    ("bench-1000.toml", 1000, 0x5EED_1000, None),
    ("bench-100.toml", 100, 0x5EED_0100, None),
    (
        "bench-1000-levelled.toml",
        1000,
        0x5EED_1000,
        Some(&BINDING),
    ),
];

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// A small seeded generator with its own range helpers (not `rand`'s), so that the output
/// depends only on PCG's stream, which is stable.
struct Gen(Pcg64Mcg);

impl Gen {
    fn new(seed: u64) -> Self {
        Gen(Pcg64Mcg::new(
            0xCAFE_F00D_D15E_A5E5_u128 << 64 | seed as u128,
        ))
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform integer in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        ((self.0.next_u64() as u128 * n as u128) >> 64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// An index drawn with the given integer weights.
    fn weighted(&mut self, weights: &[usize]) -> usize {
        let mut r = self.below(weights.iter().sum());
        for (i, &w) in weights.iter().enumerate() {
            if r < w {
                return i;
            }
            r -= w;
        }
        unreachable!("r < sum of weights")
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A number as TOML: rounded to one decimal, integers without a fraction.
fn num(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// A random estimate around `likely` in one of the forms a user writes: mostly PERT
/// three-point estimates and risk levels, some triangular, uniform and fixed.
fn estimate(g: &mut Gen, likely: f64) -> String {
    let lo = |g: &mut Gen| num(likely * (0.5 + 0.4 * g.unit()));
    let hi = |g: &mut Gen| num(likely * (1.2 + 1.8 * g.unit()));
    match g.weighted(&[45, 40, 6, 4, 5]) {
        0 => {
            let (min, max) = (lo(g), hi(g));
            format!(
                "{{ min = {min}, likely = {}, max = {max}, dist = \"pert\" }}",
                num(likely)
            )
        }
        1 => {
            let risk = ["low", "medium", "high", "very_high"][g.weighted(&[30, 35, 25, 10])];
            format!("{{ likely = {}, risk = \"{risk}\" }}", num(likely))
        }
        2 => {
            let (min, max) = (lo(g), hi(g));
            format!(
                "{{ min = {min}, likely = {}, max = {max}, dist = \"triangular\" }}",
                num(likely)
            )
        }
        3 => {
            let (min, max) = (lo(g), hi(g));
            format!("{{ min = {min}, max = {max}, dist = \"uniform\" }}")
        }
        _ => num(likely),
    }
}

/// Workstreams of the generated plans: (name, the role that does most of its work, whether it
/// trains models on cloud instances).
const STREAMS: [(&str, &str, bool); 25] = [
    ("api", "backend-engineer", false),
    ("ranking", "data-scientist", true),
    ("frontend", "frontend-engineer", false),
    ("ingest", "backend-engineer", false),
    ("training", "ml-engineer", true),
    ("auth", "backend-engineer", false),
    ("search", "backend-engineer", false),
    ("mobile", "frontend-engineer", false),
    ("feature-store", "data-scientist", true),
    ("billing", "backend-engineer", false),
    ("monitoring", "qa-engineer", false),
    ("serving", "ml-engineer", true),
    ("catalog", "backend-engineer", false),
    ("checkout", "frontend-engineer", false),
    ("recommender", "data-scientist", true),
    ("etl", "backend-engineer", false),
    ("gateway", "backend-engineer", false),
    ("reporting", "frontend-engineer", false),
    ("analytics", "data-scientist", true),
    ("storage", "backend-engineer", false),
    ("security", "qa-engineer", false),
    ("notifications", "backend-engineer", false),
    ("data-lake", "ml-engineer", false),
    ("infra", "ml-engineer", false),
    ("docs", "qa-engineer", false),
];

/// (role, rate per day).
const ROLES: [(&str, u32); 5] = [
    ("backend-engineer", 720),
    ("frontend-engineer", 680),
    ("data-scientist", 760),
    ("ml-engineer", 800),
    ("qa-engineer", 560),
];

/// (type, on-demand USD per hour, weight among compute tasks): SkyPilot catalog prices.
const INSTANCES: [(&str, f64, usize); 3] = [
    ("p3.2xlarge", 3.06, 5),
    ("g6e.xlarge", 1.86, 4),
    ("p4d.24xlarge", 21.96, 1),
];

const ACTIVITIES: [&str; 10] = [
    "Design",
    "Prototype",
    "Implement",
    "Integrate",
    "Review",
    "Test",
    "Harden",
    "Migrate",
    "Document",
    "Tune",
];

/// 2027 and 2028 US federal holidays (observed dates).
const HOLIDAYS: [&str; 21] = [
    "2027-01-18",
    "2027-02-15",
    "2027-05-31",
    "2027-06-18",
    "2027-07-05",
    "2027-09-06",
    "2027-10-11",
    "2027-11-11",
    "2027-11-25",
    "2027-12-24",
    "2027-12-31",
    "2028-01-17",
    "2028-02-21",
    "2028-05-29",
    "2028-06-19",
    "2028-07-04",
    "2028-09-04",
    "2028-10-09",
    "2028-11-10",
    "2028-11-23",
    "2028-12-25",
];

/// A benchmark plan of `n` tasks (at least 10): a kick-off, then workstreams that each run as
/// a long chain of phases (sometimes forking into two branches) with 0-3 extra dependencies
/// on recent tasks of other streams (merges), and a release that waits for every open end.
/// With `capacities`, the same plan (the same draws) with those teams and instance quotas,
/// levelled.
pub fn generate(n: usize, seed: u64, capacities: Option<&Capacities>) -> String {
    assert!(n >= 10, "a benchmark plan needs at least 10 tasks");
    let mut g = Gen::new(seed);
    let streams = (n / 40).clamp(3, STREAMS.len());
    let work = n - 2;
    let phases = work.div_ceil(streams);
    let ids: Vec<String> = (0..work)
        .map(|k| format!("{}-{:02}", STREAMS[k % streams].0, k / streams + 1))
        .collect();
    let beta_phase = phases * 2 / 3;

    let mut s = String::new();
    let levelled = if capacities.is_some() {
        ", levelled"
    } else {
        ""
    };
    let _ = writeln!(
        s,
        "# A generated benchmark plan: {n} tasks in {streams} workstreams of about {phases} phases{levelled}."
    );
    let _ = writeln!(
        s,
        "# Do not edit: tests/integration/scenarios.rs writes it (seed {seed:#x}); rewrite it with"
    );
    s.push_str("#   cargo test --test integration -- --ignored regenerate\n");
    s.push_str(
        "# Each stream is a long chain (forking now and then); most tasks also wait for 1-3 recent\n\
         # tasks of other streams (merges). Estimates mix PERT three-point estimates, risk levels,\n\
         # triangular, uniform and fixed values; ML streams train on cloud GPUs (compute tasks on\n\
         # the continuous calendar); some tasks carry fixed costs. Prices: SkyPilot catalog\n\
         # (github skypilot-org/skypilot-catalog, catalogs/v8/aws/vms.csv), on-demand, US regions.\n",
    );
    if capacities.is_some() {
        let _ = write!(
            s,
            "# Levelled: the tasks of the unlevelled {n}-task plan of the same seed, with teams and\n\
             # instance quotas (`max_running`) small enough that the serial schedule generation\n\
             # sequences tasks in every iteration. The backend, frontend and ML engineers are the\n\
             # bottlenecks; the people are paid throughout (the default with a count).\n",
        );
    }
    s.push('\n');
    s.push_str("[project]\n");
    let _ = writeln!(s, "name = \"Benchmark platform ({n} tasks{levelled})\"");
    s.push_str("start = 2027-01-04\ncurrency = \"USD\"\nconfidence = 0.8\nsprint_days = 10\n");
    if capacities.is_some() {
        s.push_str("resource_constrained = true\npriority = \"lft\"\n");
    }
    s.push_str("# US federal holidays, observed dates.\nholidays = [\n");
    for h in HOLIDAYS {
        let _ = writeln!(s, "  {h},");
    }
    s.push_str("]\n");

    // Without capacities the roles are pools (no `count`): the plain network schedule, people
    // paid for the days they work.
    for (r, (role, rate)) in ROLES.into_iter().enumerate() {
        let _ = write!(s, "\n[[people]]\nrole = \"{role}\"\n");
        if let Some(c) = capacities {
            let _ = writeln!(s, "count = {}", c.people[r]);
        }
        let _ = writeln!(s, "rate_per_day = {rate}");
    }
    for (k, (kind, price, _)) in INSTANCES.into_iter().enumerate() {
        let _ = write!(
            s,
            "\n[[instances]]\ntype = \"{kind}\"\non_demand_per_hour = {price}\n"
        );
        if let Some(c) = capacities {
            let _ = writeln!(s, "max_running = {}", c.max_running[k]);
        }
    }
    let _ = write!(
        s,
        "\n[[milestones]]\nid = \"design-complete\"\nname = \"Every stream's design done\"\n\
         \n[[milestones]]\nid = \"beta\"\nname = \"Feature-complete beta (phase {beta_phase})\"\n\
         \n[[milestones]]\nid = \"release\"\nname = \"General availability\"\n"
    );

    s.push_str(
        "\n[[tasks]]\nid = \"kickoff\"\nname = \"Kick-off and planning\"\nestimate = 2\n\
         people = { backend-engineer = 1.0, data-scientist = 1.0, frontend-engineer = 1.0, ml-engineer = 1.0, qa-engineer = 1.0 }\n",
    );

    // Dependencies first: (predecessor, link) per task.
    let mut preds: Vec<Vec<(usize, String)>> = vec![Vec::new(); work];
    for (k, ps) in preds.iter_mut().enumerate().skip(streams) {
        let phase = k / streams;
        // The stream's chain: usually the previous phase, sometimes two back (a fork).
        let back = if phase >= 2 && g.chance(0.15) { 2 } else { 1 };
        let mut from = vec![k - back * streams];
        // Merges: recent tasks of other streams.
        let extra = g.weighted(&[40, 35, 17, 8]);
        let lo = phase.saturating_sub(4) * streams;
        let hi = phase * streams;
        for _ in 0..extra {
            let p = lo + g.below(hi - lo);
            if p % streams != k % streams && !from.contains(&p) {
                from.push(p);
            }
        }
        for p in from {
            let id = &ids[p];
            let link = match g.weighted(&[92, 5, 3]) {
                0 if g.chance(0.06) => format!("{{ task = \"{id}\", lag = {} }}", 1 + g.below(3)),
                0 => format!("\"{id}\""),
                1 => format!(
                    "{{ task = \"{id}\", type = \"SS\", lag = {} }}",
                    2 + g.below(4)
                ),
                _ => format!(
                    "{{ task = \"{id}\", type = \"FF\", lag = {} }}",
                    1 + g.below(2)
                ),
            };
            ps.push((p, link));
        }
    }
    // A planner closes open ends: a task nothing waits for feeds its stream's next phase
    // (or the one after, when that already has four predecessors).
    let mut has_successor = vec![false; work];
    for ps in &preds {
        for (p, _) in ps {
            has_successor[*p] = true;
        }
    }
    for k in 0..work {
        if has_successor[k] {
            continue;
        }
        for next in [k + streams, k + 2 * streams] {
            if next < work && preds[next].len() < 4 {
                preds[next].push((k, format!("\"{}\"", ids[k])));
                has_successor[k] = true;
                break;
            }
        }
    }

    for k in 0..work {
        let (stream, primary, ml) = STREAMS[k % streams];
        let phase = k / streams;
        let deps: Vec<&str> = if phase == 0 {
            vec!["\"kickoff\""]
        } else {
            preds[k].iter().map(|(_, link)| link.as_str()).collect()
        };

        let activity = g.pick(&ACTIVITIES);
        let _ = write!(
            s,
            "\n[[tasks]]\nid = \"{}\"\nname = \"{activity} {stream}, phase {}\"\ndepends_on = [{}]\n",
            ids[k],
            phase + 1,
            deps.join(", ")
        );
        if g.chance(if ml { 0.3 } else { 0.02 }) {
            let (kind, _, _) = INSTANCES[g.weighted(&INSTANCES.map(|i| i.2))];
            let count = if kind == "p4d.24xlarge" {
                1 + g.below(2)
            } else {
                [1, 1, 2, 4][g.below(4)]
            };
            let hours = (6 + g.below(20) + g.below(100)) as f64;
            let _ = writeln!(
                s,
                "compute = {{ instance = \"{kind}\", count = {count}, hours = {} }}",
                estimate(&mut g, hours)
            );
            let _ = writeln!(s, "people = {{ ml-engineer = 0.25 }}");
        } else {
            let mut likely = (1 + g.below(6) + g.below(6)) as f64;
            if g.chance(0.2) {
                likely += g.below(10) as f64;
            }
            if g.chance(0.3) {
                likely -= 0.5;
            }
            let _ = writeln!(s, "estimate = {}", estimate(&mut g, likely));
            if g.chance(0.01) {
                s.push_str("calendar = \"continuous\"\n");
            }
            let main = ["1.0", "1.0", "0.5"][g.below(3)];
            let mut people = vec![(primary, main)];
            if g.chance(0.35) {
                let (other, _) = ROLES[g.below(ROLES.len())];
                if other != primary {
                    people.push((other, ["0.25", "0.5"][g.below(2)]));
                }
            }
            people.sort();
            let people: Vec<String> = people.iter().map(|(r, a)| format!("{r} = {a}")).collect();
            let _ = writeln!(s, "people = {{ {} }}", people.join(", "));
        }
        if g.chance(0.08) {
            let amount = (5 + g.below(150)) as f64 * 100.0;
            let cost = match g.below(3) {
                0 => num(amount),
                1 => format!("{{ likely = {}, risk = \"medium\" }}", num(amount)),
                _ => format!(
                    "{{ min = {}, likely = {}, max = {}, dist = \"pert\" }}",
                    num(amount * 0.8),
                    num(amount),
                    num(amount * 1.6)
                ),
            };
            let _ = writeln!(s, "cost = {cost}");
        }
        if phase == 4.min(phases - 1) {
            s.push_str("milestone = \"design-complete\"\n");
        } else if phase == beta_phase {
            s.push_str("milestone = \"beta\"\n");
        }
    }

    let open: Vec<String> = (0..work)
        .filter(|&k| !has_successor[k])
        .map(|k| format!("\"{}\"", ids[k]))
        .collect();
    let _ = write!(
        s,
        "\n[[tasks]]\nid = \"release\"\nname = \"Release to production\"\ndepends_on = [{}]\n\
         estimate = {{ likely = 3, risk = \"medium\" }}\n\
         people = {{ backend-engineer = 1.0, ml-engineer = 1.0, qa-engineer = 1.0 }}\n\
         cost = 5000\nmilestone = \"release\"\n",
        open.join(", ")
    );
    s
}

#[test]
fn generated_benchmark_plans_match_their_generator() {
    for (file, n, seed, capacities) in GENERATED {
        let path = scenarios_dir().join(file);
        let on_disk = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        assert!(
            on_disk == generate(n, seed, capacities),
            "{file} differs from its generator; run `cargo test --test integration -- --ignored regenerate`"
        );
    }
}

#[test]
#[ignore = "rewrites scenarios/bench-*.toml"]
fn regenerate() {
    for (file, n, seed, capacities) in GENERATED {
        std::fs::write(scenarios_dir().join(file), generate(n, seed, capacities))
            .expect("writable scenarios/");
    }
}

#[test]
fn generated_plans_have_the_size_and_shape_asked_for() {
    for (file, n, seed, capacities) in GENERATED {
        let text = generate(n, seed, capacities);
        let model = common::compile(&text);
        assert_eq!(model.tasks.len(), n, "{file}");
        // Every task but the kick-off has 1 to 4 predecessors (the release waits for all open ends).
        for i in 0..n {
            let k = model.preds_of(i).len();
            match model.tasks[i].id.as_str() {
                "kickoff" => assert_eq!(k, 0),
                "release" => assert!(k >= 1),
                id => assert!((1..=4).contains(&k), "{file}: `{id}` has {k} predecessors"),
            }
        }
        let compute = model
            .tasks
            .iter()
            .filter(|t| matches!(t.work, model::Work::Compute { .. }))
            .count();
        assert!(compute >= n / 100, "{file}: {compute} compute tasks");
        assert_eq!(model.milestones.len(), 3, "{file}");
        assert_eq!(model.roles.len(), 5, "{file}");
        if capacities.is_some() {
            // Every role and every instance type is a capacity, enforced.
            assert!(model.leveling.active(), "{file}");
            assert_eq!(
                model.leveling.resources.len(),
                ROLES.len() + INSTANCES.len(),
                "{file}"
            );
        }
    }
}

#[test]
fn a_levelled_plan_has_the_tasks_of_its_unlevelled_twin() {
    // Everything from the milestones on: the tasks, their estimates and dependencies.
    let tasks = |text: &str| -> String {
        let from = text
            .find("\n[[milestones]]")
            .expect("milestones after the header");
        text[from..].to_string()
    };
    for (file, n, seed, capacities) in GENERATED {
        if capacities.is_some() {
            let (levelled, twin) = (generate(n, seed, capacities), generate(n, seed, None));
            assert!(tasks(&levelled) == tasks(&twin), "{file}");
        }
    }
}

/// Every `.toml` in `scenarios/`.
fn all_scenarios() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenarios_dir())
        .expect("scenarios/ exists")
        .map(|e| e.expect("a readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
}

fn load(path: &Path) -> model::Model {
    let (sc, source) = scenario::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    model::compile(&sc, &source).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn every_scenario_compiles_and_runs() {
    let files = all_scenarios();
    assert!(files.len() >= 3, "scenarios/ holds {files:?}");
    for path in files {
        let model = load(&path);
        let (_, report) = common::run(&model, 500, 1);
        let d = &report.duration_days;
        assert!(
            d.p10 <= d.p50 && d.p50 <= d.p80 && d.p80 <= d.p99,
            "{}: percentiles out of order: {d:?}",
            path.display()
        );
        assert!(report.cost.stats.mean > 0.0, "{}", path.display());
    }
}

#[test]
fn dl_project_is_a_four_to_six_month_plan_with_a_real_buffer() {
    let model = load(&scenarios_dir().join("dl-project.toml"));
    let det = engine::deterministic(&model).totals;
    let days = model.project_days(det.finish);
    assert!(
        (80.0..=130.0).contains(&days),
        "deterministic duration {days} working days"
    );
    let (_, report) = common::run(&model, 20_000, 42);
    assert_eq!(report.deterministic.duration_days, days);
    let se = report.standard_error.duration_days.p80;
    assert!(
        report.duration_days.p80 > days + 3.0 * se,
        "P80 {} (se {se}) is not beyond the deterministic {days}",
        report.duration_days.p80
    );
    // Merge bias and right-skewed risk levels: the deterministic date is rarely met.
    assert!(report.deterministic.probability_on_time < 0.5);
    assert!(report.buffer.days > 0.0 && report.reserve.cost > 0.0);
    let ids: Vec<&str> = report.milestones.iter().map(|m| m.id.as_str()).collect();
    assert!(
        ids.contains(&"mvp") && ids.contains(&"full-product"),
        "{ids:?}"
    );
    assert!(report.deadline.is_some() && report.budget.is_some());
    assert!(report.cost.by_category.compute.mean > 0.0);
    assert!(report.cost.by_category.fixed.mean > 0.0);
}
