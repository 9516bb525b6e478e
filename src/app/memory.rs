//! Whether a run fits in the memory the machine has left: the engine's estimate of the run's
//! peak against what the kernel says is available (and what a cgroup limit leaves, as in a
//! container or a Slurm job), checked before any simulation, so that a run too large is
//! refused at once with the figure instead of aborting on an allocation failure.

use riskplan::Error;
use riskplan::engine::memory::Footprint;

/// A limit at or above this is no limit (cgroup v1 writes one just under 2^63).
const NO_LIMIT: u64 = 1 << 60;

/// Bytes this process may still take: the kernel's `MemAvailable`, or less where the
/// process's cgroup limit leaves less. None where neither can be read (not Linux).
pub fn available() -> Option<u64> {
    let meminfo = std::fs::read_to_string("/proc/meminfo").ok();
    let mem = meminfo.as_deref().and_then(|m| {
        let line = m.lines().find(|l| l.starts_with("MemAvailable:"))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb.saturating_mul(1024))
    });
    let read =
        |path: &str| -> Option<u64> { std::fs::read_to_string(path).ok()?.trim().parse().ok() };
    // cgroup v2, then v1: the limit less what the group uses already.
    let cgroup = [
        ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
        (
            "/sys/fs/cgroup/memory/memory.limit_in_bytes",
            "/sys/fs/cgroup/memory/memory.usage_in_bytes",
        ),
    ]
    .iter()
    .find_map(|(limit, usage)| {
        let limit = read(limit).filter(|&l| l < NO_LIMIT)?;
        Some(limit.saturating_sub(read(usage).unwrap_or(0)))
    });
    match (mem, cgroup) {
        (Some(m), Some(c)) => Some(m.min(c)),
        (m, c) => m.or(c),
    }
}

/// What a run will hold: the sum of the footprints of the models it simulates, each over its
/// number of iterations.
#[derive(Debug, Clone, Copy, Default)]
pub struct Need {
    pub fixed: u64,
    pub per_iteration: u64,
    /// Iterations of the main model (those of `-n`).
    pub iterations: u64,
}

impl Need {
    /// A run of `iterations` of a model with footprint `f`.
    pub fn new(f: Footprint, iterations: u64) -> Need {
        Need {
            fixed: f.fixed,
            per_iteration: f.per_iteration,
            iterations,
        }
    }

    /// This run plus `iterations` of another model (a plan compared, a mitigation variant):
    /// per iteration where it runs as many, else as a fixed part.
    pub fn and(self, f: Footprint, iterations: u64) -> Need {
        if iterations == self.iterations {
            Need {
                fixed: self.fixed.saturating_add(f.fixed),
                per_iteration: self.per_iteration.saturating_add(f.per_iteration),
                ..self
            }
        } else {
            Need {
                fixed: self.fixed.saturating_add(f.bytes(iterations)),
                ..self
            }
        }
    }

    pub fn bytes(&self) -> u64 {
        self.fixed
            .saturating_add(self.per_iteration.saturating_mul(self.iterations))
    }

    /// The most iterations of the main model that fit in `available` bytes.
    pub fn iterations_within(&self, available: u64) -> u64 {
        available.saturating_sub(self.fixed) / self.per_iteration.max(1)
    }
}

/// Refuses a run that needs more memory than `available` bytes, saying how much it needs and
/// what to do. `tasks` is the plan's size, for the message.
pub fn check(need: Need, tasks: usize, available: Option<u64>) -> Result<(), Error> {
    let Some(available) = available else {
        return Ok(());
    };
    if need.bytes() <= available {
        return Ok(());
    }
    let per_iteration = format!(
        "{} iterations of a {tasks}-task plan at about {} bytes each",
        need.iterations, need.per_iteration
    );
    let parts = if need.fixed >= need.bytes() / 2 {
        format!(
            "{} whatever the iterations (per-task figures on each thread, samples, the report), then {per_iteration}",
            size(need.fixed)
        )
    } else {
        per_iteration
    };
    let fit = need.iterations_within(available);
    let advice = if fit >= 1 {
        format!(
            "run at most {fit} iterations with -n (10000 is a good start; --precision DAYS chooses the number from the precision you need)"
        )
    } else {
        "free memory, run on a larger machine, or use fewer threads with --threads (each holds the per-task figures)".to_string()
    };
    Err(Error::Options(format!(
        "this run needs about {} of memory ({parts}), but {} is available; {advice}",
        size(need.bytes()),
        size(available)
    )))
}

/// Where a run that grows in rounds (`--precision`) must stop: None when `at_most` (the run
/// at `--max-iterations`) fits in `available`, else the most iterations that fit. Refused
/// when not even the first round of `first` iterations fits.
pub fn rounds_within(
    at_most: Need,
    first: u64,
    tasks: u64,
    available: Option<u64>,
) -> Result<Option<u64>, Error> {
    let Some(a) = available.filter(|&a| at_most.bytes() > a) else {
        return Ok(None);
    };
    let first_round = Need {
        iterations: first,
        ..at_most
    };
    check(first_round, tasks as usize, available)?;
    Ok(Some(at_most.iterations_within(a).max(first)))
}

/// A number of bytes for people: `1.4 GiB`, `310 MiB`.
pub fn size(bytes: u64) -> String {
    let gib = bytes as f64 / (1u64 << 30) as f64;
    if gib >= 1.0 {
        format!("{gib:.1} GiB")
    } else {
        format!("{} MiB", (bytes as f64 / (1u64 << 20) as f64).ceil())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_over_what_is_available_is_refused_with_its_size_and_what_fits() {
        let need = Need {
            fixed: 1 << 20,
            per_iteration: 100,
            iterations: 1_000_000_000,
        };
        assert!(check(need, 4, None).is_ok());
        assert!(check(need, 4, Some(need.bytes())).is_ok());
        let e = check(need, 4, Some(10 << 30)).unwrap_err().to_string();
        assert!(e.contains("needs about 93.1 GiB"), "{e}");
        assert!(e.contains("10.0 GiB is available"), "{e}");
        assert!(e.contains("1000000000 iterations of a 4-task plan"), "{e}");
        assert!(e.contains("at most 107363696 iterations"), "{e}");
        // The fixed part alone does not fit: fewer iterations would not help.
        let big = Need {
            fixed: 4 << 30,
            ..need
        };
        let e = check(big, 100_000, Some(1 << 30)).unwrap_err().to_string();
        assert!(e.contains("--threads") && !e.contains("-n "), "{e}");
    }

    #[test]
    fn rounds_stop_where_memory_ends() {
        let at_most = Need {
            fixed: 1_000,
            per_iteration: 100,
            iterations: 2_000_000,
        };
        // Room for all of them, or nothing known: no stop before --max-iterations.
        assert_eq!(rounds_within(at_most, 10_000, 4, None).unwrap(), None);
        let all = Some(at_most.bytes());
        assert_eq!(rounds_within(at_most, 10_000, 4, all).unwrap(), None);
        // Room for 50,000: the rounds stop there.
        let some = Some(1_000 + 100 * 50_000);
        assert_eq!(
            rounds_within(at_most, 10_000, 4, some).unwrap(),
            Some(50_000)
        );
        // Not even the first round: refused.
        let e = rounds_within(at_most, 10_000, 4, Some(500_000)).unwrap_err();
        assert!(
            e.to_string().contains("10000 iterations of a 4-task plan"),
            "{e}"
        );
    }

    #[test]
    fn memory_available_is_read_where_the_kernel_says() {
        if std::path::Path::new("/proc/meminfo").exists() {
            assert!(available().is_some_and(|b| b > 0));
        }
    }
}
