//! Resume from sleep. logind announces a suspend with `PrepareForSleep(true)`
//! and the resume with `PrepareForSleep(false)` on the system bus; on the
//! resume the shell reconnects sync at once, instead of waiting out a
//! backoff that began before the laptop lid closed.

use futures::StreamExt;
use tokio_util::sync::CancellationToken;
use zbus::{MatchRule, MessageStream};

const LOGIND: &str = "org.freedesktop.login1";
const LOGIND_PATH: &str = "/org/freedesktop/login1";
const LOGIND_MANAGER: &str = "org.freedesktop.login1.Manager";

/// Owns the task that watches for resumes; dropping it stops the task.
pub struct WakeWatch {
    cancel: CancellationToken,
}

impl Drop for WakeWatch {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}

/// Calls `on_wake` each time logind, on `connection`, reports a resume from
/// sleep. Returns once subscribed: no resume after the return is missed.
/// Must be called within a tokio runtime.
pub async fn watch_wake(
    connection: &zbus::Connection,
    on_wake: impl Fn() + Send + 'static,
) -> zbus::Result<WakeWatch> {
    // The bus delivers the signal only from the owner of logind's name, so
    // another program cannot pose as logind.
    let rule = MatchRule::builder()
        .msg_type(zbus::message::Type::Signal)
        .sender(LOGIND)?
        .path(LOGIND_PATH)?
        .interface(LOGIND_MANAGER)?
        .member("PrepareForSleep")?
        .build();
    let mut signals = MessageStream::for_match_rule(rule, connection, None).await?;
    let cancel = CancellationToken::new();
    let stop = cancel.clone();
    tokio::spawn(async move {
        loop {
            let signal = tokio::select! {
                // A resume that arrives as the watch is dropped is not for us.
                biased;
                _ = stop.cancelled() => return,
                signal = signals.next() => signal,
            };
            let Some(signal) = signal else {
                tracing::warn!("the bus connection closed: no longer watching for wake from sleep");
                return;
            };
            match signal.and_then(|message| message.body().deserialize::<bool>()) {
                Ok(false) => {
                    tracing::info!("resumed from sleep");
                    on_wake();
                }
                Ok(true) => tracing::debug!("going to sleep"),
                Err(error) => tracing::warn!(%error, "unreadable PrepareForSleep signal"),
            }
        }
    });
    Ok(WakeWatch { cancel })
}

/// [`watch_wake`] on the system bus. Where there is none (a container, a
/// build machine) it logs why and watches nothing: sync then comes back
/// after its backoff, as it does without this watch.
pub async fn watch_system_wake(on_wake: impl Fn() + Send + 'static) -> Option<WakeWatch> {
    let watch = async { watch_wake(&zbus::Connection::system().await?, on_wake).await };
    match watch.await {
        Ok(watch) => Some(watch),
        Err(error) => {
            tracing::warn!(%error, "not watching for wake from sleep (no system bus?)");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    use std::time::Duration;

    use super::*;

    /// Emits `PrepareForSleep(start)` from `connection`, as logind does.
    async fn prepare_for_sleep(connection: &zbus::Connection, start: bool) {
        connection
            .emit_signal(
                None::<()>,
                LOGIND_PATH,
                LOGIND_MANAGER,
                "PrepareForSleep",
                &(start,),
            )
            .await
            .expect("the signal is emitted");
    }

    async fn session_bus() -> zbus::Connection {
        zbus::Connection::session()
            .await
            .expect("the session bus of dbus-run-session")
    }

    /// Waits (up to 5 s) until `count` reaches `expected`, then a moment
    /// longer so that a signal that should not count has time to, and
    /// returns the count.
    async fn settled(count: &AtomicUsize, expected: usize) -> usize {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while count.load(Ordering::SeqCst) < expected && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        count.load(Ordering::SeqCst)
    }

    #[tokio::test]
    async fn a_resume_announced_by_logind_calls_back_once_until_the_watch_is_dropped() {
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
            eprintln!(
                "SKIPPED: no D-Bus session bus. Run: dbus-run-session -- cargo test -p switchboard wake"
            );
            return;
        }
        let logind = session_bus().await;
        logind
            .request_name(LOGIND)
            .await
            .expect("the fake logind claims its name on the private bus");
        let impostor = session_bus().await;
        let woken = Arc::new(AtomicUsize::new(0));
        let count = woken.clone();
        let watch = watch_wake(&session_bus().await, move || {
            count.fetch_add(1, Ordering::SeqCst);
        })
        .await
        .expect("the watch subscribes");

        prepare_for_sleep(&impostor, false).await;
        prepare_for_sleep(&logind, true).await;
        assert_eq!(
            settled(&woken, 0).await,
            0,
            "neither going to sleep nor a program posing as logind is a resume"
        );
        prepare_for_sleep(&logind, false).await;
        assert_eq!(
            settled(&woken, 1).await,
            1,
            "the resume logind announces calls back, once"
        );

        drop(watch);
        prepare_for_sleep(&logind, false).await;
        assert_eq!(
            settled(&woken, 1).await,
            1,
            "a dropped watch stops its task: the app is quitting"
        );
    }
}
