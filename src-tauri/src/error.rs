//! The one error type that crosses IPC: `{code, message}`, plus `holder`
//! for `handled_by_someone_else`. The UI branches on `code` (a closed set)
//! and words its sentence from it in the user's language; `message` is an
//! English detail (an OS or HTTP error), never parsed.

use serde::Serialize;
use switchboard_protocol::error_code;
use switchboard_store::StoreError;
use switchboard_sync::SyncError;
use ts_rs::TS;

/// What kind of failure a command met; what the UI should do differs per code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum IpcErrorCode {
    /// The command needs a session and there is none: show sign-in.
    NotSignedIn,
    /// The backend refused the token: show sign-in with the reason.
    Unauthorized,
    /// The request itself is wrong (empty reply, non-https link, bad URL).
    InvalidInput,
    /// A sign-in would send the token unencrypted (`http://`) to a host
    /// other than this machine: ask the user, then sign in with
    /// `allow_insecure`.
    InsecureConnection,
    /// A sign-in would discard writes another account queued and never
    /// sent: ask the user, then sign in with `discard_unsent`.
    UnsentWritesOfAnotherUser,
    /// The token is good but its user is not a member of the Chatwoot
    /// account asked for (a wrong account id).
    AccountNotFound,
    /// No such conversation, contact or outbox item (in the cache).
    NotFound,
    /// Another user handles the conversation (`holder` names who): ask
    /// the user ("Ana is handling this — take over?"), then take it with
    /// `take_over`.
    HandledBySomeoneElse,
    /// The backend could not be reached, or refused the request for a
    /// reason of its own: retrying later may work.
    Unreachable,
    /// The local cache failed (disk full, a value that does not decode).
    Store,
    /// The local cache file is damaged: it is set aside and rebuilt from
    /// the server at the next start, which the page offers at once.
    CacheDamaged,
    /// A bug or an unexpected failure; the message says what.
    Internal,
}

/// Every error a command returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct IpcError {
    pub code: IpcErrorCode,
    pub message: String,
    /// Who handles the conversation, for `handled_by_someone_else`, so the
    /// page can name them in its own language; absent when not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub holder: Option<String>,
}

impl IpcError {
    pub fn new(code: IpcErrorCode, message: impl Into<String>) -> Self {
        IpcError {
            code,
            message: message.into(),
            holder: None,
        }
    }

    /// The same error naming who handles the conversation.
    pub fn with_holder(self, holder: Option<String>) -> Self {
        IpcError { holder, ..self }
    }

    pub fn invalid_input(message: impl Into<String>) -> Self {
        Self::new(IpcErrorCode::InvalidInput, message)
    }

    pub fn not_found(what: &str) -> Self {
        Self::new(IpcErrorCode::NotFound, format!("{what} not found"))
    }

    pub fn not_signed_in() -> Self {
        Self::new(IpcErrorCode::NotSignedIn, "not signed in")
    }

    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(IpcErrorCode::Internal, message)
    }
}

impl From<StoreError> for IpcError {
    fn from(error: StoreError) -> Self {
        let code = match &error {
            StoreError::NotFound { .. } => IpcErrorCode::NotFound,
            // Retrying a write that is not failed, discarding one being sent.
            StoreError::InvalidOutboxState { .. } | StoreError::InvalidWrite(_) => {
                IpcErrorCode::InvalidInput
            }
            StoreError::Damaged(_) => IpcErrorCode::CacheDamaged,
            _ => IpcErrorCode::Store,
        };
        IpcError::new(code, error.to_string())
    }
}

impl From<SyncError> for IpcError {
    fn from(error: SyncError) -> Self {
        if let SyncError::Rejected { code, message, .. } = &error {
            match code.as_str() {
                // The server's message names who, for the question to the user.
                error_code::HANDLED_BY_SOMEONE_ELSE => {
                    return IpcError::new(IpcErrorCode::HandledBySomeoneElse, message.clone())
                }
                error_code::CONVERSATION_CLOSED => return IpcError::invalid_input(message.clone()),
                _ => {}
            }
        }
        let code = match &error {
            SyncError::SignedOut { .. } => IpcErrorCode::Unauthorized,
            SyncError::Rejected { status: 404, .. } => IpcErrorCode::NotFound,
            SyncError::Rejected { .. }
            | SyncError::Transient(_)
            | SyncError::CursorExpired { .. }
            | SyncError::Protocol(_) => IpcErrorCode::Unreachable,
            SyncError::Store(_) => IpcErrorCode::Store,
            SyncError::Stopped => IpcErrorCode::NotSignedIn,
            SyncError::Internal(_) => IpcErrorCode::Internal,
        };
        IpcError::new(code, error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_code_and_message_only() {
        let json = serde_json::to_value(IpcError::invalid_input("links must be https")).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "invalid_input", "message": "links must be https"}),
            "the UI relies on exactly {{code, message}} with a snake_case code"
        );
    }

    #[test]
    fn the_holder_crosses_ipc_as_its_own_field_so_the_page_need_not_parse_english() {
        let error = IpcError::new(IpcErrorCode::HandledBySomeoneElse, "Ana is handling 12")
            .with_holder(Some("Ana".into()));
        assert_eq!(
            serde_json::to_value(error).unwrap(),
            serde_json::json!({
                "code": "handled_by_someone_else",
                "message": "Ana is handling 12",
                "holder": "Ana",
            }),
            "the page names the holder in its own language from `holder`"
        );
    }

    #[test]
    fn a_conversation_someone_else_handles_is_its_own_kind_naming_who() {
        let error = IpcError::from(SyncError::Rejected {
            status: 409,
            code: error_code::HANDLED_BY_SOMEONE_ELSE.into(),
            message: "Ana is handling conversation 12".into(),
        });
        assert_eq!(
            error,
            IpcError::new(
                IpcErrorCode::HandledBySomeoneElse,
                "Ana is handling conversation 12"
            ),
            "the page must tell this refusal apart to ask 'take over?', and show who"
        );
    }

    #[test]
    fn a_refused_token_is_unauthorized_not_a_network_failure() {
        let error = IpcError::from(SyncError::SignedOut {
            message: "unknown token".into(),
        });
        assert_eq!(
            error.code,
            IpcErrorCode::Unauthorized,
            "the UI must ask for a new token, not offer to retry"
        );
    }
}
