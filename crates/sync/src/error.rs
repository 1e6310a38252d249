//! The one error type of the sync engine, classified by what the caller
//! must do next (retry, re-bootstrap, sign in again, show the reason).

use switchboard_protocol::error_code;
use switchboard_store::StoreError;

use crate::change::SyncProblem;

/// What went wrong talking to the backend or applying its data.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// 401: the token is missing, revoked or unknown. Never retried.
    #[error("signed out: {message}")]
    SignedOut { message: String },
    /// 410 `cursor_expired`: the server no longer retains the events after
    /// our cursor; the cache must be rebuilt from a fresh bootstrap.
    #[error("cursor expired: {message}")]
    CursorExpired { message: String },
    /// Any other 4xx: the server refused this request and will refuse it
    /// again. `code` is the server's stable code, `message` its reason.
    #[error("rejected ({status}, {code}): {message}")]
    Rejected {
        status: u16,
        code: String,
        message: String,
    },
    /// Network failure, timeout, 5xx or 429: worth retrying after a pause.
    #[error("transient: {0}")]
    Transient(String),
    /// The server answered with something we cannot decode (a bug or a
    /// newer server); retried with backoff, shown to the user meanwhile.
    #[error("bad response from the server: {0}")]
    Protocol(String),
    /// The local cache failed.
    #[error("local store: {0}")]
    Store(#[from] StoreError),
    /// A bug on our side (a store call panicked); shown, then retried.
    #[error("internal error: {0}")]
    Internal(String),
    /// The engine was shut down while the call was in flight.
    #[error("sync engine stopped")]
    Stopped,
}

impl SyncError {
    /// Builds the error for a non-success HTTP status and its body, which
    /// should be the API's `{code, message}` but may be anything (a proxy's
    /// HTML page, an empty body).
    pub(crate) fn from_status(status: reqwest::StatusCode, body: &[u8]) -> SyncError {
        let (code, message) = match serde_json::from_slice::<switchboard_protocol::ApiError>(body) {
            Ok(api) => (api.code, api.message),
            Err(_) => (
                String::new(),
                String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned(),
            ),
        };
        let code_or_status = |fallback: &str| {
            if code.is_empty() {
                fallback.to_owned()
            } else {
                code.clone()
            }
        };
        match status.as_u16() {
            401 => SyncError::SignedOut { message },
            410 if code.is_empty() || code == error_code::CURSOR_EXPIRED => {
                SyncError::CursorExpired { message }
            }
            429 => {
                SyncError::Transient(format!("429 {}: {message}", code_or_status("rate_limited")))
            }
            s @ 400..=499 => SyncError::Rejected {
                status: s,
                code: code_or_status("http_error"),
                message,
            },
            s => SyncError::Transient(format!("{s} {}: {message}", code_or_status("server_error"))),
        }
    }

    /// Whether waiting and trying again may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, SyncError::Transient(_))
    }

    /// What the user is told this failure is, when it stops the sync for
    /// a while ([`SyncStatus::Error`](crate::SyncStatus::Error)).
    pub fn problem(&self) -> SyncProblem {
        match self {
            SyncError::Store(StoreError::DiskFull) => SyncProblem::DiskFull,
            SyncError::Store(StoreError::Damaged(_)) => SyncProblem::CacheDamaged,
            SyncError::Store(_) => SyncProblem::CacheFailed,
            SyncError::Rejected { .. } | SyncError::CursorExpired { .. } => {
                SyncProblem::ServerRefused
            }
            SyncError::Protocol(_) => SyncProblem::BadServerAnswer,
            SyncError::SignedOut { .. }
            | SyncError::Transient(_)
            | SyncError::Internal(_)
            | SyncError::Stopped => SyncProblem::Internal,
        }
    }
}

impl From<reqwest::Error> for SyncError {
    fn from(err: reqwest::Error) -> Self {
        if err.is_decode() {
            SyncError::Protocol(err.to_string())
        } else {
            // Connect, timeout, reset, body cut short: all worth a retry.
            SyncError::Transient(error_chain(&err))
        }
    }
}

/// reqwest's top-level message ("error sending request") hides the cause;
/// the chain says "connection refused" or "operation timed out".
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;

    #[test]
    fn each_failure_is_told_as_the_problem_the_user_can_act_on() {
        let cases = [
            (
                SyncError::Store(StoreError::DiskFull),
                SyncProblem::DiskFull,
            ),
            (
                SyncError::Store(StoreError::Damaged("malformed".into())),
                SyncProblem::CacheDamaged,
            ),
            (
                SyncError::Store(StoreError::ReadOnly),
                SyncProblem::CacheFailed,
            ),
            (
                SyncError::from_status(StatusCode::FORBIDDEN, b"{}"),
                SyncProblem::ServerRefused,
            ),
            (
                SyncError::Protocol("missing field `seq`".into()),
                SyncProblem::BadServerAnswer,
            ),
            (
                SyncError::Internal("panicked".into()),
                SyncProblem::Internal,
            ),
        ];
        for (error, problem) in cases {
            assert_eq!(error.problem(), problem, "{error}");
        }
    }

    #[test]
    fn status_codes_map_to_what_the_caller_must_do() {
        let body = br#"{"code":"unauthorized","message":"unknown token"}"#;
        assert!(
            matches!(
                SyncError::from_status(StatusCode::UNAUTHORIZED, body),
                SyncError::SignedOut { .. }
            ),
            "401 must stop the engine as signed out, never be retried"
        );
        let body = br#"{"code":"cursor_expired","message":"too old"}"#;
        assert!(
            matches!(
                SyncError::from_status(StatusCode::GONE, body),
                SyncError::CursorExpired { .. }
            ),
            "410 cursor_expired must trigger a re-bootstrap"
        );
        let body = br#"{"code":"invalid_transition","message":"already closed"}"#;
        match SyncError::from_status(StatusCode::CONFLICT, body) {
            SyncError::Rejected {
                status,
                code,
                message,
            } => {
                assert_eq!(status, 409);
                assert_eq!(
                    code, "invalid_transition",
                    "the server's code must reach the user"
                );
                assert_eq!(
                    message, "already closed",
                    "the server's reason must reach the user"
                );
            }
            other => panic!("a 409 must be a rejection, got {other:?}"),
        }
        assert!(
            SyncError::from_status(StatusCode::TOO_MANY_REQUESTS, b"").is_transient(),
            "429 means later, not never"
        );
        assert!(
            SyncError::from_status(StatusCode::BAD_GATEWAY, b"<html>proxy</html>").is_transient(),
            "a 5xx with a non-JSON body is still a retryable server failure"
        );
    }
}
