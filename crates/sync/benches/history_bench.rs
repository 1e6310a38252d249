//! First sync and the whole history through the engine, next to a bare
//! download + insert of the same rows in the same run (goal ≤ 2×).
//!
//! The backend on loopback holds N conversations × M messages and its
//! bootstrap carries each conversation's `--recent` newest messages, as in
//! production; the engine then downloads the whole history in the
//! background (`/v1/sync/history`) until the cache holds every message.
//!
//! The bare baseline fetches the same endpoints with the same page sizes
//! and inserts the rows into SQLite with plain prepared statements, one
//! transaction per page: no search index, no list order, no progress. It
//! runs before and after the engine (the mean is the baseline), so drift on
//! a shared machine hits both alike.
//!
//! Each run is timed by the wall clock and by the CPU time of the whole
//! process (the backend on loopback included, for the baseline as for the
//! engine: on a shared machine, CPU time moves less with load than wall
//! time). Peak memory is the process's resident high-water mark, reset just
//! before each run (`/proc/self/clear_refs`), so each figure is that run's
//! peak with the same backend in the process. The resident size is also
//! sampled once a second along the history download, to show it flat.
//!
//! `cargo bench -p switchboard-sync --bench history_bench -- [--conversations N] [--messages M] [--recent R] [--page P]`

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use clap::Parser;
use rusqlite::{params, Connection};
use switchboard_protocol::{BootstrapPage, MessagesPage};
use switchboard_store::Store;
use switchboard_sync::SyncConfig;

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
    /// Page size of the bootstrap and of the history download.
    #[arg(long, default_value_t = 500)]
    page: u32,
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
            page: Some(args.page),
        },
    )
    .await?;
    let (url, token) = (&backend.url, &backend.token);

    // A pass that warms the server's page cache, then bare / engine / bare.
    bare(url, token, args.page, &dir.path().join("warm-up.db")).await?;
    let before = bare(url, token, args.page, &dir.path().join("bare-1.db")).await?;
    let engine = engine(url, token, args.page, &dir.path().join("cache.db")).await?;
    let after = bare(url, token, args.page, &dir.path().join("bare-2.db")).await?;
    let baseline = (before.seconds + after.seconds) / 2.0;
    let baseline_cpu = (before.cost.cpu + after.cost.cpu) / 2.0;

    println!(
        "\n== first sync + full history: {} conversations, {} messages (backend on loopback) ==",
        backend.conversations, backend.messages
    );
    println!(
        "  bare download + insert  {:>6.1} s before, {:>6.1} s after the engine; CPU {:.1} s / {:.1} s; peak RSS {} / {} MiB (from {} / {}) ({} messages, {} conversations, {:.0} MB)",
        before.seconds,
        after.seconds,
        before.cost.cpu,
        after.cost.cpu,
        before.cost.peak_mib,
        after.cost.peak_mib,
        before.cost.start_mib,
        after.cost.start_mib,
        before.messages,
        before.conversations,
        before.bytes as f64 / 1e6
    );
    println!(
        "  the engine              {:>6.1} s  (bootstrap {:.1} s, then the history {:.1} s; {} messages cached); CPU {:.1} s (bootstrap {:.1} s, history {:.1} s); peak RSS {} MiB (from {}; bootstrap {}, history {})",
        engine.seconds,
        engine.bootstrap.seconds,
        engine.history.seconds,
        engine.cached,
        engine.bootstrap.cpu + engine.history.cpu,
        engine.bootstrap.cpu,
        engine.history.cpu,
        engine.bootstrap.peak_mib.max(engine.history.peak_mib),
        engine.bootstrap.start_mib,
        engine.bootstrap.peak_mib,
        engine.history.peak_mib,
    );
    println!(
        "  ratio                   {:>6.2}× wall, {:.2}× CPU  (goal ≤ 2×)",
        engine.seconds / baseline,
        (engine.bootstrap.cpu + engine.history.cpu) / baseline_cpu
    );
    println!(
        "  RSS along the history   {} MiB (tenths of the download, then its end)",
        tenths(&engine.rss)
    );
    println!("  load average            {}", common::load_average());
    // The seed's transfers add system messages: count what the server sent.
    anyhow::ensure!(
        engine.cached == before.messages as i64,
        "the engine cached {} of the {} messages the bare download stored",
        engine.cached,
        before.messages
    );
    backend.server.shutdown().await;
    Ok(())
}

/// What one run cost the process: CPU time (user + system, every thread)
/// and the resident high-water mark.
#[derive(Clone, Copy)]
struct Cost {
    seconds: f64,
    cpu: f64,
    peak_mib: u64,
    /// The resident size when the run started (the backend's share, and
    /// what earlier runs left allocated).
    start_mib: u64,
}

/// Measures from `start` on (resets the resident high-water mark).
struct Meter {
    started: Instant,
    cpu: f64,
    start_mib: u64,
}

impl Meter {
    fn start() -> Meter {
        // "5" resets VmHWM to the current RSS (Linux ≥ 4.0); without it the
        // peak is the process's whole life, still an upper bound.
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        Meter {
            started: Instant::now(),
            cpu: cpu_seconds(),
            start_mib: status_kib("VmRSS:") / 1024,
        }
    }

    fn stop(&self) -> Cost {
        Cost {
            seconds: self.started.elapsed().as_secs_f64(),
            cpu: cpu_seconds() - self.cpu,
            peak_mib: status_kib("VmHWM:") / 1024,
            start_mib: self.start_mib,
        }
    }
}

/// User + system CPU time of the whole process so far, from `/proc/self/stat`
/// (fields 14 and 15, in clock ticks of 1/100 s on Linux).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name (field 2) may hold spaces: count after its ')'.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    (ticks(11) + ticks(12)) as f64 / 100.0
}

/// A size line of `/proc/self/status`, in KiB.
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Eleven samples evenly spread over `samples` (its first and last
/// included), joined by spaces.
fn tenths(samples: &[u64]) -> String {
    if samples.is_empty() {
        return String::new();
    }
    let last = samples.len() - 1;
    (0..=10)
        .map(|i| samples[i * last / 10].to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

struct Engine {
    seconds: f64,
    bootstrap: Cost,
    history: Cost,
    cached: i64,
    /// Resident MiB once a second from the end of the bootstrap on, and at
    /// the end of the history.
    rss: Vec<u64>,
}

/// The sync engine from an empty cache until its history download is done.
async fn engine(url: &str, token: &str, page: u32, cache: &Path) -> anyhow::Result<Engine> {
    let store = Store::open(cache)?;
    let mut config = SyncConfig::new(url, token);
    config.bootstrap_page_limit = page;
    config.history_page_limit = page;
    config.download_history = true;
    let started = Instant::now();
    let mut meter = Meter::start();
    let (handle, mut changes) = switchboard_sync::start(store.clone(), config);
    let mut bootstrap = None;
    // The resident size along the history download, once a second.
    let mut rss = Vec::new();
    let mut next_sample = Instant::now();
    loop {
        // Drained as the shell would.
        while changes.try_recv().is_ok() {}
        if bootstrap.is_none() && store.sync_position()?.applied_seq.is_some() {
            bootstrap = Some(meter.stop());
            meter = Meter::start();
            next_sample = Instant::now();
        }
        if bootstrap.is_some() && Instant::now() >= next_sample {
            rss.push(status_kib("VmRSS:") / 1024);
            next_sample += Duration::from_secs(1);
        }
        if store.history_download()?.done {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let seconds = started.elapsed().as_secs_f64();
    let history = meter.stop();
    rss.push(status_kib("VmRSS:") / 1024);
    handle.shutdown().await;
    Ok(Engine {
        seconds,
        bootstrap: bootstrap.unwrap_or(history),
        history,
        cached: store.history_progress()?.cached,
        rss,
    })
}

struct Bare {
    seconds: f64,
    cost: Cost,
    conversations: usize,
    messages: usize,
    bytes: usize,
}

/// The same endpoints and pages as the engine, inserted with plain
/// statements into tables with primary keys only.
async fn bare(url: &str, token: &str, page: u32, db: &Path) -> anyhow::Result<Bare> {
    let http = reqwest::Client::new();
    let mut conn = Connection::open(db)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.execute_batch(
        "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT NOT NULL, phone TEXT, email TEXT);
         CREATE TABLE conversations (id INTEGER PRIMARY KEY, contact_id INTEGER NOT NULL,
             channel TEXT NOT NULL, status TEXT NOT NULL, last_activity_at INTEGER NOT NULL,
             preview TEXT);
         CREATE TABLE messages (id INTEGER PRIMARY KEY, conversation_id INTEGER NOT NULL,
             author TEXT NOT NULL, text TEXT NOT NULL, created_at INTEGER NOT NULL);",
    )?;
    let meter = Meter::start();
    let (mut conversations, mut bytes) = (0, 0);
    let mut page_token: Option<String> = None;
    loop {
        let mut request = http
            .get(format!("{url}/v1/sync/bootstrap"))
            .bearer_auth(token)
            .query(&[("limit", page)]);
        if let Some(t) = &page_token {
            request = request.query(&[("page_token", t)]);
        }
        let body = request.send().await?.error_for_status()?.bytes().await?;
        bytes += body.len();
        let snapshot: BootstrapPage = serde_json::from_slice(&body)?;
        conversations += snapshot.conversations.len();
        let tx = conn.transaction()?;
        {
            let mut contact = tx.prepare_cached(
                "INSERT OR REPLACE INTO contacts (id, name, phone, email) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for c in &snapshot.contacts {
                contact.execute(params![c.id, c.name, c.phone, c.email])?;
            }
            let mut conversation = tx.prepare_cached(
                "INSERT OR REPLACE INTO conversations
                 (id, contact_id, channel, status, last_activity_at, preview)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for c in &snapshot.conversations {
                conversation.execute(params![
                    c.id,
                    c.contact_id,
                    c.channel,
                    format!("{:?}", c.status),
                    c.last_activity_at,
                    c.last_message_preview
                ])?;
            }
            insert_messages(&tx, &snapshot.messages)?;
        }
        tx.commit()?;
        page_token = snapshot.next_page_token;
        if page_token.is_none() {
            break;
        }
    }
    let mut before: Option<i64> = None;
    loop {
        let mut request = http
            .get(format!("{url}/v1/sync/history"))
            .bearer_auth(token)
            .query(&[("limit", i64::from(page))]);
        if let Some(before) = before {
            request = request.query(&[("before", before)]);
        }
        let body = request.send().await?.error_for_status()?.bytes().await?;
        bytes += body.len();
        let history: MessagesPage = serde_json::from_slice(&body)?;
        let tx = conn.transaction()?;
        insert_messages(&tx, &history.messages)?;
        tx.commit()?;
        before = history.messages.iter().map(|m| m.id).min();
        if !history.has_more || before.is_none() {
            break;
        }
    }
    let cost = meter.stop();
    let messages: i64 = conn.query_row("SELECT count(*) FROM messages", [], |r| r.get(0))?;
    Ok(Bare {
        seconds: cost.seconds,
        cost,
        conversations,
        messages: usize::try_from(messages)?,
        bytes,
    })
}

fn insert_messages(
    tx: &rusqlite::Transaction<'_>,
    messages: &[switchboard_protocol::Message],
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO messages (id, conversation_id, author, text, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for m in messages {
        insert.execute(params![
            m.id,
            m.conversation_id,
            format!("{:?}", m.author),
            m.text,
            m.created_at
        ])?;
    }
    Ok(())
}
