//! Axes: round ticks with grid lines, tick labels and the axis's unit, on a value scale or a
//! calendar.

use jiff::civil::Date;
use maud::{Markup, html};

use super::scale::{Linear, nice_domain, tick_label};
use super::{Frame, n, palette};

/// A value axis: its scale, where its ticks go, and how a tick reads.
pub struct Axis {
    pub scale: Linear,
    pub ticks: Vec<f64>,
    pub step: f64,
    /// Appended to each tick label (`%`), or empty.
    pub suffix: &'static str,
    /// Multiplies a tick's value for its label (100 for a share shown in percent).
    pub factor: f64,
}

impl Axis {
    /// An axis over `[lo, hi]` widened to round ticks, drawn from `r0` to `r1`.
    pub fn nice(lo: f64, hi: f64, r0: f64, r1: f64, count: usize) -> Axis {
        let (d0, d1, ticks) = nice_domain(lo, hi, count);
        let step = if ticks.len() > 1 {
            ticks[1] - ticks[0]
        } else {
            1.0
        };
        Axis {
            scale: Linear::new(d0, d1, r0, r1),
            ticks,
            step,
            suffix: "",
            factor: 1.0,
        }
    }

    /// A probability axis from 0 to 100%.
    pub fn share(r0: f64, r1: f64) -> Axis {
        Axis {
            scale: Linear::new(0.0, 1.0, r0, r1),
            ticks: (0..=5).map(|k| k as f64 * 0.2).collect(),
            step: 0.2,
            suffix: "%",
            factor: 100.0,
        }
    }

    pub fn label(&self, x: f64) -> String {
        format!(
            "{}{}",
            tick_label(x * self.factor, self.step * self.factor),
            self.suffix
        )
    }
}

/// The horizontal axis at the bottom of the plot area, with vertical grid lines and the
/// unit centred below.
pub fn bottom(frame: &Frame, axis: &Axis, unit: &str) -> Markup {
    let (y0, y1) = (frame.y0(), frame.y1());
    html! {
        g data-role="x-axis" {
            @for t in &axis.ticks {
                @let x = axis.scale.at(*t);
                line x1=(n(x)) x2=(n(x)) y1=(n(y0)) y2=(n(y1)) stroke=(palette::GRID) {}
                text x=(n(x)) y=(n(y1 + 16.0)) text-anchor="middle" fill=(palette::MUTED) font-size="11" { (axis.label(*t)) }
            }
            line x1=(n(frame.x0())) x2=(n(frame.x1())) y1=(n(y1)) y2=(n(y1)) stroke=(palette::AXIS) {}
            text x=(n((frame.x0() + frame.x1()) / 2.0)) y=(n(frame.height - 8.0)) text-anchor="middle" fill=(palette::MUTED) { (unit) }
        }
    }
}

/// The vertical axis at the left of the plot area, with horizontal grid lines and the unit
/// written along it.
pub fn left(frame: &Frame, axis: &Axis, unit: &str) -> Markup {
    let (x0, x1) = (frame.x0(), frame.x1());
    let mid = (frame.y0() + frame.y1()) / 2.0;
    html! {
        g data-role="y-axis" {
            @for t in &axis.ticks {
                @let y = axis.scale.at(*t);
                line x1=(n(x0)) x2=(n(x1)) y1=(n(y)) y2=(n(y)) stroke=(palette::GRID) {}
                text x=(n(x0 - 6.0)) y=(n(y + 4.0)) text-anchor="end" fill=(palette::MUTED) font-size="11" { (axis.label(*t)) }
            }
            line x1=(n(x0)) x2=(n(x0)) y1=(n(frame.y0())) y2=(n(frame.y1())) stroke=(palette::AXIS) {}
            text transform=(format!("translate(14 {}) rotate(-90)", n(mid))) text-anchor="middle" fill=(palette::MUTED) { (unit) }
        }
    }
}

/// A calendar axis: the days from `from` map onto `scale` (days since `from`).
pub struct DateAxis {
    pub from: Date,
    pub scale: Linear,
}

impl DateAxis {
    /// A calendar axis from `from` to `to` (a few days of margin either side), drawn from
    /// `r0` to `r1`.
    pub fn new(from: Date, to: Date, r0: f64, r1: f64) -> DateAxis {
        let span = days_between(from, to).max(1.0);
        let pad = (span * 0.02).max(1.0);
        DateAxis {
            from,
            scale: Linear::new(-pad, span + pad, r0, r1),
        }
    }

    /// The coordinate of the start of day `d`.
    pub fn at(&self, d: Date) -> f64 {
        self.scale.at(days_between(self.from, d))
    }

    /// The coordinate of the end of day `d` (a task finishing on `d` works through it).
    pub fn end_of(&self, d: Date) -> f64 {
        self.scale.at(days_between(self.from, d) + 1.0)
    }

    /// Ticks on the first of each month (every second or third month over long spans), or
    /// on Mondays over spans shorter than two months.
    pub fn ticks(&self) -> Vec<(Date, String)> {
        let first = self
            .from
            .checked_add(jiff::Span::new().days(self.scale.d0.floor() as i64));
        let last = self
            .from
            .checked_add(jiff::Span::new().days(self.scale.d1.ceil() as i64));
        let (Ok(first), Ok(last)) = (first, last) else {
            return Vec::new();
        };
        let span = days_between(first, last);
        let mut out = Vec::new();
        if span < 60.0 {
            let mut d = first;
            while d <= last {
                if d.weekday() == jiff::civil::Weekday::Monday {
                    out.push((d, format!("{} {}", d.day(), month_name(d.month()))));
                }
                match d.tomorrow() {
                    Ok(next) => d = next,
                    Err(_) => break,
                }
            }
            return out;
        }
        let every = if span > 900.0 {
            6
        } else if span > 450.0 {
            3
        } else if span > 240.0 {
            2
        } else {
            1
        };
        let mut d = first.first_of_month();
        if d < first {
            d = match d.last_of_month().tomorrow() {
                Ok(next) => next,
                Err(_) => return out,
            };
        }
        let mut shown_year = None;
        while d <= last {
            if (d.month() as i32 - 1) % every == 0 {
                let label = if shown_year != Some(d.year()) {
                    shown_year = Some(d.year());
                    format!("{} {}", month_name(d.month()), d.year())
                } else {
                    month_name(d.month()).to_string()
                };
                out.push((d, label));
            }
            d = match d.last_of_month().tomorrow() {
                Ok(next) => next,
                Err(_) => break,
            };
        }
        out
    }
}

/// Calendar days from `a` to `b`.
pub fn days_between(a: Date, b: Date) -> f64 {
    a.until(b).map(|s| s.get_days() as f64).unwrap_or(0.0)
}

/// The short English name of a month (1-12).
pub fn month_name(m: i8) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    NAMES[(m.clamp(1, 12) - 1) as usize]
}

/// A calendar axis at the bottom of the plot area, with its grid.
pub fn bottom_dates(frame: &Frame, axis: &DateAxis) -> Markup {
    let (y0, y1) = (frame.y0(), frame.y1());
    html! {
        g data-role="x-axis" {
            @for (d, label) in axis.ticks() {
                @let x = axis.at(d);
                line x1=(n(x)) x2=(n(x)) y1=(n(y0)) y2=(n(y1)) stroke=(palette::GRID) {}
                text x=(n(x)) y=(n(y1 + 16.0)) text-anchor="middle" fill=(palette::MUTED) font-size="11" { (label) }
            }
            line x1=(n(frame.x0())) x2=(n(frame.x1())) y1=(n(y1)) y2=(n(y1)) stroke=(palette::AXIS) {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_share_axis_reads_in_percent() {
        let a = Axis::share(300.0, 20.0);
        let labels: Vec<String> = a.ticks.iter().map(|&t| a.label(t)).collect();
        assert_eq!(labels, ["0%", "20%", "40%", "60%", "80%", "100%"]);
        assert_eq!(a.scale.at(1.0), 20.0);
    }

    #[test]
    fn month_ticks_fall_on_the_first_and_name_the_year_once() {
        let a = DateAxis::new(d("2027-01-11"), d("2027-06-30"), 0.0, 600.0);
        let ticks = a.ticks();
        assert_eq!(ticks[0], (d("2027-02-01"), "Feb 2027".to_string()));
        assert_eq!(ticks[1], (d("2027-03-01"), "Mar".to_string()));
        let a = DateAxis::new(d("2026-11-20"), d("2027-03-25"), 0.0, 600.0);
        let labels: Vec<String> = a.ticks().into_iter().map(|t| t.1).collect();
        assert_eq!(labels, ["Dec 2026", "Jan 2027", "Feb", "Mar"]);
        assert!(ticks.iter().all(|(t, _)| t.day() == 1));
        assert!(ticks.windows(2).all(|w| a.at(w[0].0) < a.at(w[1].0)));
    }

    #[test]
    fn short_spans_tick_on_mondays() {
        let a = DateAxis::new(d("2027-01-04"), d("2027-01-29"), 0.0, 600.0);
        let ticks = a.ticks();
        assert!(ticks.len() >= 4);
        assert!(
            ticks
                .iter()
                .all(|(t, _)| t.weekday() == jiff::civil::Weekday::Monday)
        );
        assert_eq!(ticks[0].1, "4 Jan");
    }

    #[test]
    fn a_day_spans_from_its_start_to_its_end() {
        let a = DateAxis::new(d("2027-01-01"), d("2027-12-31"), 0.0, 1000.0);
        let x = a.at(d("2027-03-01"));
        assert!(a.end_of(d("2027-03-01")) > x);
        assert!((a.end_of(d("2027-02-28")) - x).abs() < 1e-9);
    }
}
