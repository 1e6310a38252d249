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
}

impl ServerConfig {
    /// A config with sensible defaults: no demo, 15 s heartbeats, the whole
    /// log retained, 20 recent messages per conversation, 64 KiB bodies.
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
        }
    }
}
