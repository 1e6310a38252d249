//! Transfer notifications: the store's ledger says what is due (exactly
//! once per transfer, across restarts), [`policy`] says what to show,
//! [`desktop`] shows it. The [`Notifier`] runs when woken (the sync engine
//! reported transfers, settings changed) and on a tick for reminders; every
//! store call runs on a blocking thread.

pub mod desktop;
pub mod policy;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use switchboard_store::Store;
use tauri::{AppHandle, Runtime};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use policy::{NotificationSettings, Planned};

/// More transfers than this at once collapse into one summary.
pub const MAX_INDIVIDUAL: usize = 3;
/// Key of the settings in the store's settings table.
pub const SETTINGS_KEY: &str = "notifications";
/// How often due reminders are looked for.
const REMINDER_TICK: Duration = Duration::from_secs(20);

/// The running notifier: a way to wake it, the pause switch (not
/// persisted: a restart resumes), and its task, which stops when this is
/// dropped.
pub struct Notifier {
    control: Arc<Control>,
    stop: CancellationToken,
}

#[derive(Default)]
struct Control {
    wake: Notify,
    paused: AtomicBool,
}

impl Notifier {
    /// Starts the loop that shows what the store's ledger holds: when
    /// woken (transfers arrived, settings changed), and on a tick for
    /// reminders.
    pub fn start<R: Runtime>(app: AppHandle<R>, store: Store) -> Notifier {
        let control = Arc::new(Control::default());
        let stop = CancellationToken::new();
        tauri::async_runtime::spawn(run(app, store, control.clone(), stop.clone()));
        Notifier { control, stop }
    }

    /// Look at the ledger now (transfers arrived, settings changed).
    pub fn wake(&self) {
        self.control.wake.notify_one();
    }

    pub fn set_paused(&self, paused: bool) {
        self.control.paused.store(paused, Ordering::Relaxed);
        self.wake();
    }

    pub fn paused(&self) -> bool {
        self.control.paused.load(Ordering::Relaxed)
    }
}

impl Drop for Notifier {
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

/// The stored settings, or the defaults if none were saved (or they no
/// longer decode: a setting must never keep the app from notifying).
pub fn load_settings(store: &Store) -> NotificationSettings {
    match store.setting::<NotificationSettings>(SETTINGS_KEY) {
        Ok(settings) => settings.unwrap_or_default(),
        Err(error) => {
            tracing::warn!(%error, "notification settings unreadable; using the defaults");
            NotificationSettings::default()
        }
    }
}

async fn run<R: Runtime>(
    app: AppHandle<R>,
    store: Store,
    control: Arc<Control>,
    cancel: CancellationToken,
) {
    let mut tick = tokio::time::interval(REMINDER_TICK);
    let mut failing = false;
    loop {
        tokio::select! {
            _ = cancel.cancelled() => return,
            _ = control.wake.notified() => {}
            _ = tick.tick() => {}
        }
        let now = crate::clock::now_ms();
        let minute = crate::clock::local_minute_of_day();
        let paused = control.paused.load(Ordering::Relaxed);
        match notify_due(&app, &store, paused, now, minute).await {
            Ok(_) if failing => {
                failing = false;
                tracing::info!("transfer notifications work again");
            }
            Ok(_) => {}
            // Warn once per outage, not on every tick: a desktop without a
            // notification daemon would otherwise fill the log.
            Err(error) if !failing => {
                failing = true;
                tracing::warn!(
                    error = format!("{error:#}"),
                    "transfer notifications are delayed"
                );
            }
            Err(error) => tracing::debug!(
                error = format!("{error:#}"),
                "transfer notifications still delayed"
            ),
        }
    }
}

/// Shows what the ledger holds and marks what was shown. Returns how many
/// notifications reached the daemon. A daemon failure stops the round and
/// leaves the rest unmarked, to be tried again on the next wake or tick.
pub async fn notify_due<R: Runtime>(
    app: &AppHandle<R>,
    store: &Store,
    paused: bool,
    now: i64,
    minute_of_day: u16,
) -> anyhow::Result<usize> {
    let reader = store.clone();
    let (settings, pending, due) =
        tauri::async_runtime::spawn_blocking(move || -> anyhow::Result<_> {
            let settings = load_settings(&reader);
            let pending = reader.pending_notifications(MAX_INDIVIDUAL)?;
            let due = match settings.reminder_interval_ms() {
                Some(interval) => reader.due_reminders(now, interval)?,
                None => Vec::new(),
            };
            Ok((settings, pending, due))
        })
        .await??;
    let silence = policy::silence(&settings, paused, minute_of_day);

    let mut shown = 0;
    for planned in policy::plan_transfers(pending, &settings, silence) {
        shown += show_planned(app, &planned).await?;
        let store = store.clone();
        // The first reminder counts from this notification, not from the
        // transfer: one found long after it happened (a bootstrap, a return
        // from offline) is not re-announced on the next tick.
        tauri::async_runtime::spawn_blocking(move || {
            store.mark_notified(&planned.accounts_for)?;
            store.mark_reminded(&planned.accounts_for, now)
        })
        .await??;
    }
    for planned in policy::plan_reminders(due, MAX_INDIVIDUAL, &settings, silence) {
        shown += show_planned(app, &planned).await?;
        let store = store.clone();
        tauri::async_runtime::spawn_blocking(move || {
            store.mark_reminded(&planned.accounts_for, now)
        })
        .await??;
    }
    Ok(shown)
}

async fn show_planned<R: Runtime>(app: &AppHandle<R>, planned: &Planned) -> anyhow::Result<usize> {
    let Some(notification) = &planned.show else {
        return Ok(0);
    };
    let id = desktop::show(app, notification).await?;
    tracing::info!(id, opens = ?notification.opens, accounts_for = planned.accounts_for.len(), "notification shown");
    Ok(1)
}
