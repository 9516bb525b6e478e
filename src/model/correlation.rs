//! Correlation between tasks' uncertainties, sampled with a Gaussian copula: each correlated
//! task's uniform draw u becomes Phi(z) where z = L g, g the independent normals Phi^-1(u) and
//! L the Cholesky factor of the correlation matrix. Each task keeps its own distribution; the
//! dependence between them is the normal one with the given coefficients (on the normal
//! scale, which the rank correlation follows closely: rho_s = 6/pi asin(rho/2)).
//!
//! A set of coefficients that is not a valid correlation matrix (not positive semi-definite,
//! e.g. A~B 0.9, B~C 0.9, A~C -0.9) is repaired to a nearby valid one by clipping negative
//! eigenvalues and restoring the unit diagonal (Higham's first step); the caller warns.

/// A compiled copula over `tasks` (model task positions, ascending).
#[derive(Debug, Clone)]
pub struct Copula {
    pub tasks: Vec<u32>,
    /// Lower-triangular Cholesky factor, row-major `k x k`.
    pub cholesky: Vec<f64>,
}

impl Copula {
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tasks.is_empty()
    }

    /// Replaces the uniforms `u[tasks[j]]` by correlated ones. `g` is scratch of length k.
    #[inline]
    pub fn correlate(&self, u: &mut [f64], g: &mut [f64]) {
        use super::sampler::{norm_cdf, norm_quantile};
        let k = self.tasks.len();
        for (j, &t) in self.tasks.iter().enumerate() {
            g[j] = norm_quantile(u[t as usize]);
        }
        // z = L g, computed from the last row up so that g can be overwritten in place.
        for row in (0..k).rev() {
            let l = &self.cholesky[row * k..row * k + row + 1];
            let z: f64 = l.iter().zip(&g[..=row]).map(|(a, b)| a * b).sum();
            g[row] = z;
        }
        for (j, &t) in self.tasks.iter().enumerate() {
            // Keep the uniform strictly inside (0, 1) for the inverse CDFs.
            u[t as usize] = norm_cdf(g[j]).clamp(1e-16, 1.0 - 1e-16);
        }
    }
}

/// Cholesky factor of a symmetric `k x k` matrix, or None when it is not positive definite.
pub fn cholesky(a: &[f64], k: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..=i {
            let mut sum = a[i * k + j];
            for m in 0..j {
                sum -= l[i * k + m] * l[j * k + m];
            }
            if i == j {
                if !(sum > 1e-12) {
                    return None;
                }
                l[i * k + i] = sum.sqrt();
            } else {
                l[i * k + j] = sum / l[j * k + j];
            }
        }
    }
    Some(l)
}

/// Eigenvalues and eigenvectors (columns of the returned matrix) of a symmetric matrix, by
/// cyclic Jacobi rotations.
fn jacobi_eigen(a: &[f64], k: usize) -> (Vec<f64>, Vec<f64>) {
    let mut a = a.to_vec();
    let mut v = vec![0.0; k * k];
    for i in 0..k {
        v[i * k + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..k)
            .flat_map(|i| (0..k).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * k + j] * a[i * k + j])
            .sum();
        if off < 1e-22 {
            break;
        }
        for p in 0..k {
            for q in p + 1..k {
                let apq = a[p * k + q];
                if apq.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q * k + q] - a[p * k + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for r in 0..k {
                    let arp = a[r * k + p];
                    let arq = a[r * k + q];
                    a[r * k + p] = c * arp - s * arq;
                    a[r * k + q] = s * arp + c * arq;
                }
                for r in 0..k {
                    let apr = a[p * k + r];
                    let aqr = a[q * k + r];
                    a[p * k + r] = c * apr - s * aqr;
                    a[q * k + r] = s * apr + c * aqr;
                }
                for r in 0..k {
                    let vrp = v[r * k + p];
                    let vrq = v[r * k + q];
                    v[r * k + p] = c * vrp - s * vrq;
                    v[r * k + q] = s * vrp + c * vrq;
                }
            }
        }
    }
    ((0..k).map(|i| a[i * k + i]).collect(), v)
}

/// A valid correlation matrix close to `a`: negative eigenvalues clipped to a small positive
/// floor, then rescaled to a unit diagonal. Returns the matrix and the largest change.
pub fn repair(a: &[f64], k: usize) -> (Vec<f64>, f64) {
    let (values, vectors) = jacobi_eigen(a, k);
    let floor = 1e-6;
    let mut b = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..k {
            b[i * k + j] = (0..k)
                .map(|m| vectors[i * k + m] * values[m].max(floor) * vectors[j * k + m])
                .sum();
        }
    }
    let d: Vec<f64> = (0..k).map(|i| b[i * k + i].sqrt()).collect();
    let mut change: f64 = 0.0;
    for i in 0..k {
        for j in 0..k {
            b[i * k + j] /= d[i] * d[j];
            change = change.max((b[i * k + j] - a[i * k + j]).abs());
        }
    }
    (b, change)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_reproduces_the_matrix() {
        let a = [1.0, 0.6, 0.3, 0.6, 1.0, 0.5, 0.3, 0.5, 1.0];
        let l = cholesky(&a, 3).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                let v: f64 = (0..3).map(|m| l[i * 3 + m] * l[j * 3 + m]).sum();
                assert!((v - a[i * 3 + j]).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn an_inconsistent_matrix_fails_cholesky_and_is_repaired() {
        let a = [1.0, 0.9, -0.9, 0.9, 1.0, 0.9, -0.9, 0.9, 1.0];
        assert!(cholesky(&a, 3).is_none());
        let (b, change) = repair(&a, 3);
        assert!(cholesky(&b, 3).is_some());
        assert!(change > 0.0 && change < 1.0);
        for i in 0..3 {
            assert!((b[i * 3 + i] - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn correlate_keeps_uncorrelated_uniforms_unchanged() {
        let c = Copula {
            tasks: vec![0, 2],
            cholesky: vec![1.0, 0.0, 0.0, 1.0],
        };
        let mut u = [0.3, 0.9, 0.7];
        let mut g = [0.0; 2];
        c.correlate(&mut u, &mut g);
        assert!((u[0] - 0.3).abs() < 1e-12 && (u[2] - 0.7).abs() < 1e-12);
        assert_eq!(u[1], 0.9);
    }
}
