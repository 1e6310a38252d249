//! Live events while the whole history downloads: backend commit → row in
//! the local store, sampled while the background download runs and again
//! once it is done, in the same run (goal: p99 < 50 ms while it runs).
//!
//! The backend on loopback holds N conversations × M messages and its
//! bootstrap carries each conversation's `--recent` newest messages; after
//! the bootstrap the engine downloads the rest in the background. A customer
//! writes to a random conversation every `--every` ms, during the download
//! and then for as many samples after it; each sample is timed from before
//! the backend's commit call to the engine's `MessagesAdded` for it (an upper
//! bound). Prints figures; asserts only that the download finished and every
//! probe arrived.
//!
//! `cargo bench -p switchboard-sync --bench live_during_history -- [--conversations N] [--messages M] [--recent R] [--every MS]`

mod common;

use std::time::{Duration, Instant};

use clap::Parser;
use rand::Rng;
use switchboard_store::Store;
use switchboard_sync::{SyncChange, SyncConfig};
use tokio::sync::mpsc;

#[derive(Parser, Debug)]
struct Args {
    /// Conversations in the data set.
    #[arg(long, default_value_t = 100_000)]
    conversations: usize,
    /// Messages per conversation.
    #[arg(long, default_value_t = 10)]
    messages: usize,
    /// Newest messages per conversation the bootstrap carries.
    #[arg(long, default_value_t = 3)]
    recent: usize,
    /// Milliseconds between two probes.
    #[arg(long, default_value_t = 50)]
    every: u64,
    // `cargo bench` passes `--bench`; accept and ignore it.
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() -> anyhow::Result<()> {
    common::block_on(run(Args::parse()))
}

async fn run(args: Args) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let backend = common::SeededBackend::start(
        dir.path(),
        &common::DataSet {
            conversations: args.conversations,
            messages: args.messages,
            recent: args.recent,
            page: None,
        },
    )
    .await?;
    let control = &backend.control;

    let store = Store::open(&dir.path().join("cache.db"))?;
    let (handle, mut changes) =
        switchboard_sync::start(store.clone(), SyncConfig::new(&backend.url, &backend.token));
    while store.sync_position()?.applied_seq.is_none() {
        drain(&mut changes);
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let before = store.history_progress()?;
    println!(
        "bootstrap done: {} of {} messages cached; probing every {} ms while the rest downloads",
        before.cached,
        before.total.unwrap_or(0),
        args.every
    );

    let probe = Probe {
        control,
        conversations: backend.conversations as i64,
        every: Duration::from_millis(args.every),
    };
    let started = Instant::now();
    let mut during = Vec::new();
    while !store.history_progress()?.done {
        during.push(probe.once(&mut changes).await?);
    }
    let download_s = started.elapsed().as_secs_f64();
    let after_progress = store.history_progress()?;
    let mut after = Vec::with_capacity(during.len());
    for _ in 0..during.len().max(20) {
        after.push(probe.once(&mut changes).await?);
    }

    println!("\n== backend commit → row in the local store, while the whole history downloads ==");
    println!(
        "  the download: {:.1} s, {} → {} messages cached",
        download_s, before.cached, after_progress.cached
    );
    let during_p99 = common::print_latency("  during the download", &mut during, "");
    let after_p99 = common::print_latency("  after it (baseline)", &mut after, "");
    println!(
        "  p99 during / after    {:.2}×  (goal: p99 < 50 ms during: {})",
        during_p99 / after_p99,
        if during_p99 < 50.0 { "met" } else { "MISSED" }
    );
    println!("  load average          {}", common::load_average());
    anyhow::ensure!(
        !during.is_empty(),
        "the download ended before a first probe: use more conversations"
    );
    handle.shutdown().await;
    backend.server.shutdown().await;
    Ok(())
}

struct Probe<'a> {
    control: &'a switchboard_backend::Control,
    conversations: i64,
    every: Duration,
}

impl Probe<'_> {
    /// One customer message to a random conversation, timed to its row;
    /// then the rest of the interval, draining what the engine says.
    async fn once(&self, changes: &mut mpsc::Receiver<SyncChange>) -> anyhow::Result<Duration> {
        let tick = Instant::now();
        let conversation = rand::thread_rng().gen_range(1..=self.conversations);
        let t0 = Instant::now();
        let message = tokio::task::block_in_place(|| {
            self.control.customer_message(conversation, "live probe")
        })?;
        let latency = tokio::time::timeout(Duration::from_secs(30), async {
            while let Some(change) = changes.recv().await {
                if let SyncChange::MessagesAdded { message_ids, .. } = change {
                    if message_ids.contains(&message.id) {
                        return Some(t0.elapsed());
                    }
                }
            }
            None
        })
        .await?
        .ok_or_else(|| anyhow::anyhow!("the engine stopped before message {}", message.id))?;
        if let Some(rest) = self.every.checked_sub(tick.elapsed()) {
            tokio::time::sleep(rest).await;
        }
        drain(changes);
        Ok(latency)
    }
}

fn drain(changes: &mut mpsc::Receiver<SyncChange>) {
    while changes.try_recv().is_ok() {}
}
