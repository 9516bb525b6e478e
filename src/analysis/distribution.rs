//! The finish and the cost as whole distributions, for charts: cumulative distributions fine
//! enough to draw S-curves, histograms with round bin widths, and the iterations behind the
//! cost vs finish scatter.

use crate::model::Model;
use crate::report::{Bin, Cdf, CostPoint, FinishPoint, Histograms, ScatterPoint};

use super::percentiles::Sorted;

/// Points of each cumulative distribution: one every half percent, plus P0.1 and P99.9.
const CDF_STEPS: usize = 200;

/// About this many histogram bars.
const BINS: f64 = 40.0;

/// The iterations (the first ones, whatever the thread count or the shards) behind the
/// scatter of cost against finish.
pub const SCATTER_POINTS: usize = 1_000;

/// The probabilities at which the cumulative distributions are drawn.
fn grid() -> impl Iterator<Item = f64> {
    std::iter::once(0.0)
        .chain(std::iter::once(0.001))
        .chain((1..=CDF_STEPS).map(|k| k as f64 / CDF_STEPS as f64))
        .chain(std::iter::once(0.999))
}

/// The values at the grid's probabilities, ascending, each with the exact share of iterations
/// at or below it; a value repeated (a fixed plan, ties) appears once.
fn cdf_of(sorted: &Sorted) -> Vec<(f64, f64)> {
    let mut values: Vec<f64> = grid().map(|p| sorted.quantile(p.max(1e-12))).collect();
    values.sort_by(f64::total_cmp);
    values.dedup();
    values
        .into_iter()
        .map(|v| (v, sorted.share_at_most(v)))
        .collect()
}

/// `finish` holds the sorted finish times on the timeline; `cost` the sorted total costs.
pub(super) fn cdf(model: &Model, finish: &Sorted, cost: &Sorted) -> Cdf {
    Cdf {
        finish: cdf_of(finish)
            .into_iter()
            .map(|(t, probability)| FinishPoint {
                days: model.project_days(t),
                date: model.finish_date(t).to_string(),
                probability,
            })
            .collect(),
        cost: cdf_of(cost)
            .into_iter()
            .map(|(cost, probability)| CostPoint { cost, probability })
            .collect(),
    }
}

/// The smallest round width (1, 2, 2.5 or 5 times a power of ten) that covers `span` in at
/// most `BINS` bars.
fn round_width(span: f64) -> f64 {
    let raw = span / BINS;
    let power = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&w| w >= raw * (1.0 - 1e-12))
        .unwrap_or(10.0 * power)
}

/// Equal bins of a round width over the sorted `values`, from a multiple of the width at or
/// below the least value to the greatest; the shares add up to one. All values equal: one bin.
pub(super) fn bins(sorted: &[f64]) -> Vec<Bin> {
    let (Some(&lo), Some(&hi)) = (sorted.first(), sorted.last()) else {
        return Vec::new();
    };
    let n = sorted.len() as f64;
    if hi - lo <= f64::EPSILON * hi.abs().max(1.0) {
        return vec![Bin {
            from: lo,
            to: hi,
            share: 1.0,
        }];
    }
    let width = round_width(hi - lo);
    let first = (lo / width).floor() * width;
    let count = (((hi - first) / width).floor() as usize + 1).max(1);
    let mut out = Vec::with_capacity(count);
    let mut at = 0;
    for k in 0..count {
        let from = first + k as f64 * width;
        let to = first + (k + 1) as f64 * width;
        // The last bin holds the greatest value even when it falls on its upper edge.
        let end = if k + 1 == count {
            sorted.len()
        } else {
            sorted.partition_point(|&v| v < to)
        };
        out.push(Bin {
            from,
            to,
            share: (end - at) as f64 / n,
        });
        at = end;
    }
    out
}

/// Histograms of the finish (working days, sorted) and the cost (sorted).
pub(super) fn histograms(days: &Sorted, cost: &Sorted) -> Histograms {
    Histograms {
        finish: bins(days.values()),
        cost: bins(cost.values()),
    }
}

/// Finish (working days) and total cost of the first `SCATTER_POINTS` iterations.
pub(super) fn scatter(days: &[f64], costs: &[f64]) -> Vec<ScatterPoint> {
    days.iter()
        .zip(costs)
        .take(SCATTER_POINTS)
        .map(|(&days, &cost)| ScatterPoint { days, cost })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_widths_cover_the_span_in_at_most_forty_bars() {
        assert_eq!(round_width(40.0), 1.0);
        assert_eq!(round_width(41.0), 2.0);
        assert_eq!(round_width(90.0), 2.5);
        assert_eq!(round_width(150.0), 5.0);
        assert_eq!(round_width(399_000.0), 10_000.0);
        assert_eq!(round_width(0.4), 0.01);
        for span in [0.3, 7.0, 33.3, 1234.5, 9.9e6] {
            let w = round_width(span);
            assert!(span / w <= BINS * (1.0 + 1e-9), "{span}: {w}");
            assert!(
                span / w > BINS / 2.5 - 1e-9,
                "{span}: {w} is needlessly wide"
            );
        }
    }

    #[test]
    fn bins_count_every_value_once_on_round_edges() {
        // 0.5, 1.0, ..., 50.0: the greatest value on a bin edge stays in the last bin.
        let values: Vec<f64> = (1..=100).map(|i| i as f64 * 0.5).collect();
        let b = bins(&values);
        assert_eq!(b[0].from, 0.0);
        assert_eq!(b[0].to - b[0].from, 2.0);
        let total: f64 = b.iter().map(|x| x.share).sum();
        assert!((total - 1.0).abs() < 1e-12);
        // [0, 2) holds 0.5, 1.0, 1.5: three of a hundred.
        assert_eq!(b[0].share, 0.03);
        assert!(b.last().unwrap().to >= 50.0);
        for w in b.windows(2) {
            assert_eq!(w[0].to, w[1].from);
        }
        assert_eq!(
            bins(&[7.0, 7.0]),
            vec![Bin {
                from: 7.0,
                to: 7.0,
                share: 1.0
            }]
        );
        assert!(bins(&[]).is_empty());
    }

    #[test]
    fn cdf_points_carry_the_exact_share_at_or_below_them() {
        let sorted = Sorted::new((1..=1000).map(|i| i as f64).collect());
        let points = cdf_of(&sorted);
        assert_eq!(points.first(), Some(&(1.0, 0.001)));
        assert_eq!(points.last(), Some(&(1000.0, 1.0)));
        assert!(points.contains(&(800.0, 0.8)));
        assert!(points.contains(&(999.0, 0.999)));
        for w in points.windows(2) {
            assert!(w[0].0 < w[1].0 && w[0].1 < w[1].1, "{w:?}");
        }
        // Ties: a fixed plan is one point at probability one.
        assert_eq!(cdf_of(&Sorted::new(vec![5.0; 10])), vec![(5.0, 1.0)]);
    }
}
