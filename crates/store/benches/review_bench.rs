//! Review benchmark: a cache of conversations spread over weeks, then the
//! latency (p50/p95) of the whole review (all four sections) for one local
//! day and for seven, with each section's, the CPU time per review and the
//! load average (on a shared machine, wall-clock figures are comparable
//! only under a similar load).
//!
//! The cache is written as the release before the review left it and then
//! opened, so the migration that judges every cached message runs too (its
//! time is printed). Transfers go straight into the transfer history.
//!
//! Full size (100k conversations, 1M messages over 30 days):
//!   cargo bench -p switchboard-store --bench review_bench
//! Quick run:
//!   cargo bench -p switchboard-store --bench review_bench -- --conversations 5000 --messages 50000

use std::path::PathBuf;
use std::time::{Duration, Instant};

use clap::Parser;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::{params, Connection};
use switchboard_store::review::{LocalDate, ReviewPeriod, ReviewQuery, DAY_MS};
use switchboard_store::Store;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 100_000)]
    conversations: usize,
    #[arg(long, default_value_t = 1_000_000)]
    messages: usize,
    /// Days the conversations are spread over, ending with the last day.
    #[arg(long, default_value_t = 30)]
    days: i64,
    /// Samples per latency figure.
    #[arg(long, default_value_t = 40)]
    samples: usize,
    /// Keep the generated cache at this path; if it exists, measure on it.
    #[arg(long)]
    db: Option<PathBuf>,
    /// Cargo passes `--bench`; accepted and ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

const ZONE: &str = "Europe/Lisbon";
/// The last day of the data: 30 November 2026.
const LAST_DAY: LocalDate = LocalDate {
    year: 2026,
    month: 11,
    day: 30,
};

const QUESTIONS: &[&str] = &[
    "How much is the Pro plan?",
    "Qual o preço do plano anual?",
    "¿Cuál es el precio del envío?",
    "What are your opening hours on Saturday?",
    "Qual o horário de funcionamento?",
    "¿A qué hora abren mañana?",
    "I want to buy two of them",
    "Quero fazer um pedido",
    "Where is my order?",
    "Can I change my delivery address?",
    "Meu pagamento não foi aprovado",
    "¿Puedo pagar con tarjeta?",
    "Do you deliver to Porto?",
    "Vocês têm estacionamento?",
    "My password does not work",
    "Obrigado!",
];
const ANSWERS: &[&str] = &[
    "Our plans start at $29/month.",
    "We're open Monday to Friday, 8am to 8pm.",
    "Orders ship within 2 business days.",
    "You're welcome!",
];
const FALLBACK: &str = "I'm sorry, I couldn't find information about that.";
const REASONS: &[&str] = &[
    "asked for a human",
    "price negotiation",
    "complaint",
    "payment problem",
];

/// Writes the cache as the release before the review (version 7) left it.
/// Message ids grow with time, as the server assigns them, so a day's
/// messages sit together in the table as they do in a real cache.
fn generate(path: &PathBuf, args: &Args, end: i64) {
    let mut rng = StdRng::seed_from_u64(11);
    let mut conn = Connection::open(path).unwrap();
    switchboard_store::schema::migrate_to_version(&mut conn, 7).unwrap();
    let per_conversation = (args.messages / args.conversations).max(1);
    let span = args.days * DAY_MS;
    // (time, conversation, author, text) of every message.
    let mut messages: Vec<(i64, i64, &str, &str)> = Vec::with_capacity(args.messages);
    let mut starts = Vec::with_capacity(args.conversations);
    for id in 1..=args.conversations as i64 {
        let start = end - span + rng.gen_range(0..span - HOUR);
        starts.push(start);
        let mut at = start;
        for k in 0..per_conversation {
            let (author, text) = if k % 2 == 0 {
                ("customer", QUESTIONS[rng.gen_range(0..QUESTIONS.len())])
            } else if rng.gen_bool(0.12) {
                ("assistant", FALLBACK)
            } else {
                ("assistant", ANSWERS[rng.gen_range(0..ANSWERS.len())])
            };
            messages.push((at, id, author, text));
            at += rng.gen_range(20_000..300_000);
        }
    }
    messages.sort_by_key(|m| (m.0, m.1));

    // Messages are written first, to know each conversation's newest.
    conn.pragma_update(None, "foreign_keys", false).unwrap();
    let tx = conn.transaction().unwrap();
    // (newest message id, its time) of each conversation.
    let mut newest: Vec<(Option<i64>, i64)> = vec![(None, 0); args.conversations + 1];
    {
        let mut message = tx
            .prepare(
                "INSERT INTO messages (id, conversation_id, author, text, created_at, seq, prev_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?1, ?6)",
            )
            .unwrap();
        for (i, (at, conversation_id, author, text)) in messages.iter().enumerate() {
            let id = i as i64 + 1;
            let prev = newest[*conversation_id as usize].0;
            message
                .execute(params![id, conversation_id, author, text, at, prev])
                .unwrap();
            newest[*conversation_id as usize] = (Some(id), *at);
        }
        let mut contact = tx
            .prepare("INSERT INTO contacts (id, name, attributes, created_at, updated_seq) VALUES (?1, ?2, '{}', 0, ?1)")
            .unwrap();
        let mut conversation = tx
            .prepare(
                "INSERT INTO conversations (id, contact_id, channel, status, assistant_state,
                    transfer_reason, transferred_at, created_at, last_activity_at, updated_seq,
                    last_message_id, cached_messages, message_count)
                 VALUES (?1, ?2, 'whatsapp', ?3, ?4, ?5, ?6, ?7, ?8, ?1, ?9, ?10, ?10)",
            )
            .unwrap();
        for id in 1..=args.conversations as i64 {
            // A returning contact now and then: some are transferred again.
            let contact_id = if id % 7 == 0 { id / 7 } else { id };
            if contact_id == id {
                contact
                    .execute(params![id, format!("Contact {id}")])
                    .unwrap();
            }
            let start = starts[id as usize - 1];
            let (last_message_id, last_at) = newest[id as usize];
            let (status, state) = match rng.gen_range(0..10) {
                0 => ("transferred", "paused"),
                1..=3 => ("closed", "active"),
                _ => ("open", "active"),
            };
            let transfer = (status == "transferred").then(|| {
                (
                    REASONS[rng.gen_range(0..REASONS.len())],
                    start + rng.gen_range(0..HOUR),
                )
            });
            conversation
                .execute(params![
                    id,
                    contact_id,
                    status,
                    state,
                    transfer.map(|t| t.0),
                    transfer.map(|t| t.1),
                    start,
                    last_at,
                    last_message_id,
                    per_conversation as i64
                ])
                .unwrap();
        }
    }
    tx.execute(
        "UPDATE sync_state SET applied_seq = ?1 WHERE id = 1",
        [messages.len() as i64],
    )
    .unwrap();
    tx.commit().unwrap();
}

/// The transfer history the review reads, as applying the transfers would
/// have written it (most answered within minutes, some still waiting).
fn fill_transfer_history(path: &PathBuf) {
    let mut rng = StdRng::seed_from_u64(12);
    let mut conn = Connection::open(path).unwrap();
    let tx = conn.transaction().unwrap();
    let transfers: Vec<(i64, i64, i64, String)> = {
        let mut stmt = tx
            .prepare("SELECT id, contact_id, transferred_at, transfer_reason FROM conversations WHERE transferred_at IS NOT NULL")
            .unwrap();
        let rows = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap();
        rows.map(Result::unwrap).collect()
    };
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO transfer_history (conversation_id, transferred_at, contact_id, reason,
                    first_human_reply_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .unwrap();
        for (conversation_id, contact_id, at, reason) in transfers {
            let reply = rng
                .gen_bool(0.8)
                .then(|| at + rng.gen_range(MINUTE..2 * HOUR));
            insert
                .execute(params![conversation_id, at, contact_id, reason, reply])
                .unwrap();
        }
    }
    tx.commit().unwrap();
}

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;

/// The CPU time this process used so far (user and system), in ms; Linux
/// only (`/proc`), at the kernel's clock tick (10 ms).
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name (which may hold spaces), from the 3rd.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks * 10.0)
}

fn percentiles(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let at = |p: f64| {
        samples[((samples.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
    };
    (at(0.50), at(0.95))
}

fn main() {
    let args = Args::parse();
    let dir = tempfile::tempdir().unwrap();
    let path = args
        .db
        .clone()
        .unwrap_or_else(|| dir.path().join("cache.db"));
    let last = ReviewPeriod::days(LAST_DAY, LAST_DAY, ZONE).unwrap();
    let end = last.to;
    if !path.exists() {
        println!(
            "generating {} conversations, {} messages over {} days …",
            args.conversations, args.messages, args.days
        );
        let started = Instant::now();
        generate(&path, &args, end);
        println!("  written in {:.1} s", started.elapsed().as_secs_f64());
        let started = Instant::now();
        drop(Store::open(&path).unwrap());
        println!(
            "  the review's migration (judging every cached message): {:.1} s",
            started.elapsed().as_secs_f64()
        );
        fill_transfer_history(&path);
    }
    let store = Store::open(&path).unwrap();
    // The machine's load next to the figures: they are only comparable
    // with figures taken under a similar load.
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!(
            "load average (1, 5, 15 min): {}",
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    let mut rng = StdRng::seed_from_u64(13);
    for days in [1u16, 7] {
        let mut times = Vec::with_capacity(args.samples);
        // Per section: unanswered, topics, transfers, quiet leads.
        let mut sections: [Vec<Duration>; 4] = Default::default();
        let mut items = 0;
        let cpu_before = cpu_ms();
        for _ in 0..args.samples {
            // A period ending on one of the last days with data.
            let back = rng.gen_range(0..(args.days as u16).saturating_sub(days).max(1));
            let period = ReviewPeriod::ending_days_ago(end - 1, ZONE, days, back).unwrap();
            let query = ReviewQuery {
                period,
                now: end + 12 * HOUR,
                quiet_after_ms: DAY_MS,
            };
            let started = Instant::now();
            let (review, each) = std::hint::black_box(store.review_timed(&query).unwrap());
            times.push(started.elapsed());
            items += review.items as usize;
            for (all, one) in sections.iter_mut().zip([
                each.unanswered,
                each.topics,
                each.transfers,
                each.quiet_leads,
            ]) {
                all.push(one);
            }
        }
        let cpu = cpu_ms()
            .zip(cpu_before)
            .map(|(after, before)| after - before);
        let (p50, p95) = percentiles(times);
        println!(
            "review of {days} day(s): p50 {p50:.1} ms, p95 {p95:.1} ms ({} items on average)",
            items / args.samples
        );
        if let Some(cpu) = cpu {
            // Less sensitive to other processes than the wall-clock figures.
            println!("  CPU time per review: {:.1} ms", cpu / args.samples as f64);
        }
        for (name, all) in ["unanswered", "topics", "transfers", "quiet leads"]
            .iter()
            .zip(sections)
        {
            let (p50, p95) = percentiles(all);
            println!("  {name:<12} p50 {p50:>6.1} ms, p95 {p95:>6.1} ms");
        }
    }
}
