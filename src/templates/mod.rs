//! The scenarios `riskplan init` starts a plan from: commented, valid as they are, and with
//! every section of the format, the playbook's included.

/// A scenario to start from.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    pub name: &'static str,
    /// What kind of project it plans, in a line.
    pub description: &'static str,
    pub text: &'static str,
}

/// Every template; the first is the default.
pub const TEMPLATES: &[Template] = &[
    Template {
        name: "dl-project",
        description: "a deep-learning project, from data to a monitored production model",
        text: include_str!("dl-project.toml"),
    },
    Template {
        name: "gpu-training",
        description: "a GPU-heavy training project, with Spot and on-demand plans to compare",
        text: include_str!("gpu-training.toml"),
    },
];

/// The template called `name`.
pub fn find(name: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::{Source, parse};

    #[test]
    fn every_template_compiles_with_every_section_and_plan() {
        for t in TEMPLATES {
            let source = Source {
                path: format!("{}.toml", t.name).into(),
                text: t.text.into(),
            };
            let sc = parse(&source).unwrap_or_else(|e| panic!("{}: {e}", t.name));
            let model =
                crate::model::compile(&sc, &source).unwrap_or_else(|e| panic!("{}: {e}", t.name));
            for plan in &model.plans {
                let options = crate::model::CompileOptions::plan(plan);
                crate::model::compile_with(&sc, &source, &options)
                    .unwrap_or_else(|e| panic!("{} plan {plan}: {e}", t.name));
            }
            let p = &sc.project;
            assert!(p.description.is_some() && p.complexity.is_some() && !p.tools.is_empty());
            assert!(sc.objective.as_ref().is_some_and(|o| !o.is_empty()));
            assert!(!sc.stakeholders.is_empty() && !sc.ceremonies.is_empty());
            assert!(sc.risks.iter().all(|r| r.owner.is_some()), "{}", t.name);
        }
        assert_eq!(find("gpu-training").map(|t| t.name), Some("gpu-training"));
        assert!(find("list").is_none());
    }
}
