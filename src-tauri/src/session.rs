//! Signing in and out, demo mode, and what to resume at launch.
//!
//! A session is a backend URL and a token. The token is checked with
//! `GET /v1/me` at sign-in, kept in the [`TokenVault`](crate::vault), and
//! handed to the sync engine, whose changes are forwarded to the webview.
//! Demo mode starts the reference backend in-process on a loopback port with
//! demo data and traffic, and signs in to it: it is what a first launch
//! shows. `SWITCHBOARD_BACKEND_URL` + `SWITCHBOARD_TOKEN` sign in to a real
//! backend without touching the keyring (for end-to-end tests).

use std::sync::Arc;

use switchboard_backend::{RunningServer, ServerConfig};
use switchboard_protocol::{Me, Role};
use switchboard_sync::{SyncChange, SyncConfig, SyncHandle};
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::error::{IpcError, IpcErrorCode};
use crate::events;
use crate::models::{Session, StoredSession};
use crate::shell::Shell;

/// Store setting: which session to resume at launch.
const STORED_SESSION: &str = "session";
/// Store setting: which backend the cached data came from.
const CACHE_ORIGIN: &str = "cache_origin";
/// Store setting: the backend given by the environment at the last such
/// launch, with its `me` (never the token).
const GIVEN_BACKEND: &str = "given_backend";
/// The demo backend's cache origin (its port changes at every launch).
const DEMO_ORIGIN: &str = "demo";

/// What the running session owns: stopped on the next transition.
pub struct Active {
    sync: Arc<SyncHandle>,
    forwarding: CancellationToken,
    demo: Option<RunningServer>,
}

/// Where a launch starts, read from the environment once.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// `SWITCHBOARD_BACKEND_URL` + `SWITCHBOARD_TOKEN`.
    pub backend: Option<(String, String)>,
}

impl Launch {
    pub fn from_env() -> Self {
        let url = std::env::var("SWITCHBOARD_BACKEND_URL")
            .ok()
            .filter(|v| !v.is_empty());
        let token = std::env::var("SWITCHBOARD_TOKEN")
            .ok()
            .filter(|v| !v.is_empty());
        Launch {
            backend: url.zip(token),
        }
    }
}

/// Resumes the session of the last run (or starts demo mode on a first
/// launch) without waiting for the network: a remote session starts its
/// sync engine from the stored token and shows the cache meanwhile.
pub async fn resume<R: Runtime>(app: &AppHandle<R>, launch: Launch) -> Result<Session, IpcError> {
    let shell = app.state::<Shell>();
    let mut active = shell.transition.lock().await;
    if let Some((base_url, token)) = launch.backend {
        return resume_given_backend(app, &mut active, base_url, token).await;
    }
    let stored = shell
        .read(|store| store.setting::<StoredSession>(STORED_SESSION))
        .await?
        .unwrap_or(StoredSession::Demo);
    match stored {
        StoredSession::Demo => start_demo(app, &mut active).await,
        StoredSession::Remote { base_url, me } => match vault(&shell, |v| v.load()).await {
            Some(token) => {
                activate(
                    app,
                    &mut active,
                    base_url.clone(),
                    token,
                    me,
                    &base_url,
                    None,
                )
                .await
            }
            None => {
                tracing::warn!("the stored session has no token any more: signed out");
                Ok(Session::SignedOut)
            }
        },
        StoredSession::SignedOut => Ok(Session::SignedOut),
    }
}

/// A launch with `SWITCHBOARD_BACKEND_URL` + `SWITCHBOARD_TOKEN`. The first
/// launch checks the token with `/v1/me`; later ones show the cache at once
/// with the `me` remembered for that backend, and check it meanwhile: a
/// changed `me` is published when it arrives, and a revoked token ends the
/// session through the sync engine's 401. An unreachable backend leaves the
/// cache browsable, as for a stored session.
async fn resume_given_backend<R: Runtime>(
    app: &AppHandle<R>,
    active: &mut Option<Active>,
    base_url: String,
    token: String,
) -> Result<Session, IpcError> {
    let shell = app.state::<Shell>();
    let remembered = shell
        .read(|store| store.setting::<StoredSession>(GIVEN_BACKEND))
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
            remember_given_backend(&shell, &base_url, &me).await;
            (me, false)
        }
    };
    let session = activate(
        app,
        active,
        base_url.clone(),
        token.clone(),
        me.clone(),
        &base_url,
        None,
    )
    .await?;
    if recheck {
        tauri::async_runtime::spawn(recheck_me(app.clone(), base_url, token, me));
    }
    Ok(session)
}

/// Asks the given backend who the token belongs to after the session was
/// resumed with the remembered `me`; publishes a change if this session is
/// still the one running.
async fn recheck_me<R: Runtime>(app: AppHandle<R>, base_url: String, token: String, me: Me) {
    let fresh = match switchboard_sync::fetch_me(&base_url, &token).await {
        Ok(fresh) if fresh != me => fresh,
        Ok(_) => return,
        Err(error) => {
            tracing::info!(%error, "who-am-I check after launch failed");
            return;
        }
    };
    let shell = app.state::<Shell>();
    remember_given_backend(&shell, &base_url, &fresh).await;
    let still_running = matches!(
        shell.session(),
        Session::SignedIn { base_url: ref url, demo: false, .. } if *url == base_url
    );
    if still_running {
        let session = Session::SignedIn {
            me: fresh,
            base_url,
            demo: false,
        };
        publish(&app, session, shell.sync());
    }
}

async fn remember_given_backend(shell: &Shell, base_url: &str, me: &Me) {
    let remembered = StoredSession::Remote {
        base_url: base_url.to_owned(),
        me: me.clone(),
    };
    if let Err(error) = shell
        .write(move |store| store.set_setting(GIVEN_BACKEND, &remembered))
        .await
    {
        tracing::warn!(%error, "could not remember the given backend");
    }
}

/// Signs in to a real backend, leaving demo mode or another backend.
pub async fn sign_in<R: Runtime>(
    app: &AppHandle<R>,
    base_url: &str,
    token: &str,
) -> Result<Session, IpcError> {
    let base_url = backend_url(base_url)?;
    let token = token.trim();
    if token.is_empty() {
        return Err(IpcError::invalid_input("the token is empty"));
    }
    // Checked before anything is stopped: a typo keeps the current session.
    let me = switchboard_sync::fetch_me(&base_url, token).await?;
    let shell = app.state::<Shell>();
    let mut active = shell.transition.lock().await;
    stop(app, &mut active).await;
    let secret = token.to_owned();
    let kept = vault(&shell, move |v| v.save(&secret))
        .await
        .map_err(|error| IpcError::internal(format!("could not keep the token: {error}")))?;
    tracing::info!(?kept, user = me.name, role = ?me.role, "signed in");
    let stored = StoredSession::Remote {
        base_url: base_url.clone(),
        me: me.clone(),
    };
    shell
        .write(move |store| store.set_setting(STORED_SESSION, &stored))
        .await?;
    activate(
        app,
        &mut active,
        base_url.clone(),
        token.to_owned(),
        me,
        &base_url,
        None,
    )
    .await
}

/// Leaves whatever session runs and signs in to a fresh demo backend.
pub async fn sign_in_demo<R: Runtime>(app: &AppHandle<R>) -> Result<Session, IpcError> {
    let shell = app.state::<Shell>();
    let mut active = shell.transition.lock().await;
    stop(app, &mut active).await;
    vault(&shell, |v| v.clear()).await;
    shell
        .write(|store| store.set_setting(STORED_SESSION, &StoredSession::Demo))
        .await?;
    start_demo(app, &mut active).await
}

/// Stops sync, forgets the token and empties the cache (and the writes not
/// yet sent, which belong to the account being left).
pub async fn sign_out<R: Runtime>(app: &AppHandle<R>) -> Result<Session, IpcError> {
    let shell = app.state::<Shell>();
    let mut active = shell.transition.lock().await;
    stop(app, &mut active).await;
    vault(&shell, |v| v.clear()).await;
    shell
        .write(|store| {
            store.set_setting(STORED_SESSION, &StoredSession::SignedOut)?;
            store.forget_account()?;
            store.set_setting(CACHE_ORIGIN, "")
        })
        .await?;
    tracing::info!("signed out");
    publish(app, Session::SignedOut, None);
    crate::waiting::refresh(app).await;
    Ok(Session::SignedOut)
}

async fn start_demo<R: Runtime>(
    app: &AppHandle<R>,
    active: &mut Option<Active>,
) -> Result<Session, IpcError> {
    let shell = app.state::<Shell>();
    let mut config = ServerConfig::new(
        shell.data_dir.join("demo-backend.sqlite3"),
        ([127, 0, 0, 1], 0).into(),
    );
    config.demo = true;
    let server = switchboard_backend::serve(config)
        .await
        .map_err(|error| IpcError::internal(format!("the demo backend did not start: {error}")))?;
    let token = server
        .control()
        .create_token(Role::Manager, "Demo manager")
        .map_err(|error| IpcError::internal(format!("the demo backend made no token: {error}")))?;
    let base_url = server.url();
    let me = switchboard_sync::fetch_me(&base_url, &token).await?;
    tracing::info!(%base_url, "demo mode");
    activate(app, active, base_url, token, me, DEMO_ORIGIN, Some(server)).await
}

/// Starts the sync engine for a checked session and forwards its changes.
async fn activate<R: Runtime>(
    app: &AppHandle<R>,
    active: &mut Option<Active>,
    base_url: String,
    token: String,
    me: Me,
    origin: &str,
    demo: Option<RunningServer>,
) -> Result<Session, IpcError> {
    let shell = app.state::<Shell>();
    let origin = origin.to_owned();
    // Data cached from another backend must not mix with this one's.
    shell
        .write(move |store| {
            let cached_from = store.setting::<String>(CACHE_ORIGIN)?.unwrap_or_default();
            if cached_from != origin {
                if !cached_from.is_empty() {
                    tracing::info!("the cache held another backend's data: emptied");
                }
                store.forget_account()?;
                store.set_setting(CACHE_ORIGIN, &origin)?;
            }
            Ok(())
        })
        .await?;
    let (sync, changes) =
        switchboard_sync::start(shell.store(), SyncConfig::new(base_url.clone(), token));
    let sync = Arc::new(sync);
    let forwarding = CancellationToken::new();
    tauri::async_runtime::spawn(forward(app.clone(), changes, forwarding.clone()));
    let session = Session::SignedIn {
        me,
        base_url,
        demo: demo.is_some(),
    };
    *active = Some(Active {
        sync: sync.clone(),
        forwarding,
        demo,
    });
    publish(app, session.clone(), Some(sync));
    // Transfers already in the ledger (from the last run) are due now.
    shell.notifier.wake();
    let app = app.clone();
    tauri::async_runtime::spawn(async move { crate::waiting::refresh(&app).await });
    Ok(session)
}

async fn stop<R: Runtime>(app: &AppHandle<R>, active: &mut Option<Active>) {
    let Some(Active {
        sync,
        forwarding,
        demo,
    }) = active.take()
    else {
        return;
    };
    app.state::<Shell>().set_current(Session::SignedOut, None);
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

fn publish<R: Runtime>(app: &AppHandle<R>, session: Session, sync: Option<Arc<SyncHandle>>) {
    app.state::<Shell>().set_current(session.clone(), sync);
    if let Err(error) = app.emit(events::SESSION, session) {
        tracing::warn!(?error, "could not tell the page about the session");
    }
}

/// Every change of the engine reaches the webview as a typed event; some
/// also wake the notifier or refresh the waiting count.
async fn forward<R: Runtime>(
    app: AppHandle<R>,
    mut changes: mpsc::Receiver<SyncChange>,
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
        if let Err(error) = app.emit(events::SYNC, &change) {
            tracing::warn!(?error, "could not forward a sync change");
        }
        match change {
            SyncChange::TransfersDetected => app.state::<Shell>().notifier.wake(),
            SyncChange::ConversationsChanged { .. } => crate::waiting::refresh(&app).await,
            SyncChange::Status { status } => tracing::info!(?status, "sync status"),
            SyncChange::MessagesAdded { .. } | SyncChange::OutboxChanged { .. } => {}
        }
    }
}

/// Runs a vault call on a blocking thread: the keyring is a D-Bus round
/// trip (Secret Service) that may wait on the keyring daemon.
async fn vault<T: Send + 'static>(
    shell: &Shell,
    call: impl FnOnce(&crate::vault::TokenVault) -> T + Send + 'static,
) -> T {
    let vault = shell.vault.clone();
    tauri::async_runtime::spawn_blocking(move || call(&vault))
        .await
        .expect("a vault call does not panic")
}

/// A backend URL as typed in the sign-in form: http(s), with a host, kept
/// without a trailing slash.
fn backend_url(raw: &str) -> Result<String, IpcError> {
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
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_urls_are_http_with_a_host_and_no_trailing_slash() {
        assert_eq!(
            backend_url(" https://api.example.com/ ").unwrap(),
            "https://api.example.com"
        );
        assert_eq!(
            backend_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        for bad in ["ftp://example.com", "example.com", "", "file:///tmp"] {
            assert_eq!(
                backend_url(bad).unwrap_err().code,
                IpcErrorCode::InvalidInput,
                "{bad:?} must be refused before any request"
            );
        }
    }
}
