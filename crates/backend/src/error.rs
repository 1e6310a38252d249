//! The backend's error type, shared by the HTTP layer and [`crate::Control`].

use switchboard_protocol::Seq;

/// Why an operation failed. The HTTP layer maps each kind to a status code
/// and an `error_code`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// No such conversation, contact or token.
    #[error("{0} not found")]
    NotFound(String),
    /// The change is not allowed in the entity's current state.
    #[error("{0}")]
    InvalidTransition(String),
    /// Another user handles the conversation (the message names who).
    #[error("{0}")]
    HandledBySomeoneElse(String),
    /// The conversation is closed: it cannot be taken.
    #[error("{0}")]
    ConversationClosed(String),
    /// The caller's role may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// A query parameter or page token is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// The idempotency key was first used with a different request.
    #[error("idempotency key already used with a different request")]
    IdempotencyMismatch,
    /// The cursor is older than the retained log.
    #[error(
        "events after seq {after} are no longer retained (oldest retained cursor is {oldest})"
    )]
    CursorExpired { after: Seq, oldest: Seq },
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("io: {0}")]
    Io(#[from] std::io::Error),
    /// A blocking task panicked or was cancelled.
    #[error("internal: {0}")]
    Internal(String),
}

/// Result of backend operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;
