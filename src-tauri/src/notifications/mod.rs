//! Transfer notifications: the store's ledger says what is due (exactly
//! once per transfer, across restarts), [`policy`] says what to show,
//! [`desktop`] shows it. The [`Notifier`] runs when woken (the sync engine
//! reported transfers, settings changed, someone signed in), on a tick for
//! reminders, and at the moment the next escalation comes due; every store
//! call runs on a blocking thread.
//!
//! Escalations (a transfer nobody took within the set minutes) go to
//! managers only, once per transfer. Like reminders, they respect a pause
//! and quiet hours by waiting them out: the first moment notifications are
//! allowed again brings the escalations still unclaimed then.
//!
//! The daily review reminder ([`daily`]) comes once a day at a set local
//! time: the loop sleeps until then too, and a reminder held back by a
//! pause or quiet hours comes with the first round allowed to show it.

pub mod daily;
pub mod desktop;
pub mod policy;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use switchboard_i18n::Localizer;
use switchboard_protocol::{Millis, Role};
use switchboard_store::review::{ReviewPeriod, ReviewQuery, DEFAULT_QUIET_AFTER_MS};
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
/// For end-to-end tests only: escalate after this many seconds instead of
/// the set minutes. Read once, at start.
pub const ESCALATE_AFTER_SECONDS_ENV: &str = "SWITCHBOARD_ESCALATE_AFTER_SECONDS";

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
    /// The signed-in user's role (escalations are for managers).
    role: Mutex<Option<Role>>,
    /// [`ESCALATE_AFTER_SECONDS_ENV`], in milliseconds.
    escalate_after_ms: Option<i64>,
    /// [`daily::AT_ENV`], in minutes after midnight.
    daily_at_minute: Option<u16>,
}

impl Notifier {
    /// Starts the loop that shows what the store's ledger holds: when
    /// woken (transfers arrived, settings changed), and on a tick for
    /// reminders. Its first round waits for `held` (the first paint of the
    /// window); wakes meanwhile are kept for it.
    pub fn start<R: Runtime>(
        app: AppHandle<R>,
        store: Store,
        held: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> Notifier {
        let escalate_after_ms = std::env::var(ESCALATE_AFTER_SECONDS_ENV)
            .ok()
            .and_then(|seconds| seconds.trim().parse::<i64>().ok())
            .filter(|seconds| *seconds > 0)
            .map(|seconds| seconds * 1000);
        if let Some(ms) = escalate_after_ms {
            tracing::warn!(ms, "escalations come after a shortened delay (tests)");
        }
        let daily_at_minute = std::env::var(daily::AT_ENV)
            .ok()
            .and_then(|at| daily::parse_minute(&at));
        if let Some(minute) = daily_at_minute {
            tracing::warn!(minute, "the daily review reminder comes at a set test time");
        }
        let control = Arc::new(Control {
            escalate_after_ms,
            daily_at_minute,
            ..Control::default()
        });
        let stop = CancellationToken::new();
        let (looping, cancel) = (control.clone(), stop.clone());
        tauri::async_runtime::spawn(async move {
            tokio::select! {
                () = cancel.cancelled() => return,
                () = held => {}
            }
            run(app, store, looping, cancel).await;
        });
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

    /// Who is signed in now (`None`: nobody), for escalations.
    pub fn set_role(&self, role: Option<Role>) {
        *self.control.role.lock().unwrap_or_else(|p| p.into_inner()) = role;
        self.wake();
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
    // When the next escalation comes due: the loop sleeps until then, not
    // on a poll (escalations come minutes apart, a tick would be late).
    let mut next_escalation: Option<tokio::time::Instant> = None;
    // Likewise the daily review reminder, at its local time.
    let mut next_daily: Option<tokio::time::Instant> = None;
    let zone = switchboard_store::review::system_zone();
    let mut daily_failing = false;
    loop {
        tokio::select! {
            _ = cancel.cancelled() => return,
            _ = control.wake.notified() => {}
            _ = tick.tick() => {}
            _ = sleep_until(next_escalation) => {}
            _ = sleep_until(next_daily) => {}
        }
        let round = Round {
            paused: control.paused.load(Ordering::Relaxed),
            role: *control.role.lock().unwrap_or_else(|p| p.into_inner()),
            escalate_after_ms: control.escalate_after_ms,
            now: crate::clock::now_ms(),
            minute_of_day: crate::clock::local_minute_of_day(),
        };
        match notify_due(&app, &store, &round).await {
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
        next_escalation = match next_escalation_due(&store, &round).await {
            Ok(due) => due.map(instant),
            Err(error) => {
                tracing::warn!(%error, "could not tell when the next escalation is due");
                None
            }
        };
        next_daily =
            match notify_daily_review(&app, &store, &round, control.daily_at_minute, &zone).await {
                Ok(outcome) => {
                    daily_failing = false;
                    outcome.next_at.map(instant)
                }
                Err(error) => {
                    // Tried again on the next tick; said once per outage.
                    if !daily_failing {
                        tracing::warn!(
                            error = format!("{error:#}"),
                            "the daily review reminder is delayed"
                        );
                    }
                    daily_failing = true;
                    None
                }
            };
    }
}

/// Sleeps until `at`, or forever without one.
async fn sleep_until(at: Option<tokio::time::Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

/// The monotonic instant of a wall-clock time (now, if it is past).
fn instant(at: Millis) -> tokio::time::Instant {
    let wait = u64::try_from(at - crate::clock::now_ms()).unwrap_or(0);
    tokio::time::Instant::now() + Duration::from_millis(wait)
}

/// What a round of notifying goes by, besides the store.
#[derive(Debug, Clone, Copy)]
pub struct Round {
    /// Paused from the tray or the page.
    pub paused: bool,
    /// The signed-in user's role, if anyone is signed in.
    pub role: Option<Role>,
    /// Escalate after this instead of the set minutes (end-to-end tests).
    pub escalate_after_ms: Option<i64>,
    pub now: i64,
    /// Local time, for quiet hours.
    pub minute_of_day: u16,
}

/// When the next escalation for this user comes due, if any.
async fn next_escalation_due(store: &Store, round: &Round) -> anyhow::Result<Option<i64>> {
    let store = store.clone();
    let round = *round;
    tauri::async_runtime::spawn_blocking(move || {
        let settings = load_settings(&store);
        match settings.escalation_delay_ms(round.role, round.escalate_after_ms) {
            Some(delay) => Ok(store.next_escalation_due(round.now, delay)?),
            None => Ok(None),
        }
    })
    .await?
}

/// Shows what the ledger holds and marks what was shown. Returns how many
/// notifications reached the daemon. A daemon failure stops the round and
/// leaves the rest unmarked, to be tried again on the next wake or tick.
pub async fn notify_due<R: Runtime>(
    app: &AppHandle<R>,
    store: &Store,
    round: &Round,
) -> anyhow::Result<usize> {
    let now = round.now;
    let reader = store.clone();
    let (role, shortened) = (round.role, round.escalate_after_ms);
    let (settings, text, pending, due, escalations) =
        tauri::async_runtime::spawn_blocking(move || -> anyhow::Result<_> {
            let settings = load_settings(&reader);
            // Read each round: a language chosen in the settings applies
            // from the next notification on.
            let text = crate::app_settings::load(&reader).language.localizer();
            let pending = reader.pending_notifications(MAX_INDIVIDUAL)?;
            let due = match settings.reminder_interval_ms() {
                Some(interval) => reader.due_reminders(now, interval)?,
                None => Vec::new(),
            };
            let escalations = match settings.escalation_delay_ms(role, shortened) {
                Some(delay) => reader.due_escalations(now, delay)?,
                None => Vec::new(),
            };
            Ok((settings, text, pending, due, escalations))
        })
        .await??;
    let silence = policy::silence(&settings, round.paused, round.minute_of_day);

    let mut shown = 0;
    for planned in policy::plan_transfers(pending, &settings, silence, text) {
        shown += show_planned(app, &planned, text).await?;
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
    for planned in policy::plan_reminders(due, MAX_INDIVIDUAL, &settings, silence, text) {
        shown += show_planned(app, &planned, text).await?;
        let store = store.clone();
        tauri::async_runtime::spawn_blocking(move || {
            store.mark_reminded(&planned.accounts_for, now)
        })
        .await??;
    }
    for planned in
        policy::plan_escalations(escalations, now, MAX_INDIVIDUAL, &settings, silence, text)
    {
        shown += show_planned(app, &planned, text).await?;
        let store = store.clone();
        tauri::async_runtime::spawn_blocking(move || {
            store.mark_escalated(&planned.accounts_for, now)
        })
        .await??;
    }
    Ok(shown)
}

/// What a round did about the daily review reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyRound {
    /// It reached the daemon.
    pub shown: bool,
    /// When it comes next, if the loop should wake for it: always a future
    /// time. `None` while it is off, or due but held back (a pause, quiet
    /// hours, nobody signed in, the first sync or yesterday's history still
    /// downloading): the
    /// wake that ends those, or the tick, brings it.
    pub next_at: Option<Millis>,
}

/// Shows the daily review reminder if it is due and may be shown now,
/// summarising yesterday (in `zone`) from the cache, and records the day
/// as done: once shown, or when yesterday held nothing to review.
/// `at_minute` replaces the set time (end-to-end tests).
pub async fn notify_daily_review<R: Runtime>(
    app: &AppHandle<R>,
    store: &Store,
    round: &Round,
    at_minute: Option<u16>,
    zone: &str,
) -> anyhow::Result<DailyRound> {
    let tz = jiff::tz::TimeZone::get(zone)?;
    let reader = store.clone();
    let (settings, last_day, text) = tauri::async_runtime::spawn_blocking(move || {
        let last_day = reader.setting::<String>(daily::LAST_DAY_KEY);
        let text = crate::app_settings::load(&reader).language.localizer();
        (load_settings(&reader), last_day, text)
    })
    .await?;
    // An unreadable day must not repeat the reminder every round.
    let last_day = last_day?;
    let now = round.now;
    let today = match daily::schedule(&settings, at_minute, last_day.as_deref(), now, &tz) {
        daily::Daily::Off => {
            return Ok(DailyRound {
                shown: false,
                next_at: None,
            })
        }
        daily::Daily::At(at) => {
            return Ok(DailyRound {
                shown: false,
                next_at: Some(at),
            })
        }
        daily::Daily::Due { today } => today,
    };
    let held = round.role.is_none()
        || policy::silence(&settings, round.paused, round.minute_of_day).is_some();
    if held {
        return Ok(DailyRound {
            shown: false,
            next_at: None,
        });
    }
    let reader = store.clone();
    let zone = zone.to_owned();
    let yesterday = tauri::async_runtime::spawn_blocking(move || -> anyhow::Result<_> {
        // Before the first sync has filled the cache, an empty day is no
        // news: it is not known yet.
        if reader.sync_position()?.applied_seq.is_none() {
            tracing::debug!("daily review reminder waits for the first sync");
            return Ok(None);
        }
        let period = ReviewPeriod::yesterday(now, &zone)?;
        // Counts over part of the day's history would be wrong: wait for
        // the history download to bring the rest (a first sync keeps only
        // recent messages per conversation).
        let gaps = reader.review_history_gaps(&period)?.len();
        if gaps > 0 {
            tracing::debug!(gaps, "daily review reminder waits for yesterday's history");
            return Ok(None);
        }
        let review = reader.review(&ReviewQuery {
            period,
            now,
            quiet_after_ms: DEFAULT_QUIET_AFTER_MS,
        })?;
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(Some(daily::Yesterday {
            unanswered: review.unanswered.total,
            transfers: count(review.transfers.transfers.len()),
            quiet_leads: count(review.quiet_leads.len()),
        }))
    })
    .await??;
    let Some(yesterday) = yesterday else {
        return Ok(DailyRound {
            shown: false,
            next_at: None,
        });
    };
    let shown = match daily::reminder(&yesterday, settings.sound, text) {
        Some(reminder) => {
            let id = desktop::show(app, &reminder, text).await?;
            tracing::info!(id, ?yesterday, "daily review reminder shown");
            true
        }
        None => {
            tracing::info!("nothing to review from yesterday: no daily reminder");
            false
        }
    };
    let writer = store.clone();
    let done = today.clone();
    tauri::async_runtime::spawn_blocking(move || writer.set_setting(daily::LAST_DAY_KEY, &done))
        .await??;
    let next_at = match daily::schedule(&settings, at_minute, Some(&today), now, &tz) {
        daily::Daily::At(at) => Some(at),
        daily::Daily::Off | daily::Daily::Due { .. } => None,
    };
    Ok(DailyRound { shown, next_at })
}

async fn show_planned<R: Runtime>(
    app: &AppHandle<R>,
    planned: &Planned,
    text: &Localizer,
) -> anyhow::Result<usize> {
    let Some(notification) = &planned.show else {
        return Ok(0);
    };
    let id = desktop::show(app, notification, text).await?;
    tracing::info!(id, opens = ?notification.opens, accounts_for = planned.accounts_for.len(), "notification shown");
    Ok(1)
}
