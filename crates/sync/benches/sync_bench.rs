//! Sync benchmarks against the real backend on loopback. Prints figures;
//! asserts nothing about time.
//!
//! 1. Bootstrap of N conversations × M messages through the engine, next to
//!    only downloading (and decoding) the same pages in the same run.
//! 2. Backend commit → row in the local store: p50/p99 over many single
//!    writes (measured from before the backend's commit call, so it is an
//!    upper bound).
//! 3. Sustained apply rate while the backend is written at `--rate`
//!    messages per second, with the lag behind the server (events, and
//!    commit → row latency under load).
//!
//! `cargo bench -p switchboard-sync --bench sync_bench -- [--conversations N] [--messages M] [--rate R] [--seconds S]`

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::Parser;
use switchboard_protocol::BootstrapPage;
use switchboard_store::Store;
use switchboard_sync::{SyncChange, SyncConfig};
use tokio::sync::mpsc;

#[derive(Parser, Debug)]
struct Args {
    /// Conversations in the bootstrap data set.
    #[arg(long, default_value_t = 10_000)]
    conversations: usize,
    /// Messages per conversation (all carried by the snapshot).
    #[arg(long, default_value_t = 20)]
    messages: usize,
    /// Bootstrap page size.
    #[arg(long, default_value_t = 500)]
    page: u32,
    /// Single writes timed for commit → row latency.
    #[arg(long, default_value_t = 500)]
    samples: usize,
    /// Customer messages per second during the sustained load.
    #[arg(long, default_value_t = 500.0)]
    rate: f64,
    /// Length of the sustained load.
    #[arg(long, default_value_t = 5)]
    seconds: u64,
    // `cargo bench` passes `--bench`; accept and ignore it.
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() -> anyhow::Result<()> {
    common::block_on(run(Args::parse()))
}

async fn run(args: Args) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    // The snapshot carries every message of each conversation.
    let backend = common::SeededBackend::start(
        dir.path(),
        &common::DataSet {
            conversations: args.conversations,
            messages: args.messages,
            recent: args.messages,
            page: Some(args.page),
        },
    )
    .await?;
    let (url, token, control) = (&backend.url, &backend.token, &backend.control);

    // --- 1. bootstrap vs download only -------------------------------------
    let (download_s, raw_s, bytes) = download_only(url, token, args.page).await?;
    let store = Store::open(&dir.path().join("cache.db"))?;
    let mut sync_config = SyncConfig::new(url, token);
    // The bootstrap alone is measured here.
    sync_config.download_history = false;
    sync_config.bootstrap_page_limit = args.page;
    let started = Instant::now();
    let (handle, mut changes) = switchboard_sync::start(store.clone(), sync_config);
    // Drain changes while waiting, as the shell would.
    while store.sync_position()?.applied_seq.is_none() {
        while changes.try_recv().is_ok() {}
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let bootstrap_s = started.elapsed().as_secs_f64();
    println!(
        "bootstrap {} conversations + {} messages: {:.2} s through the engine (goal < 5 s)",
        backend.conversations, backend.messages, bootstrap_s
    );
    println!(
        "  same pages, download only: {raw_s:.2} s raw ({:.1} MB), {download_s:.2} s downloaded and decoded; engine / download+decode = {:.2}x",
        bytes as f64 / 1e6,
        bootstrap_s / download_s
    );
    while changes.try_recv().is_ok() {}

    // --- 2. commit → row latency --------------------------------------------
    let conversation_ids: Vec<i64> = (1..=args.conversations.min(1000) as i64).collect();
    let mut latencies = Vec::with_capacity(args.samples);
    for i in 0..args.samples {
        let conversation = conversation_ids[i % conversation_ids.len()];
        let t0 = Instant::now();
        let message = tokio::task::block_in_place(|| {
            control.customer_message(conversation, &format!("latency probe {i}"))
        })?;
        wait_for_message(&mut changes, message.id).await;
        latencies.push(t0.elapsed());
    }
    common::print_latency(
        "backend commit → row in the local store (idle)",
        &mut latencies,
        "goal p99 < 50 ms",
    );

    // --- 3. sustained load --------------------------------------------------
    let sent_at: Arc<Mutex<HashMap<i64, Instant>>> = Arc::default();
    let stop_at = Instant::now() + Duration::from_secs(args.seconds);
    let writer = {
        let control = control.clone();
        let sent_at = sent_at.clone();
        let interval = Duration::from_secs_f64(1.0 / args.rate.max(1.0));
        std::thread::spawn(move || {
            let mut next = Instant::now();
            let mut written = 0u64;
            let mut i = 0usize;
            while Instant::now() < stop_at {
                let conversation = conversation_ids[i % conversation_ids.len()];
                i += 1;
                let t0 = Instant::now();
                if let Ok(message) = control.customer_message(conversation, "load") {
                    sent_at.lock().unwrap().insert(message.id, t0);
                    written += 1;
                }
                next += interval;
                if let Some(wait) = next.checked_duration_since(Instant::now()) {
                    std::thread::sleep(wait);
                }
            }
            written
        })
    };
    let seq_start = store.sync_position()?.applied_seq.unwrap_or(0);
    let load_started = Instant::now();
    let mut lag_samples = Vec::new();
    let mut load_latencies = Vec::new();
    let mut last_sample = Instant::now();
    while !writer.is_finished() {
        tokio::select! {
            change = changes.recv() => {
                if let Some(SyncChange::MessagesAdded { message_ids, .. }) = change {
                    let now = Instant::now();
                    let sent = sent_at.lock().unwrap();
                    load_latencies.extend(message_ids.iter().filter_map(|id| sent.get(id)).map(|t0| now - *t0));
                }
            }
            _ = tokio::time::sleep(Duration::from_millis(5)) => {}
        }
        if last_sample.elapsed() >= Duration::from_millis(100) {
            last_sample = Instant::now();
            let server_seq = control.last_seq()?;
            let applied = store.sync_position()?.applied_seq.unwrap_or(0);
            lag_samples.push(server_seq - applied);
        }
    }
    let written = writer.join().expect("load writer");
    let load_s = load_started.elapsed().as_secs_f64();
    let server_seq = control.last_seq()?;
    let drain_started = Instant::now();
    while store.sync_position()?.applied_seq.unwrap_or(0) < server_seq {
        while changes.try_recv().is_ok() {}
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    let drain_ms = drain_started.elapsed().as_secs_f64() * 1000.0;
    let applied_events = server_seq - seq_start;
    lag_samples.sort_unstable();
    println!(
        "sustained load: {written} customer messages in {load_s:.1} s ({:.0}/s asked {:.0}/s), {applied_events} events applied ({:.0} events/s)",
        written as f64 / load_s,
        args.rate,
        applied_events as f64 / (load_s + drain_ms / 1000.0)
    );
    println!(
        "  lag behind the server, sampled every 100 ms: median {} events, max {} events; caught up {drain_ms:.0} ms after the load stopped",
        lag_samples.get(lag_samples.len() / 2).copied().unwrap_or(0),
        lag_samples.last().copied().unwrap_or(0)
    );
    common::print_latency(
        "backend commit → row in the local store (under load)",
        &mut load_latencies,
        "",
    );

    handle.shutdown().await;
    backend.server.shutdown().await;
    Ok(())
}

async fn download_only(url: &str, token: &str, limit: u32) -> anyhow::Result<(f64, f64, usize)> {
    let http = reqwest::Client::new();
    // A warm-up pass (the server's page cache), then raw bytes only, then
    // bytes + JSON decode, each over every page. The engine runs after
    // these, so it meets a server as warm as they did.
    let mut timings = [0.0f64; 3];
    let mut total_bytes = 0;
    for (pass, timing) in timings.iter_mut().enumerate() {
        let started = Instant::now();
        let mut token_param: Option<String> = None;
        loop {
            let mut request = http
                .get(format!("{url}/v1/sync/bootstrap"))
                .bearer_auth(token)
                .query(&[("limit", limit)]);
            if let Some(t) = &token_param {
                request = request.query(&[("page_token", t)]);
            }
            let bytes = request.send().await?.error_for_status()?.bytes().await?;
            if pass < 2 {
                if pass == 1 {
                    total_bytes += bytes.len();
                }
                let next: serde_json::Value = serde_json::from_slice(&bytes)?;
                token_param = next["next_page_token"].as_str().map(str::to_owned);
            } else {
                let page: BootstrapPage = serde_json::from_slice(&bytes)?;
                token_param = page.next_page_token;
            }
            if token_param.is_none() {
                break;
            }
        }
        *timing = started.elapsed().as_secs_f64();
    }
    Ok((timings[2], timings[1], total_bytes))
}

async fn wait_for_message(changes: &mut mpsc::Receiver<SyncChange>, message_id: i64) {
    while let Some(change) = changes.recv().await {
        if let SyncChange::MessagesAdded { message_ids, .. } = change {
            if message_ids.contains(&message_id) {
                return;
            }
        }
    }
}
