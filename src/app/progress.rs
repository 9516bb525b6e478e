//! The progress bar: shown on a terminal for long runs only, hidden otherwise.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar over `iterations`; `work` (iterations x tasks) decides whether a run is long enough
/// to show one.
pub fn bar(iterations: u64, quiet: bool, work: u64) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() || work < 20_000_000 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(iterations), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} iterations, {eta} left")
            .expect("a valid template"),
    );
    super::interrupt::track(&bar);
    bar
}
