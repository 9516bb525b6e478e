//! The keys of the playbook's sections (`[project]` description, `[objective]`,
//! `[[stakeholders]]`, `[[ceremonies]]`, risk owners), for the key table in `key_table.rs`.

use super::Shape;
use super::table::{list, table, text};

/// Adds the playbook's keys.
pub(super) fn add_keys(add: &mut impl FnMut(&str, Shape)) {
    add(
        "project.description",
        text(
            "a description in quotes",
            "\"A defect detector for the line\"",
        ),
    );
    add(
        "project.complexity",
        text(
            "a complexity level and why, in quotes",
            "\"high: a new model architecture\"",
        ),
    );
    add(
        "project.tools",
        list("a list of tool names", "[\"PyTorch\", \"MLflow\"]"),
    );
    add(
        "project.tools[]",
        text("a tool's name in quotes", "\"PyTorch\""),
    );

    add(
        "objective",
        table(
            "the [objective] table",
            "{ summary = \"Catch 95% of defects\" }",
        ),
    );
    add(
        "objective.summary",
        text("the objective in quotes", "\"Catch 95% of defects\""),
    );
    for group in ["business_metrics", "model_metrics"] {
        add(
            &format!("objective.{group}"),
            list(
                "a list of metric tables",
                "[{ name = \"F1\", target = \">= 0.9\" }]",
            ),
        );
        add(
            &format!("objective.{group}[]"),
            table("a metric table", "{ name = \"F1\", target = \">= 0.9\" }"),
        );
        add(
            &format!("objective.{group}[].name"),
            text("a metric's name in quotes", "\"F1\""),
        );
        add(
            &format!("objective.{group}[].target"),
            text("a target in quotes", "\">= 0.9\""),
        );
        add(
            &format!("objective.{group}[].baseline"),
            text("a baseline in quotes", "\"0.82 (manual inspection)\""),
        );
        add(
            &format!("objective.{group}[].evaluation"),
            text(
                "how it is measured, in quotes",
                "\"on a held-out month of images\"",
            ),
        );
    }

    add(
        "stakeholders",
        list(
            "a list of [[stakeholders]] tables",
            "[{ name = \"Plant manager\", role = \"sponsor\" }]",
        ),
    );
    add(
        "stakeholders[]",
        table(
            "a [[stakeholders]] table",
            "{ name = \"Plant manager\", role = \"sponsor\" }",
        ),
    );
    add(
        "stakeholders[].name",
        text("a name in quotes", "\"Plant manager\""),
    );
    add(
        "stakeholders[].role",
        text("a role in quotes", "\"sponsor\""),
    );
    add(
        "stakeholders[].side",
        Shape::Choice(&["internal", "external"]),
    );
    add(
        "stakeholders[].responsibility",
        text("a responsibility in quotes", "\"approves the budget\""),
    );

    add(
        "ceremonies",
        list(
            "a list of [[ceremonies]] tables",
            "[{ name = \"Sprint review\", cadence = \"every sprint\" }]",
        ),
    );
    add(
        "ceremonies[]",
        table(
            "a [[ceremonies]] table",
            "{ name = \"Sprint review\", cadence = \"every sprint\" }",
        ),
    );
    add(
        "ceremonies[].name",
        text("a meeting's name in quotes", "\"Sprint review\""),
    );
    add(
        "ceremonies[].cadence",
        text("how often, in quotes", "\"every sprint\""),
    );
    add(
        "ceremonies[].who",
        text("who takes part, in quotes", "\"the team and the sponsor\""),
    );

    add(
        "risks[].owner",
        text("a stakeholder's name in quotes", "\"Plant manager\""),
    );
    add(
        "risks[].mitigation.description",
        text("what is done, in quotes", "\"A second labelling vendor\""),
    );
}
