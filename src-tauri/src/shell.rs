//! The app's managed state: the store, the current session and its sync
//! engine, the token vault and the notifier's controls. Commands reach the
//! store only through [`Shell::read`]/[`Shell::write`], which run the call
//! on a blocking thread.

use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use switchboard_store::{OutboxAction, OutboxItem, Store, StoreError};
use switchboard_sync::SyncHandle;

use crate::error::IpcError;
use crate::models::Session;
use crate::notifications::NotifierControl;
use crate::session::Active;
use crate::vault::TokenVault;

pub struct Shell {
    store: Store,
    pub(crate) vault: Arc<TokenVault>,
    /// Where the app keeps its files (the demo backend's database too).
    pub(crate) data_dir: PathBuf,
    pub notifier: Arc<NotifierControl>,
    /// Held while signing in or out, so transitions never interleave; holds
    /// what must be stopped on the next transition.
    pub(crate) transition: tokio::sync::Mutex<Option<Active>>,
    /// What commands read: never held across an await.
    current: Mutex<Current>,
    /// Becomes true once the launch's session is resumed (or failed to),
    /// so the page's first `session` call never sees a transient state.
    resumed: tokio::sync::watch::Sender<bool>,
    /// The waiting count last shown (-1: never), to update tray and title
    /// only when it changes.
    pub(crate) last_waiting: AtomicI64,
}

#[derive(Clone)]
struct Current {
    session: Session,
    sync: Option<Arc<SyncHandle>>,
}

impl Shell {
    pub fn new(store: Store, vault: TokenVault, data_dir: PathBuf) -> Self {
        Shell {
            store,
            vault: Arc::new(vault),
            data_dir,
            notifier: Arc::default(),
            transition: tokio::sync::Mutex::new(None),
            current: Mutex::new(Current {
                session: Session::SignedOut,
                sync: None,
            }),
            last_waiting: AtomicI64::new(-1),
            resumed: tokio::sync::watch::Sender::new(false),
        }
    }

    /// A clone of the store, for tasks that outlive a command.
    pub fn store(&self) -> Store {
        self.store.clone()
    }

    /// Runs a store call on a blocking thread.
    pub async fn read<T, F>(&self, call: F) -> Result<T, IpcError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = self.store.clone();
        tauri::async_runtime::spawn_blocking(move || call(&store))
            .await
            .map_err(|error| IpcError::internal(format!("store task failed: {error}")))?
            .map_err(IpcError::from)
    }

    /// Same as [`Shell::read`]; named apart so call sites say which they do.
    pub async fn write<T, F>(&self, call: F) -> Result<T, IpcError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    {
        self.read(call).await
    }

    pub fn session(&self) -> Session {
        self.current().session
    }

    /// Waits until the session of the launch is resumed (demo mode takes a
    /// moment to start its backend; a remote session is immediate).
    pub async fn resumed(&self) {
        let mut resumed = self.resumed.subscribe();
        // Err only if the sender is gone, i.e. the app is shutting down.
        let _ = resumed.wait_for(|done| *done).await;
    }

    pub(crate) fn mark_resumed(&self) {
        self.resumed.send_replace(true);
    }

    /// The running sync engine, if signed in.
    pub fn sync(&self) -> Option<Arc<SyncHandle>> {
        self.current().sync
    }

    pub(crate) fn set_current(&self, session: Session, sync: Option<Arc<SyncHandle>>) {
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = Current { session, sync };
    }

    fn current(&self) -> Current {
        self.current
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Stores an agent write in the outbox (durable before anything is
    /// sent) and wakes the sender. The idempotency key is made here, once
    /// per user action, so every resend of this write carries the same key.
    pub async fn enqueue(
        &self,
        conversation_id: i64,
        action: OutboxAction,
    ) -> Result<OutboxItem, IpcError> {
        self.resumed().await;
        let sync = self.sync().ok_or_else(IpcError::not_signed_in)?;
        let key = uuid::Uuid::new_v4().to_string();
        let now = crate::clock::now_ms();
        let item = self
            .write(move |store| store.enqueue(conversation_id, action, &key, now))
            .await?;
        sync.outbox_changed();
        Ok(item)
    }

    /// Wakes the outbox sender after a retry.
    pub fn outbox_changed(&self) {
        if let Some(sync) = self.sync() {
            sync.outbox_changed();
        }
    }

    pub(crate) fn waiting_changed(&self, count: u32) -> bool {
        self.last_waiting.swap(i64::from(count), Ordering::Relaxed) != i64::from(count)
    }
}
