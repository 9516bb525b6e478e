//! How many times a Spot run is interrupted on average: the estimate that compiling checks
//! against `MAX_INTERRUPTIONS`, so that a run that would take forever is refused up front.

use super::*;
use statrs::function::gamma::checked_gamma_ur;

impl ComputeRun {
    /// About how many times a Spot run of `work_hours` hours of work is interrupted, on
    /// average, if it stays on Spot (0 on-demand). Each instance after the first restarts for
    /// `R` hours and then completes whole segments of `h = tau + C` hours until it is taken
    /// back, `E[J] = sum over j >= 1 of S(R + j h)` of them on average (`S`: the chance a
    /// lifetime outlasts that many hours); instances are drawn afresh, so by Wald's identity a
    /// run of `n` segments uses about `n / E[J]` of them. With exponential lifetimes this is
    /// the closed form of Bougeret et al. (SC 2011), `n (e^(lambda h) - 1) e^(lambda R)`: the
    /// running hours with their checkpoints over the mean lifetime when segments are short,
    /// and fast growing when an instance seldom outlives one.
    pub fn expected_interruptions(&self, work_hours: f64) -> f64 {
        if !self.is_spot() || !(work_hours > 0.0) {
            return 0.0;
        }
        let seg = Segments::new(work_hours, self.tau);
        let h = self.tau.min(work_hours) + self.c();
        let per_life = self.segments_per_life(h, self.spec.restart_hours);
        if per_life == INF {
            return 0.0;
        }
        seg.n as f64 / per_life
    }

    /// `E[J]` of `expected_interruptions`: the whole segments of `h` hours one new instance
    /// completes after a restart of `r` hours, on average.
    fn segments_per_life(&self, h: f64, r: f64) -> f64 {
        match self.life {
            Life::Never => INF,
            Life::Exponential { rate } => (-rate * r).exp() / (rate * h).exp_m1(),
            Life::Weibull {
                scale, inv_shape, ..
            } => {
                // Past `last` hours the chance of being alive is below e^-37 (1e-16).
                let last = scale * 37f64.powf(inv_shape);
                if (last - r) / h <= 1e4 {
                    let alive = (1..).map(|j| r + j as f64 * h).take_while(|&x| x < last);
                    alive.map(|x| self.life.survival(x)).sum()
                } else {
                    // Many short segments: the sum is the integral of S from R on, in
                    // segments, less half its first term (Euler-Maclaurin; off by less than
                    // one segment in the hundreds of a life). The integral is the mean
                    // lifetime times the regularized upper incomplete gamma Q(1/k, (R/s)^k).
                    let x = (r / scale).powf(1.0 / inv_shape);
                    let q = if x > 0.0 {
                        checked_gamma_ur(inv_shape, x).unwrap_or(0.0)
                    } else {
                        1.0
                    };
                    self.life.mean_hours() * q / h - self.life.survival(r) / 2.0
                }
            }
        }
    }
}
