//! `switchboard-store`: the local cache of the Switchboard desktop client.
//!
//! It owns every SQL statement of the client and everything kept on the
//! agent's machine, in one SQLite file:
//!
//! - the **cache**: contacts, conversations, messages and their search
//!   indexes, a copy of the server's state that a new bootstrap may empty and
//!   rebuild at any time;
//! - the **durable local state**: the sync position, the outbox of agent
//!   writes, the notification ledger, the settings, the transfer history
//!   and the review's marks, which exist only here and survive
//!   re-bootstraps and schema migrations.
//!
//! `review` computes the daily review from both.
//!
//! It must never open a network connection, read the clock (time is passed
//! in as `now`), or depend on Tauri. Every batch from the server is applied
//! in one transaction together with the cursor it advances, so a crash
//! leaves either all of a batch or none of it.
//!
//! Concurrency: one writer connection behind a mutex, and a small pool of
//! read-only connections (which give their page caches back between reads:
//! see `pool`). The file is in WAL mode, so reads never wait for a
//! write, even a long one. `Store` is cheap to clone and `Send + Sync`; its
//! methods block, so async callers run them on a blocking thread.

mod account;
mod apply;
mod chain;
mod checkpoint;
mod error;
mod escalation;
mod keep;
mod ledger;
mod outbox;
mod pool;
mod queries;
pub mod review;
mod rows;
pub mod schema;
mod search;
mod settings;
mod types;
mod verdict;
mod waiting;

use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};

use rusqlite::Connection;

pub use error::{Result, StoreError};
pub use outbox::RETRY_WINDOW_MS;
pub use types::*;

/// The local database. See the crate documentation.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: pool::ReaderPool,
    checkpointer: checkpoint::Checkpointer,
    /// Damage was seen and noted for the next open (see [`Store::note_damage`]).
    damage_noted: AtomicBool,
    /// Told once, when damage is first noted ([`Store::when_damage_noted`]).
    on_damage: OnceLock<DamageListener>,
}

/// What [`Store::when_damage_noted`] calls.
type DamageListener = Box<dyn Fn() + Send + Sync>;

impl Store {
    /// Opens (creating if needed) the database at `path` and migrates it to
    /// the current schema. A database written by a newer version is refused
    /// with [`StoreError::NewerSchema`] and left untouched. Outbox items a
    /// crash left `sending` go back to `pending`.
    pub fn open(path: &Path) -> Result<Store> {
        let writer = schema::open_writer(path)?;
        // Checkpoints happen on their own thread, not after the commit that
        // grew the WAL (see `checkpoint.rs`).
        checkpoint::install_hook(&writer);
        outbox::recover_after_crash(&writer)?;
        let checkpointer = checkpoint::Checkpointer::start(path).unwrap_or_else(|error| {
            tracing::warn!(%error, "no checkpointer connection: the writer checkpoints");
            checkpoint::Checkpointer::none()
        });
        let store = Store {
            inner: Arc::new(Inner {
                path: path.to_owned(),
                writer: Mutex::new(writer),
                readers: pool::ReaderPool::new(path.to_owned()),
                checkpointer,
                damage_noted: AtomicBool::new(false),
                on_damage: OnceLock::new(),
            }),
        };
        // Open one reader now, so a problem shows at open, not on first use.
        drop(store.reader()?);
        Ok(store)
    }

    /// Opens the cache at `path` as [`Store::open`] does, except that a file
    /// that is not a database, or is damaged where opening reads it
    /// ([`StoreError::Damaged`], or a value that does not decode,
    /// [`StoreError::Corrupt`]), is set aside and a new, empty cache made in
    /// its place: the app then starts, and its next sync fetches the
    /// server's data again. The file is renamed `<name>.damaged-<now_ms>`
    /// (with its WAL and shared-memory files, where SQLite left them), never
    /// deleted: what only the cache held (unsent writes, review marks,
    /// settings) stays there for whoever can recover it. Returns the
    /// set-aside path with the store. Any other failure (a newer schema, a
    /// read-only or full disk) is returned as it is, the file untouched.
    ///
    /// A file that opened but was found damaged later, by a read or write
    /// ([`Store::note_damage`]), is set aside at this next open the same way.
    pub fn open_or_set_aside(path: &Path, now_ms: i64) -> Result<(Store, Option<PathBuf>)> {
        let marker = damage_marker(path);
        let reason = match Store::open(path) {
            Ok(store) => match std::fs::read_to_string(&marker) {
                Ok(reason) => {
                    drop(store);
                    format!("found damaged while in use: {}", reason.trim())
                }
                Err(_) => return Ok((store, None)),
            },
            Err(StoreError::Damaged(reason) | StoreError::Corrupt(reason)) => reason,
            Err(error) => return Err(error),
        };
        let aside = set_aside(path, now_ms).map_err(|error| {
            tracing::error!(%error, %reason, "the damaged local database could not be set aside");
            StoreError::Corrupt(reason.clone())
        })?;
        tracing::warn!(%reason, aside = %aside.display(), "the local database was damaged: set aside, starting a new one");
        if let Err(error) = std::fs::remove_file(&marker) {
            if error.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(%error, "the damage marker could not be removed");
            }
        }
        Ok((Store::open(path)?, Some(aside)))
    }

    /// Notes `error` if it says the file is damaged ([`StoreError::Damaged`]):
    /// a marker beside the file (`<name>.damage-seen`, holding the reason)
    /// has [`Store::open_or_set_aside`] set the file aside at the next
    /// open, since one that opens can still hold pages that do not read.
    /// Returns whether this call noted it (the first time it is seen).
    pub fn note_damage(&self, error: &StoreError) -> bool {
        let StoreError::Damaged(reason) = error else {
            return false;
        };
        if self.inner.damage_noted.swap(true, Ordering::SeqCst) {
            return false;
        }
        let marker = damage_marker(&self.inner.path);
        match std::fs::write(&marker, reason) {
            Ok(()) => {
                tracing::error!(%reason, marker = %marker.display(), "the local database is damaged: it will be set aside at the next start")
            }
            Err(write_error) => {
                tracing::error!(%reason, %write_error, "the local database is damaged, and the note to set it aside could not be written")
            }
        }
        if let Some(listener) = self.inner.on_damage.get() {
            listener();
        }
        true
    }

    /// Calls `listener` once, when damage is first noted by any call on this
    /// store (or at once, if it already was): whoever met it, a command, the
    /// sync engine's writer or its history download in the background, the
    /// app can say so then rather than at the next start. One listener per
    /// store; a second one is refused (returns `false`).
    pub fn when_damage_noted(&self, listener: impl Fn() + Send + Sync + 'static) -> bool {
        if self.inner.on_damage.set(Box::new(listener)).is_err() {
            return false;
        }
        // Noted before the listener was set: tell it now. (Damage noted
        // between the `set` and this load calls it twice at worst.)
        if self.damage_noted() {
            if let Some(listener) = self.inner.on_damage.get() {
                listener();
            }
        }
        true
    }

    /// Runs `call` on this store and notes what it met if that was the
    /// file's damage ([`Store::note_damage`]). What the shell's and the
    /// sync engine's store calls run through.
    pub fn noting_damage<T>(&self, call: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let result = call(self);
        if let Err(error) = &result {
            self.note_damage(error);
        }
        result
    }

    /// Whether damage was noted since this store was opened.
    pub fn damage_noted(&self) -> bool {
        self.inner.damage_noted.load(Ordering::SeqCst)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Caps the database at `pages` pages (of 4 KiB), as a full disk would.
    /// For tests and tools; the cap lasts until the store is dropped.
    #[doc(hidden)]
    pub fn limit_size_in_pages(&self, pages: i64) -> Result<()> {
        let conn = self.writer();
        conn.pragma_update(None, "max_page_count", pages)?;
        Ok(())
    }

    fn writer(&self) -> Writer<'_> {
        // A panic while holding the lock left no transaction open (rusqlite
        // rolls back on drop), so the connection is still sound.
        Writer {
            conn: self
                .inner
                .writer
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
            checkpointer: &self.inner.checkpointer,
        }
    }

    fn reader(&self) -> Result<pool::PooledReader<'_>> {
        self.inner.readers.get()
    }
}

/// The writer connection, locked. When let go, wakes the checkpointer if
/// what was committed meanwhile grew the WAL enough.
struct Writer<'a> {
    conn: MutexGuard<'a, Connection>,
    checkpointer: &'a checkpoint::Checkpointer,
}

impl Deref for Writer<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.conn
    }
}

impl DerefMut for Writer<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        if checkpoint::due_after_commit() {
            self.checkpointer.wake();
        }
    }
}

/// The file whose presence says `path` was found damaged while in use.
fn damage_marker(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".damage-seen");
    PathBuf::from(name)
}

/// Renames the database at `path` and its WAL and shared-memory files to
/// `<name>.damaged-<now_ms>` (a number added if that name is taken).
fn set_aside(path: &Path, now_ms: i64) -> std::io::Result<PathBuf> {
    let with_suffix = |base: &Path, suffix: &str| {
        let mut name = base.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    let aside = (0..)
        .map(|n| match n {
            0 => with_suffix(path, &format!(".damaged-{now_ms}")),
            n => with_suffix(path, &format!(".damaged-{now_ms}-{n}")),
        })
        .find(|candidate| !candidate.exists())
        .expect("some name is free");
    std::fs::rename(path, &aside)?;
    for suffix in ["-wal", "-shm"] {
        let companion = with_suffix(path, suffix);
        if companion.exists() {
            std::fs::rename(&companion, with_suffix(&aside, suffix))?;
        }
    }
    Ok(aside)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Store>();
    }
}
