//! `switchboard-backend`: the reference assistant backend of Switchboard.
//!
//! It owns the server side of the v1 sync protocol (`docs/protocol.md`): an
//! HTTP + SSE server (axum) over a SQLite database (WAL) holding contacts,
//! conversations, messages, users and the event log; the product's rules
//! (the assistant answers while active, transfers pause it, …); demo data
//! and a traffic simulator; and [`Control`], the handle that tests and the
//! demo use to script what customers and the assistant do.
//!
//! It must never: serve a change without its event (both are written in one
//! transaction), reuse or skip a seq, store a token in clear, or answer with
//! anything but an `ApiError` JSON body on failure. It shares nothing with
//! the client crates but the wire types of `switchboard-protocol`.
//!
//! ```no_run
//! # async fn demo() -> switchboard_backend::Result<()> {
//! use switchboard_backend::{serve, NewContact, ServerConfig};
//! use switchboard_protocol::Role;
//! let dir = std::env::temp_dir();
//! let server = serve(ServerConfig::new(dir.join("backend.db"), "127.0.0.1:0".parse().unwrap())).await?;
//! let token = server.control().create_token(Role::Manager, "Ana")?;
//! let conversation = server.control().start_conversation(NewContact::named("João"), "whatsapp")?;
//! server.control().customer_message(conversation.id, "Olá!")?;
//! server.control().transfer(conversation.id, "asked for a human")?;
//! println!("{} {token}", server.url());
//! server.shutdown().await;
//! # Ok(()) }
//! ```

mod api;
mod assistant;
mod config;
mod control;
mod db;
mod demo;
mod error;
mod event_log;
mod fake;
mod permissions;
mod reads;
mod seed;
mod server;
mod simulator;
mod streams;
mod tokens;
mod writes;

pub use assistant::Language;
pub use config::ServerConfig;
pub use control::Control;
pub use error::{Error, Result};
pub use seed::{BulkSeed, SeedReport};
pub use server::{serve, RunningServer};
pub use tokens::TokenInfo;
pub use writes::{CustomerTurn, NewContact};

/// Creates a user with a new token in the database at `path` (created if
/// missing) without starting a server; returns the token. Only its SHA-256
/// hash is stored. With `lifetime`, the token stops working that long from
/// now (zero: at once).
pub fn create_token(
    path: &std::path::Path,
    role: switchboard_protocol::Role,
    name: &str,
    lifetime: Option<std::time::Duration>,
) -> Result<String> {
    let conn = db::open_writer(path)?;
    let now = now_ms();
    let expires_at =
        lifetime.map(|d| now.saturating_add(i64::try_from(d.as_millis()).unwrap_or(i64::MAX)));
    tokens::create(&conn, role, name, now, expires_at)
}

/// Every token of the database at `path`, without secrets (none are stored).
pub fn list_tokens(path: &std::path::Path) -> Result<Vec<TokenInfo>> {
    tokens::list(&db::open_writer(path)?)
}

/// Revokes token `id` in the database at `path`: from now on it gets `401`
/// on every route, and a running server ends its open event streams within
/// [`ServerConfig::token_recheck`]. Returns false when it already was revoked.
pub fn revoke_token(path: &std::path::Path, id: i64) -> Result<bool> {
    tokens::revoke(&db::open_writer(path)?, id, now_ms())
}

/// The OpenAPI document of the API, as served at `/v1/openapi.json`.
pub fn openapi_json() -> String {
    use utoipa::OpenApi;
    api::openapi::ApiDoc::openapi()
        .to_pretty_json()
        .unwrap_or_default()
}

/// Now, in milliseconds since the Unix epoch. Read at the edges (a request,
/// a control call) and passed down, so the rules themselves take `now`.
pub(crate) fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
