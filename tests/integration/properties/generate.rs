//! Valid scenarios drawn at random: a random network of a few to 30 tasks (links of all four
//! kinds, leads and lags), every estimate form, roles with and without capacities, levelling
//! on or off, cloud runs on-demand and on Spot, risk events with and without mitigations,
//! milestones with deadlines, a correlation group, a level-of-effort activity and plans. Each
//! is written as the TOML a user would write.

use std::fmt::Write;

use proptest::prelude::*;

/// An uncertain quantity: which form, its most likely value, and the low and high ends as
/// fractions of it.
#[derive(Debug, Clone)]
pub struct Est {
    form: u8,
    likely: f64,
    low: f64,
    high: f64,
}

/// The forms of `Est::toml`, one for each way an estimate is written.
const FORMS: u8 = 13;
const LEVELS: [&str; 4] = ["low", "medium", "high", "very_high"];
const LINKS: [&str; 4] = ["FS", "SS", "FF", "SF"];

fn est(likely: std::ops::Range<f64>) -> impl Strategy<Value = Est> {
    (0..FORMS, likely, 0.5..0.95f64, 1.05..3.0f64).prop_map(|(form, likely, low, high)| Est {
        form,
        likely,
        low,
        high,
    })
}

impl Est {
    fn toml(&self) -> String {
        let l = self.likely;
        let (min, max) = (l * self.low, l * self.high);
        match self.form {
            0 => format!("{l}"),
            1 => format!("{{ value = {l} }}"),
            2 => format!(
                "{{ likely = {l}, risk = \"{}\" }}",
                LEVELS[(self.high * 10.0) as usize % 4]
            ),
            3 => format!("{{ min = {min}, likely = {l}, max = {max} }}"),
            4 => format!("{{ min = {min}, likely = {l}, max = {max}, dist = \"pert\" }}"),
            5 => format!("{{ min = {min}, likely = {l}, max = {max}, dist = \"triangular\" }}"),
            6 => format!("{{ min = {min}, max = {max}, dist = \"uniform\" }}"),
            7 => format!("{{ likely = {l}, dist = \"fixed\" }}"),
            8 => format!("{{ mean = {l}, sd = {} }}", l * (1.0 - self.low)),
            9 => format!("{{ p10 = {min}, p90 = {max}, dist = \"lognormal\" }}"),
            10 => format!(
                "{{ mean = {l}, sd = {}, dist = \"lognormal\" }}",
                l * (self.high - 1.0) / 2.0
            ),
            11 => format!("{{ min = {min}, likely = {l}, max = {max}, dist = \"lognormal\" }}"),
            _ => format!(
                "{{ values = [{min}, {l}, {max}], weights = [1, {}, 1], dist = \"discrete\" }}",
                1.0 + self.high
            ),
        }
    }
}

/// What a task does: work of a number of days, or a run on cloud instances.
#[derive(Debug, Clone)]
pub enum Work {
    Days {
        est: Est,
        continuous: bool,
    },
    Compute {
        instance: usize,
        count: u32,
        hours: Est,
        spot: bool,
    },
}

#[derive(Debug, Clone)]
pub struct TaskSpec {
    /// Predecessors: how many tasks back (1 = the previous one), link kind, lag in days.
    deps: Vec<(usize, usize, i32)>,
    work: Work,
    /// Role index and allocation.
    people: Vec<(usize, f64)>,
    cost: Option<Est>,
    milestone: Option<usize>,
}

#[derive(Debug, Clone)]
pub struct RiskSpec {
    probability: f64,
    /// Tasks hit (indices modulo the number of tasks); none: a cost-only event.
    tasks: Vec<usize>,
    delay: Est,
    fraction: bool,
    cost: Option<Est>,
    mitigated: bool,
}

/// A whole scenario.
#[derive(Debug, Clone)]
pub struct ScenarioSpec {
    continuous: bool,
    leveling: Option<bool>,
    /// Each role's capacity (None: a pool), rate per day and availability.
    roles: Vec<(Option<u32>, u32, f64)>,
    /// Each instance type's on-demand price, Spot discount, interruptions per hour (None:
    /// Weibull lifetimes) and quota.
    instances: Vec<(f64, f64, Option<f64>, Option<u32>)>,
    tasks: Vec<TaskSpec>,
    risks: Vec<RiskSpec>,
    milestones: usize,
    correlation: Option<(Vec<usize>, f64)>,
    level_of_effort: bool,
    deadline_days: u32,
    budget: u32,
}

fn task(roles: usize, instances: usize) -> impl Strategy<Value = TaskSpec> {
    let work = prop_oneof![
        3 => (est(0.5..20.0), any::<bool>()).prop_map(|(est, continuous)| Work::Days { est, continuous }),
        1 => (0..instances.max(1), 1..4u32, est(1.0..120.0), any::<bool>())
            .prop_map(|(instance, count, hours, spot)| Work::Compute { instance, count, hours, spot }),
    ];
    (
        prop::collection::vec((1..6usize, 0..4usize, -2..5i32), 0..4),
        work,
        prop::collection::vec(
            (
                0..roles.max(1),
                prop_oneof![Just(0.25), Just(0.5), Just(1.0)],
            ),
            0..3,
        ),
        prop::option::of(est(100.0..5000.0)),
        prop::option::of(0..2usize),
    )
        .prop_map(move |(deps, work, people, cost, milestone)| TaskSpec {
            deps,
            work: match work {
                Work::Compute { .. } if instances == 0 => Work::Days {
                    est: Est {
                        form: 0,
                        likely: 1.0,
                        low: 0.5,
                        high: 2.0,
                    },
                    continuous: false,
                },
                w => w,
            },
            people: if roles == 0 { Vec::new() } else { people },
            cost,
            milestone,
        })
}

fn risk() -> impl Strategy<Value = RiskSpec> {
    (
        0.05..0.9f64,
        prop::collection::vec(0..30usize, 0..3),
        est(0.5..5.0),
        any::<bool>(),
        prop::option::of(est(500.0..5000.0)),
        any::<bool>(),
    )
        .prop_map(
            |(probability, tasks, delay, fraction, cost, mitigated)| RiskSpec {
                probability,
                tasks,
                delay,
                fraction,
                // A cost-only event needs its cost.
                cost: cost.or(Some(Est {
                    form: 0,
                    likely: 1000.0,
                    low: 0.5,
                    high: 2.0,
                })),
                mitigated,
            },
        )
}

pub fn scenario() -> impl Strategy<Value = ScenarioSpec> {
    (0..4usize, 0..3usize, 2..31usize).prop_flat_map(|(roles, instances, n)| {
        (
            any::<bool>(),
            prop::option::of(any::<bool>()),
            prop::collection::vec(
                (prop::option::of(1..4u32), 300..1200u32, 0.5..1.0f64),
                roles,
            ),
            prop::collection::vec(
                (
                    0.5..10.0f64,
                    0.2..0.8f64,
                    prop::option::of(0.01..0.3f64),
                    prop::option::of(4..8u32),
                ),
                instances,
            ),
            prop::collection::vec(task(roles, instances), n),
            prop::collection::vec(risk(), 0..4),
            0..3usize,
            prop::option::of((prop::collection::vec(0..30usize, 2..4), -0.3..0.9f64)),
            any::<bool>(),
            (20..200u32, 10_000..500_000u32),
        )
            .prop_map(
                |(
                    continuous,
                    leveling,
                    roles,
                    instances,
                    tasks,
                    risks,
                    milestones,
                    correlation,
                    level_of_effort,
                    (deadline_days, budget),
                )| {
                    ScenarioSpec {
                        continuous,
                        leveling,
                        roles,
                        instances,
                        tasks,
                        risks,
                        milestones,
                        correlation,
                        level_of_effort,
                        deadline_days,
                        budget,
                    }
                },
            )
    })
}

impl ScenarioSpec {
    /// True when some task runs on cloud instances: the scenario then has plans.
    pub fn has_compute(&self) -> bool {
        self.tasks
            .iter()
            .any(|t| matches!(t.work, Work::Compute { .. }))
    }

    /// The scenario as a TOML file.
    pub fn toml(&self) -> String {
        let mut s = String::new();
        let n = self.tasks.len();
        let _ = writeln!(s, "[project]\nname = \"generated\"\nstart = 2027-01-04");
        let calendar = if self.continuous {
            "continuous"
        } else {
            "workdays"
        };
        let _ = writeln!(s, "calendar = \"{calendar}\"\nholidays = [2027-01-18]");
        let deadline = jiff::civil::date(2027, 1, 4) + jiff::Span::new().days(self.deadline_days);
        let _ = writeln!(s, "deadline = {deadline}\nbudget = {}", self.budget);
        if let Some(l) = self.leveling {
            let _ = writeln!(s, "resource_constrained = {l}");
        }
        for (r, (count, rate, availability)) in self.roles.iter().enumerate() {
            let _ = writeln!(
                s,
                "\n[[people]]\nrole = \"r{r}\"\nrate_per_day = {rate}\navailability = {availability}"
            );
            if let Some(c) = count {
                let _ = writeln!(s, "count = {c}");
            }
        }
        // A quota holds the largest gang that asks for the type.
        let largest = |i: usize| {
            self.tasks
                .iter()
                .filter_map(|t| match t.work {
                    Work::Compute {
                        instance, count, ..
                    } if instance == i => Some(count),
                    _ => None,
                })
                .max()
                .unwrap_or(1)
        };
        for (i, (price, discount, rate, quota)) in self.instances.iter().enumerate() {
            let _ = writeln!(
                s,
                "\n[[instances]]\ntype = \"i{i}\"\non_demand_per_hour = {price}\nspot_discount = {discount}"
            );
            match rate {
                Some(r) => {
                    let _ = writeln!(s, "interruptions_per_hour = {r}");
                }
                None => {
                    let _ = writeln!(
                        s,
                        "interruption = {{ weibull_shape = 0.7, mean_hours = 5 }}\ncapacity_wait = {{ mean_hours = 0.5 }}\navailability = 0.8"
                    );
                }
            }
            if let Some(q) = quota {
                let _ = writeln!(s, "max_running = {}", q.max(&largest(i)));
            }
        }
        // Each declared milestone is named by at least one task.
        let named: Vec<usize> = (0..self.milestones)
            .filter(|m| self.tasks.iter().any(|t| t.milestone == Some(*m)))
            .collect();
        for m in &named {
            let _ = writeln!(s, "\n[[milestones]]\nid = \"m{m}\"\ndeadline = 2027-06-01");
        }
        for (i, t) in self.tasks.iter().enumerate() {
            let _ = writeln!(s, "\n[[tasks]]\nid = \"t{i}\"");
            let mut deps: Vec<String> = Vec::new();
            let mut seen = Vec::new();
            for &(back, kind, lag) in &t.deps {
                if back <= i && !seen.contains(&back) {
                    seen.push(back);
                    deps.push(format!(
                        "{{ task = \"t{}\", type = \"{}\", lag = {lag} }}",
                        i - back,
                        LINKS[kind]
                    ));
                }
            }
            // The level-of-effort activity spans from the first task to the last, which
            // follows it.
            if self.level_of_effort && i == n - 1 && i > 0 && !seen.contains(&i) {
                deps.push("\"t0\"".into());
            }
            if !deps.is_empty() {
                let _ = writeln!(s, "depends_on = [{}]", deps.join(", "));
            }
            match &t.work {
                Work::Days { est, continuous } => {
                    let _ = writeln!(s, "estimate = {}", est.toml());
                    if *continuous {
                        let _ = writeln!(s, "calendar = \"continuous\"");
                    }
                }
                Work::Compute {
                    instance,
                    count,
                    hours,
                    spot,
                } => {
                    let purchase = if *spot { "spot" } else { "on-demand" };
                    let _ = writeln!(
                        s,
                        "compute = {{ instance = \"i{instance}\", count = {count}, hours = {}, purchase = \"{purchase}\", checkpoint_hours = 0.05, restart_hours = 0.1 }}",
                        hours.toml()
                    );
                }
            }
            let people = allocations(&t.people);
            if !people.is_empty() {
                let _ = writeln!(s, "people = {{ {people} }}");
            }
            if let Some(c) = &t.cost {
                let _ = writeln!(s, "cost = {}", c.toml());
            }
            if let Some(m) = t.milestone.filter(|m| named.contains(m)) {
                let _ = writeln!(s, "milestone = \"m{m}\"");
            }
        }
        if self.level_of_effort && n > 1 && !self.roles.is_empty() {
            let _ = writeln!(
                s,
                "\n[[tasks]]\nid = \"loe\"\nlevel_of_effort = {{ from = \"t0\", to = \"t{}\" }}\npeople = {{ r0 = 0.2 }}",
                n - 1
            );
        }
        for (k, r) in self.risks.iter().enumerate() {
            let _ = writeln!(
                s,
                "\n[[risks]]\nid = \"k{k}\"\nprobability = {}",
                r.probability
            );
            let mut hit: Vec<usize> = r.tasks.iter().map(|t| t % n).collect();
            hit.sort_unstable();
            hit.dedup();
            if !hit.is_empty() {
                let ids: Vec<String> = hit.iter().map(|t| format!("\"t{t}\"")).collect();
                let _ = writeln!(s, "tasks = [{}]", ids.join(", "));
                let key = if r.fraction {
                    "delay_fraction"
                } else {
                    "delay"
                };
                let mut delay = r.delay.clone();
                if r.fraction {
                    delay.likely /= 10.0;
                }
                let _ = writeln!(s, "{key} = {}", delay.toml());
            }
            if let Some(c) = &r.cost {
                let _ = writeln!(s, "cost = {}", c.toml());
            }
            if r.mitigated {
                let _ = writeln!(
                    s,
                    "mitigation = {{ probability = {}, mitigation_cost = 500 }}",
                    r.probability / 2.0
                );
            }
        }
        if let Some((tasks, coefficient)) = &self.correlation {
            let mut ids: Vec<usize> = tasks.iter().map(|t| t % n).collect();
            ids.sort_unstable();
            ids.dedup();
            if ids.len() >= 2 {
                let ids: Vec<String> = ids.iter().map(|t| format!("\"t{t}\"")).collect();
                let _ = writeln!(
                    s,
                    "\n[[correlations]]\ntasks = [{}]\ncoefficient = {coefficient}",
                    ids.join(", ")
                );
            }
        }
        if self.has_compute() {
            let _ = writeln!(
                s,
                "\n[[plans]]\nname = \"on-demand\"\npurchase = \"on-demand\""
            );
            let _ = writeln!(
                s,
                "\n[[plans]]\nname = \"spot\"\npurchase = \"spot\"\nfallback = {{ policy = \"on-demand-after\", wait_hours = 2 }}"
            );
        }
        s
    }
}

/// `r0 = 0.5, r2 = 1` with each role once.
fn allocations(people: &[(usize, f64)]) -> String {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for &(role, allocation) in people {
        if !seen.contains(&role) {
            seen.push(role);
            out.push(format!("r{role} = {allocation}"));
        }
    }
    out.join(", ")
}
