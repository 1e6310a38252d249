//! Shapes that exist only at the IPC boundary: what commands return that no
//! lower crate has a type for.

use serde::{Deserialize, Serialize};
use switchboard_protocol::Me;
use ts_rs::TS;

/// Who is signed in, against which backend. `demo` is the in-process
/// reference backend with simulated traffic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Session {
    SignedOut,
    SignedIn {
        me: Me,
        base_url: String,
        demo: bool,
    },
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
    /// The user signed out: show the sign-in screen.
    SignedOut,
}
