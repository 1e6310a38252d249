//! Shared fixtures of the sync tests: the real reference backend on
//! loopback (restartable on the same port and database), a client made of a
//! real store file and the real engine, and the convergence check.
#![allow(dead_code)] // each test binary uses a different part of this module

pub mod proxy;
pub mod testbed;
pub mod traffic;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use switchboard_backend::NewContact;

use switchboard_backend::{serve, Control, RunningServer, ServerConfig};
use switchboard_protocol::{BootstrapPage, Contact, Conversation, Message, Role, Seq};
use switchboard_store::Store;
use switchboard_sync::{SyncChange, SyncConfig, SyncHandle, SyncStatus};
use tempfile::TempDir;

/// Generous: a loaded 2-core machine runs several test binaries at once.
pub const PATIENCE: Duration = Duration::from_secs(30);

pub fn init_tracing() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_test_writer()
        .try_init();
}

/// The real backend, on a database file that outlives restarts.
pub struct Backend {
    _dir: TempDir,
    config: ServerConfig,
    server: Option<RunningServer>,
    pub token: String,
}

impl Backend {
    pub async fn start() -> Backend {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(tune: impl FnOnce(&mut ServerConfig)) -> Backend {
        init_tracing();
        let dir = tempfile::tempdir().expect("temp dir for the backend");
        let mut config = ServerConfig::new(
            dir.path().join("backend.db"),
            "127.0.0.1:0".parse().unwrap(),
        );
        config.heartbeat = Duration::from_millis(100);
        // Every message in the snapshot, so the cache can be compared with
        // the server's whole history.
        config.recent_messages_per_conversation = 100_000;
        tune(&mut config);
        let server = serve(config.clone()).await.expect("backend starts");
        // Restarts must come back on the same port.
        config.addr = server.addr();
        let token = server
            .control()
            .create_token(Role::Manager, "Ana")
            .expect("token for the test client");
        Backend {
            _dir: dir,
            config,
            server: Some(server),
            token,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.config.addr)
    }

    pub fn addr(&self) -> SocketAddr {
        self.config.addr
    }

    pub fn control(&self) -> &Control {
        self.server.as_ref().expect("backend is running").control()
    }

    pub fn last_seq(&self) -> Seq {
        self.control().last_seq().expect("backend last seq")
    }

    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }

    pub async fn restart(&mut self) {
        self.stop().await;
        // The port may linger for a moment after the listener closed.
        let mut attempts = 0;
        let server = loop {
            match serve(self.config.clone()).await {
                Ok(server) => break server,
                Err(error) if attempts < 50 => {
                    attempts += 1;
                    tracing::debug!(%error, "backend restart: port busy, retrying");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(error) => panic!("backend did not restart on the same port: {error}"),
            }
        };
        self.server = Some(server);
    }
}

/// Now, in milliseconds since the epoch: when a test's write is made (an
/// older one would be past the outbox's retry window).
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as i64
}

/// Short timeouts so that faults are noticed in a test's lifetime.
pub fn test_config(url: &str, token: &str) -> SyncConfig {
    let mut config = SyncConfig::new(url, token);
    config.silence_timeout = Duration::from_millis(800);
    config.connect_timeout = Duration::from_millis(500);
    config.request_timeout = Duration::from_secs(3);
    config.min_backoff = Duration::from_millis(10);
    config.max_backoff = Duration::from_millis(200);
    config.bootstrap_page_limit = 25;
    config.catch_up_limit = 100;
    config.max_batch = 200;
    // Tests state what the bootstrap alone brings; those of the background
    // history download turn it on.
    config.download_history = false;
    config
}

/// The desktop side: a store file and the engine, restartable.
pub struct Client {
    dir: TempDir,
    pub store: Store,
    pub handle: Option<SyncHandle>,
    pub changes: Arc<Mutex<Vec<SyncChange>>>,
}

impl Client {
    pub fn new() -> Client {
        let dir = tempfile::tempdir().expect("temp dir for the client");
        let store = Store::open(&dir.path().join("cache.db")).expect("store opens");
        Client {
            dir,
            store,
            handle: None,
            changes: Arc::new(Mutex::new(Vec::new())),
        }
    }

    pub fn start(&mut self, config: SyncConfig) {
        assert!(self.handle.is_none(), "the test started the engine twice");
        let (handle, mut changes) = switchboard_sync::start(self.store.clone(), config);
        let sink = self.changes.clone();
        tokio::spawn(async move {
            while let Some(change) = changes.recv().await {
                sink.lock().unwrap().push(change);
            }
        });
        self.handle = Some(handle);
    }

    pub fn handle(&self) -> &SyncHandle {
        self.handle.as_ref().expect("engine is running")
    }

    /// Stops the engine and reopens the store file, as a quit and relaunch.
    pub async fn restart(&mut self, config: SyncConfig) {
        if let Some(handle) = self.handle.take() {
            handle.shutdown().await;
        }
        self.store = Store::open(&self.dir.path().join("cache.db")).expect("store reopens");
        self.start(config);
    }

    pub async fn stop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.shutdown().await;
        }
    }

    pub fn applied_seq(&self) -> Option<Seq> {
        self.store
            .sync_position()
            .expect("sync position")
            .applied_seq
    }

    pub fn take_changes(&self) -> Vec<SyncChange> {
        std::mem::take(&mut *self.changes.lock().unwrap())
    }

    pub fn statuses(&self) -> Vec<SyncStatus> {
        self.changes
            .lock()
            .unwrap()
            .iter()
            .filter_map(|c| match c {
                SyncChange::Status { status } => Some(status.clone()),
                _ => None,
            })
            .collect()
    }

    pub async fn wait_offline(&self) {
        wait_for("offline", || {
            matches!(self.handle().status(), SyncStatus::Offline { .. })
        })
        .await;
    }

    pub async fn wait_live(&self) {
        wait_for("live", || self.handle().status() == SyncStatus::Live).await;
    }

    /// Waits until the cache has applied everything the server committed.
    pub async fn wait_caught_up(&self, backend: &Backend) {
        let target = backend.last_seq();
        wait_for(&format!("cache caught up to seq {target}"), || {
            self.applied_seq().is_some_and(|seq| seq >= target)
        })
        .await;
    }
}

/// Polls `condition` until it holds, failing the test after [`PATIENCE`].
pub async fn wait_for(what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = tokio::time::Instant::now() + PATIENCE;
    while !condition() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for: {what}"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The server's whole state, read through its own bootstrap endpoint.
pub struct ServerState {
    pub snapshot_seq: Seq,
    pub conversations: BTreeMap<i64, Conversation>,
    pub contacts: BTreeMap<i64, Contact>,
    pub messages: BTreeMap<i64, Vec<Message>>,
}

pub async fn server_state(url: &str, token: &str) -> ServerState {
    let http = reqwest::Client::new();
    let mut state = ServerState {
        snapshot_seq: 0,
        conversations: BTreeMap::new(),
        contacts: BTreeMap::new(),
        messages: BTreeMap::new(),
    };
    let mut page_token: Option<String> = None;
    loop {
        let mut request = http
            .get(format!("{url}/v1/sync/bootstrap"))
            .bearer_auth(token)
            .query(&[("limit", "1000")]);
        if let Some(t) = &page_token {
            request = request.query(&[("page_token", t)]);
        }
        let page: BootstrapPage = request
            .send()
            .await
            .expect("server reachable")
            .error_for_status()
            .expect("bootstrap page")
            .json()
            .await
            .expect("bootstrap page decodes");
        state.snapshot_seq = page.snapshot_seq;
        for c in page.conversations {
            state.conversations.insert(c.id, c);
        }
        for c in page.contacts {
            state.contacts.insert(c.id, c);
        }
        for m in page.messages {
            state.messages.entry(m.conversation_id).or_default().push(m);
        }
        match page.next_page_token {
            Some(t) => page_token = Some(t),
            None => break,
        }
    }
    for messages in state.messages.values_mut() {
        messages.sort_by_key(|m| m.id);
    }
    state
}

/// Asserts that the cache equals the server entity by entity: every
/// conversation, its contact, and its messages; and nothing more.
pub async fn assert_converged(client: &Client, backend: &Backend) {
    // Compare against a quiet server: if something committed while its
    // state was being read (an outbox write in flight), read it again.
    let deadline = tokio::time::Instant::now() + PATIENCE;
    let server = loop {
        let before = backend.last_seq();
        client.wait_caught_up(backend).await;
        let server = server_state(&backend.url(), &backend.token).await;
        if backend.last_seq() == before {
            break server;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the server never stopped changing long enough to compare"
        );
    };
    let store = &client.store;
    let applied = client.applied_seq().expect("cache bootstrapped");
    assert!(
        applied >= server.snapshot_seq,
        "the cache (seq {applied}) must not be behind the server's snapshot (seq {})",
        server.snapshot_seq
    );
    for (id, conversation) in &server.conversations {
        let detail = store
            .conversation(*id)
            .expect("store query")
            .unwrap_or_else(|| {
                panic!("conversation {id} exists on the server but not in the cache")
            });
        assert_eq!(
            &detail.conversation, conversation,
            "conversation {id} must be the server's latest state"
        );
        let contact = server.contacts.get(&conversation.contact_id);
        assert_eq!(
            detail.contact.as_ref(),
            contact,
            "the contact of conversation {id} must be the server's latest state"
        );
        let cached = store
            .messages(*id, None, 10_000)
            .expect("store messages")
            .messages;
        let expected = server.messages.get(id).cloned().unwrap_or_default();
        assert_eq!(
            cached.len(),
            expected.len(),
            "conversation {id} must have exactly the server's messages, no more, no fewer"
        );
        assert_eq!(
            cached, expected,
            "messages of conversation {id} must equal the server's"
        );
    }
    let counts = store.filter_counts().expect("filter counts");
    assert_eq!(
        counts.all as usize,
        server.conversations.len(),
        "the cache must hold no conversation the server does not have"
    );
}

pub fn seed_conversations(backend: &Backend, n: usize) -> Vec<i64> {
    (0..n)
        .map(|i| {
            let conversation = backend
                .control()
                .start_conversation(NewContact::named(format!("Customer {i}")), "whatsapp")
                .expect("start conversation");
            backend
                .control()
                .customer_message(conversation.id, &format!("hello from {i}"))
                .expect("customer message");
            conversation.id
        })
        .collect()
}
