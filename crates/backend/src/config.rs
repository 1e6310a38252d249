//! How a server is started: [`ServerConfig`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Everything [`crate::serve`] needs. Build it with [`ServerConfig::new`] and
/// change the fields that matter to you.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// The SQLite file (created if missing, opened in WAL mode).
    pub db_path: PathBuf,
    /// Where to listen; `127.0.0.1:0` picks a free port.
    pub addr: SocketAddr,
    /// Seed demo data (when the database has no conversations) and run the
    /// traffic simulator.
    pub demo: bool,
    /// Seed of the demo data and the simulator, for reproducible runs.
    pub seed: u64,
    /// Customer messages per second written by the simulator.
    pub rate: f64,
    /// How often the SSE stream sends a heartbeat comment.
    pub heartbeat: Duration,
    /// How many events the log keeps; older ones are deleted and cursors
    /// before them get `410 cursor_expired`. `None` keeps everything.
    pub retained_events: Option<u64>,
    /// How many of each conversation's newest messages a bootstrap page carries.
    pub recent_messages_per_conversation: usize,
    /// Largest request body accepted, in bytes; larger ones get `413`.
    pub body_limit: usize,
    /// Page size of bootstrap when the client gives no `limit`.
    pub default_page_limit: u32,
    /// Largest `limit` a client may ask for (bootstrap, events, history).
    pub max_page_limit: u32,
    /// A bootstrap page stops taking conversations once its JSON passes
    /// this many bytes (it always carries at least one): customer text has
    /// no length limit, so a count alone does not bound a page.
    pub bootstrap_page_bytes: usize,
    /// How long a write's idempotency record is kept. Must exceed the
    /// longest time a client retries one write (its retry window).
    pub idempotency_retention: Duration,
    /// A connection must send a request's headers within this time, or it
    /// is closed: the slowloris guard. Also how long an idle keep-alive
    /// connection is kept waiting for its next request.
    pub header_read_timeout: Duration,
    /// A request must be read and answered (up to its response headers)
    /// within this time, or it gets `408 request_timeout`: a body sent
    /// byte by byte cannot hold a connection. An event stream's body is not
    /// bound by it.
    pub request_timeout: Duration,
    /// A write to a client that stays blocked this long (it stopped
    /// reading) closes the connection.
    pub write_timeout: Duration,
    /// Open connections at most; more are closed as soon as they are
    /// accepted, while the open ones keep being served.
    pub max_connections: usize,
    /// Event streams one token may have open at once; one more gets
    /// `429 too_many_streams`.
    pub max_streams_per_token: usize,
    /// How often open event streams check that their token still works:
    /// a revoked or expired token's streams end within this time.
    pub token_recheck: Duration,
}

impl ServerConfig {
    /// A config with sensible defaults: no demo, 15 s heartbeats, the whole
    /// log retained, 20 recent messages per conversation, 64 KiB bodies,
    /// 4 MiB bootstrap pages, idempotency records kept 7 days, 30 s to send
    /// headers, to send a request and to accept a write, 1024 connections,
    /// 8 streams per token, tokens rechecked every 2 s.
    pub fn new(db_path: impl Into<PathBuf>, addr: SocketAddr) -> Self {
        ServerConfig {
            db_path: db_path.into(),
            addr,
            demo: false,
            seed: 1,
            rate: 0.5,
            heartbeat: Duration::from_secs(15),
            retained_events: None,
            recent_messages_per_conversation: 20,
            body_limit: 64 * 1024,
            default_page_limit: 200,
            max_page_limit: 1000,
            bootstrap_page_bytes: 4 * 1024 * 1024,
            idempotency_retention: Duration::from_secs(7 * 24 * 60 * 60),
            header_read_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(30),
            write_timeout: Duration::from_secs(30),
            max_connections: 1024,
            max_streams_per_token: 8,
            token_recheck: Duration::from_secs(2),
        }
    }
}
