//! Writing what a command produced, once everything is computed. Every file is first written
//! beside its destination under a temporary name; only when all are written are they renamed
//! into place, so an error leaves neither a half-written file nor part of the set. A
//! destination that is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe) is
//! written to directly, last: renaming onto it would replace the device with a file. A
//! symbolic link is followed: its target is replaced, the link stays.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;

use riskplan::Error;
use riskplan::report::html::{Charts, Html};
use riskplan::report::{Document, Export, Exporter, csv::Csv, json::Json, table::Table};

use super::options::Outputs;
use super::temporary::Temporary;

/// Formats `doc` for every output asked for, then writes them: CSV files into the `--csv`
/// directory, JSON to `--json` (a file, or standard output), the page to `--html`, the SVG
/// charts into the `--charts` directory, and otherwise the summary table to standard output.
/// Everything is formatted before anything is written, and nothing is when a figure is not
/// a finite number.
pub fn write(outputs: &Outputs, doc: Document<'_>, table: &Table) -> Result<()> {
    riskplan::report::finite::check(doc)?;
    let to_stdout = outputs.json.as_deref() == Some(Path::new("-"));
    let json = match &outputs.json {
        Some(_) => document(Json.export(doc)?),
        None => Vec::new(),
    };
    let csv = match &outputs.csv {
        Some(_) => match Csv.export(doc)? {
            Export::Files(files) => files,
            Export::Document(bytes) => vec![("report.csv".to_string(), bytes)],
        },
        None => Vec::new(),
    };
    let html = match &outputs.html {
        Some(_) => document(Html.export(doc)?),
        None => Vec::new(),
    };
    let charts = match &outputs.charts {
        Some(_) => match Charts.export(doc)? {
            Export::Files(files) => files,
            Export::Document(bytes) => vec![("charts.svg".to_string(), bytes)],
        },
        None => Vec::new(),
    };
    let stdout = if to_stdout {
        Vec::new()
    } else {
        document(table.export(doc)?)
    };
    let mut files: Vec<(PathBuf, &[u8])> = Vec::new();
    if let Some(dir) = &outputs.csv {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
        for (name, bytes) in &csv {
            files.push((dir.join(name), bytes));
        }
    }
    if let Some(dir) = &outputs.charts {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.clone(),
            source,
        })?;
        for (name, bytes) in &charts {
            files.push((dir.join(name), bytes));
        }
    }
    if let Some(path) = &outputs.json
        && !to_stdout
    {
        files.push((path.clone(), &json));
    }
    if let Some(path) = &outputs.html {
        files.push((path.clone(), &html));
    }
    write_all_or_none(&files)?;
    let mut out = std::io::stdout().lock();
    out.write_all(if to_stdout { &json } else { &stdout })?;
    out.flush()?;
    Ok(())
}

/// The bytes of a single-document export (a set of files is joined, which no caller asks for).
fn document(e: Export) -> Vec<u8> {
    match e {
        Export::Document(bytes) => bytes,
        Export::Files(files) => files.into_iter().flat_map(|(_, b)| b).collect(),
    }
}

/// Where an output goes: a regular file (or none yet) is replaced by renaming its temporary
/// file onto it; anything else (a device, a named pipe) is written to directly.
enum Destination {
    Replace(PathBuf),
    WriteThrough(PathBuf),
}

impl Destination {
    fn of(path: &Path) -> Destination {
        match std::fs::metadata(path) {
            Ok(m) if !m.is_file() && !m.is_dir() => Destination::WriteThrough(path.to_path_buf()),
            // A link's target is what gets replaced.
            Ok(_) if path.is_symlink() => Destination::Replace(
                std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
            ),
            _ => Destination::Replace(path.to_path_buf()),
        }
    }
}

/// Checks, before any work, that `path` can be written as [`write_all_or_none`] will: its
/// temporary file is made and removed beside it; a device is opened for writing. A named
/// pipe is left alone (opening it waits for a reader).
pub fn check_writable(path: &Path) -> std::io::Result<()> {
    match Destination::of(path) {
        Destination::Replace(target) => Temporary::create(&target).map(drop),
        Destination::WriteThrough(path) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::FileTypeExt;
                if std::fs::metadata(&path)?.file_type().is_fifo() {
                    return Ok(());
                }
            }
            std::fs::OpenOptions::new()
                .write(true)
                .open(&path)
                .map(drop)
        }
    }
}

/// Writes every file under its temporary name, then renames them all into place; on an
/// error, removes what it wrote.
pub fn write_all_or_none(files: &[(PathBuf, &[u8])]) -> Result<(), Error> {
    let mut regular: Vec<(PathBuf, &[u8])> = Vec::new();
    let mut special: Vec<(PathBuf, &[u8])> = Vec::new();
    for (path, bytes) in files {
        match Destination::of(path) {
            Destination::Replace(target) => regular.push((target, bytes)),
            Destination::WriteThrough(path) => special.push((path, bytes)),
        }
    }
    replace_all_or_none(&regular)?;
    for (path, bytes) in special {
        std::fs::write(&path, bytes).map_err(|source| Error::Write { path, source })?;
    }
    Ok(())
}

/// Writes every file under its temporary name, then renames them all into place. A
/// temporary file not put in place is removed when dropped: on an error, on the way out.
fn replace_all_or_none(files: &[(PathBuf, &[u8])]) -> Result<(), Error> {
    let fail = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    let mut written: Vec<Temporary> = Vec::new();
    for (path, bytes) in files {
        let mut tmp = Temporary::create(path).map_err(fail(path))?;
        tmp.write_all(bytes).map_err(fail(path))?;
        written.push(tmp);
    }
    for (tmp, (path, _)) in written.into_iter().zip(files) {
        tmp.place(path).map_err(fail(path))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_leaves_no_file_of_the_set() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("summary.csv");
        let bad = dir.path().join("missing-folder").join("report.json");
        let files: Vec<(PathBuf, &[u8])> = vec![(good.clone(), b"a,b\n"), (bad, b"{}")];
        assert!(write_all_or_none(&files).is_err());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(left.is_empty(), "left behind: {left:?}");
        // And when every write succeeds, every file is in place.
        let other = dir.path().join("report.json");
        let files: Vec<(PathBuf, &[u8])> = vec![(good.clone(), b"a,b\n"), (other.clone(), b"{}")];
        write_all_or_none(&files).unwrap();
        assert_eq!(std::fs::read(&good).unwrap(), b"a,b\n");
        assert_eq!(std::fs::read(&other).unwrap(), b"{}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn a_named_pipe_is_written_to_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let pipe = dir.path().join("report.json");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let reader = {
            let pipe = pipe.clone();
            std::thread::spawn(move || std::fs::read(pipe).unwrap())
        };
        let file = dir.path().join("summary.csv");
        let files: Vec<(PathBuf, &[u8])> = vec![(pipe.clone(), b"{}"), (file.clone(), b"a\n")];
        write_all_or_none(&files).unwrap();
        assert_eq!(reader.join().unwrap(), b"{}");
        assert!(std::fs::metadata(&pipe).unwrap().file_type().is_fifo());
        assert_eq!(std::fs::read(&file).unwrap(), b"a\n");
    }

    #[test]
    fn a_symbolic_link_keeps_pointing_at_its_replaced_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.json");
        std::fs::write(&target, b"old").unwrap();
        let link = dir.path().join("report.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_all_or_none(&[(link.clone(), b"new".as_slice())]).unwrap();
        assert!(link.is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }
}
