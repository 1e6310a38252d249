//! Whose data the cache holds: one account's (a backend and a user) at a time. What signing out
//! forgets, and what signing in to another backend empties.

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior};

use crate::apply::EMPTY_CACHE;
use crate::error::Result;
use crate::Store;

/// Settings key: which backend the cached data came from.
const CACHE_ORIGIN: &str = "cache_origin";
/// Settings key: the signed-in user's id, whose conversations are "mine".
/// Read by SQL too (`rows::ROW_COLUMNS`, the Mine filter), as an integer.
pub(crate) const ACCOUNT_USER: &str = "account_user";

impl Store {
    /// Makes the cache the one of `origin` (a backend's URL, or any stable
    /// name for it). Data cached from another backend must not mix with
    /// this one's: it is emptied, with the writes not yet sent, in the same
    /// transaction that records the new origin. Returns whether another
    /// backend's data was emptied.
    pub fn use_for_backend(&self, origin: &str) -> Result<bool> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let cached_from = cached_origin(&tx)?.unwrap_or_default();
        if cached_from == origin {
            return Ok(false);
        }
        forget_account(&tx)?;
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (CACHE_ORIGIN, serde_json::Value::from(origin).to_string()),
        )?;
        tx.commit()?;
        let emptied = !cached_from.is_empty();
        if emptied {
            tracing::info!("the cache held another backend's data: emptied");
        }
        Ok(emptied)
    }

    /// Before caches belonged to a user, a cache was tagged with its
    /// backend's URL alone. Resuming the session it was made under (that
    /// backend, the user stored with the session) claims it for `origin`
    /// instead of emptying it, so an upgrade loses no cached data and no
    /// unsent reply. Returns whether it claimed one. A sign-in (maybe of
    /// another user) must not call this: it asks before discarding.
    pub fn claim_untagged_cache(&self, backend_url: &str, origin: &str) -> Result<bool> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if cached_origin(&tx)?.as_deref() != Some(backend_url) {
            return Ok(false);
        }
        tx.execute(
            "UPDATE settings SET value = ?2 WHERE key = ?1",
            (CACHE_ORIGIN, serde_json::Value::from(origin).to_string()),
        )?;
        tx.commit()?;
        tracing::info!("a cache from before per-user caches was kept for its user");
        Ok(true)
    }

    /// Records who is signed in (their `Me::id`): the conversations they
    /// handle are the Mine filter's, and rows say `assignee_is_me`. Called
    /// with every session, after [`Store::use_for_backend`].
    pub fn use_for_user(&self, user_id: i64) -> Result<()> {
        self.set_setting(ACCOUNT_USER, &user_id)
    }

    /// How many writes not yet confirmed (pending, sending or failed) the
    /// cache holds for an origin other than `origin`: what making it
    /// `origin`'s would discard. 0 when the cache is already `origin`'s.
    pub fn unsent_writes_of_another_origin(&self, origin: &str) -> Result<u32> {
        let cached_from = cached_origin(&*self.reader()?)?;
        if cached_from.as_deref() == Some(origin) {
            return Ok(0);
        }
        self.unsent_writes()
    }

    /// What signing out forgets, in one transaction: the cache, the sync
    /// position, which backend it came from, and every agent write not yet
    /// confirmed (pending or failed: none may be sent, or retried, under the
    /// next account). The notification ledger and the other settings belong
    /// to this machine and stay.
    pub fn forget_account(&self) -> Result<()> {
        let mut conn = self.writer();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        forget_account(&tx)?;
        tx.execute("DELETE FROM settings WHERE key = ?1", [CACHE_ORIGIN])?;
        tx.commit()?;
        Ok(())
    }
}

/// Which origin the cached data came from, if any.
fn cached_origin(conn: &Connection) -> Result<Option<String>> {
    let raw: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1",
            [CACHE_ORIGIN],
            |row| row.get(0),
        )
        .optional()?;
    Ok(raw.and_then(|raw| serde_json::from_str::<String>(&raw).ok()))
}

fn forget_account(tx: &Transaction) -> Result<()> {
    tx.execute_batch(EMPTY_CACHE)?;
    tx.execute("DELETE FROM settings WHERE key = ?1", [ACCOUNT_USER])?;
    let dropped = tx.execute("DELETE FROM outbox", [])?;
    // The review's history and marks name the other account's ids.
    tx.execute_batch("DELETE FROM transfer_history; DELETE FROM review_marks;")?;
    tracing::info!(dropped_writes = dropped, "account data forgotten");
    Ok(())
}
