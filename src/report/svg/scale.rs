//! Mapping data values to drawing coordinates, and choosing round tick values a reader takes
//! in at a glance (1, 2 or 5 times a power of ten).

/// A linear map from the data interval `[d0, d1]` to the drawing interval `[r0, r1]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linear {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Linear {
    /// A map of `[d0, d1]` onto `[r0, r1]`; an empty or inverted data interval is widened so
    /// that every value still maps to a finite coordinate.
    pub fn new(d0: f64, d1: f64, r0: f64, r1: f64) -> Linear {
        let (d0, d1) = if d1 > d0 {
            (d0, d1)
        } else {
            let pad = if d0.abs() > 0.0 { d0.abs() * 0.05 } else { 1.0 };
            (d0 - pad, d0 + pad)
        };
        Linear { d0, d1, r0, r1 }
    }

    /// The drawing coordinate of data value `x`.
    pub fn at(&self, x: f64) -> f64 {
        self.r0 + (x - self.d0) / (self.d1 - self.d0) * (self.r1 - self.r0)
    }

    /// The coordinate of `x`, held inside the drawing interval.
    pub fn clamped(&self, x: f64) -> f64 {
        let (lo, hi) = if self.r0 < self.r1 {
            (self.r0, self.r1)
        } else {
            (self.r1, self.r0)
        };
        self.at(x).clamp(lo, hi)
    }
}

/// A round step near `span / count`: 1, 2 or 5 times a power of ten.
pub fn nice_step(span: f64, count: usize) -> f64 {
    let raw = span / count.max(1) as f64;
    if !(raw > 0.0) || !raw.is_finite() {
        return 1.0;
    }
    let power = 10f64.powf(raw.log10().floor());
    let f = raw / power;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

/// The domain `[lo, hi]` widened outwards to multiples of a nice step, and the ticks at those
/// multiples (about `count` of them).
pub fn nice_domain(lo: f64, hi: f64, count: usize) -> (f64, f64, Vec<f64>) {
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        let pad = if lo.abs() > 0.0 { lo.abs() * 0.05 } else { 1.0 };
        (lo - pad, lo + pad)
    };
    let step = nice_step(hi - lo, count);
    let first = (lo / step + 1e-9).floor() as i64;
    let last = (hi / step - 1e-9).ceil() as i64;
    // Each tick from its own multiple, so that 0.6 is not 0.6000000000000001.
    let tick = |k: i64| {
        let t = k as f64 * step;
        if step < 1.0 {
            let scale = (1.0 / step).round();
            (k as f64 * (step * scale).round()) / scale
        } else {
            t
        }
    };
    let ticks: Vec<f64> = (first..=last).map(tick).collect();
    (tick(first), tick(last), ticks)
}

/// A tick label: no more decimals than the step needs, thousands separated.
pub fn tick_label(x: f64, step: f64) -> String {
    let decimals = if step >= 1.0 {
        0
    } else {
        (-step.log10()).ceil().max(0.0) as usize
    };
    let text = format!("{:.*}", decimals, x);
    let text = if text.starts_with('-') && text.trim_start_matches(['-', '0', '.']).is_empty() {
        text[1..].to_string()
    } else {
        text
    };
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), Some(f.to_string())),
        None => (text.clone(), None),
    };
    let (sign, digits) = match int.strip_prefix('-') {
        Some(d) => ("-", d.to_string()),
        None => ("", int),
    };
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_one_two_or_five_times_a_power_of_ten() {
        assert_eq!(nice_step(100.0, 5), 20.0);
        assert_eq!(nice_step(7.0, 5), 2.0);
        assert_eq!(nice_step(0.9, 4), 0.5);
        assert_eq!(nice_step(430_000.0, 5), 100_000.0);
        assert_eq!(nice_step(0.0, 5), 1.0);
    }

    #[test]
    fn the_domain_is_widened_to_ticks_that_cover_the_data() {
        let (lo, hi, ticks) = nice_domain(83.2, 161.7, 5);
        assert_eq!((lo, hi), (80.0, 180.0));
        assert_eq!(ticks, vec![80.0, 100.0, 120.0, 140.0, 160.0, 180.0]);
        let (lo, hi, ticks) = nice_domain(0.0, 1.0, 5);
        assert_eq!((lo, hi), (0.0, 1.0));
        assert_eq!(ticks[1], 0.2);
        assert_eq!(ticks[3], 0.6, "no 0.6000000000000001");
        // A single value still gets a range around it.
        let (lo, hi, _) = nice_domain(50.0, 50.0, 5);
        assert!(lo < 50.0 && hi > 50.0);
    }

    #[test]
    fn a_linear_map_sends_the_ends_to_the_ends() {
        let s = Linear::new(10.0, 20.0, 100.0, 300.0);
        assert_eq!(s.at(10.0), 100.0);
        assert_eq!(s.at(15.0), 200.0);
        assert_eq!(s.clamped(40.0), 300.0);
        let flipped = Linear::new(0.0, 1.0, 250.0, 50.0);
        assert_eq!(flipped.at(1.0), 50.0);
        assert_eq!(flipped.clamped(-1.0), 250.0);
        let empty = Linear::new(5.0, 5.0, 0.0, 100.0);
        assert!(empty.at(5.0).is_finite());
        assert_eq!(empty.at(5.0), 50.0);
    }

    #[test]
    fn tick_labels_carry_the_decimals_of_the_step_and_group_thousands() {
        assert_eq!(tick_label(300_000.0, 100_000.0), "300,000");
        assert_eq!(tick_label(0.25, 0.05), "0.25");
        assert_eq!(tick_label(-1_500.0, 500.0), "-1,500");
        assert_eq!(tick_label(-0.0, 0.5), "0.0");
        assert_eq!(tick_label(1.5, 0.5), "1.5");
    }
}
