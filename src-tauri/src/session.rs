//! Signing in and out, demo mode, and what to resume at launch.
//!
//! A session is a backend URL and a token: a Switchboard backend, or an
//! account of a Chatwoot server (its URL, the account id and the user's
//! access token). The token is checked at sign-in (`GET /v1/me`, or
//! Chatwoot's `GET /api/v1/profile`), kept in the
//! [`TokenVault`](crate::vault), and handed to the sync engine (on the
//! Chatwoot source for a Chatwoot session), whose changes are forwarded to
//! the webview.
//! Demo mode starts the reference backend in-process on a loopback port with
//! demo data and traffic, and signs in to it: it is what a first launch
//! shows. `SWITCHBOARD_BACKEND_URL` + `SWITCHBOARD_TOKEN` sign in to a real
//! backend without touching the keyring (for end-to-end tests);
//! `SWITCHBOARD_CHATWOOT_URL` + `SWITCHBOARD_CHATWOOT_ACCOUNT` +
//! `SWITCHBOARD_CHATWOOT_TOKEN` do the same for a Chatwoot account.
//!
//! What a session changes is told upward as [`Signal`]s on one channel (the
//! shell forwards them to the page, the notifier and the waiting count), so
//! this module knows nothing of what listens.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, Weak};

use switchboard_chatwoot::{ChatwootConfig, ChatwootSource};
use switchboard_protocol::Me;
use switchboard_store::{Store, StoreError};
use switchboard_sync::{SyncChange, SyncConfig, SyncHandle, SyncStatus};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::demo::DemoBackend;
use crate::error::{IpcError, IpcErrorCode};
use crate::models::{
    GivenSignIn, Session, SignInConsent, SignedOutReason, StoredSession, TokenStorage,
};
use crate::vault::{Kept, TokenVault};

/// Store setting: which session to resume at launch.
const STORED_SESSION: &str = "session";
/// Store setting: the backend given by the environment at the last such
/// launch, with its `me` (never the token).
const GIVEN_BACKEND: &str = "given_backend";
/// The demo backend's cache origin (its port changes at every launch).
const DEMO_ORIGIN: &str = "demo";

/// What a session tells the layer above, in order.
#[derive(Debug)]
pub enum Signal {
    /// The session changed (signed in, out, or `me` changed).
    Session(Session),
    /// A change reported by the session's sync engine.
    Sync(SyncChange),
    /// The cache now holds another account's data, or none: what is
    /// waiting and what is due to notify must be looked at again.
    AccountChanged,
}

/// The sessions of this app: at most one running, the transitions between
/// them, and what commands read of the current one.
pub struct Sessions {
    store: Store,
    vault: Arc<TokenVault>,
    /// Where the app keeps its files (the demo backend's database too).
    data_dir: PathBuf,
    /// Whether sync downloads the whole history in the background.
    download_history: bool,
    signals: mpsc::UnboundedSender<Signal>,
    /// Held while signing in or out, so transitions never interleave; holds
    /// what must be stopped on the next transition.
    transition: tokio::sync::Mutex<Option<Active>>,
    /// What commands read: never held across an await.
    current: Mutex<Current>,
    /// Becomes true once the launch's session is resumed (or failed to),
    /// so the page's first `session` call never sees a transient state.
    resumed: tokio::sync::watch::Sender<bool>,
}

#[derive(Clone)]
struct Current {
    session: Session,
    sync: Option<Arc<SyncHandle>>,
}

/// What the running session owns: stopped on the next transition.
struct Active {
    sync: Arc<SyncHandle>,
    forwarding: CancellationToken,
    demo: Option<DemoBackend>,
}

/// Which kind of server a session talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Server {
    Switchboard,
    Chatwoot { account_id: u64 },
}

impl Server {
    /// The cache's owner: the server and the user (and for Chatwoot the
    /// account), so that another user or account never sees this one's
    /// cache nor sends its queued writes.
    fn origin(self, base_url: &str, me: &Me) -> String {
        match self {
            Server::Switchboard => format!("{base_url}#user:{}", me.id),
            Server::Chatwoot { account_id } => {
                format!("chatwoot:{base_url}#account:{account_id}#user:{}", me.id)
            }
        }
    }

    fn stored(self, base_url: String, me: Me) -> StoredSession {
        match self {
            Server::Switchboard => StoredSession::Remote { base_url, me },
            Server::Chatwoot { account_id } => StoredSession::Chatwoot {
                base_url,
                account_id,
                me,
            },
        }
    }
}

/// A Chatwoot account given by the environment.
#[derive(Debug, Clone)]
pub struct GivenChatwoot {
    pub base_url: String,
    pub account_id: u64,
    pub token: String,
}

/// The environment's sign-in to a Switchboard backend: its URL and a token.
pub const BACKEND_VARS: [&str; 2] = ["SWITCHBOARD_BACKEND_URL", "SWITCHBOARD_TOKEN"];
/// The environment's sign-in to Chatwoot: its URL, the account's number and
/// the user's access token.
pub const CHATWOOT_VARS: [&str; 3] = [
    "SWITCHBOARD_CHATWOOT_URL",
    "SWITCHBOARD_CHATWOOT_ACCOUNT",
    "SWITCHBOARD_CHATWOOT_TOKEN",
];

/// Where a launch starts, read from the environment once.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// `SWITCHBOARD_BACKEND_URL` + `SWITCHBOARD_TOKEN`.
    pub backend: Option<(String, String)>,
    /// `SWITCHBOARD_CHATWOOT_URL` + `SWITCHBOARD_CHATWOOT_ACCOUNT` +
    /// `SWITCHBOARD_CHATWOOT_TOKEN`.
    pub chatwoot: Option<GivenChatwoot>,
}

impl Launch {
    /// The server this launch signs in to, if the environment named one
    /// (Chatwoot first, as [`Sessions::resume`] tries it first).
    pub fn given_sign_in(&self) -> Option<GivenSignIn> {
        match (&self.chatwoot, &self.backend) {
            (Some(chatwoot), _) => Some(GivenSignIn::Chatwoot {
                base_url: chatwoot.base_url.clone(),
                account_id: chatwoot.account_id,
            }),
            (None, Some((base_url, _))) => Some(GivenSignIn::Switchboard {
                base_url: base_url.clone(),
            }),
            (None, None) => None,
        }
    }

    /// The launch the environment asks for, or why it cannot be followed:
    /// a URL without its token, or a Chatwoot account id that is not a
    /// number, would otherwise be ignored without a word and the app would
    /// open on another session (the last one, or the demo).
    pub fn from_env() -> Result<Self, String> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// The launch `var` describes (unset and empty variables alike).
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, String> {
        let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        fn all_or_none<const N: usize>(
            names: [&str; N],
            var: impl Fn(&str) -> Option<String>,
        ) -> Result<Option<[String; N]>, String> {
            let values = names.map(&var);
            if values.iter().all(Option::is_none) {
                return Ok(None);
            }
            let missing: Vec<&str> = names
                .iter()
                .zip(&values)
                .filter_map(|(name, value)| value.is_none().then_some(*name))
                .collect();
            if missing.is_empty() {
                Ok(Some(values.map(Option::unwrap_or_default)))
            } else {
                let verb = if missing.len() == 1 { "is" } else { "are" };
                Err(format!(
                    "signing in at launch takes {} (all of them, or none): {} {verb} not set",
                    names.join(", "),
                    missing.join(", "),
                ))
            }
        }
        let backend = all_or_none(BACKEND_VARS, var)?.map(|[url, token]| (url, token));
        let chatwoot = match all_or_none(CHATWOOT_VARS, var)? {
            None => None,
            Some([base_url, account, token]) => {
                let account_id = account
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|id| *id > 0)
                    .ok_or_else(|| {
                        format!(
                            "SWITCHBOARD_CHATWOOT_ACCOUNT must be the account's number \
                             (as in …/app/accounts/3 in Chatwoot's address), not {account:?}"
                        )
                    })?;
                Some(GivenChatwoot {
                    base_url,
                    account_id,
                    token,
                })
            }
        };
        Ok(Launch { backend, chatwoot })
    }
}

impl Sessions {
    /// No session yet; `signals` carries what sessions change.
    pub fn new(
        store: Store,
        vault: TokenVault,
        data_dir: PathBuf,
        download_history: bool,
        signals: mpsc::UnboundedSender<Signal>,
    ) -> Self {
        Sessions {
            store,
            vault: Arc::new(vault),
            data_dir,
            download_history,
            signals,
            transition: tokio::sync::Mutex::new(None),
            current: Mutex::new(Current {
                session: Session::SIGNED_OUT,
                sync: None,
            }),
            resumed: tokio::sync::watch::Sender::new(false),
        }
    }

    pub fn session(&self) -> Session {
        self.current().session
    }

    /// Whether sync downloads the whole history in the background.
    pub fn downloads_history(&self) -> bool {
        self.download_history
    }

    /// The running sync engine, if signed in.
    pub fn sync(&self) -> Option<Arc<SyncHandle>> {
        self.current().sync
    }

    fn current(&self) -> Current {
        self.current
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Whether the launch's session is resumed (or failed to) by now.
    pub fn is_resumed(&self) -> bool {
        *self.resumed.borrow()
    }

    /// Waits until the session of the launch is resumed (demo mode takes a
    /// moment to start its backend; a remote session is immediate).
    pub async fn resumed(&self) {
        let mut resumed = self.resumed.subscribe();
        // Err only if the sender is gone, i.e. the app is shutting down.
        let _ = resumed.wait_for(|done| *done).await;
    }

    /// Resumes the session of the last run (or starts demo mode on a first
    /// launch) without waiting for the network: a remote session starts its
    /// sync engine from the stored token and shows the cache meanwhile.
    /// `None` stays signed out. Whatever happens, the launch counts as
    /// resumed afterwards.
    pub async fn resume(self: &Arc<Self>, launch: Option<Launch>) -> Result<Session, IpcError> {
        let given = launch.as_ref().and_then(Launch::given_sign_in);
        let resumed = match launch {
            Some(launch) => self.resume_launch(launch).await,
            None => Ok(Session::SIGNED_OUT),
        };
        if let (Err(error), Some(given)) = (&resumed, given) {
            // Whoever started the app with a sign-in expects it, or to be
            // told why not: the sign-in screen says so, filled in as given.
            if matches!(self.session(), Session::SignedOut { .. }) {
                let reason = SignedOutReason::LaunchSignInFailed {
                    given,
                    error: error.clone(),
                };
                self.set_current(
                    Session::SignedOut {
                        reason: Some(reason),
                    },
                    None,
                );
            }
        }
        self.resumed.send_replace(true);
        resumed
    }

    async fn resume_launch(self: &Arc<Self>, launch: Launch) -> Result<Session, IpcError> {
        let mut active = self.transition.lock().await;
        if let Some(given) = launch.chatwoot {
            return self.resume_given_chatwoot(&mut active, given).await;
        }
        if let Some((base_url, token)) = launch.backend {
            return self
                .resume_given_backend(&mut active, base_url, token)
                .await;
        }
        let stored = self
            .store_call(|store| store.setting::<StoredSession>(STORED_SESSION))
            .await?
            .unwrap_or(StoredSession::Demo);
        match stored {
            StoredSession::Demo if crate::demo::AVAILABLE => self.start_demo(&mut active).await,
            // Never signed in, in a build without demo mode: the sign-in screen.
            StoredSession::Demo => Ok(Session::SIGNED_OUT),
            StoredSession::Remote { base_url, me } => match self.vault(|v| v.load()).await {
                Some(token) => {
                    let origin = Server::Switchboard.origin(&base_url, &me);
                    self.claim_untagged_cache(&base_url, &origin).await;
                    self.activate(&mut active, Server::Switchboard, base_url, token, me, None)
                        .await
                }
                None => {
                    tracing::warn!("the stored session has no token any more: signed out");
                    Ok(Session::SIGNED_OUT)
                }
            },
            StoredSession::Chatwoot {
                base_url,
                account_id,
                me,
            } => match self.vault(|v| v.load()).await {
                Some(token) => {
                    let server = Server::Chatwoot { account_id };
                    self.activate(&mut active, server, base_url, token, me, None)
                        .await
                }
                None => {
                    tracing::warn!("the stored Chatwoot session has no token any more: signed out");
                    Ok(Session::SIGNED_OUT)
                }
            },
            StoredSession::SignedOut => Ok(Session::SIGNED_OUT),
        }
    }

    /// A launch with `SWITCHBOARD_BACKEND_URL` + `SWITCHBOARD_TOKEN`. The
    /// first launch checks the token with `/v1/me`; later ones show the
    /// cache at once with the `me` remembered for that backend, and check it
    /// meanwhile: a changed `me` is published when it arrives, and a revoked
    /// token ends the session through the sync engine's 401. An unreachable
    /// backend leaves the cache browsable, as for a stored session.
    async fn resume_given_backend(
        self: &Arc<Self>,
        active: &mut Option<Active>,
        base_url: String,
        token: String,
    ) -> Result<Session, IpcError> {
        let remembered = self
            .store_call(|store| store.setting::<StoredSession>(GIVEN_BACKEND))
            .await
            .unwrap_or_else(|error| {
                tracing::warn!(%error, "the remembered backend could not be read");
                None
            });
        let remembered_me = match remembered {
            Some(StoredSession::Remote { base_url: url, me }) if url == base_url => Some(me),
            _ => None,
        };
        let (me, recheck) = match remembered_me {
            Some(me) => (me, true),
            None => {
                let me = switchboard_sync::fetch_me(&base_url, &token).await?;
                self.remember_given_backend(&base_url, &me).await;
                (me, false)
            }
        };
        if recheck {
            // The same user as at the last such launch.
            let origin = Server::Switchboard.origin(&base_url, &me);
            self.claim_untagged_cache(&base_url, &origin).await;
        }
        let session = self
            .activate(
                active,
                Server::Switchboard,
                base_url.clone(),
                token.clone(),
                me.clone(),
                None,
            )
            .await?;
        if recheck {
            let sessions = self.clone();
            tauri::async_runtime::spawn(async move {
                sessions.recheck_me(base_url, token, me).await;
            });
        }
        Ok(session)
    }

    /// Asks the given backend who the token belongs to after the session
    /// was resumed with the remembered `me`; publishes a change if this
    /// session is still the one running.
    async fn recheck_me(&self, base_url: String, token: String, me: Me) {
        let fresh = match switchboard_sync::fetch_me(&base_url, &token).await {
            Ok(fresh) if fresh != me => fresh,
            Ok(_) => return,
            Err(error) => {
                tracing::info!(%error, "who-am-I check after launch failed");
                return;
            }
        };
        self.remember_given_backend(&base_url, &fresh).await;
        let still_running = matches!(
            self.session(),
            Session::SignedIn { base_url: ref url, demo: false, .. } if *url == base_url
        );
        if still_running {
            let session = Session::SignedIn {
                me: fresh,
                base_url,
                demo: false,
                chatwoot_account: None,
            };
            self.publish(session, self.sync());
        }
    }

    /// A launch with a Chatwoot account given by the environment: the
    /// token is checked at every such launch (nothing is remembered of it).
    async fn resume_given_chatwoot(
        self: &Arc<Self>,
        active: &mut Option<Active>,
        given: GivenChatwoot,
    ) -> Result<Session, IpcError> {
        let base_url = backend_url(&given.base_url, true)?;
        let server = Server::Chatwoot {
            account_id: given.account_id,
        };
        let config = ChatwootConfig::new(base_url.clone(), given.account_id, given.token.clone());
        let me = chatwoot_me(&config).await?;
        tracing::info!(%base_url, account = given.account_id, "Chatwoot given by the environment");
        self.activate(active, server, base_url, given.token, me, None)
            .await
    }

    async fn remember_given_backend(&self, base_url: &str, me: &Me) {
        let remembered = StoredSession::Remote {
            base_url: base_url.to_owned(),
            me: me.clone(),
        };
        if let Err(error) = self
            .store_call(move |store| store.set_setting(GIVEN_BACKEND, &remembered))
            .await
        {
            tracing::warn!(%error, "could not remember the given backend");
        }
    }

    /// Signs in to a real backend, leaving demo mode or another backend.
    /// Refuses, with a code the sign-in screen asks about, a token sent
    /// unencrypted to another host and a sign-in that would discard another
    /// account's unsent writes, unless `consent` says the user agreed.
    pub async fn sign_in(
        self: &Arc<Self>,
        base_url: &str,
        token: &str,
        consent: SignInConsent,
    ) -> Result<Session, IpcError> {
        let base_url = backend_url(base_url, consent.allow_insecure)?;
        let token = non_empty_token(token)?;
        // Checked before anything is stopped: a typo keeps the current session.
        let me = switchboard_sync::fetch_me(&base_url, token).await?;
        self.switch_to(Server::Switchboard, base_url, token, me, consent)
            .await
    }

    /// Signs in to an account of a Chatwoot server with the user's access
    /// token, as [`Sessions::sign_in`] does to a Switchboard backend (the
    /// same questions first). A token whose user is not a member of the
    /// account is refused as `account_not_found`.
    pub async fn sign_in_chatwoot(
        self: &Arc<Self>,
        base_url: &str,
        account_id: u64,
        token: &str,
        consent: SignInConsent,
    ) -> Result<Session, IpcError> {
        let base_url = backend_url(base_url, consent.allow_insecure)?;
        let token = non_empty_token(token)?;
        if account_id == 0 {
            return Err(IpcError::invalid_input("the account id is a number from 1"));
        }
        let config = ChatwootConfig::new(base_url.clone(), account_id, token);
        // Checked before anything is stopped: a typo keeps the current session.
        let me = chatwoot_me(&config).await?;
        self.switch_to(
            Server::Chatwoot { account_id },
            base_url,
            token,
            me,
            consent,
        )
        .await
    }

    /// Leaves the running session for a checked one, after the questions
    /// `consent` answers; keeps the token and what to resume next launch.
    async fn switch_to(
        self: &Arc<Self>,
        server: Server,
        base_url: String,
        token: &str,
        me: Me,
        consent: SignInConsent,
    ) -> Result<Session, IpcError> {
        let origin = server.origin(&base_url, &me);
        let mut active = self.transition.lock().await;
        if !consent.discard_unsent {
            let theirs = origin.clone();
            let unsent = self
                .store_call(move |store| store.unsent_writes_of_another_origin(&theirs))
                .await?;
            if unsent > 0 {
                return Err(IpcError::new(
                    IpcErrorCode::UnsentWritesOfAnotherUser,
                    format!(
                        "{unsent} writes queued by another account were never sent; \
                         signing in discards them"
                    ),
                ));
            }
        }
        self.stop(&mut active).await;
        let secret = token.to_owned();
        let kept = self
            .vault(move |v| v.save(&secret))
            .await
            .map_err(|error| IpcError::internal(format!("could not keep the token: {error}")))?;
        tracing::info!(?kept, ?server, user = me.name, role = ?me.role, "signed in");
        let stored = server.stored(base_url.clone(), me.clone());
        self.store_call(move |store| store.set_setting(STORED_SESSION, &stored))
            .await?;
        self.activate(&mut active, server, base_url, token.to_owned(), me, None)
            .await
    }

    /// Leaves whatever session runs and signs in to a fresh demo backend.
    pub async fn sign_in_demo(self: &Arc<Self>) -> Result<Session, IpcError> {
        let mut active = self.transition.lock().await;
        self.stop(&mut active).await;
        self.vault(|v| v.clear()).await;
        self.store_call(|store| store.set_setting(STORED_SESSION, &StoredSession::Demo))
            .await?;
        self.start_demo(&mut active).await
    }

    /// Stops sync, forgets the token and empties the cache (and the writes
    /// not yet sent, which belong to the account being left).
    pub async fn sign_out(&self) -> Result<Session, IpcError> {
        let mut active = self.transition.lock().await;
        self.stop(&mut active).await;
        self.vault(|v| v.clear()).await;
        self.store_call(|store| {
            store.set_setting(STORED_SESSION, &StoredSession::SignedOut)?;
            store.forget_account()
        })
        .await?;
        tracing::info!("signed out");
        self.publish(Session::SIGNED_OUT, None);
        self.signal(Signal::AccountChanged);
        Ok(Session::SIGNED_OUT)
    }

    async fn start_demo(
        self: &Arc<Self>,
        active: &mut Option<Active>,
    ) -> Result<Session, IpcError> {
        let demo = DemoBackend::start(&self.data_dir).await?;
        let base_url = demo.base_url.clone();
        let me = switchboard_sync::fetch_me(&base_url, &demo.token).await?;
        tracing::info!(%base_url, "demo mode");
        let token = demo.token.clone();
        self.activate(active, Server::Switchboard, base_url, token, me, Some(demo))
            .await
    }

    /// Starts the sync engine for a checked session (on the Chatwoot
    /// source for a Chatwoot server) and forwards its changes. The cache
    /// is first switched to this server and user's data.
    async fn activate(
        self: &Arc<Self>,
        active: &mut Option<Active>,
        server: Server,
        base_url: String,
        token: String,
        me: Me,
        demo: Option<DemoBackend>,
    ) -> Result<Session, IpcError> {
        let origin = match demo {
            // Its port changes at every launch.
            Some(_) => DEMO_ORIGIN.to_owned(),
            None => server.origin(&base_url, &me),
        };
        let user_id = me.id;
        self.store_call(move |store| {
            store.use_for_backend(&origin)?;
            // Whose conversations are "mine" in this cache.
            store.use_for_user(user_id)
        })
        .await?;
        let chatwoot_account = match server {
            Server::Switchboard => None,
            Server::Chatwoot { account_id } => Some(account_id),
        };
        let (sync, changes) = match server {
            Server::Switchboard => {
                let mut config = SyncConfig::new(base_url.clone(), token);
                config.download_history = self.download_history;
                switchboard_sync::start(self.store.clone(), config)
            }
            Server::Chatwoot { account_id } => {
                let chatwoot = ChatwootConfig::new(base_url.clone(), account_id, token);
                let source = ChatwootSource::new(chatwoot, self.store.clone())?;
                // The source knows where Chatwoot is: of this config only
                // the engine's timeouts, backoff and history download apply.
                let mut config = SyncConfig::new("", "");
                config.download_history = self.download_history;
                switchboard_sync::start_with_source(self.store.clone(), config, Arc::new(source))
            }
        };
        let sync = Arc::new(sync);
        crate::startup::phase("sync started");
        tauri::async_runtime::spawn(self.clone().end_when_refused(&sync));
        let forwarding = CancellationToken::new();
        tauri::async_runtime::spawn(forward(changes, self.signals.clone(), forwarding.clone()));
        let session = Session::SignedIn {
            me,
            base_url,
            demo: demo.is_some(),
            chatwoot_account,
        };
        *active = Some(Active {
            sync: sync.clone(),
            forwarding,
            demo,
        });
        self.publish(session.clone(), Some(sync));
        // Transfers already in the ledger (from the last run) are due now.
        self.signal(Signal::AccountChanged);
        Ok(session)
    }

    /// Waits until `sync` stops because the backend refused the token, then
    /// ends that session as a sign-out would, keeping the cache and the
    /// unsent writes (they are this user's: they go out if the same user
    /// signs in again, and are asked about before another user does).
    fn end_when_refused(
        self: Arc<Self>,
        sync: &Arc<SyncHandle>,
    ) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut status = sync.watch_status();
        // Weak: this watch must not keep a stopped engine alive.
        let refused = Arc::downgrade(sync);
        async move {
            // Err: the engine stopped for another reason (sign-out, quit).
            if status
                .wait_for(|status| *status == SyncStatus::SignedOut)
                .await
                .is_err()
            {
                return;
            }
            self.end_refused_session(&refused).await;
        }
    }

    async fn end_refused_session(&self, refused: &Weak<SyncHandle>) {
        let mut active = self.transition.lock().await;
        let still_running = active
            .as_ref()
            .is_some_and(|a| std::ptr::eq(Arc::as_ptr(&a.sync), refused.as_ptr()));
        if !still_running {
            return; // a transition since replaced that session
        }
        tracing::warn!("the backend refused the token: signed out");
        let ended = Session::SignedOut {
            reason: Some(SignedOutReason::TokenRefused),
        };
        // Forgotten before commands can see the session ended.
        self.vault(|v| v.clear()).await;
        if let Err(error) = self
            .store_call(|store| store.set_setting(STORED_SESSION, &StoredSession::SignedOut))
            .await
        {
            tracing::warn!(%error, "could not remember the sign-out");
        }
        self.stop_as(&mut active, ended.clone()).await;
        self.publish(ended, None);
    }

    /// Where a token would be kept if the user signed in now.
    pub async fn token_storage(&self) -> TokenStorage {
        match self.vault(|v| v.where_saved()).await {
            (Kept::Keyring, _) => TokenStorage::Keyring,
            (Kept::File, path) => TokenStorage::PrivateFile {
                path: path.display().to_string(),
            },
        }
    }

    async fn stop(&self, active: &mut Option<Active>) {
        self.stop_as(active, Session::SIGNED_OUT).await;
    }

    /// Stops the running session; commands see `ended` from the first
    /// moment on (never a signed-out state without the reason it carries).
    async fn stop_as(&self, active: &mut Option<Active>, ended: Session) {
        let Some(Active {
            sync,
            forwarding,
            demo,
        }) = active.take()
        else {
            return;
        };
        self.set_current(ended, None);
        forwarding.cancel();
        match Arc::try_unwrap(sync) {
            Ok(sync) => sync.shutdown().await,
            // A command still holds a clone: dropping ours is enough, the
            // engine stops when the last handle goes.
            Err(shared) => drop(shared),
        }
        if let Some(server) = demo {
            server.shutdown().await;
        }
    }

    fn set_current(&self, session: Session, sync: Option<Arc<SyncHandle>>) {
        *self.current.lock().unwrap_or_else(|p| p.into_inner()) = Current { session, sync };
    }

    fn publish(&self, session: Session, sync: Option<Arc<SyncHandle>>) {
        self.set_current(session.clone(), sync);
        self.signal(Signal::Session(session));
    }

    fn signal(&self, signal: Signal) {
        // Err only once the app is shutting down and nobody listens.
        let _ = self.signals.send(signal);
    }

    async fn store_call<T: Send + 'static>(
        &self,
        call: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, IpcError> {
        crate::blocking::store_call(&self.store, call).await
    }

    /// Runs a vault call on a blocking thread: the keyring is a D-Bus round
    /// trip (Secret Service) that may wait on the keyring daemon.
    async fn vault<T: Send + 'static>(
        &self,
        call: impl FnOnce(&TokenVault) -> T + Send + 'static,
    ) -> T {
        let vault = self.vault.clone();
        tauri::async_runtime::spawn_blocking(move || call(&vault))
            .await
            .expect("a vault call does not panic")
    }
}

/// Every change of the engine goes up as a [`Signal::Sync`], in order,
/// until the session stops.
async fn forward(
    mut changes: mpsc::Receiver<SyncChange>,
    signals: mpsc::UnboundedSender<Signal>,
    cancel: CancellationToken,
) {
    loop {
        let change = tokio::select! {
            _ = cancel.cancelled() => return,
            change = changes.recv() => match change {
                Some(change) => change,
                None => return,
            },
        };
        if signals.send(Signal::Sync(change)).is_err() {
            return;
        }
    }
}

impl Sessions {
    /// Keeps a cache from before per-user caches for the user resuming it.
    async fn claim_untagged_cache(&self, base_url: &str, origin: &str) {
        let (url, origin) = (base_url.to_owned(), origin.to_owned());
        if let Err(error) = self
            .store_call(move |store| store.claim_untagged_cache(&url, &origin))
            .await
        {
            tracing::warn!(%error, "could not keep the cache of the resumed session");
        }
    }
}

fn non_empty_token(token: &str) -> Result<&str, IpcError> {
    let token = token.trim();
    if token.is_empty() {
        return Err(IpcError::invalid_input("the token is empty"));
    }
    Ok(token)
}

/// Who the access token belongs to in the account `config` names. A token
/// Chatwoot knows whose user is not in that account is `account_not_found`
/// (the account id is wrong, not the token).
async fn chatwoot_me(config: &ChatwootConfig) -> Result<Me, IpcError> {
    let profile = switchboard_chatwoot::api::Api::new(config)?
        .profile()
        .await?;
    if !profile.accounts.iter().any(|a| a.id == config.account_id) {
        return Err(IpcError::new(
            IpcErrorCode::AccountNotFound,
            format!(
                "this token's user is not a member of account {}",
                config.account_id
            ),
        ));
    }
    Ok(switchboard_chatwoot::me_of(&profile, config.account_id)?)
}

/// A backend URL as typed in the sign-in form: http(s), with a host, kept
/// without a trailing slash. Plain `http://` carries the token readable by
/// anyone on the path, so it is refused for any host but this machine,
/// unless the user agreed (`allow_insecure`).
fn backend_url(raw: &str, allow_insecure: bool) -> Result<String, IpcError> {
    let url = url::Url::parse(raw.trim()).map_err(|error| {
        IpcError::new(
            IpcErrorCode::InvalidInput,
            format!("not a valid backend URL: {error}"),
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(IpcError::invalid_input(
            "the backend URL must be http(s)://host[:port]",
        ));
    }
    if url.scheme() == "http" && !allow_insecure && !is_loopback(&url) {
        return Err(IpcError::new(
            IpcErrorCode::InsecureConnection,
            "http:// would send the token unencrypted to another machine; use https://",
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Whether `url` names this machine: 127.0.0.0/8, ::1 or localhost.
fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn launch_of(vars: &[(&str, &str)]) -> Result<Launch, String> {
        Launch::from_vars(|name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn a_launch_sign_in_is_given_whole_or_not_at_all() {
        let none = launch_of(&[("SWITCHBOARD_TOKEN", "  ")]).unwrap();
        assert!(
            none.backend.is_none() && none.chatwoot.is_none(),
            "blank is unset"
        );

        let backend = launch_of(&[
            ("SWITCHBOARD_BACKEND_URL", "http://127.0.0.1:8080"),
            ("SWITCHBOARD_TOKEN", "sb_1"),
        ])
        .unwrap();
        assert_eq!(
            backend.backend,
            Some(("http://127.0.0.1:8080".into(), "sb_1".into()))
        );
        assert_eq!(
            backend.given_sign_in(),
            Some(GivenSignIn::Switchboard {
                base_url: "http://127.0.0.1:8080".into()
            })
        );

        let chatwoot = launch_of(&[
            ("SWITCHBOARD_CHATWOOT_URL", "https://chat.example.com"),
            ("SWITCHBOARD_CHATWOOT_ACCOUNT", " 3 "),
            ("SWITCHBOARD_CHATWOOT_TOKEN", "t"),
        ])
        .unwrap();
        assert_eq!(chatwoot.chatwoot.as_ref().map(|c| c.account_id), Some(3));

        let half =
            launch_of(&[("SWITCHBOARD_CHATWOOT_URL", "https://chat.example.com")]).unwrap_err();
        assert!(
            half.contains("SWITCHBOARD_CHATWOOT_ACCOUNT, SWITCHBOARD_CHATWOOT_TOKEN are not set"),
            "{half}"
        );
        for account in ["0", "acme", "-1"] {
            let wrong = launch_of(&[
                ("SWITCHBOARD_CHATWOOT_URL", "https://chat.example.com"),
                ("SWITCHBOARD_CHATWOOT_ACCOUNT", account),
                ("SWITCHBOARD_CHATWOOT_TOKEN", "t"),
            ])
            .unwrap_err();
            assert!(wrong.contains("must be the account's number"), "{wrong}");
        }
    }

    #[test]
    fn backend_urls_are_http_with_a_host_and_no_trailing_slash() {
        assert_eq!(
            backend_url(" https://api.example.com/ ", false).unwrap(),
            "https://api.example.com"
        );
        assert_eq!(
            backend_url("http://127.0.0.1:8080", false).unwrap(),
            "http://127.0.0.1:8080"
        );
        for bad in ["ftp://example.com", "example.com", "", "file:///tmp"] {
            assert_eq!(
                backend_url(bad, true).unwrap_err().code,
                IpcErrorCode::InvalidInput,
                "{bad:?} must be refused before any request"
            );
        }
    }

    #[test]
    fn plain_http_goes_only_to_this_machine_unless_the_user_agreed() {
        for local in [
            "http://127.0.0.1:8080",
            "http://127.3.4.5",
            "http://[::1]:9000",
            "http://localhost:8080",
            "http://LOCALHOST",
        ] {
            assert!(
                backend_url(local, false).is_ok(),
                "{local} never leaves this machine: no need to ask"
            );
        }
        for remote in [
            "http://api.example.com",
            "http://10.0.0.5:8080",
            "http://[2001:db8::1]",
            "http://localhost.example.com",
            "http://128.0.0.1",
        ] {
            assert_eq!(
                backend_url(remote, false).unwrap_err().code,
                IpcErrorCode::InsecureConnection,
                "{remote} would carry the token in clear: the user must be asked"
            );
            assert!(
                backend_url(remote, true).is_ok(),
                "{remote} is allowed once the user agreed"
            );
        }
        assert!(
            backend_url("https://api.example.com", false).is_ok(),
            "https needs no consent"
        );
    }
}
