//! What a command-line tool owes its shell: `riskplan completions SHELL` (the completion script
//! for bash, zsh, fish, PowerShell or elvish) and `riskplan man [DIR]` (the manual pages).
//! Both are generated from the clap definitions in `cli.rs`, so they cannot drift from the
//! options the binary takes.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;

use riskplan::Error;

use super::output;
use crate::cli::Cli;

/// The name the scripts complete and the pages are titled with.
const BIN: &str = "riskplan";

/// Prints the completion script for `shell` on standard output.
pub fn completions(shell: Shell) -> Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(&completion_script(shell))?;
    out.flush()?;
    Ok(())
}

/// The completion script for `shell`.
pub fn completion_script(shell: Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), BIN, &mut script);
    script
}

/// Writes every manual page into `dir` (created if missing), or the main page to standard
/// output when no folder is given. The folder is checked before anything is written, and the
/// pages are written all or none.
pub fn man(dir: Option<&Path>) -> Result<()> {
    let pages = man_pages()?;
    match dir {
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&pages[0].1)?;
            out.flush()?;
        }
        Some(dir) => {
            super::options::validate_dir(dir, "riskplan man DIR")?;
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
            let files: Vec<(PathBuf, &[u8])> = pages
                .iter()
                .map(|(name, page)| (dir.join(name), page.as_slice()))
                .collect();
            output::write_all_or_none(&files)?;
        }
    }
    Ok(())
}

/// The manual pages as (file name, roff text): `riskplan.1` first, then `riskplan-run.1` and
/// one for each other visible command, as `clap_mangen::generate_to` names them.
pub fn man_pages() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    let mut pages = Vec::new();
    for c in std::iter::once(&cmd).chain(cmd.get_subcommands().filter(|s| !s.is_hide_set())) {
        let man = clap_mangen::Man::new(c.clone());
        let mut page = Vec::new();
        man.render(&mut page)?;
        pages.push((man.get_filename(), page));
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The visible commands, as the definitions have them (whatever commands are added).
    fn commands() -> Vec<clap::Command> {
        Cli::command()
            .get_subcommands()
            .filter(|c| !c.is_hide_set())
            .cloned()
            .collect()
    }

    #[test]
    fn every_shell_gets_a_script_that_names_every_command() {
        let names: Vec<String> = commands().iter().map(|c| c.get_name().into()).collect();
        assert!(names.len() >= 7, "{names:?}");
        for shell in [
            Shell::Bash,
            Shell::Zsh,
            Shell::Fish,
            Shell::PowerShell,
            Shell::Elvish,
        ] {
            let script = String::from_utf8(completion_script(shell)).expect("UTF-8");
            assert!(!script.trim().is_empty(), "{shell}");
            assert!(script.contains(BIN), "{shell}");
            for name in &names {
                assert!(script.contains(name.as_str()), "{shell} lacks `{name}`");
            }
            // A long option of a subcommand is completed too.
            assert!(script.contains("max-iterations"), "{shell}");
        }
    }

    #[test]
    fn there_is_a_manual_page_per_command_with_its_options() {
        let pages = man_pages().expect("pages render");
        let commands = commands();
        assert_eq!(pages.len(), commands.len() + 1);
        assert_eq!(pages[0].0, "riskplan.1");
        let main = String::from_utf8_lossy(&pages[0].1);
        assert!(main.contains(".TH riskplan"), "{main}");
        for c in &commands {
            let file = format!("riskplan-{}.1", c.get_name());
            let (_, page) = pages
                .iter()
                .find(|(name, _)| *name == file)
                .unwrap_or_else(|| panic!("no page {file}"));
            let page = String::from_utf8_lossy(page);
            assert!(
                main.contains(c.get_name()),
                "riskplan.1 lacks {}",
                c.get_name()
            );
            for arg in c.get_arguments() {
                // roff escapes the hyphens of an option: `\-\-seed`.
                let shown = match (arg.get_long(), arg.get_short()) {
                    (Some(long), _) => format!("\\-\\-{}", long.replace('-', "\\-")),
                    (None, Some(short)) => format!("\\-{short}"),
                    (None, None) => arg.get_id().as_str().to_uppercase(),
                };
                assert!(page.contains(&shown), "{file} lacks `{shown}`");
            }
            assert!(page.contains("Examples:"), "{file} lacks its examples");
        }
    }

    #[test]
    fn the_pages_are_written_into_a_folder_made_for_them() {
        let dir = std::env::temp_dir().join(format!("riskplan-man-{}", std::process::id()));
        let target = dir.join("man1");
        man(Some(&target)).expect("written");
        let mut names: Vec<String> = std::fs::read_dir(&target)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert!(names.contains(&"riskplan.1".to_string()), "{names:?}");
        assert!(names.contains(&"riskplan-run.1".to_string()), "{names:?}");
        assert_eq!(names.len(), commands().len() + 1, "{names:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
