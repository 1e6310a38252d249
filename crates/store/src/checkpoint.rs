//! Copying the write-ahead log into the main file, on a thread of its own.
//!
//! SQLite's default is for the writer to checkpoint (copy the WAL's pages
//! into the database file and fsync both) right after the commit that grew
//! the WAL past 1,000 pages. Applying a busy stream then spent most of its
//! time checkpointing. Here the writer only notes the WAL's size after each
//! commit; past [`CHECKPOINT_PAGES`] it wakes a checkpointer thread with its
//! own connection, which checkpoints while the writer goes on. Should the
//! thread fall behind (or be missing), the writer checkpoints itself past
//! [`WRITER_CHECKPOINT_PAGES`], so the WAL never grows without bound.

use std::cell::Cell;
use std::ffi::c_int;
use std::path::Path;
use std::sync::mpsc;
use std::thread::JoinHandle;

use rusqlite::hooks::{CheckpointMode, Wal};
use rusqlite::Connection;

use crate::error::Result;
use crate::schema;

/// WAL pages after which the checkpointer is woken (64 MiB of 4 KiB pages).
/// Fewer, larger checkpoints: a page rewritten by many transactions in
/// between is copied once.
pub(crate) const CHECKPOINT_PAGES: c_int = 16_000;
/// WAL pages after which the writer checkpoints itself.
pub(crate) const WRITER_CHECKPOINT_PAGES: c_int = 64_000;

thread_local! {
    /// The WAL's size after the last commit on this thread's connection.
    /// The hook is a plain function, so this is how it reports; the
    /// writer reads it on the same thread, right after its own commit.
    static WAL_PAGES: Cell<c_int> = const { Cell::new(0) };
}

/// Installed on the writer: replaces SQLite's own automatic checkpoint.
pub(crate) fn install_hook(writer: &Connection) {
    writer.wal_hook(Some(after_commit));
}

fn after_commit(wal: &Wal, pages: c_int) -> rusqlite::Result<()> {
    WAL_PAGES.set(pages);
    if pages >= WRITER_CHECKPOINT_PAGES {
        // Busy (the checkpointer is at work) is fine: it will get there.
        if let Err(error) = wal.checkpoint_v2(CheckpointMode::PASSIVE) {
            tracing::debug!(%error, "writer checkpoint skipped");
        }
    }
    Ok(())
}

/// Whether the commit just made on this thread left enough in the WAL to
/// checkpoint (and forgets the figure).
pub(crate) fn due_after_commit() -> bool {
    WAL_PAGES.replace(0) >= CHECKPOINT_PAGES
}

/// The checkpointer thread; stops (and closes its connection) on drop.
pub(crate) struct Checkpointer {
    wake: Option<mpsc::SyncSender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Checkpointer {
    /// Starts the thread. Without it (no thread, or its connection would
    /// not open) the writer's own checkpoints still bound the WAL.
    pub(crate) fn start(path: &Path) -> Result<Checkpointer> {
        let conn = schema::open_checkpointer(path)?;
        // One pending wake is enough: wakes while it works fold into it.
        let (wake, woken) = mpsc::sync_channel::<()>(1);
        let thread = std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || {
                while woken.recv().is_ok() {
                    let result = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |row| {
                        Ok((row.get::<_, i64>(1)?, row.get::<_, i64>(2)?))
                    });
                    match result {
                        Ok((log, copied)) => tracing::trace!(log, copied, "checkpoint"),
                        Err(error) => tracing::warn!(%error, "checkpoint failed"),
                    }
                }
            });
        match thread {
            Ok(thread) => Ok(Checkpointer {
                wake: Some(wake),
                thread: Some(thread),
            }),
            Err(error) => {
                tracing::warn!(%error, "no checkpointer thread: the writer checkpoints");
                Ok(Checkpointer::none())
            }
        }
    }

    pub(crate) fn none() -> Checkpointer {
        Checkpointer {
            wake: None,
            thread: None,
        }
    }

    /// Asks for a checkpoint soon; never blocks.
    pub(crate) fn wake(&self) {
        if let Some(wake) = &self.wake {
            let _ = wake.try_send(());
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        drop(self.wake.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Store;

    #[test]
    fn the_writer_does_not_checkpoint_every_thousand_pages() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("cache.db");
        let store = Store::open(&path).expect("open a new store");
        // Some 7,500 pages of commits: well past SQLite's own automatic
        // checkpoint (1,000 pages), short of `CHECKPOINT_PAGES`.
        let value = "x".repeat(8 * 1024);
        for i in 0..2_500 {
            store.set_setting(&format!("k{i}"), &value).unwrap();
        }
        let wal = std::fs::metadata(format!("{}-wal", path.display()))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(
            wal > 4_000 * 4096,
            "the WAL grows until the checkpointer's threshold instead of being \
             copied back after each 1,000 pages by the writer ({wal} bytes)"
        );
    }
}
