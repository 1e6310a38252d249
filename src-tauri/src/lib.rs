//! # switchboard (the desktop app)
//!
//! The Tauri shell over `switchboard-store` (the local cache) and
//! `switchboard-sync` (the sync engine). It owns: the commands the page
//! calls (one line each, see [`commands`]), forwarding sync changes to the
//! page as typed events ([`events`]), sign-in, the token's keeping and demo
//! mode ([`session`], [`vault`]), transfer notifications over D-Bus
//! ([`notifications`]), the tray and title (`tray`, `waiting`), running
//! in the background and starting at login ([`app_settings`],
//! `background`, `autostart`), logging, the command line and the
//! checks before a window is made ([`cli`]), the page's document served
//! with its first screen's state and drawn first screen ([`boot`],
//! `first_screen`, [`startup`]), a failed start said in a
//! dialog (`start_failure`), a bounded exit ([`shutdown`]), and the
//! security setup (CSP in `tauri.conf.json`, the capability `build.rs`
//! generates from the commands in `commands.rs`, blocked navigation and
//! https-only links in [`links`]).
//!
//! It must never: decide what a lower layer can decide (SQL, sync rules,
//! which transfers to notify), hold a lock across an await on a command's
//! path, run blocking store calls on the main thread or an async worker,
//! write the token to SQLite or a log, or load remote content in the webview.
//!
//! The setup is generic over [`tauri::Runtime`], so tests run the real
//! setup on Tauri's mock runtime (`tests/`).

mod allocator;
pub mod app_settings;
mod autostart;
mod background;
mod blocking;
pub mod boot;
pub mod cli;
pub mod clock;
pub mod commands;
mod demo;
pub mod error;
pub mod events;
mod first_screen;
mod history_kept;
pub mod links;
mod logging;
pub mod models;
pub mod notifications;
pub mod review;
pub mod session;
pub mod shell;
pub mod shutdown;
mod start_failure;
pub mod startup;
mod tray;
pub mod vault;
mod waiting;
mod wake;
mod window_theme;

#[cfg(test)]
mod bindings;

use std::path::PathBuf;

use std::sync::Arc;

use anyhow::Context as _;
use switchboard_store::Store;
use tauri::{
    App, AppHandle, Builder, Emitter, Manager, Runtime, WebviewWindow, WebviewWindowBuilder,
    WindowEvent,
};
use tauri_plugin_window_state::StateFlags;

use crate::notifications::Notifier;
use crate::session::{Launch, Sessions};
use crate::shell::Shell;
use crate::vault::TokenVault;

/// The label of the one window (also named in the capability).
pub const MAIN_WINDOW: &str = "main";

/// What differs between the installed app and a test of its setup.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where the cache, the demo backend and (for tests) config and logs
    /// live; `None`: the platform's app directories.
    pub data_dir: Option<PathBuf>,
    /// Resume a session at start (demo mode on a first launch); `None`
    /// starts signed out.
    pub launch: Option<Launch>,
    pub logging: bool,
    pub tray: bool,
    /// Use the OS keyring for the token (else only the private file).
    pub use_keyring: bool,
    /// Download the whole history in the background once synced (else
    /// older history comes on demand only).
    pub download_history: bool,
    /// Start at login through the user's autostart entry (off in tests of
    /// the setup: they must never write to the user's `~/.config`).
    pub autostart: bool,
    /// How long the start work the first list does not need (the
    /// notifier, the waiting count, pruning) waits for the page to report
    /// that list painted ([`startup::FirstPaint`]); zero: not at all
    /// (tests of the setup, where no page paints).
    pub first_paint_fallback: std::time::Duration,
    /// A setup that fails says why in a dialog and exits (the installed
    /// app); off, it fails as Tauri's setup does (tests of the setup).
    pub start_failure_dialog: bool,
}

impl Options {
    /// The installed app, started as `launch` (the environment's sign-in,
    /// read by the command line): `SWITCHBOARD_DATA_DIR` overrides the data
    /// directory (tests).
    pub fn from_env(launch: Launch) -> Self {
        Options {
            data_dir: std::env::var_os("SWITCHBOARD_DATA_DIR").map(PathBuf::from),
            launch: Some(launch),
            logging: true,
            tray: true,
            use_keyring: true,
            // `SWITCHBOARD_DOWNLOAD_HISTORY=0`: on demand only (a machine
            // with little disk, or a test of the on-demand path).
            download_history: std::env::var("SWITCHBOARD_DOWNLOAD_HISTORY")
                .map_or(true, |value| value != "0"),
            autostart: true,
            // `SWITCHBOARD_FIRST_PAINT_WAIT_MS=0`: nothing waits (to time
            // a start without the wait, e.g. in `scripts/bench-app.sh`).
            first_paint_fallback: std::env::var("SWITCHBOARD_FIRST_PAINT_WAIT_MS")
                .ok()
                .and_then(|ms| ms.trim().parse().ok())
                .map_or(
                    startup::FIRST_PAINT_FALLBACK,
                    std::time::Duration::from_millis,
                ),
            start_failure_dialog: true,
        }
    }
}

/// The config, assets and ACL compiled from `tauri.conf.json`.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!("../tauri.conf.json")
}

/// [`context`], its page's document served with the state its first
/// screen needs ([`boot`]).
pub fn context_with_boot<R: Runtime>() -> tauri::Context<R> {
    let mut context = context();
    boot::BootAssets::install(&mut context);
    context
}

/// Registers the plugins, commands and setup shared by the app and its
/// tests. (The single-instance plugin is added by [`run`] only: it needs a
/// session bus and must come first.)
pub fn builder<R: Runtime>(builder: Builder<R>, options: Options) -> Builder<R> {
    let builder = if options.autostart {
        builder.plugin(autostart::plugin())
    } else {
        builder
    };
    builder
        // The save dialog of a review export, opened from Rust only.
        .plugin(tauri_plugin_dialog::init())
        .plugin(
            // The window is made hidden and shown by `create_main_window`
            // once its saved size and position are set, so the plugin keeps
            // everything but visibility.
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(StateFlags::all() - StateFlags::VISIBLE)
                .build(),
        )
        // Every `#[tauri::command]` in `commands.rs` (see `build.rs`).
        .invoke_handler(include!(concat!(env!("OUT_DIR"), "/command_handler.rs")))
        .setup(move |app| {
            let dialog = options.start_failure_dialog;
            match setup(app, options) {
                Err(error) if dialog => start_failure::report_and_exit(app.handle(), &error),
                done => Ok(done?),
            }
        })
}

/// The installed app's entry point, started as `launch`
/// ([`cli::parse_or_exit`] reads it).
pub fn run(launch: Launch) {
    startup::mark_process_start();
    let app = builder(
        tauri::Builder::default().plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            // A second launch only brings the running one to the front.
            notifications::desktop::bring_to_front(app, None);
        })),
        Options::from_env(launch),
    )
    .build(context_with_boot());
    match app {
        Ok(app) => app.run(|_, event| {
            if let tauri::RunEvent::Exit = event {
                // The window state is saved by now (plugins hear it first).
                shutdown::arm_exit_watchdog(shutdown::EXIT_GRACE);
            }
        }),
        Err(error) => {
            tracing::error!(%error, "the app failed to start");
            eprintln!("switchboard: failed to start: {error}");
            std::process::exit(1);
        }
    }
}

/// Where the app keeps its files.
struct Dirs {
    data: PathBuf,
    config: PathBuf,
    logs: PathBuf,
}

impl Dirs {
    fn resolve<R: Runtime>(app: &AppHandle<R>, data_dir: Option<PathBuf>) -> tauri::Result<Dirs> {
        Ok(match data_dir {
            Some(data) => Dirs {
                config: data.join("config"),
                logs: data.join("logs"),
                data,
            },
            None => Dirs {
                data: app.path().app_data_dir()?,
                config: app.path().app_config_dir()?,
                logs: app.path().app_log_dir()?,
            },
        })
    }

    /// Creates the directories (and the cache file) readable only by this
    /// user: they hold customers' conversations, the logs and maybe the
    /// token. Existing ones from an older version are narrowed too.
    fn create_private(&self) -> anyhow::Result<()> {
        for dir in [&self.data, &self.config, &self.logs] {
            private_dir(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let cache = self.cache();
        // SQLite creates the WAL and the shared-memory file with the
        // permissions of the database file: 0600 for all three.
        let companions = [
            cache.with_extension("sqlite3-wal"),
            cache.with_extension("sqlite3-shm"),
        ];
        private_file(&cache, true).with_context(|| format!("creating {}", cache.display()))?;
        for file in companions {
            private_file(&file, false)
                .with_context(|| format!("restricting {}", file.display()))?;
        }
        Ok(())
    }

    fn cache(&self) -> PathBuf {
        self.data.join("cache.sqlite3")
    }
}

/// A directory only its owner may list or enter (0700).
fn private_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// A file only its owner may read or write (0600), created empty when
/// `create` (SQLite takes an empty file as a new database).
fn private_file(file: &std::path::Path, create: bool) -> std::io::Result<()> {
    if create {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(false);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(file)?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600)) {
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            other => other?,
        }
    }
    Ok(())
}

fn setup<R: Runtime>(app: &mut App<R>, options: Options) -> anyhow::Result<()> {
    let dirs = Dirs::resolve(app.handle(), options.data_dir)?;
    dirs.create_private()?;
    if options.logging {
        logging::init(&dirs.logs).context("logging")?;
    }
    tracing::info!(version = env!("CARGO_PKG_VERSION"), data_dir = %dirs.data.display(), "starting");
    // Opened while the window is made (on this thread), and ready before
    // setup returns: the page's first query reads the cache without
    // waiting for anything else.
    let cache = dirs.cache();
    // A damaged cache is set aside and made anew (the sync fills it again):
    // else the app could never start again, and nothing would say why.
    let opening = std::thread::spawn(move || {
        Store::open_or_set_aside(&cache, clock::now_ms()).map(|(store, set_aside)| {
            let app_settings = app_settings::load(&store);
            (store, app_settings, set_aside)
        })
    });
    let window = create_main_window(app.handle())?;
    startup::phase("window created");
    let (store, app_settings, set_aside) = opening
        .join()
        .map_err(|_| anyhow::anyhow!("opening the local cache panicked"))?
        .context("opening the local cache")?;
    app.manage(models::CacheSetAside(set_aside));
    // Damage met in the background (the history download, the live sync)
    // is said at once, not only noted for the next start.
    let handle = app.handle().clone();
    store.when_damage_noted(move || {
        if let Err(error) = handle.emit(events::CACHE_DAMAGED, ()) {
            tracing::warn!(%error, "the page was not told the cache is damaged");
        }
    });
    let scheme = window_theme::at_start(&window, app_settings.theme);
    app.manage(boot::StartScheme(scheme));
    startup::phase("cache opened");
    let first_paint = startup::FirstPaint::new(options.first_paint_fallback);
    app.manage(first_paint.clone());
    let (signals, signalled) = tokio::sync::mpsc::unbounded_channel();
    let sessions = Arc::new(Sessions::new(
        store.clone(),
        TokenVault::new(dirs.config, options.use_keyring),
        dirs.data,
        options.download_history,
        signals,
    ));
    let handle = app.handle().clone();
    // A notification's Take: as the page's Take on a conversation nobody
    // handles (a colleague's is shown rather than taken over unasked).
    let take: notifications::desktop::Take = Arc::new(move |conversation| {
        let app = handle.clone();
        Box::pin(async move {
            let shell = app.state::<Shell>();
            shell.take(conversation, false).await.map(drop)
        })
    });
    app.manage(notifications::desktop::Clicks::new(take));
    let held = first_paint.clone();
    let notifier = Notifier::start(app.handle().clone(), store.clone(), async move {
        held.wait().await;
    });
    let text = app_settings.language.localizer();
    tracing::info!(language = text.language(), "speaking");
    app.manage(Shell::new(store, sessions.clone(), notifier, app_settings));
    app.manage(boot::FirstListSlot::default());
    // What sessions signal before the first paint (the resumed session's
    // count and due transfers) waits for it, in order; the page asks for
    // what it shows first.
    after_first_paint(app.handle(), move |app| {
        shell::react_to_signals(app, signalled)
    });
    after_first_paint(app.handle(), shell::count_waiting);
    after_first_paint(app.handle(), history_kept::run);
    // The start's transient memory, once the page's first reads are done.
    after_first_paint(app.handle(), |_| async {
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        allocator::give_back_freed_memory();
    });

    if options.tray {
        let on_pause = |app: &AppHandle<R>, paused: bool| {
            app.state::<Shell>().set_notifications_paused(app, paused)
        };
        if let Err(error) = tray::create(app.handle(), text, on_pause) {
            tracing::warn!(%error, "no tray icon");
        }
        startup::phase("tray created");
    }

    // After a suspend, sync reconnects at once instead of waiting out a
    // backoff that began before the lid closed.
    after_first_paint(app.handle(), |app| async move {
        let woken = app.clone();
        let reconnect = move || {
            if let Some(sync) = woken.state::<Shell>().sync() {
                sync.reconnect_now();
            }
        };
        if let Some(watch) = wake::watch_system_wake(reconnect).await {
            app.manage(watch);
        }
    });

    let handle = app.handle().clone();
    tauri::async_runtime::spawn(async move {
        if let Err(error) = sessions.resume(options.launch).await {
            tracing::error!(%error, "could not resume the session");
        }
        startup::phase("session resumed");
        boot::FirstListSlot::fill(&handle).await;
        // Counted once the first list is painted (`count_waiting` waits
        // for it); a resumed session counts again when sync starts.
        handle.state::<Shell>().waiting_may_have_changed();
    });
    Ok(())
}

/// Runs `task` once the first list is painted ([`startup::FirstPaint`]):
/// start work the first list does not need.
fn after_first_paint<R: Runtime, F>(
    app: &AppHandle<R>,
    task: impl FnOnce(AppHandle<R>) -> F + Send + 'static,
) where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    let app = app.clone();
    let first_paint = app.state::<startup::FirstPaint>().inner().clone();
    tauri::async_runtime::spawn(async move {
        first_paint.wait().await;
        task(app).await;
    });
}

/// The main window, from its config entry, with navigation confined to the
/// app's own pages; its close button may only hide it ([`background`]).
///
/// The config makes it hidden; the window-state plugin sets its saved size
/// and position as it is made, and only then is it shown. When the plugin
/// moved and resized the window already shown, the main thread sometimes
/// blocked in a 500 ms timed wait (seen with strace; most likely WebKit's UI
/// process waiting for the page to answer the new geometry), and the page's
/// files, served on that thread, waited with it: one start in three was
/// half a second late.
fn create_main_window<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<WebviewWindow<R>> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|window| window.label == MAIN_WINDOW)
        .cloned()
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    let window = WebviewWindowBuilder::from_config(app, &config)?
        .on_navigation(|url| {
            let allowed = links::is_app_page(url);
            if !allowed {
                // Scheme and host only: the rest may carry customer text.
                tracing::warn!(
                    scheme = url.scheme(),
                    host = url.host_str(),
                    "navigation away from the app blocked"
                );
            }
            allowed
        })
        .build()?;
    let closing = window.clone();
    window.on_window_event(move |event| {
        if let WindowEvent::CloseRequested { api, .. } = event {
            background::on_close_requested(&closing, api);
        }
    });
    window.show()?;
    Ok(window)
}
