//! The playbook's sections checked: no figure depends on them, but a stakeholder without a
//! name, one listed twice, or a risk owner who is not among the stakeholders is a mistake the
//! rendered playbook would carry to every reader.

use super::*;

impl Compiler<'_> {
    pub(super) fn playbook(&self, sc: &Scenario) -> Result<()> {
        let mut names: Vec<&str> = Vec::new();
        for s in &sc.stakeholders {
            let name = self.name(&s.name, "a stakeholder", "name = \"Plant manager\"")?;
            if names.iter().any(|n| *n == name) {
                return self.err(
                    s.name.span(),
                    format!("stakeholder `{name}` is listed twice; list each stakeholder once"),
                );
            }
            names.push(s.name.get_ref());
        }
        if let Some(o) = &sc.objective {
            for m in o.business_metrics.iter().chain(&o.model_metrics) {
                self.name(&m.name, "a metric", "name = \"F1\"")?;
            }
        }
        for c in &sc.ceremonies {
            self.name(&c.name, "a ceremony", "name = \"Sprint review\"")?;
        }
        for r in &sc.risks {
            let Some(written) = &r.owner else { continue };
            let owner = self.name(written, "a risk's `owner`", "owner = \"Plant manager\"")?;
            if names.contains(&owner.as_str()) {
                continue;
            }
            let id = r.id.get_ref();
            let fix = if names.is_empty() {
                format!(
                    "; declare them in a [[stakeholders]] table (name = \"{owner}\") or leave `owner` out"
                )
            } else {
                match did_you_mean(&owner, names.iter().copied()) {
                    Some(close) => format!("; did you mean `{close}`?"),
                    None => format!(
                        "; name one of the stakeholders ({}) or add `{owner}` to them",
                        names
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }
            };
            return self.err(
                written.span(),
                format!("risk `{id}` is owned by `{owner}`, who is not a stakeholder{fix}"),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::scenario::{Source, parse};

    fn check(extra: &str) -> Result<(), String> {
        let text = format!(
            "[project]\nname = \"p\"\nstart = 2027-01-04\n\n[[tasks]]\nid = \"a\"\nestimate = 3\n{extra}"
        );
        let source = Source {
            path: "plan.toml".into(),
            text,
        };
        let sc = parse(&source).map_err(|e| e.to_string())?;
        crate::model::compile(&sc, &source)
            .map(drop)
            .map_err(|e| e.to_string())
    }

    const RISK: &str = "\n[[risks]]\nid = \"late\"\nprobability = 0.3\ncost = 100\n";

    #[test]
    fn a_risk_owner_must_be_a_declared_stakeholder() {
        let people = "\n[[stakeholders]]\nname = \"Ana\"\n\n[[stakeholders]]\nname = \"Plant manager\"\nside = \"external\"\n";
        assert_eq!(check(&format!("{people}{RISK}owner = \"Ana\"\n")), Ok(()));
        let e = check(&format!("{people}{RISK}owner = \"Plant manger\"\n")).unwrap_err();
        assert_eq!(
            e,
            "plan.toml:20:9: risk `late` is owned by `Plant manger`, who is not a stakeholder; did you mean `Plant manager`?"
        );
        let e = check(&format!("{people}{RISK}owner = \"Bob\"\n")).unwrap_err();
        assert!(
            e.contains("name one of the stakeholders (`Ana`, `Plant manager`)"),
            "{e}"
        );
        let e = check(&format!("{RISK}owner = \"Bob\"\n")).unwrap_err();
        assert!(
            e.contains("declare them in a [[stakeholders]] table"),
            "{e}"
        );
    }

    #[test]
    fn stakeholders_are_named_once_and_every_section_is_optional() {
        assert_eq!(check(""), Ok(()));
        let twice = "\n[[stakeholders]]\nname = \"Ana\"\n\n[[stakeholders]]\nname = \"Ana\"\n";
        let e = check(twice).unwrap_err();
        assert!(e.contains("stakeholder `Ana` is listed twice"), "{e}");
        let e = check("\n[[stakeholders]]\nname = \" \"\n").unwrap_err();
        assert!(
            e.contains("a stakeholder needs a name that is not empty"),
            "{e}"
        );
        let e = check("\n[[ceremonies]]\nname = \"\"\n").unwrap_err();
        assert!(e.contains("a ceremony needs a name"), "{e}");
        let full = "\n[objective]\nsummary = \"s\"\n[[objective.model_metrics]]\nname = \"F1\"\ntarget = \">= 0.9\"\n\n[[ceremonies]]\nname = \"Review\"\ncadence = \"every sprint\"\nwho = \"all\"\n";
        assert_eq!(check(full), Ok(()));
        let e = check("\n[[stakeholders]]\nname = \"Ana\"\nside = \"outside\"\n").unwrap_err();
        assert!(e.contains("side") && e.contains("external"), "{e}");
    }
}
