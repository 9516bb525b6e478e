//! The `riskplan` binary: parse the command line, run, print the error chain, exit with
//! 0 (success), 2 (bad input: the scenario or the options) or 1 (anything else).

mod app;
mod cli;

use clap::Parser;

use riskplan::report::table::escape;

fn main() {
    let cli = cli::Cli::parse();
    match app::run(cli) {
        Ok(()) => {}
        Err(e) => {
            if app::is_broken_pipe(&e) {
                std::process::exit(0);
            }
            // Library errors already name their cause in one line; scenario text in it
            // (a task id, a file name) reaches the terminal with its control characters shown.
            eprintln!("error: {}", escape(&e.to_string()));
            let code = match e.downcast_ref::<riskplan::Error>() {
                Some(err) if err.is_bad_input() => 2,
                _ => 1,
            };
            std::process::exit(code);
        }
    }
}
