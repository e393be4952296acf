//! Timing helpers: batches of iterations, medians and percentiles.

use std::time::{Duration, Instant};

/// How long and how often to measure.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Number of measured repeats (the median is reported).
    pub repeats: usize,
    /// Each repeat runs the operation until at least this much time has passed.
    pub min_batch: Duration,
    /// Untimed warmup before the first repeat.
    pub warmup: Duration,
}

impl Plan {
    /// The full plan (`cargo xtask bench`) or the CI one (`--quick`: one short repeat).
    pub fn new(quick: bool) -> Plan {
        if quick {
            Plan {
                repeats: 1,
                min_batch: Duration::from_millis(60),
                warmup: Duration::from_millis(20),
            }
        } else {
            Plan {
                repeats: 7,
                min_batch: Duration::from_millis(300),
                warmup: Duration::from_millis(300),
            }
        }
    }
}

/// Runs `f` for at least `min` (and at least once); returns seconds per call.
pub fn batch(min: Duration, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut n: u64 = 0;
    loop {
        f();
        n += 1;
        let elapsed = start.elapsed();
        if elapsed >= min {
            return elapsed.as_secs_f64() / n as f64;
        }
    }
}

/// The median of `v` (mean of the two middle values for an even count); 0 when empty.
pub fn median(v: &[f64]) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let m = s.len() / 2;
    if s.len() % 2 == 1 {
        s[m]
    } else {
        (s[m - 1] + s[m]) / 2.0
    }
}

/// The `p`-th percentile (0..=100, nearest rank) of `v`; 0 when empty.
pub fn percentile(v: &[f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * s.len() as f64).ceil() as usize;
    s[rank.clamp(1, s.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_percentiles() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(median(&[]), 0.0);
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&v, 50.0), 50.0);
        assert_eq!(percentile(&v, 99.0), 99.0);
        assert_eq!(percentile(&v, 100.0), 100.0);
        assert_eq!(percentile(&[7.0], 99.0), 7.0);
    }
}
