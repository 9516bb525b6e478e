//! Temporary files beside the outputs. Each output is first written under a hidden name beside
//! its destination, `.NAME.riskplan-PID.tmp`, then renamed into place. The ones this process
//! is writing are listed here, so that an interrupted run removes them before it exits (see
//! `interrupt`); a run killed outright leaves its own behind, and the next write to the same
//! destination removes them once no process has that PID.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Temporary files made and not yet renamed into place or removed.
pub struct Registry(Mutex<Vec<PathBuf>>);

/// This process's temporary files.
static WRITING: Registry = Registry::new();

impl Registry {
    const fn new() -> Registry {
        Registry(Mutex::new(Vec::new()))
    }

    fn lock(&self) -> MutexGuard<'_, Vec<PathBuf>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Removes every temporary file listed, and holds the list until the returned guard is
    /// dropped, so that none is made meanwhile: what an interruption does before it exits.
    pub fn remove_all(&self) -> MutexGuard<'_, Vec<PathBuf>> {
        let mut list = self.lock();
        for path in list.drain(..) {
            let _ = std::fs::remove_file(path);
        }
        list
    }
}

/// Removes every temporary file this process is writing (see [`Registry::remove_all`]).
pub fn remove_all() -> MutexGuard<'static, Vec<PathBuf>> {
    WRITING.remove_all()
}

/// A temporary file of one output, removed when dropped unless it was put in place.
pub struct Temporary {
    path: PathBuf,
    file: File,
    placed: bool,
    registry: &'static Registry,
}

impl Temporary {
    /// Creates the temporary file of `destination` beside it, first removing those that
    /// runs no longer alive left for the same destination.
    pub fn create(destination: &Path) -> std::io::Result<Temporary> {
        Temporary::listed_in(&WRITING, destination)
    }

    fn listed_in(registry: &'static Registry, destination: &Path) -> std::io::Result<Temporary> {
        remove_stale(registry, destination);
        let path = name(destination, std::process::id());
        // Listed in the same step as it is made: an interruption removes it, or finds it
        // not yet made.
        let mut list = registry.lock();
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)?;
        list.push(path.clone());
        Ok(Temporary {
            path,
            file,
            placed: false,
            registry,
        })
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.file.write_all(bytes)?;
        self.file.flush()
    }

    /// Renames the file to `destination`.
    pub fn place(mut self, destination: &Path) -> std::io::Result<()> {
        let mut list = self.registry.lock();
        std::fs::rename(&self.path, destination)?;
        list.retain(|p| *p != self.path);
        self.placed = true;
        Ok(())
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.placed {
            let mut list = self.registry.lock();
            let _ = std::fs::remove_file(&self.path);
            list.retain(|p| *p != self.path);
        }
    }
}

/// The name of `destination`'s temporary file for process `pid`: hidden, beside it.
pub fn name(destination: &Path, pid: u32) -> PathBuf {
    let dir = match destination.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let file = destination
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{file}.riskplan-{pid}.tmp"))
}

/// The PID in `candidate` when it is the name of a temporary file of the output `file`.
fn owner(file: &str, candidate: &str) -> Option<u32> {
    let pid = candidate
        .strip_prefix('.')?
        .strip_prefix(file)?
        .strip_prefix(".riskplan-")?
        .strip_suffix(".tmp")?;
    if pid.is_empty() || !pid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse().ok()
}

/// Removes the temporary files of `destination` that runs since ended left behind: those of
/// a PID no process has, and those of this process's own PID that it is not writing (left
/// by an earlier process that had the same PID).
fn remove_stale(registry: &Registry, destination: &Path) {
    let dir = name(destination, 0)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let Some(file) = destination.file_name().map(|n| n.to_string_lossy()) else {
        return;
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    let own = std::process::id();
    for entry in entries.flatten() {
        let candidate = entry.file_name();
        let Some(pid) = owner(&file, &candidate.to_string_lossy()) else {
            continue;
        };
        let path = dir.join(&candidate);
        let stale = if pid == own {
            !registry.lock().contains(&path)
        } else {
            !alive(pid)
        };
        if stale {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// False only when no process has `pid`. Where that cannot be told (no `/proc`), every PID
/// counts as alive, and nothing of another process is removed.
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    !(pid > 0 && proc.join("self").exists() && !proc.join(pid.to_string()).exists())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PID no process has: that of a child that has ended.
    fn dead_pid() -> u32 {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        pid
    }

    #[test]
    fn temporary_names_are_hidden_beside_the_destination_and_read_back() {
        assert_eq!(
            name(Path::new("out/report.json"), 42),
            Path::new("out/.report.json.riskplan-42.tmp")
        );
        assert_eq!(
            name(Path::new("report.json"), 7),
            Path::new("./.report.json.riskplan-7.tmp")
        );
        assert_eq!(
            owner("report.json", ".report.json.riskplan-42.tmp"),
            Some(42)
        );
        for other in [
            ".report.json.riskplan-.tmp",
            ".report.json.riskplan-4x2.tmp",
            ".report.json.riskplan-+42.tmp",
            ".other.json.riskplan-42.tmp",
            "report.json.riskplan-42.tmp",
            ".report.json.42.tmp",
        ] {
            assert_eq!(owner("report.json", other), None, "{other}");
        }
    }

    /// A registry of its own: the tests run side by side in one process.
    fn registry() -> &'static Registry {
        Box::leak(Box::new(Registry::new()))
    }

    #[test]
    fn an_interruption_removes_every_temporary_being_written() {
        let dir = tempfile::tempdir().unwrap();
        let r = registry();
        let mut a = Temporary::listed_in(r, &dir.path().join("a.json")).unwrap();
        a.write_all(b"{").unwrap();
        let b = Temporary::listed_in(r, &dir.path().join("b.csv")).unwrap();
        let placed = Temporary::listed_in(r, &dir.path().join("c.html")).unwrap();
        placed.place(&dir.path().join("c.html")).unwrap();
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
        {
            let held = r.remove_all();
            assert!(held.is_empty());
        }
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["c.html"]);
        // Dropped afterwards, they have nothing left to remove.
        drop((a, b));
    }

    #[test]
    fn a_temporary_not_put_in_place_is_removed_when_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let r = registry();
        let mut t = Temporary::listed_in(r, &dir.path().join("a.json")).unwrap();
        t.write_all(b"{}").unwrap();
        assert_eq!(r.lock().len(), 1);
        drop(t);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        assert!(r.lock().is_empty());
    }

    #[test]
    fn leftovers_of_ended_runs_are_removed_and_those_of_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("report.json");
        let dead = name(&out, dead_pid());
        // PID 1 is always alive; this process's own PID, not being written, is a leftover.
        let live = name(&out, 1);
        let own = name(&out, std::process::id());
        let other = name(&dir.path().join("other.json"), dead_pid());
        for p in [&dead, &live, &own, &other] {
            std::fs::write(p, b"partial").unwrap();
        }
        // Made under the name its own PID's leftover had: that one was removed first.
        let t = Temporary::listed_in(registry(), &out).unwrap();
        assert!(!dead.exists());
        assert!(live.exists());
        assert!(
            other.exists(),
            "another destination's leftovers are its own"
        );
        assert_eq!(std::fs::read(&own).unwrap(), b"");
        t.place(&out).unwrap();
        assert!(!own.exists());
        assert!(out.exists());
    }
}
