//! Levelled runs are bit-identical on any number of threads and over any split of the
//! iterations, the what-if rows included.

use riskplan::engine::outcomes::ONE_MORE_ITERATIONS;
use riskplan::engine::{self, LANES, Outcomes, Sampling, SimOptions};
use riskplan::model::Model;

use super::scenario;
use crate::common::compile;

/// Iterations `range` on `threads` threads.
fn simulate_on(
    threads: usize,
    m: &Model,
    opts: SimOptions,
    range: std::ops::Range<u64>,
) -> Outcomes {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool")
        .install(|| engine::simulate(m, opts, range, &|_| {}))
}

#[test]
fn levelled_runs_are_bit_identical_on_any_threads_and_any_split() {
    let m = compile(&scenario("dl-project.toml"));
    let n = 3_000;
    for sampling in [Sampling::Random, Sampling::LatinHypercube] {
        let opts = SimOptions { seed: 88, sampling };
        let one = simulate_on(1, &m, opts, 0..n);
        // What the comparison covers: the what-if, utilisations and bottlenecks all vary.
        assert_eq!(one.one_more_len(), ONE_MORE_ITERATIONS as usize);
        assert!(one.columns.bottleneck.iter().flatten().any(|&b| b));
        assert!(one.columns.bottleneck.iter().flatten().any(|&b| !b));
        let u = &one.columns.utilisation[0];
        assert!(u.iter().any(|&x| x != u[0]));
        let base = one.one_more_base();
        assert!(one.one_more_of(2).iter().zip(base).any(|(a, b)| a < b));
        assert!(
            one == simulate_on(2, &m, opts, 0..n),
            "{sampling:?}: 2 threads"
        );
        assert!(
            one == simulate_on(3, &m, opts, 0..n),
            "{sampling:?}: 3 threads"
        );
        // Split where neither half starts on a chunk (256) or block (16) boundary: once below
        // ONE_MORE_ITERATIONS (both halves hold what-if rows) and once above it.
        for k in [ONE_MORE_ITERATIONS - 95, ONE_MORE_ITERATIONS + 103] {
            assert!(k % 256 != 0 && k % LANES as u64 != 0);
            let a = simulate_on(2, &m, opts, 0..k);
            let b = simulate_on(2, &m, opts, k..n);
            assert_eq!(
                b.one_more_len(),
                (ONE_MORE_ITERATIONS as usize).saturating_sub(k as usize)
            );
            let merged = a.merge(b).expect("adjacent");
            assert!(one == merged, "{sampling:?}: split at {k}");
        }
    }
}
