//! Summaries of latency samples for the benchmarks.

use std::time::Duration;

/// p50, p99 and the extremes of a set of samples.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub count: usize,
    pub min: Duration,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

/// `None` when there are no samples.
pub fn summarize(samples: &[Duration]) -> Option<Summary> {
    let mut sorted = samples.to_vec();
    sorted.sort();
    Some(Summary {
        count: sorted.len(),
        min: *sorted.first()?,
        p50: percentile(&sorted, 50.0),
        p99: percentile(&sorted, 99.0),
        max: *sorted.last()?,
    })
}

/// Nearest-rank percentile of sorted, non-empty samples.
pub fn percentile<T: Copy>(sorted: &[T], p: f64) -> T {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        write!(
            f,
            "p50 {:.1} ms, p99 {:.1} ms (min {:.1}, max {:.1}, n={})",
            ms(self.p50),
            ms(self.p99),
            ms(self.min),
            ms(self.max),
            self.count
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles_pick_observed_samples() {
        let samples: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        let summary = summarize(&samples).unwrap();
        assert_eq!(
            summary.p50,
            Duration::from_millis(50),
            "half the samples are <= the 50th"
        );
        assert_eq!(
            summary.p99,
            Duration::from_millis(99),
            "99 of 100 samples are <= the 99th"
        );
        assert_eq!(summary.max, Duration::from_millis(100));
    }

    #[test]
    fn one_sample_is_every_percentile() {
        let summary = summarize(&[Duration::from_millis(7)]).unwrap();
        assert_eq!(
            summary.p50, summary.p99,
            "a single sample is both p50 and p99"
        );
        assert!(summarize(&[]).is_none(), "no samples, no summary");
    }
}
