//! `StoreError`: every way the store can fail, with a stable `code()` the
//! shell maps to its IPC error codes.

use rusqlite::ErrorCode;
use switchboard_protocol::Seq;

use crate::types::OutboxState;

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such row.
    #[error("{what} {id} not found")]
    NotFound { what: &'static str, id: i64 },

    /// A batch of events does not continue the stored cursor; nothing was applied.
    #[error("event gap: expected seq {expected}, got {got}; nothing applied")]
    Gap { expected: Seq, got: Seq },

    /// Events arrived before any bootstrap finished: there is no cursor to continue.
    #[error("no bootstrap has finished yet: events cannot be applied")]
    NotBootstrapped,

    /// The database was written by a newer Switchboard; it was left untouched.
    #[error(
        "the local database has schema version {found}, newer than this version of \
         Switchboard understands ({supported}); it was not changed: update Switchboard"
    )]
    NewerSchema { found: i64, supported: i64 },

    /// The disk (or the allowed database size) is full; the change was rolled back.
    #[error("the disk is full: the change was not saved and the local database is intact")]
    DiskFull,

    /// The database file or its directory cannot be written.
    #[error("the local database is read-only: check the permissions of its file and directory")]
    ReadOnly,

    /// SQLite found the file damaged: not a database, or a page that does
    /// not read. Nothing below can repair it; the cache is set aside and
    /// rebuilt (see [`crate::Store::open_or_set_aside`]).
    #[error("the local database file is damaged: {0}")]
    Damaged(String),

    /// A stored value does not decode (an unknown status, bad JSON): the row
    /// was damaged or written by something else.
    #[error("the local database is damaged: {0}")]
    Corrupt(String),

    /// An outbox item is not in a state that allows the requested change.
    #[error("outbox item {id} is {state:?}; cannot {action}")]
    InvalidOutboxState {
        id: i64,
        state: OutboxState,
        action: &'static str,
    },

    /// An agent write that can never be sent (an empty or too long reply);
    /// nothing was queued.
    #[error("{0}")]
    InvalidWrite(String),

    /// Applying the schema migrations failed.
    #[error("migrating the local database failed: {0}")]
    Migration(String),

    /// A stored setting (or a value to store) is not valid JSON of the asked type.
    #[error("setting {key:?}: {source}")]
    Setting {
        key: String,
        #[source]
        source: serde_json::Error,
    },

    /// A review period that names no real days (an unknown time zone, an
    /// impossible date, an end before the start).
    #[error("review period: {0}")]
    Period(String),

    /// Any other SQLite failure.
    #[error("sqlite: {0}")]
    Sqlite(rusqlite::Error),
}

impl StoreError {
    /// A stable, machine-readable name of the error kind (for IPC `code`s).
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::NotFound { .. } => "not_found",
            StoreError::Gap { .. } => "gap",
            StoreError::NotBootstrapped => "not_bootstrapped",
            StoreError::NewerSchema { .. } => "newer_schema",
            StoreError::DiskFull => "disk_full",
            StoreError::ReadOnly => "read_only",
            StoreError::Damaged(_) => "damaged",
            StoreError::Corrupt(_) => "corrupt",
            StoreError::InvalidOutboxState { .. } => "invalid_outbox_state",
            StoreError::InvalidWrite(_) => "invalid_write",
            StoreError::Migration(_) => "migration_failed",
            StoreError::Setting { .. } => "invalid_setting",
            StoreError::Period(_) => "invalid_period",
            StoreError::Sqlite(_) => "database",
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(err: rusqlite::Error) -> Self {
        match &err {
            rusqlite::Error::SqliteFailure(e, _) => match e.code {
                ErrorCode::DiskFull => StoreError::DiskFull,
                ErrorCode::ReadOnly | ErrorCode::PermissionDenied => StoreError::ReadOnly,
                ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase => {
                    StoreError::Damaged(err.to_string())
                }
                _ => StoreError::Sqlite(err),
            },
            // A stored value that does not decode (an unknown status, bad JSON)
            // means the row was damaged or written by something else.
            rusqlite::Error::FromSqlConversionFailure(..)
            | rusqlite::Error::InvalidColumnType(..)
            | rusqlite::Error::IntegralValueOutOfRange(..) => StoreError::Corrupt(err.to_string()),
            _ => StoreError::Sqlite(err),
        }
    }
}

impl From<rusqlite_migration::Error> for StoreError {
    fn from(err: rusqlite_migration::Error) -> Self {
        match err {
            rusqlite_migration::Error::RusqliteError { err, .. } => match StoreError::from(err) {
                StoreError::Sqlite(e) => StoreError::Migration(e.to_string()),
                other => other,
            },
            other => StoreError::Migration(other.to_string()),
        }
    }
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
