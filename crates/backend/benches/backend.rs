//! Benchmarks of the reference backend, on loopback with real SQLite files.
//!
//! `cargo bench -p switchboard-backend --bench backend [-- --quick]`
//!
//! Prints: events committed per second (one writer; concurrent writers
//! in-process and over HTTP) against a bare rusqlite insert baseline
//! measured in the same run; SSE fan-out to 50 clients (events/s delivered,
//! p50/p99 commit-to-delivery); bulk seeding and a full bootstrap of 10k
//! conversations + 200k messages.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::StreamExt;
use switchboard_backend::{serve, BulkSeed, Control, NewContact, RunningServer, ServerConfig};
use switchboard_protocol::{AssistantState, BootstrapPage, Role};

struct Sizes {
    commit_secs: f64,
    fanout_clients: usize,
    fanout_events: usize,
    seed_conversations: usize,
    seed_messages_per_conversation: usize,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let sizes = if quick {
        Sizes {
            commit_secs: 0.5,
            fanout_clients: 10,
            fanout_events: 300,
            seed_conversations: 500,
            seed_messages_per_conversation: 20,
        }
    } else {
        Sizes {
            commit_secs: 3.0,
            fanout_clients: 50,
            fanout_events: 3000,
            seed_conversations: 10_000,
            seed_messages_per_conversation: 20,
        }
    };
    let dir = tempfile::tempdir()?;

    println!("== commits (each commit = 1 event, its rows, the fan-out signal) ==");
    let baseline = bare_insert_rate(&dir.path().join("baseline.db"), sizes.commit_secs)?;
    println!("baseline: bare rusqlite insert, one row per transaction: {baseline:>9.0} tx/s");
    let server = start(&dir.path().join("commits.db")).await?;
    let control = server.control().clone();
    let single = tokio::task::spawn_blocking({
        let control = control.clone();
        move || single_writer_rate(&control, sizes.commit_secs)
    })
    .await??;
    println!("single writer (Control):                         {single:>9.0} events/s  ({:.2}x baseline)", single / baseline);
    let threads = tokio::task::spawn_blocking({
        let control = control.clone();
        move || threaded_writers_rate(&control, 4, sizes.commit_secs)
    })
    .await??;
    println!("4 writer threads (Control):                      {threads:>9.0} events/s  ({:.2}x baseline)", threads / baseline);
    let http = http_writers_rate(&server, 16, sizes.commit_secs).await?;
    println!(
        "16 concurrent HTTP agent replies:                {http:>9.0} events/s  ({:.2}x baseline)",
        http / baseline
    );
    server.shutdown().await;

    println!(
        "\n== SSE fan-out to {} clients, {} events ==",
        sizes.fanout_clients, sizes.fanout_events
    );
    let server = start(&dir.path().join("fanout.db")).await?;
    fanout(&server, sizes.fanout_clients, sizes.fanout_events, None).await?;
    fanout(
        &server,
        sizes.fanout_clients,
        sizes.fanout_events / 3,
        Some(500.0),
    )
    .await?;
    server.shutdown().await;

    println!(
        "\n== bulk seed + bootstrap: {} conversations x {} messages ==",
        sizes.seed_conversations, sizes.seed_messages_per_conversation
    );
    let server = start(&dir.path().join("bootstrap.db")).await?;
    let plan = BulkSeed::new(
        sizes.seed_conversations,
        sizes.seed_messages_per_conversation,
    );
    let control = server.control().clone();
    let started = Instant::now();
    let report = tokio::task::spawn_blocking(move || control.seed_bulk(&plan)).await??;
    let seeded = started.elapsed();
    println!(
        "seeded {} conversations, {} messages, {} events in {:.2} s",
        report.conversations,
        report.messages,
        report.last_seq,
        seeded.as_secs_f64()
    );
    bootstrap(&server, 1000).await?;
    server.shutdown().await;
    Ok(())
}

async fn start(db: &std::path::Path) -> anyhow::Result<RunningServer> {
    let mut config = ServerConfig::new(db, "127.0.0.1:0".parse()?);
    config.body_limit = 1 << 20;
    // The fan-out opens all its streams with one token.
    config.max_streams_per_token = usize::MAX;
    Ok(serve(config).await?)
}

/// The floor a commit cannot beat: one bare row per transaction, same
/// journal settings as the server.
fn bare_insert_rate(path: &std::path::Path, secs: f64) -> anyhow::Result<f64> {
    let mut conn = rusqlite::Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.execute_batch("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")?;
    let body = "x".repeat(400);
    let started = Instant::now();
    let mut n = 0u64;
    while started.elapsed().as_secs_f64() < secs {
        let tx = conn.transaction()?;
        tx.execute("INSERT INTO t (body) VALUES (?1)", [&body])?;
        tx.commit()?;
        n += 1;
    }
    Ok(n as f64 / started.elapsed().as_secs_f64())
}

/// A paused conversation: a customer message is exactly one event.
fn silent_conversation(control: &Control, name: &str) -> anyhow::Result<i64> {
    let c = control.start_conversation(NewContact::named(name), "web")?;
    control.set_assistant(c.id, AssistantState::Paused)?;
    Ok(c.id)
}

fn single_writer_rate(control: &Control, secs: f64) -> anyhow::Result<f64> {
    let id = silent_conversation(control, "Bench single")?;
    let first = control.last_seq()?;
    let started = Instant::now();
    while started.elapsed().as_secs_f64() < secs {
        control.customer_message(id, "How much is shipping to Montréal? 📦")?;
    }
    Ok((control.last_seq()? - first) as f64 / started.elapsed().as_secs_f64())
}

fn threaded_writers_rate(control: &Control, threads: usize, secs: f64) -> anyhow::Result<f64> {
    let ids: Vec<i64> = (0..threads)
        .map(|i| silent_conversation(control, &format!("Bench thread {i}")))
        .collect::<anyhow::Result<_>>()?;
    let first = control.last_seq()?;
    let started = Instant::now();
    std::thread::scope(|scope| {
        for id in &ids {
            let control = control.clone();
            let id = *id;
            scope.spawn(move || {
                while started.elapsed().as_secs_f64() < secs {
                    control
                        .customer_message(id, "¿Cuál es el horario?")
                        .expect("a commit");
                }
            });
        }
    });
    Ok((control.last_seq()? - first) as f64 / started.elapsed().as_secs_f64())
}

async fn http_writers_rate(
    server: &RunningServer,
    writers: usize,
    secs: f64,
) -> anyhow::Result<f64> {
    let control = server.control().clone();
    let token = control.create_token(Role::Agent, "Bench agent")?;
    let mut ids = Vec::new();
    for i in 0..writers {
        ids.push(silent_conversation(&control, &format!("Bench http {i}"))?);
    }
    let first = control.last_seq()?;
    let http = reqwest::Client::new();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (w, id) in ids.into_iter().enumerate() {
        let (http, token, url) = (
            http.clone(),
            token.clone(),
            format!("{}/v1/conversations/{id}/messages", server.url()),
        );
        tasks.push(tokio::spawn(async move {
            let mut n = 0u64;
            while started.elapsed().as_secs_f64() < secs {
                let response = http
                    .post(&url)
                    .bearer_auth(&token)
                    .header("Idempotency-Key", format!("bench-{w}-{n}"))
                    .json(&serde_json::json!({ "text": "Ana here, let me check that for you" }))
                    .send()
                    .await
                    .expect("the write is answered");
                assert!(response.status().is_success(), "bench writes succeed");
                n += 1;
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    Ok((control.last_seq()? - first) as f64 / started.elapsed().as_secs_f64())
}

/// `clients` SSE streams; `events` commits, unpaced or at `rate` per second.
/// Latency is from the commit returning to the client parsing the frame.
async fn fanout(
    server: &RunningServer,
    clients: usize,
    events: usize,
    rate: Option<f64>,
) -> anyhow::Result<()> {
    let control = server.control().clone();
    let token = control.create_token(Role::Agent, "Bench listener")?;
    let id = silent_conversation(&control, "Bench fan-out")?;
    let first = control.last_seq()?;
    let last = first + events as i64;
    let http = reqwest::Client::new();
    let received: Arc<Mutex<Vec<(i64, Instant)>>> =
        Arc::new(Mutex::new(Vec::with_capacity(clients * events)));
    let mut listeners = Vec::new();
    for _ in 0..clients {
        let response = http
            .get(format!("{}/v1/sync/stream?after={first}", server.url()))
            .bearer_auth(&token)
            .send()
            .await?;
        anyhow::ensure!(response.status().is_success(), "the stream opens");
        let received = received.clone();
        listeners.push(tokio::spawn(async move {
            let mut bytes = response.bytes_stream();
            let mut buffer = String::new();
            let mut mine = Vec::with_capacity(events);
            'read: while let Some(Ok(chunk)) = bytes.next().await {
                let at = Instant::now();
                buffer.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buffer.find('\n') {
                    let line: String = buffer.drain(..=end).collect();
                    if let Some(seq) = line
                        .strip_prefix("id: ")
                        .and_then(|s| s.trim().parse::<i64>().ok())
                    {
                        mine.push((seq, at));
                        if seq >= last {
                            break 'read;
                        }
                    }
                }
            }
            received
                .lock()
                .expect("no panic while holding it")
                .extend(mine);
        }));
    }
    let commits = tokio::task::spawn_blocking(move || -> anyhow::Result<HashMap<i64, Instant>> {
        let mut commits = HashMap::with_capacity(events);
        let started = Instant::now();
        for i in 0..events {
            if let Some(rate) = rate {
                let due = started + Duration::from_secs_f64(i as f64 / rate);
                if let Some(wait) = due.checked_duration_since(Instant::now()) {
                    std::thread::sleep(wait);
                }
            }
            let message = control.customer_message(id, "Olá! Qual o preço do plano anual?")?;
            commits.insert(message.seq, Instant::now());
        }
        Ok(commits)
    })
    .await??;
    let started = commits.values().min().copied().unwrap_or_else(Instant::now);
    for listener in listeners {
        tokio::time::timeout(Duration::from_secs(60), listener).await??;
    }
    let received = received.lock().expect("listeners are done");
    let finished = received.iter().map(|(_, at)| *at).max().unwrap_or(started);
    let mut latencies: Vec<Duration> = received
        .iter()
        .filter_map(|(seq, at)| commits.get(seq).map(|c| at.saturating_duration_since(*c)))
        .collect();
    latencies.sort();
    let pct = |p: f64| {
        latencies
            .get(((latencies.len() as f64 - 1.0) * p) as usize)
            .copied()
            .unwrap_or_default()
    };
    let span = finished.duration_since(started).as_secs_f64();
    println!(
        "{:<24} delivered {} of {} frames, {:>9.0} events/s delivered in total, commit->delivery p50 {:>7.2} ms, p99 {:>7.2} ms",
        match rate {
            Some(rate) => format!("paced at {rate:.0} commits/s:"),
            None => "unpaced commits:".to_owned(),
        },
        latencies.len(),
        clients * events,
        latencies.len() as f64 / span,
        pct(0.50).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
    );
    Ok(())
}

async fn bootstrap(server: &RunningServer, limit: u32) -> anyhow::Result<()> {
    let token = server
        .control()
        .create_token(Role::Agent, "Bench bootstrap")?;
    let http = reqwest::Client::new();
    let started = Instant::now();
    let (mut pages, mut conversations, mut messages, mut bytes) = (0, 0, 0, 0);
    let mut next: Option<String> = None;
    loop {
        let mut request = http
            .get(format!("{}/v1/sync/bootstrap", server.url()))
            .bearer_auth(&token)
            .query(&[("limit", limit.to_string())]);
        if let Some(token) = &next {
            request = request.query(&[("page_token", token)]);
        }
        let body = request.send().await?.error_for_status()?.bytes().await?;
        bytes += body.len();
        let page: BootstrapPage = serde_json::from_slice(&body)?;
        pages += 1;
        conversations += page.conversations.len();
        messages += page.messages.len();
        next = page.next_page_token;
        if next.is_none() {
            break;
        }
    }
    println!(
        "bootstrap over HTTP: {pages} pages of {limit}, {conversations} conversations, {messages} messages, {:.1} MB in {:.2} s",
        bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
