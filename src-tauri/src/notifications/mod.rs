//! Transfer notifications: the store's ledger says what is due (exactly
//! once per transfer, across restarts), [`policy`] says what to show,
//! [`desktop`] shows it. The loop here runs when the sync engine reports
//! transfers, when settings change, and on a tick for reminders.

pub mod desktop;
pub mod policy;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use switchboard_store::Store;
use tauri::{AppHandle, Emitter, Manager, Runtime};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use policy::{NotificationSettings, Planned};

/// More transfers than this at once collapse into one summary.
pub const MAX_INDIVIDUAL: usize = 3;
/// Key of the settings in the store's settings table.
pub const SETTINGS_KEY: &str = "notifications";
/// How often due reminders are looked for.
const REMINDER_TICK: Duration = Duration::from_secs(20);

/// What the notifier shares with commands and the tray: a way to wake it,
/// and the tray's pause switch (not persisted: a restart resumes).
#[derive(Default)]
pub struct NotifierControl {
    wake: Notify,
    paused: AtomicBool,
}

impl NotifierControl {
    /// Look at the ledger now (transfers arrived, settings changed).
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub fn set_paused(&self, paused: bool) {
        self.paused.store(paused, Ordering::Relaxed);
        self.wake();
    }

    pub fn paused(&self) -> bool {
        self.paused.load(Ordering::Relaxed)
    }
}

/// Pauses or resumes notifications, from the tray or the page, and tells
/// the other one: a pause the window does not show would be forgotten, and
/// every transfer missed while it lasts is a customer left waiting.
pub fn set_paused<R: Runtime>(app: &AppHandle<R>, paused: bool) {
    tracing::info!(paused, "notifications paused");
    app.state::<crate::shell::Shell>()
        .notifier
        .set_paused(paused);
    crate::tray::show_paused(app, paused);
    let payload = crate::events::NotificationsPaused { paused };
    if let Err(error) = app.emit(crate::events::NOTIFICATIONS_PAUSED, payload) {
        tracing::warn!(?error, "could not tell the page about the pause");
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

/// Runs until `cancel` fires.
pub async fn run<R: Runtime>(
    app: AppHandle<R>,
    store: Store,
    control: Arc<NotifierControl>,
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
        match notify_due(&app, &store, control.paused(), now, minute).await {
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
    let settings = load_settings(store);
    let silence = policy::silence(&settings, paused, minute_of_day);
    let interval = settings.reminder_interval_ms();
    let reader = store.clone();
    let (pending, due) = tauri::async_runtime::spawn_blocking(move || -> anyhow::Result<_> {
        let pending = reader.pending_notifications(MAX_INDIVIDUAL)?;
        let due = match interval {
            Some(interval) => reader.due_reminders(now, interval)?,
            None => Vec::new(),
        };
        Ok((pending, due))
    })
    .await??;

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
