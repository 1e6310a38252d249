//! A fake Chatwoot server for Switchboard's Chatwoot tests: the REST subset
//! and the ActionCable stream the Chatwoot source uses, shaped and behaving
//! as Chatwoot's own code does (each behaviour names the Chatwoot file it
//! imitates), plus switches for the faults a real network produces.
//!
//! It owns no Switchboard logic and must never learn any: it imitates
//! Chatwoot, so that the client is tested against Chatwoot's behaviour and
//! not against its own assumptions. See README.md for what is imitated and
//! what deliberately is not.

mod cable;
mod control;
mod http;
mod model;
mod shared;
mod views;
mod world;

use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use serde_json::Value;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tower::ServiceExt;

pub use http::CONVERSATIONS_PER_PAGE;

use model::World;
use shared::Shared;

/// A running fake Chatwoot on 127.0.0.1. Dropping it stops the server.
pub struct FakeChatwoot {
    shared: Arc<Shared>,
    addr: SocketAddr,
    agent_token: String,
    colleague_token: String,
    bot_token: String,
    accept: JoinHandle<()>,
}

impl FakeChatwoot {
    /// Binds 127.0.0.1:0. One account (id 1) with one agent user ("Ana
    /// Agent", ana@example.com, role agent) whose access token is
    /// [`FakeChatwoot::access_token`], a second agent, one API inbox and an
    /// Agent Bot attached to it. Starts empty.
    pub async fn start() -> FakeChatwoot {
        FakeChatwoot::start_on(0)
            .await
            .expect("binding 127.0.0.1:0 for the fake Chatwoot")
    }

    /// [`FakeChatwoot::start`] on a chosen port (0: any free port).
    pub async fn start_on(port: u16) -> std::io::Result<FakeChatwoot> {
        let salt = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let agent_token = format!("ana{salt:x}");
        let colleague_token = format!("carl{salt:x}");
        let bot_token = format!("bot{salt:x}");
        let shared = Arc::new(Shared::new(World::new(
            agent_token.clone(),
            colleague_token.clone(),
            bot_token.clone(),
        )));
        let listener = TcpListener::bind(("127.0.0.1", port)).await?;
        let addr = listener.local_addr()?;
        let app = http::router(shared.clone());
        let accept = tokio::spawn(accept(listener, app, shared.clone()));
        Ok(FakeChatwoot {
            shared,
            addr,
            agent_token,
            colleague_token,
            bot_token,
            accept,
        })
    }

    /// `http://127.0.0.1:PORT`, no trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn account_id(&self) -> u64 {
        model::ACCOUNT_ID
    }

    /// Ana's `api_access_token`.
    pub fn access_token(&self) -> String {
        self.agent_token.clone()
    }

    /// A second agent of the same account (for "someone else took it").
    pub fn colleague_token(&self) -> String {
        self.colleague_token.clone()
    }

    /// The Agent Bot's access token: it may call `toggle_status`, message
    /// create and assignments, as Chatwoot allows bots.
    pub fn bot_token(&self) -> String {
        self.bot_token.clone()
    }

    /// A new contact writes: contact, conversation (`pending`, since the
    /// inbox has a bot) and incoming message. Returns the display_id.
    pub async fn customer_starts(
        &self,
        contact_name: &str,
        phone: Option<&str>,
        text: &str,
    ) -> u64 {
        self.shared.customer_starts(contact_name, phone, text)
    }

    pub async fn customer_writes(&self, display_id: u64, text: &str) {
        self.shared
            .customer_writes(display_id, text)
            .unwrap_or_else(|_| panic!("customer_writes: no conversation {display_id}"));
    }

    pub async fn bot_replies(&self, display_id: u64, text: &str) {
        self.shared
            .bot_replies(display_id, text)
            .unwrap_or_else(|_| panic!("bot_replies: no conversation {display_id}"));
    }

    /// The bot hands off: `pending` → `open`, as Captain and Agent Bots do
    /// through `toggle_status`.
    pub async fn bot_hands_off(&self, display_id: u64) {
        self.shared
            .bot_hands_off(display_id)
            .unwrap_or_else(|_| panic!("bot_hands_off: no conversation {display_id}"));
    }

    /// A snoozed conversation's time is up: it opens, as Chatwoot's
    /// ReopenSnoozedConversationsJob does. Nothing happens to one that is
    /// not snoozed.
    pub async fn snooze_ends(&self, display_id: u64) {
        self.shared
            .snooze_ends(display_id)
            .unwrap_or_else(|_| panic!("snooze_ends: no conversation {display_id}"));
    }

    /// Seeds `n` conversations with `messages_each` messages, spread over
    /// the last `days` days, oldest first; every third is already handed
    /// off (`open`), the rest `pending`. Nothing is broadcast. Returns
    /// their display_ids. Seed before live traffic: message ids grow with
    /// time in Chatwoot, and `before`/`after` paging relies on it.
    pub async fn seed(&self, n: usize, messages_each: usize, days: u32) -> Vec<u64> {
        self.shared.seed(n, messages_each, days)
    }

    /// Closes every ActionCable socket now (no close frame).
    pub async fn drop_cable_connections(&self) {
        self.shared.close_cable_connections();
    }

    /// While `yes`, every API request and cable connection is cut without
    /// an answer, and open cable sockets are closed.
    pub fn set_unreachable(&self, yes: bool) {
        self.shared.set_unreachable(yes);
    }

    /// The next `POST …/messages` is stored and broadcast, but its HTTP
    /// connection is closed instead of answered.
    pub fn lose_next_reply_response(&self) {
        self.shared.lose_next_reply.store(true, Ordering::SeqCst);
    }

    /// The next `n` API requests answer 429 as Rack::Attack does.
    pub fn rate_limit_next(&self, n: usize) {
        self.shared.rate_limited.store(n, Ordering::SeqCst);
    }

    /// Every message of a conversation, oldest first, as the messages API
    /// renders them.
    pub async fn messages(&self, display_id: u64) -> Vec<Value> {
        self.shared.messages_json(display_id)
    }

    /// The conversation as `GET …/conversations/{id}` renders it.
    pub async fn conversation(&self, display_id: u64) -> Value {
        self.shared
            .conversation_json(display_id)
            .unwrap_or_else(|| panic!("conversation: no conversation {display_id}"))
    }

    /// API requests received under `/api/` (429s included: Rack::Attack
    /// counts throttled requests against the budget too).
    pub fn request_count(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }
}

impl Drop for FakeChatwoot {
    fn drop(&mut self) {
        self.accept.abort();
        self.shared.set_unreachable(true);
    }
}

#[derive(Debug)]
struct Cut;

impl std::fmt::Display for Cut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection cut on purpose")
    }
}

impl std::error::Error for Cut {}

/// Serves each connection with hyper directly: a service error makes hyper
/// close the connection without a response, which is how the fake goes
/// "down" and how it loses a reply's response after storing the reply.
async fn accept(listener: TcpListener, app: Router, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let app = app.clone();
        let shared = shared.clone();
        let service =
            hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                let app = app.clone();
                let shared = shared.clone();
                async move {
                    let control = req.uri().path().starts_with("/__fake/");
                    if shared.unreachable.load(Ordering::SeqCst) && !control {
                        return Err(Cut);
                    }
                    let response = match app.oneshot(req).await {
                        Ok(response) => response,
                        Err(never) => match never {},
                    };
                    if response
                        .extensions()
                        .get::<http::DropConnection>()
                        .is_some()
                    {
                        return Err(Cut);
                    }
                    Ok(response)
                }
            });
        tokio::spawn(async move {
            // A cut connection ends with an error by design.
            let _ = http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .with_upgrades()
                .await;
        });
    }
}
