//! The quantile function of Beta(a, b), a, b >= 1: what Beta-PERT draws by inverse CDF. It has
//! no closed form, a simulation evaluates it about a hundred million times, and every
//! quantile, tails included, must be right to far better than 1e-6 of the range.
//!
//! One table per shape (a, b), built once when a plan is compiled and shared by every task of
//! that shape ([`BetaQuantile::shared`]). Each half of the probability range is built from its
//! own end: below the median from Beta(a, b) at u, above it from Beta(b, a) at 1 - u (x is 1
//! minus that), so that each tail is tabulated in a variable that resolves it. Within a half,
//! with v = min(u, 1 - u):
//!
//! - **Body**, 2^-9 <= v <= 1/2 (99.6% of draws): one polynomial of degree 7 per binade
//!   [2^-k-1, 2^-k) of v, in the position z in [-1, 1) within it. The quantile is analytic
//!   there and its nearest singularity (at v = 0) is a binade's width away, so Chebyshev
//!   interpolation converges fast: degree 7 is within 4e-8. The binade and z come from the
//!   bits of v (its exponent and mantissa): no logarithm, no search, and no branch on which
//!   half (a draw falls on either side at random, so a branch would be mispredicted every
//!   other time).
//! - **Tail**, v < 2^-9: near 0, F(x) = x^a g(x) / (a B(a, b)) with g analytic and g(0) = 1,
//!   so x is s times an analytic function of s = (v 2^9)^(1/a), which one more polynomial of
//!   degree 7 gives to about 1e-9 of itself down to v = 0. The tail costs a `powf`, one draw
//!   in 256.
//!
//! Each polynomial interpolates exact values at the Chebyshev-Lobatto points (which include
//! both ends, so that neighbours meet); the values come from Halley's method on the
//! regularized incomplete beta function (`statrs`), converged to about 1e-14. Over PERT's
//! shapes (a + b = 6) the largest error, measured against bisection on the incomplete beta
//! function, is about 4e-8; the tests check 1e-6 at probabilities from 1e-300 to 1 - 1e-9, and
//! the mass of the tails to 1e-6 of itself. A polynomial is 64 bytes, one cache line, and a
//! draw reads one; a table is 1.3 KB and takes about 220 evaluations of the incomplete beta
//! function (0.1 ms) to build. Small tables matter as much as few operations: a plan has as
//! many tables as distinct shapes (hundreds), and the ones the draws touch must stay in cache:
//! 16 cubic pieces per binade, as accurate, take 8 KB a shape and added a third to the cache
//! misses of the 1,000-task benchmark plan.

use std::collections::BTreeMap;
use std::f64::consts::PI;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError, Weak};

use statrs::function::beta::{beta_reg, ln_beta};

/// Binades of v in the body of each half: v in [2^-(BINADES + 1), 1/2).
const BINADES: usize = 8;
/// The degree of each polynomial.
const DEGREE: usize = 7;
/// Where the tail of each half ends and the body starts, in v.
const TAIL_END: f64 = 1.0 / (1u64 << (BINADES + 1)) as f64;

const EXPONENT_BIAS: i64 = 1023;
const MANTISSA: u64 = (1 << 52) - 1;
const ONE: u64 = 0x3ff0_0000_0000_0000;

/// A polynomial of degree 7 in z in [-1, 1] (monomial coefficients), one cache line.
#[derive(Clone, Copy, Default)]
#[repr(align(64))]
struct Poly([f64; DEGREE + 1]);

impl Poly {
    /// The polynomial through `ys[j]` at the Chebyshev-Lobatto points z_j = cos(pi j / 7),
    /// j = 0..=7 (from z = 1 down to z = -1).
    fn through(ys: &[f64; DEGREE + 1]) -> Poly {
        let n = DEGREE as f64;
        let end = |j: usize| if j == 0 || j == DEGREE { 0.5 } else { 1.0 };
        // Chebyshev coefficients: a discrete cosine transform of the values ...
        let cheb: [f64; DEGREE + 1] = std::array::from_fn(|k| {
            let sum: f64 = (0..=DEGREE)
                .map(|j| end(j) * ys[j] * (PI * (k * j) as f64 / n).cos())
                .sum();
            2.0 / n * end(k) * sum
        });
        // ... then monomials, from T_0 = 1, T_1 = z, T_k+1 = 2 z T_k - T_k-1.
        let mut mono = [0.0; DEGREE + 1];
        let mut t_prev = [0.0; DEGREE + 1];
        let mut t = [0.0; DEGREE + 1];
        t_prev[0] = 1.0;
        t[1] = 1.0;
        for (k, c) in cheb.iter().enumerate() {
            if k >= 2 {
                let mut next = [0.0; DEGREE + 1];
                for i in 0..DEGREE {
                    next[i + 1] = 2.0 * t[i];
                }
                for i in 0..=DEGREE {
                    next[i] -= t_prev[i];
                }
                t_prev = t;
                t = next;
            }
            let basis = if k == 0 { &t_prev } else { &t };
            for i in 0..=DEGREE {
                mono[i] += c * basis[i];
            }
        }
        // The transforms round at about 1e-15; a straight line through the errors at the ends
        // puts them back on their values, so that neighbouring polynomials meet to an ulp.
        let mut poly = Poly(mono);
        let (low, high) = (poly.at(-1.0) - ys[DEGREE], poly.at(1.0) - ys[0]);
        poly.0[0] -= (low + high) / 2.0;
        poly.0[1] -= (high - low) / 2.0;
        poly
    }

    /// A constant.
    fn constant(y: f64) -> Poly {
        let mut c = [0.0; DEGREE + 1];
        c[0] = y;
        Poly(c)
    }

    /// 1 minus this polynomial.
    fn one_minus(&self) -> Poly {
        let mut c = self.0.map(|c| -c);
        c[0] += 1.0;
        Poly(c)
    }

    /// The value at z (Estrin's scheme: a short chain of dependent operations).
    #[inline(always)]
    fn at(&self, z: f64) -> f64 {
        let c = &self.0;
        let z2 = z * z;
        let z4 = z2 * z2;
        let low = (c[0] + c[1] * z) + (c[2] + c[3] * z) * z2;
        let high = (c[4] + c[5] * z) + (c[6] + c[7] * z) * z2;
        low + high * z4
    }
}

/// The Chebyshev-Lobatto points, from z = 1 down to z = -1.
fn lobatto(j: usize) -> f64 {
    (PI * j as f64 / DEGREE as f64).cos()
}

/// The quantile function of one Beta(a, b), a, b >= 1, ready to evaluate.
pub struct BetaQuantile {
    /// `body[0]`: x for u <= 1/2, one polynomial per binade of u; `body[1]`: x for u > 1/2,
    /// per binade of 1 - u (1 minus those of Beta(b, a)). The last is the median, a constant.
    /// Both give x itself, so that a draw needs no choice between the halves, only an index.
    body: [[Poly; BINADES + 1]; 2],
    /// The tails of the two halves: x / s (below the median) and (1 - x) / s (above) as
    /// polynomials in z = 2s - 1.
    tail: [Poly; 2],
    /// 1/a and 1/b: the exponents that turn v into s in each half.
    inv_shape: [f64; 2],
    a: f64,
    b: f64,
}

impl fmt::Debug for BetaQuantile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BetaQuantile")
            .field("a", &self.a)
            .field("b", &self.b)
            .finish_non_exhaustive()
    }
}

impl BetaQuantile {
    /// The table of Beta(a, b) (a, b >= 1), built on first use and shared while anything holds
    /// it: a thousand tasks of a few shapes cost a few tables, which stay in cache.
    pub fn shared(a: f64, b: f64) -> Arc<BetaQuantile> {
        static TABLES: Mutex<BTreeMap<(u64, u64), Weak<BetaQuantile>>> =
            Mutex::new(BTreeMap::new());
        let key = (a.to_bits(), b.to_bits());
        let lookup = || {
            TABLES
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .get(&key)
                .and_then(Weak::upgrade)
        };
        if let Some(table) = lookup() {
            return table;
        }
        // Built without the lock, so that shapes can be built in parallel.
        let built = Arc::new(BetaQuantile::new(a, b));
        let mut tables = TABLES.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(table) = tables.get(&key).and_then(Weak::upgrade) {
            return table;
        }
        // Forget the tables nothing holds any more, now and then (amortized O(1)).
        if tables.len() >= 64 && tables.len().is_power_of_two() {
            tables.retain(|_, t| t.strong_count() > 0);
        }
        tables.insert(key, Arc::downgrade(&built));
        built
    }

    /// Builds the table of Beta(a, b); a, b >= 1.
    pub fn new(a: f64, b: f64) -> BetaQuantile {
        debug_assert!(a >= 1.0 && b >= 1.0, "Beta({a}, {b})");
        let (lower_body, lower_tail) = half(a, b, None);
        // The two halves meet at the median: one value, so that nothing jumps there.
        let median = lower_body[BINADES].0[0];
        let (upper_body, upper_tail) = half(b, a, Some(1.0 - median));
        let mut upper_body = upper_body.map(|p| p.one_minus());
        upper_body[BINADES] = Poly::constant(median);
        BetaQuantile {
            body: [lower_body, upper_body],
            tail: [lower_tail, upper_tail],
            inv_shape: [1.0 / a, 1.0 / b],
            a,
            b,
        }
    }

    /// x with I_x(a, b) = u, for u in [0, 1].
    #[inline]
    pub fn quantile(&self, u: f64) -> f64 {
        let upper = usize::from(u > 0.5);
        let v = u.min(1.0 - u);
        let bits = v.to_bits();
        // The binade of v counted from the tail's end: 0 for [2^-9, 2^-8), ..., 7 for
        // [1/4, 1/2), 8 for v = 1/2 (the median); negative in the tail.
        let binade = (bits >> 52) as i64 - (EXPONENT_BIAS - BINADES as i64 - 1);
        if binade < 0 {
            return self.tail_quantile(upper, v);
        }
        // v = 2^e w with w in [1, 2): z = 2w - 3 in [-1, 1), exactly.
        let z = 2.0 * f64::from_bits((bits & MANTISSA) | ONE) - 3.0;
        // `min`: NaN lands on the median rather than out of bounds.
        self.body[upper][(binade as usize).min(BINADES)].at(z)
    }

    #[cold]
    #[inline(never)]
    fn tail_quantile(&self, upper: usize, v: f64) -> f64 {
        let s = (v * (1.0 / TAIL_END)).powf(self.inv_shape[upper]);
        let y = s * self.tail[upper].at(2.0 * s - 1.0);
        if upper == 0 { y } else { 1.0 - y }
    }
}

/// The polynomials of the lower half (u <= 1/2) of Beta(a, b): body (the last the median, a
/// constant), then tail. `median`, when given, is the median to use.
fn half(a: f64, b: f64, median: Option<f64>) -> ([Poly; BINADES + 1], Poly) {
    let beta = Inverse::new(a, b);
    // Tail: x/s at s_j = (1 + z_j)/2, v = TAIL_END s^a; at s = 0 the limit of
    // x/s = (v a B(a, b))^(1/a) / s = (TAIL_END a B(a, b))^(1/a). From s = 0 upwards, each
    // guess the previous ratio.
    let mut ratios = [0.0; DEGREE + 1];
    ratios[DEGREE] = (TAIL_END * a * beta.ln_beta.exp()).powf(1.0 / a);
    for j in (0..DEGREE).rev() {
        let s = (1.0 + lobatto(j)) / 2.0;
        let x = beta.solve(TAIL_END * s.powf(a), s * ratios[j + 1]);
        ratios[j] = x / s;
    }
    let tail = Poly::through(&ratios);
    // Body: binade k is v = TAIL_END 2^k (3 + z)/2; neighbours share their end points.
    let mut body = [Poly::default(); BINADES + 1];
    let mut x = ratios[0];
    let mut v = TAIL_END;
    for (k, poly) in body.iter_mut().take(BINADES).enumerate() {
        let mut xs = [0.0; DEGREE + 1];
        xs[DEGREE] = x;
        for j in (0..DEGREE).rev() {
            let next = TAIL_END * (1u64 << k) as f64 * (3.0 + lobatto(j)) / 2.0;
            // Second-order Taylor step from the previous point: x'' = -x'^2 f'(x)/f(x).
            let (dv, slope) = (next - v, 1.0 / beta.density(x));
            let guess = x + slope * dv - 0.5 * slope * slope * beta.log_slope(x) * dv * dv;
            x = match median {
                Some(m) if j == 0 && k == BINADES - 1 => m,
                _ => beta.solve(next, guess),
            };
            xs[j] = x;
            v = next;
        }
        *poly = Poly::through(&xs);
    }
    body[BINADES] = Poly::constant(x);
    (body, tail)
}

/// The inverse of the regularized incomplete beta function I_x(a, b), in the lower half.
struct Inverse {
    a: f64,
    b: f64,
    ln_beta: f64,
}

impl Inverse {
    fn new(a: f64, b: f64) -> Inverse {
        Inverse {
            a,
            b,
            ln_beta: ln_beta(a, b),
        }
    }

    /// The density of Beta(a, b) at x in (0, 1).
    fn density(&self, x: f64) -> f64 {
        ((self.a - 1.0) * x.ln() + (self.b - 1.0) * (-x).ln_1p() - self.ln_beta).exp()
    }

    /// f'(x)/f(x).
    fn log_slope(&self, x: f64) -> f64 {
        (self.a - 1.0) / x - (self.b - 1.0) / (1.0 - x)
    }

    /// x with I_x(a, b) = p, for p in (0, 1/2]: Halley's method from `guess`, falling back
    /// on bisection whenever a step would leave the bracket. Halley's error is of the order
    /// of the cube of the previous one, so once a step is below 1e-5 of x the point it leads
    /// to is exact to about 1e-14 of x, and is returned without another evaluation.
    fn solve(&self, p: f64, guess: f64) -> f64 {
        let (mut lo, mut hi) = (0.0f64, 1.0f64);
        let mut x = if guess > 0.0 && guess < 1.0 {
            guess
        } else {
            0.5
        };
        loop {
            let residual = beta_reg(self.a, self.b, x) - p;
            if residual == 0.0 {
                return x;
            }
            if residual < 0.0 {
                lo = x;
            } else {
                hi = x;
            }
            let newton = residual / self.density(x);
            let step = newton / (1.0 - 0.5 * newton * self.log_slope(x));
            let next = x - step;
            if step.abs() <= 1e-5 * x {
                // Within rounding of the bracket when the step is below an ulp of x.
                return next.clamp(lo, hi);
            }
            if next > lo && next < hi {
                x = next;
            } else {
                let mid = 0.5 * (lo + hi);
                if !(mid > lo && mid < hi) {
                    return mid;
                }
                x = mid;
            }
        }
    }
}

/// x with I_x(a, b) = p, by bisection until the interval stops shrinking (far below the
/// 1e-12 the checks need). Above 1/2, from I_x(a, b) = 1 - I_{1-x}(b, a): near 1, I_x(a, b)
/// itself rounds to 1. The reference the tests hold the tables to.
#[cfg(test)]
pub(crate) fn exact_quantile(a: f64, b: f64, p: f64) -> f64 {
    if p > 0.5 {
        return 1.0 - exact_quantile(b, a, 1.0 - p);
    }
    let (mut lo, mut hi) = (0.0f64, 1.0f64);
    loop {
        let mid = 0.5 * (lo + hi);
        if !(mid > lo && mid < hi) {
            return mid;
        }
        if beta_reg(a, b, mid) < p {
            lo = mid;
        } else {
            hi = mid;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use super::exact_quantile as exact;

    /// PERT's shapes (a = 1 + 4r, b = 1 + 4(1 - r)): a grid over r in [0, 1] and odd values.
    fn pert_shapes() -> Vec<(f64, f64)> {
        let mut rs: Vec<f64> = (0..=20).map(|i| i as f64 / 20.0).collect();
        rs.extend([1e-9, 1e-3, 0.123, 1.0 / 3.0, 0.61, 0.777, 0.999, 1.0 - 1e-9]);
        rs.into_iter()
            .map(|r| (1.0 + 4.0 * r, 1.0 + 4.0 * (1.0 - r)))
            .collect()
    }

    /// Probabilities in both tails (p and 1 - p) and through the body.
    fn probabilities() -> Vec<f64> {
        let mut ps = vec![0.0, 0.5, 1.0];
        for p in [
            1e-300, 1e-100, 1e-20, 1e-12, 1e-9, 1e-6, 1e-4, 1e-3, 0.01, 0.1,
        ] {
            ps.extend([p, 1.0 - p]);
        }
        // Both sides of the tail's end, and off-knot points in every binade.
        ps.extend([TAIL_END, TAIL_END * (1.0 - 1e-12), 1.0 - TAIL_END]);
        ps.extend((1..300).map(|i| i as f64 / 300.0 - 0.00077));
        ps.extend((1..=40).map(|k| 0.77 * 0.5f64.powi(k)));
        ps.extend((1..=40).map(|k| 1.0 - 0.61 * 0.5f64.powi(k)));
        ps
    }

    #[test]
    fn every_quantile_is_within_a_millionth_of_the_exact_one() {
        for (a, b) in pert_shapes() {
            let q = BetaQuantile::new(a, b);
            for p in probabilities() {
                let (got, want) = (q.quantile(p), exact(a, b, p));
                assert!(
                    (got - want).abs() <= 1e-6,
                    "Beta({a}, {b}) at {p}: {got} vs exact {want}"
                );
            }
        }
    }

    #[test]
    fn closed_forms_are_matched() {
        let uniform = BetaQuantile::new(1.0, 1.0);
        let power = BetaQuantile::new(5.0, 1.0);
        let reverse = BetaQuantile::new(1.0, 5.0);
        for p in probabilities() {
            assert!((uniform.quantile(p) - p).abs() <= 1e-6, "{p}");
            assert!((power.quantile(p) - p.powf(0.2)).abs() <= 1e-6, "{p}");
            let x = -((-p).ln_1p() / 5.0).exp_m1();
            assert!((reverse.quantile(p) - x).abs() <= 1e-6, "{p}");
        }
    }

    #[test]
    fn the_tails_carry_their_exact_mass() {
        // A tail 10 times too heavy or too light shows as a relative error of 9 or 0.9; the
        // tables are good to about 1e-8 of the mass. In the upper tail, x is within half an
        // ulp (2^-53) of 1 - y, which moves the mass by up to b 2^-53 / y of itself.
        for (a, b) in pert_shapes() {
            let q = BetaQuantile::new(a, b);
            for p in [
                1e-300, 1e-100, 1e-20, 1e-12, 1e-9, 1e-6, 1e-4, 1e-3, TAIL_END, 0.01,
            ] {
                let x = q.quantile(p);
                let mass = beta_reg(a, b, x);
                assert!(
                    (mass - p).abs() <= 1e-6 * p,
                    "Beta({a}, {b}): mass {mass} below its {p}-quantile {x}"
                );
                let u = 1.0 - p;
                if u == 1.0 {
                    continue;
                }
                let (v, y) = (1.0 - u, 1.0 - q.quantile(u));
                let mass = beta_reg(b, a, y);
                let tol = v * (1e-6 + b * f64::EPSILON / 2.0 / y);
                assert!(
                    (mass - v).abs() <= tol,
                    "Beta({a}, {b}): mass {mass} above its {u}-quantile (1 - {y}), not {v}"
                );
            }
        }
    }

    #[test]
    fn the_quantile_is_monotone_and_continuous_where_polynomials_meet() {
        for (a, b) in [(1.0, 5.0), (1.48, 4.52), (3.0, 3.0), (4.9, 1.1), (5.0, 1.0)] {
            let q = BetaQuantile::new(a, b);
            // Every binade's ends in both halves (the first is the tail's end), approached
            // from both sides.
            let mut us = Vec::new();
            for k in 0..=BINADES {
                let v = TAIL_END * (1u64 << k) as f64;
                us.extend([v, 1.0 - v]);
            }
            for u in us {
                let (below, above) = (u.next_down(), u.next_up());
                let (qb, qu, qa) = (q.quantile(below), q.quantile(u), q.quantile(above));
                // Non-decreasing, up to the rounding of the polynomials (1e-16).
                assert!(
                    qb <= qu + 1e-15 && qu <= qa + 1e-15,
                    "Beta({a}, {b}) decreases around {u}: {qb}, {qu}, {qa}"
                );
                // Over two ulps of u the quantile moves by about their width times its
                // slope 1/f(x); anything more is a jump between polynomials.
                let slope = 1.0 / Inverse::new(a, b).density(qu);
                let allowed = 2.0 * (above - below) * slope + 1e-15;
                assert!(
                    qa - qb <= allowed,
                    "Beta({a}, {b}) jumps {} at {u}",
                    qa - qb
                );
            }
            // And a dense scan.
            let mut last = 0.0;
            for i in 0..=200_000 {
                let x = q.quantile(i as f64 / 200_000.0);
                assert!(x >= last, "Beta({a}, {b}) decreases at {}", i as f64 / 2e5);
                last = x;
            }
        }
    }

    #[test]
    fn the_ends_and_the_median_are_exact() {
        for (a, b) in pert_shapes() {
            let q = BetaQuantile::new(a, b);
            assert_eq!((q.quantile(0.0), q.quantile(1.0)), (0.0, 1.0));
            let median = exact(a, b, 0.5);
            assert!((q.quantile(0.5) - median).abs() <= 1e-13, "Beta({a}, {b})");
        }
    }

    #[test]
    fn a_shape_has_one_table_while_it_is_used() {
        let (a, b) = (1.0 + 4.0 * 0.3141, 1.0 + 4.0 * (1.0 - 0.3141));
        let first = BetaQuantile::shared(a, b);
        assert!(Arc::ptr_eq(&first, &BetaQuantile::shared(a, b)));
        assert!(!Arc::ptr_eq(&first, &BetaQuantile::shared(b, a)));
        assert_eq!(
            format!("{first:?}"),
            format!("BetaQuantile {{ a: {a}, b: {b}, .. }}")
        );
    }
}
