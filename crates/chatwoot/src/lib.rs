//! # switchboard-chatwoot
//!
//! Chatwoot as a [`switchboard_sync::Source`]: the sync engine keeps the
//! local cache converged with a Chatwoot account as it does with the
//! Switchboard backend, and the store, the screen and the notification
//! ledger do not know the difference.
//!
//! - [`api`]: the REST client (the `api_access_token` header, 429 waited
//!   out with backoff);
//! - [`cable`]: the ActionCable client (`RoomChannel`);
//! - [`mapping`]: Chatwoot's JSON in Switchboard's terms (pending is the
//!   assistant at work, pending → open a handoff, …);
//! - [`ChatwootSource`]: first sync from the conversation list, catch-up
//!   without a cursor (`updated_within` since the last contact, with a
//!   margin, and the messages after the last known one; a first sync again
//!   after a long gap), the live room, and writes that are never sent twice
//!   although Chatwoot has no idempotency keys.
//!
//! To run the engine on Chatwoot:
//!
//! ```no_run
//! # async fn run(store: switchboard_store::Store) -> Result<(), switchboard_sync::SyncError> {
//! use std::sync::Arc;
//! use switchboard_chatwoot::{ChatwootConfig, ChatwootSource};
//! let config = ChatwootConfig::new("https://chat.example.com", 1, "token");
//! let me = switchboard_chatwoot::fetch_me(&config).await?; // the sign-in check
//! let source = ChatwootSource::new(config, store.clone())?;
//! let (handle, changes) = switchboard_sync::start_with_source(
//!     store,
//!     switchboard_sync::SyncConfig::new("", ""),
//!     Arc::new(source),
//! );
//! # Ok(()) }
//! ```

pub mod api;
pub mod cable;
pub mod mapping;
mod source;

use std::time::Duration;

use switchboard_protocol::{Me, Role};
use switchboard_sync::SyncError;

pub use source::ChatwootSource;

/// How to reach one Chatwoot account and how patient to be with it.
#[derive(Clone)]
pub struct ChatwootConfig {
    /// `https://chat.example.com`, without a trailing slash.
    pub base_url: String,
    pub account_id: u64,
    /// The user's access token (Profile settings → Access token). Never logged.
    pub token: String,
    pub connect_timeout: Duration,
    pub request_timeout: Duration,
    pub max_body_bytes: usize,
    /// Backoff after a 429, doubling with jitter up to `max_backoff`.
    pub min_backoff: Duration,
    pub max_backoff: Duration,
    /// 429s in a row waited out before the request counts as failed (and
    /// the engine's own backoff takes over).
    pub rate_limit_retries: usize,
    /// The shortest time between two requests: Chatwoot allows about 3,000
    /// a minute from one address (config/initializers/rack_attack.rb), and
    /// a desktop app should use a small part of that.
    pub min_request_interval: Duration,
    /// Added to the time since the last contact when asking what changed:
    /// covers the clocks of two machines and changes in flight.
    pub catch_up_margin: Duration,
    /// Away longer than this, the cache is rebuilt from a first sync
    /// instead of asking what changed (that answer is not paged).
    pub max_gap: Duration,
}

impl ChatwootConfig {
    pub fn new(base_url: impl Into<String>, account_id: u64, token: impl Into<String>) -> Self {
        let base_url: String = base_url.into();
        ChatwootConfig {
            base_url: base_url.trim_end_matches('/').to_owned(),
            account_id,
            token: token.into(),
            connect_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_body_bytes: 64 * 1024 * 1024,
            min_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(60),
            rate_limit_retries: 5,
            // 20 a second at most: 1,200 a minute, well inside the limit.
            min_request_interval: Duration::from_millis(50),
            catch_up_margin: Duration::from_secs(120),
            max_gap: Duration::from_secs(24 * 3600),
        }
    }
}

/// By hand, so that the token never reaches a log line.
impl std::fmt::Debug for ChatwootConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatwootConfig")
            .field("base_url", &self.base_url)
            .field("account_id", &self.account_id)
            .field("token", &"<redacted>")
            .finish_non_exhaustive()
    }
}

/// Who the token belongs to, in Switchboard's terms: the sign-in check.
/// An administrator of the account is a manager; a token without access to
/// the account is refused as signed out.
pub async fn fetch_me(config: &ChatwootConfig) -> Result<Me, SyncError> {
    let profile = api::Api::new(config)?.profile().await?;
    me_of(&profile, config.account_id)
}

/// The user of `profile` in `account_id`, in Switchboard's terms (see
/// [`fetch_me`]).
pub fn me_of(profile: &api::Profile, account_id: u64) -> Result<Me, SyncError> {
    let account = profile
        .accounts
        .iter()
        .find(|a| a.id == account_id)
        .ok_or_else(|| SyncError::SignedOut {
            message: format!("this token's user is not a member of account {account_id}"),
        })?;
    Ok(Me {
        id: profile.id,
        name: profile
            .available_name
            .clone()
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| profile.name.clone()),
        // app/models/account_user.rb: `enum role: { agent: 0, administrator: 1 }`
        role: if account.role.as_deref() == Some("administrator") {
            Role::Manager
        } else {
            Role::Agent
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_never_reaches_a_log_line() {
        let printed = format!("{:?}", ChatwootConfig::new("http://x/", 1, "s3cret"));
        assert!(!printed.contains("s3cret"), "{printed}");
    }

    #[test]
    fn administrators_are_managers_and_other_accounts_are_refused() {
        let profile: api::Profile = serde_json::from_value(serde_json::json!({
            "id": 3, "name": "Ana", "available_name": "Ana Agent", "email": "ana@example.com",
            "pubsub_token": "pubsub", "accounts": [{"id": 1, "name": "Acme", "role": "administrator"}]
        }))
        .unwrap();
        let me = me_of(&profile, 1).unwrap();
        assert_eq!(
            (me.id, me.name.as_str(), me.role),
            (3, "Ana Agent", Role::Manager)
        );
        assert!(
            matches!(me_of(&profile, 2), Err(SyncError::SignedOut { .. })),
            "a token for another account cannot sign in to this one"
        );
    }
}
