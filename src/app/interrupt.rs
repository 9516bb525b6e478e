//! Ctrl-C (SIGINT), SIGTERM and SIGHUP stop riskplan cleanly at any point: the temporary files
//! being written are removed, the progress bar is cleared, one line says what happened, and
//! the exit code is 128 plus the signal's number (130 for Ctrl-C), as a shell reports a
//! process that the signal ended.

use std::sync::{Mutex, PoisonError};

use indicatif::ProgressBar;

use super::temporary;

/// The progress bar on the terminal, if one is shown.
static BAR: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Handles the signals from now on (on Unix; elsewhere they keep their default action).
pub fn install() {
    #[cfg(unix)]
    {
        use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
        // Without a handler, a signal ends the process as it always did.
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let _ = std::thread::Builder::new()
            .name("signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    stop(signal, signal_name(signal));
                }
            });
    }
}

/// Clears `bar` from the terminal if the run is interrupted while it is shown.
pub fn track(bar: &ProgressBar) {
    *BAR.lock().unwrap_or_else(PoisonError::into_inner) = Some(bar.clone());
}

#[cfg(unix)]
fn signal_name(signal: i32) -> &'static str {
    use signal_hook::consts::signal::{SIGHUP, SIGINT, SIGTERM};
    match signal {
        SIGINT => "SIGINT (Ctrl-C)",
        SIGTERM => "SIGTERM",
        SIGHUP => "SIGHUP",
        _ => "a signal",
    }
}

/// Removes the temporary files, clears the bar, says so and exits with 128 + `signal`. The
/// list of temporary files stays locked until the exit: none is made after the clean-up.
fn stop(signal: i32, name: &str) -> ! {
    let _held = temporary::remove_all();
    if let Some(bar) = BAR.lock().unwrap_or_else(PoisonError::into_inner).take() {
        bar.finish_and_clear();
    }
    eprintln!("error: interrupted by {name}; stopped without leaving a partial file");
    std::process::exit(128 + signal);
}
