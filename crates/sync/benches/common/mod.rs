//! What the sync benches share: the runtime they run in, a reference
//! backend seeded with a bulk data set on loopback, and how they print
//! latencies and the machine's load beside their figures.

// Each bench uses its own part of this module.
#![allow(dead_code)]

use std::future::Future;
use std::path::Path;
use std::time::{Duration, Instant};

use switchboard_backend::{serve, BulkSeed, Control, RunningServer, ServerConfig};
use switchboard_protocol::Role;

/// Runs a bench's `run` on a multi-threaded runtime, as the app does.
pub fn block_on<F: Future<Output = anyhow::Result<()>>>(run: F) -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run)
}

/// The shape of the data set a bench seeds.
pub struct DataSet {
    pub conversations: usize,
    /// Messages per conversation.
    pub messages: usize,
    /// Newest messages per conversation the bootstrap carries.
    pub recent: usize,
    /// The page size the bench asks for (the server's limit is raised to it).
    pub page: Option<u32>,
}

/// A reference backend on loopback holding a seeded data set, with a
/// manager's token.
pub struct SeededBackend {
    pub server: RunningServer,
    pub control: Control,
    pub token: String,
    pub url: String,
    pub conversations: usize,
    pub messages: usize,
}

impl SeededBackend {
    /// Starts the backend with its database in `dir` and seeds `data`;
    /// prints what was seeded and how long it took.
    pub async fn start(dir: &Path, data: &DataSet) -> anyhow::Result<SeededBackend> {
        let mut config = ServerConfig::new(dir.join("backend.db"), "127.0.0.1:0".parse()?);
        config.recent_messages_per_conversation = data.recent.max(1);
        if let Some(page) = data.page {
            config.max_page_limit = config.max_page_limit.max(page);
        }
        config.heartbeat = Duration::from_secs(5);
        let server = serve(config).await?;
        let control = server.control().clone();
        let token = control.create_token(Role::Manager, "Bench")?;
        let seeding = Instant::now();
        let seeded = tokio::task::block_in_place(|| {
            control.seed_bulk(&BulkSeed::new(data.conversations, data.messages))
        })?;
        println!(
            "seeded {} conversations, {} messages in {:.1} s; the bootstrap carries the newest {} of each",
            seeded.conversations,
            seeded.messages,
            seeding.elapsed().as_secs_f64(),
            data.recent
        );
        Ok(SeededBackend {
            url: server.url(),
            server,
            control,
            token,
            conversations: seeded.conversations,
            messages: seeded.messages,
        })
    }
}

/// Prints `n`, p50, p99 and max of `samples` after `what`, then `goal`;
/// returns p99 in milliseconds (0 without samples).
pub fn print_latency(what: &str, samples: &mut [Duration], goal: &str) -> f64 {
    if samples.is_empty() {
        println!("{what}: no samples");
        return 0.0;
    }
    samples.sort_unstable();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let pick = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    let p99 = ms(pick(0.99));
    println!(
        "{what}: n={} p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms {goal}",
        samples.len(),
        ms(pick(0.50)),
        p99,
        ms(samples[samples.len() - 1])
    );
    p99
}

/// The machine's load averages (1, 5, 15 minutes): printed beside the
/// figures, since a shared machine's load moves them.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".into())
}
