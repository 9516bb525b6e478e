//! The published makespans of the PSPLIB sets, from `optimum/optimum.csv` beside each set's
//! instances: the optimum (`43`), or a lower and an upper bound where the optimum is open
//! (`104..105`, or `..89` when only an upper bound is known). Shared by the tests and the
//! quality benchmark (`benches/psplib_quality.rs` includes this file).

#![allow(dead_code)]

use std::collections::HashMap;
use std::path::Path;

/// What is known of an instance's optimal makespan, in periods.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reference {
    /// A proven lower bound (the optimum when it equals `upper`); None when the file gives
    /// none.
    pub lower: Option<f64>,
    /// The optimum or the best makespan known.
    pub upper: f64,
}

impl Reference {
    /// True when the optimum is known.
    pub fn is_optimum(&self) -> bool {
        self.lower == Some(self.upper)
    }
}

/// The references of a set, by file name (`j301_1.sm`), read from
/// `DIR/optimum/optimum.csv`; an error names the file and the line.
pub fn read(dir: &Path) -> Result<HashMap<String, Reference>, String> {
    let path = dir.join("optimum/optimum.csv");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = HashMap::new();
    for (k, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let bad = || format!("{}:{}: cannot read `{line}`", path.display(), k + 1);
        let (name, value) = line.split_once(',').ok_or_else(bad)?;
        let number = |s: &str| s.trim().parse::<f64>().map_err(|_| bad());
        let r = match value.split_once("..") {
            Some((lo, hi)) => Reference {
                lower: if lo.trim().is_empty() {
                    None
                } else {
                    Some(number(lo)?)
                },
                upper: number(hi)?,
            },
            None => {
                let v = number(value)?;
                Reference {
                    lower: Some(v),
                    upper: v,
                }
            }
        };
        out.insert(name.trim().to_string(), r);
    }
    Ok(out)
}
