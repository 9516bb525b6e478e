//! The table of every key of the scenario format, by path, with what its value is: the data
//! behind [`super::shape`]. Kept apart from the shapes so that each file says one thing.

use std::sync::LazyLock;

use super::{Shape, Unit};

const PURCHASE: &[&str] = &["on-demand", "spot"];

fn number(words: &'static str, example: &'static str) -> Shape {
    Shape::Number { words, example }
}

fn whole(words: &'static str, example: &'static str) -> Shape {
    Shape::Whole { words, example }
}

pub(super) fn text(words: &'static str, example: &'static str) -> Shape {
    Shape::Text { words, example }
}

pub(super) fn list(words: &'static str, example: &'static str) -> Shape {
    Shape::List { words, example }
}

pub(super) fn table(words: &'static str, example: &'static str) -> Shape {
    Shape::Table { words, example }
}

const HOURS: Shape = Shape::Number {
    words: "a number of hours",
    example: "0.25",
};

/// Every key, by its path: keys joined by `.`, `[]` after an array, `*` for a name the
/// scenario chooses (a role, a risk level, a task).
pub(super) static KEYS: LazyLock<Vec<(String, Shape)>> = LazyLock::new(|| {
    let mut keys: Vec<(String, Shape)> = Vec::new();
    let mut add = |path: &str, shape: Shape| keys.push((path.to_string(), shape));
    let dates = || list("a list of dates", "[2027-12-24, 2027-12-25]");
    let weekdays = || list("a list of weekdays", "[\"mon\", \"tue\", \"wed\", \"thu\"]");
    let task_ids = || list("a list of task ids", "[\"train\", \"evaluate\"]");

    add(
        "project",
        table(
            "the [project] table",
            "{ name = \"x\", start = 2027-01-04 }",
        ),
    );
    add(
        "project.name",
        text("the project's name in quotes", "\"Recommender MVP\""),
    );
    add("project.start", Shape::Date);
    add(
        "project.currency",
        text("a currency label in quotes", "\"USD\""),
    );
    add(
        "project.confidence",
        number("a confidence between 0 and 1", "0.8"),
    );
    add("project.deadline", Shape::Date);
    add("project.budget", number("an amount of money", "250000"));
    add(
        "project.calendar",
        Shape::Choice(&["workdays", "continuous"]),
    );
    add("project.holidays", dates());
    add("project.holidays[]", Shape::Date);
    add("project.workweek", weekdays());
    add("project.workweek[]", text("a weekday in quotes", "\"mon\""));
    add("project.working_days", dates());
    add("project.working_days[]", Shape::Date);
    add("project.status_date", Shape::Date);
    add(
        "project.sprint_days",
        number("a number of working days", "10"),
    );
    add("project.resource_constrained", Shape::Bool);
    add(
        "project.priority",
        Shape::Choice(&["lft", "lst", "mts", "grpw", "spt", "file"]),
    );

    add(
        "people",
        list(
            "a list of [[people]] tables",
            "[{ role = \"dev\", rate_per_day = 600 }]",
        ),
    );
    add(
        "people[]",
        table(
            "a [[people]] table",
            "{ role = \"dev\", rate_per_day = 600 }",
        ),
    );
    add(
        "people[].role",
        text("a role name in quotes", "\"ml-engineer\""),
    );
    add("people[].count", number("a number of people", "2"));
    add(
        "people[].rate_per_day",
        number("an amount of money per working day", "600"),
    );
    add(
        "people[].availability",
        number("a share of working time above 0 and at most 1", "0.5"),
    );
    add("people[].joins", Shape::Date);
    add("people[].leaves", Shape::Date);
    add("people[].paid", Shape::Choice(&["assigned", "throughout"]));

    add(
        "instances",
        list(
            "a list of [[instances]] tables",
            "[{ type = \"gpu\", on_demand_per_hour = 3.06 }]",
        ),
    );
    add(
        "instances[]",
        table(
            "an [[instances]] table",
            "{ type = \"gpu\", on_demand_per_hour = 3.06 }",
        ),
    );
    add(
        "instances[].type",
        text("an instance type's name in quotes", "\"p3.2xlarge\""),
    );
    add(
        "instances[].on_demand_per_hour",
        number("an amount of money per instance-hour", "3.06"),
    );
    add(
        "instances[].spot_per_hour",
        number("an amount of money per instance-hour", "0.92"),
    );
    add(
        "instances[].spot_discount",
        number("a discount at least 0 and below 1", "0.7"),
    );
    add(
        "instances[].interruptions_per_hour",
        number("a number of interruptions per running hour", "0.3"),
    );
    add(
        "instances[].interruption",
        table(
            "a table of Weibull lifetimes",
            "{ weibull_shape = 0.6, mean_hours = 2 }",
        ),
    );
    add(
        "instances[].interruption.weibull_shape",
        number("a Weibull shape above 0", "0.6"),
    );
    add("instances[].interruption.mean_hours", HOURS);
    add(
        "instances[].availability",
        number("a probability between 0 and 1", "0.6"),
    );
    add(
        "instances[].capacity_wait",
        table("a table of wait hours", "{ mean_hours = 1.4 }"),
    );
    add("instances[].capacity_wait.hours", HOURS);
    add("instances[].capacity_wait.mean_hours", HOURS);
    add("instances[].capacity_wait.median_hours", HOURS);
    add("instances[].notice_hours", HOURS);
    add(
        "instances[].spot_price_variability",
        number("a coefficient of variation", "0.15"),
    );
    add(
        "instances[].max_running",
        whole("a whole number of instances", "4"),
    );

    add(
        "tasks",
        list(
            "a list of [[tasks]] tables",
            "[{ id = \"train\", estimate = 5 }]",
        ),
    );
    add(
        "tasks[]",
        table("a [[tasks]] table", "{ id = \"train\", estimate = 5 }"),
    );
    add("tasks[].id", text("a task id in quotes", "\"train\""));
    add(
        "tasks[].name",
        text("a description in quotes", "\"Train the model\""),
    );
    add(
        "tasks[].wbs",
        text("a breakdown path in quotes", "\"Data / Labelling\""),
    );
    add(
        "tasks[].depends_on",
        list(
            "a list of task ids or dependency tables",
            "[\"prepare-data\"]",
        ),
    );
    add("tasks[].depends_on[]", Shape::Dependency);
    add(
        "tasks[].depends_on[].task",
        text("a task id in quotes", "\"prepare-data\""),
    );
    add(
        "tasks[].depends_on[].type",
        Shape::Choice(&["FS", "SS", "FF", "SF"]),
    );
    add("tasks[].depends_on[].lag", number("a number of days", "2"));
    estimate(&mut add, "tasks[].estimate", Unit::Days);
    add(
        "tasks[].calendar",
        text("a calendar name in quotes", "\"workdays\""),
    );
    add("tasks[].start_no_earlier_than", Shape::Date);
    add("tasks[].finish_no_earlier_than", Shape::Date);
    add("tasks[].actual_start", Shape::Date);
    add("tasks[].actual_finish", Shape::Date);
    estimate(&mut add, "tasks[].remaining", Unit::Days);
    add(
        "tasks[].people",
        table(
            "a table of roles and allocations",
            "{ data-scientist = 0.5 }",
        ),
    );
    add(
        "tasks[].people.*",
        number("an allocation (1.0 = one full-time person)", "0.5"),
    );
    add(
        "tasks[].compute",
        table(
            "a compute table",
            "{ instance = \"gpu\", count = 2, hours = 120 }",
        ),
    );
    add(
        "tasks[].compute.instance",
        text("an instance type's name in quotes", "\"p3.2xlarge\""),
    );
    add(
        "tasks[].compute.count",
        whole("a whole number of instances", "2"),
    );
    estimate(&mut add, "tasks[].compute.hours", Unit::Hours);
    add("tasks[].compute.purchase", Shape::Choice(PURCHASE));
    add("tasks[].compute.checkpoint_every_hours", Shape::HoursOrAuto);
    add("tasks[].compute.checkpoint_hours", HOURS);
    add("tasks[].compute.restart_hours", HOURS);
    add("tasks[].compute.downtime_hours", HOURS);
    add(
        "tasks[].compute.interruptions",
        text("\"independent\" or \"bulk\"", "\"independent\""),
    );
    fallback(&mut add, "tasks[].compute.fallback");
    estimate(&mut add, "tasks[].cost", Unit::Money);
    add(
        "tasks[].milestone",
        text("a milestone id in quotes", "\"data-ready\""),
    );
    add(
        "tasks[].level_of_effort",
        table(
            "a span of two tasks",
            "{ from = \"design\", to = \"launch\" }",
        ),
    );
    add(
        "tasks[].level_of_effort.from",
        text("a task id in quotes", "\"design\""),
    );
    add(
        "tasks[].level_of_effort.to",
        text("a task id in quotes", "\"launch\""),
    );

    add(
        "milestones",
        list("a list of [[milestones]] tables", "[{ id = \"mvp\" }]"),
    );
    add(
        "milestones[]",
        table("a [[milestones]] table", "{ id = \"mvp\" }"),
    );
    add(
        "milestones[].id",
        text("a milestone id in quotes", "\"mvp\""),
    );
    add(
        "milestones[].name",
        text("a description in quotes", "\"First release\""),
    );
    add("milestones[].deadline", Shape::Date);

    add(
        "risk_levels",
        table("a table of risk levels", "{ high = { max = 2.5 } }"),
    );
    add(
        "risk_levels.*",
        table("a risk level's table", "{ min = 0.9, max = 1.3 }"),
    );
    add(
        "risk_levels.*.min",
        number("a fraction of the most likely value, 0 to 1", "0.9"),
    );
    add(
        "risk_levels.*.max",
        number("a multiple of the most likely value, at least 1", "1.5"),
    );
    add(
        "risk_levels.*.dist",
        text("\"pert\", \"triangular\" or \"uniform\"", "\"pert\""),
    );

    add(
        "risks",
        list(
            "a list of [[risks]] tables",
            "[{ id = \"late-data\", probability = 0.3, cost = 5000 }]",
        ),
    );
    add(
        "risks[]",
        table(
            "a [[risks]] table",
            "{ id = \"late-data\", probability = 0.3, cost = 5000 }",
        ),
    );
    add("risks[].id", text("a risk id in quotes", "\"late-data\""));
    add(
        "risks[].description",
        text("a description in quotes", "\"The vendor delivers late\""),
    );
    add(
        "risks[].probability",
        number("a probability between 0 and 1", "0.3"),
    );
    add("risks[].tasks", task_ids());
    add("risks[].tasks[]", text("a task id in quotes", "\"train\""));
    estimate(&mut add, "risks[].delay", Unit::Days);
    estimate(&mut add, "risks[].delay_fraction", Unit::Fraction);
    estimate(&mut add, "risks[].cost", Unit::Money);
    add(
        "risks[].mitigation",
        table(
            "a mitigation table",
            "{ probability = 0.1, mitigation_cost = 2000 }",
        ),
    );
    add(
        "risks[].mitigation.probability",
        number("a probability between 0 and 1", "0.1"),
    );
    estimate(&mut add, "risks[].mitigation.delay", Unit::Days);
    estimate(
        &mut add,
        "risks[].mitigation.delay_fraction",
        Unit::Fraction,
    );
    estimate(&mut add, "risks[].mitigation.cost", Unit::Money);
    add(
        "risks[].mitigation.mitigation_cost",
        number("an amount of money", "2000"),
    );

    add(
        "correlations",
        list(
            "a list of [[correlations]] tables",
            "[{ tasks = [\"a\", \"b\"], coefficient = 0.5 }]",
        ),
    );
    add(
        "correlations[]",
        table(
            "a [[correlations]] table",
            "{ tasks = [\"a\", \"b\"], coefficient = 0.5 }",
        ),
    );
    add("correlations[].tasks", task_ids());
    add(
        "correlations[].tasks[]",
        text("a task id in quotes", "\"train\""),
    );
    add(
        "correlations[].coefficient",
        number("a coefficient between -1 and 1", "0.5"),
    );

    add(
        "plans",
        list(
            "a list of [[plans]] tables",
            "[{ name = \"spot\", purchase = \"spot\" }]",
        ),
    );
    add(
        "plans[]",
        table(
            "a [[plans]] table",
            "{ name = \"spot\", purchase = \"spot\" }",
        ),
    );
    add("plans[].name", text("a plan name in quotes", "\"spot\""));
    add(
        "plans[].description",
        text("a description in quotes", "\"Every run on Spot\""),
    );
    add("plans[].purchase", Shape::Choice(PURCHASE));
    fallback(&mut add, "plans[].fallback");
    add("plans[].count", whole("a whole number of instances", "4"));
    add(
        "plans[].tasks",
        table("a table of compute tasks", "{ train = { count = 4 } }"),
    );
    add(
        "plans[].tasks.*",
        table("a table of a compute task's overrides", "{ count = 4 }"),
    );
    add("plans[].tasks.*.purchase", Shape::Choice(PURCHASE));
    add(
        "plans[].tasks.*.count",
        whole("a whole number of instances", "4"),
    );
    fallback(&mut add, "plans[].tasks.*.fallback");
    add(
        "plans[].tasks.*.instance",
        text("an instance type's name in quotes", "\"p3.2xlarge\""),
    );

    add(
        "calendars",
        list("a list of [[calendars]] tables", "[{ name = \"7-day\" }]"),
    );
    add(
        "calendars[]",
        table("a [[calendars]] table", "{ name = \"7-day\" }"),
    );
    add(
        "calendars[].name",
        text("a calendar name in quotes", "\"7-day\""),
    );
    add("calendars[].workweek", weekdays());
    add(
        "calendars[].workweek[]",
        text("a weekday in quotes", "\"mon\""),
    );
    add("calendars[].holidays", dates());
    add("calendars[].holidays[]", Shape::Date);
    add("calendars[].working_days", dates());
    add("calendars[].working_days[]", Shape::Date);
    super::playbook_table::add_keys(&mut add);
    keys
});

/// An uncertain quantity at `path` and the fields of its table form.
fn estimate(add: &mut impl FnMut(&str, Shape), path: &str, unit: Unit) {
    add(path, Shape::Estimate(unit));
    let value = match unit {
        Unit::Days => number("a number of days", "8"),
        Unit::Hours => number("a number of hours", "120"),
        Unit::Money => number("an amount of money", "5000"),
        Unit::Fraction => number("a fraction (0.5 = half as long again)", "0.4"),
    };
    for field in ["min", "likely", "max", "mean", "sd", "p10", "p90", "value"] {
        add(&format!("{path}.{field}"), value);
    }
    add(
        &format!("{path}.dist"),
        text(
            "a distribution's name in quotes: pert, triangular, uniform, fixed, normal, lognormal or discrete",
            "\"pert\"",
        ),
    );
    add(
        &format!("{path}.risk"),
        text("a risk level's name in quotes", "\"high\""),
    );
    add(
        &format!("{path}.values"),
        list("a list of numbers", "[5, 8, 13]"),
    );
    add(&format!("{path}.values[]"), value);
    add(
        &format!("{path}.weights"),
        list("a list of relative weights", "[1, 2, 1]"),
    );
    add(
        &format!("{path}.weights[]"),
        number("a relative weight", "1"),
    );
}

/// A Spot fallback at `path` and its fields.
fn fallback(add: &mut impl FnMut(&str, Shape), path: &str) {
    add(
        path,
        table(
            "a fallback table",
            "{ policy = \"on-demand-after\", wait_hours = 2.5 }",
        ),
    );
    add(
        &format!("{path}.policy"),
        text(
            "\"keep-waiting\", \"on-demand-after\" or \"deadline-aware\"",
            "\"on-demand-after\"",
        ),
    );
    for field in ["wait_hours", "deadline_hours", "changeover_hours"] {
        add(&format!("{path}.{field}"), HOURS);
    }
}
