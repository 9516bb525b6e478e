//! Compute tasks: what they ask for (`spec`) and how one run of them goes on on-demand or
//! Spot instances (`run`).

pub mod run;
pub mod spec;

pub use run::*;
pub use spec::*;

const INF: f64 = f64::INFINITY;
