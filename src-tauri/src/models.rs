//! Shapes that exist only at the IPC boundary: what commands return that no
//! lower crate has a type for.

use serde::{Deserialize, Serialize};
use switchboard_protocol::Me;
use ts_rs::TS;

use crate::error::IpcError;

/// Who is signed in, against which backend. `demo` is the in-process
/// reference backend with simulated traffic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Session {
    SignedOut {
        /// Why the sign-in screen is shown when the user did not sign out,
        /// for the page to say in its own language.
        #[serde(skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        reason: Option<SignedOutReason>,
    },
    SignedIn {
        me: Me,
        base_url: String,
        demo: bool,
        /// The Chatwoot account signed in to; `None`: a Switchboard backend.
        #[ts(type = "number | null")]
        chatwoot_account: Option<u64>,
    },
}

impl Session {
    /// Signed out by the user, or never signed in.
    pub const SIGNED_OUT: Session = Session::SignedOut { reason: None };
}

/// Why the user is signed out without having signed out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SignedOutReason {
    /// The backend refused the running session's token (revoked or expired).
    TokenRefused,
    /// The sign-in the launch was given in the environment failed: the
    /// sign-in screen says why and is filled in as given (never the token).
    LaunchSignInFailed { given: GivenSignIn, error: IpcError },
}

/// The server a launch was told to sign in to (`SWITCHBOARD_BACKEND_URL`,
/// or `SWITCHBOARD_CHATWOOT_URL` and `SWITCHBOARD_CHATWOOT_ACCOUNT`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "server", rename_all = "snake_case")]
pub enum GivenSignIn {
    Switchboard {
        base_url: String,
    },
    Chatwoot {
        base_url: String,
        #[ts(type = "number")]
        account_id: u64,
    },
}

/// What the user agreed to for one sign-in, after being asked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct SignInConsent {
    /// Send the token over plain `http://` to a host that is not this
    /// machine (anyone on the path can read it).
    pub allow_insecure: bool,
    /// Discard the writes another account queued and never sent.
    pub discard_unsent: bool,
}

/// Where the token is kept once signed in, for the sign-in screen to say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TokenStorage {
    /// The system keyring (Secret Service).
    Keyring,
    /// No usable keyring: a file readable only by this user, unencrypted.
    PrivateFile { path: String },
}

/// What `unsent_writes` returns: agent writes the backend has not confirmed
/// (pending, sending or failed), which signing out would discard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct UnsentWrites {
    pub count: u32,
}

/// A moment of the page's start, as `performance.now()` in the page.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
pub struct PagePhase {
    pub name: String,
    pub at_ms: f64,
}

/// What `app_ready` measured: milliseconds from `main` to the first list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct ReadyReport {
    #[ts(type = "number")]
    pub since_start_ms: u64,
}

/// Which session to resume at the next launch (a store setting; the token
/// itself is in the keyring, never here).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StoredSession {
    /// The in-process demo backend; also what "never signed in" means.
    Demo,
    /// A real backend; `me` as it was at sign-in, so an offline start shows
    /// who is signed in without asking the server.
    Remote { base_url: String, me: Me },
    /// An account of a Chatwoot server; `me` as it was at sign-in.
    Chatwoot {
        base_url: String,
        account_id: u64,
        me: Me,
    },
    /// The user signed out: show the sign-in screen.
    SignedOut,
}

/// Where this launch set the damaged local cache aside (a new one took its
/// place), or `None`: the page says so once, with the path.
#[derive(Debug, Clone, Default)]
pub struct CacheSetAside(pub Option<std::path::PathBuf>);
