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

/// Nanoseconds this thread has spent on a CPU (`/proc/thread-self/schedstat`), if the
/// kernel tells.
pub fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Nanoseconds all threads of this process have spent on a CPU (sum of
/// `/proc/self/task/*/schedstat`; threads that exited are not counted).
pub fn process_cpu_ns() -> Option<u64> {
    let mut total = 0;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let s = std::fs::read_to_string(task.ok()?.path().join("schedstat")).ok()?;
        total += s.split_whitespace().next()?.parse::<u64>().ok()?;
    }
    Some(total)
}

/// Seconds this process has spent on a CPU, all its threads (exited ones too), from
/// `/proc/self/stat` (10 ms resolution).
pub fn process_cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.get(stat.rfind(')')? + 1..)?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    // utime and stime are fields 14 and 15 (1-based), i.e. 11 and 12 here.
    Some((ticks(11)? + ticks(12)?) / 100.0)
}

/// CPU seconds (user + system) of this process's children that have been waited for,
/// descendants included (`cutime` + `cstime` of `/proc/self/stat`, 10 ms resolution).
pub fn children_cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at field 3.
    let rest = stat.get(stat.rfind(')')? + 1..)?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<f64>().ok();
    // cutime and cstime are fields 16 and 17 (1-based), i.e. 13 and 14 here.
    Some((ticks(13)? + ticks(14)?) / 100.0)
}

/// Seconds per call of one batch.
#[derive(Debug, Clone, Copy)]
pub struct Batch {
    /// Wall-clock seconds per call.
    pub wall: f64,
    /// On-CPU seconds of the measuring thread per call (what other load on the machine
    /// does not inflate); the wall time when the kernel does not tell.
    pub cpu: f64,
}

/// Runs `f` for at least `min` of wall time (and at least once).
pub fn batch(min: Duration, mut f: impl FnMut()) -> Batch {
    let cpu0 = thread_cpu_ns();
    let start = Instant::now();
    let mut n: u64 = 0;
    loop {
        f();
        n += 1;
        let elapsed = start.elapsed();
        if elapsed >= min {
            let wall = elapsed.as_secs_f64() / n as f64;
            let cpu = match (cpu0, thread_cpu_ns()) {
                (Some(a), Some(b)) if b > a => (b - a) as f64 / 1e9 / n as f64,
                _ => wall,
            };
            return Batch { wall, cpu };
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
