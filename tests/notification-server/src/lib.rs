//! # switchboard-test-notifications
//!
//! A test notification server, the one every test of Switchboard's desktop
//! notifications uses (the shell's D-Bus test and the end-to-end suite):
//! claims `org.freedesktop.Notifications` on a bus, records every `Notify`
//! call as a desktop would receive it, and can click a notification
//! (`ActionInvoked(id, "default")`), as a user would.
//!
//! It must never be started on a desktop's own session bus: a real
//! notification daemon already owns the name there. Tests give it a private
//! bus (`dbus-run-session`, or a `dbus-daemon` of their own).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{anyhow, Context, Result};
use tokio::sync::watch;
use zbus::object_server::SignalEmitter;
use zbus::zvariant::{OwnedValue, Value};

const NAME: &str = "org.freedesktop.Notifications";
const PATH: &str = "/org/freedesktop/Notifications";

/// One `Notify` call, as received.
#[derive(Debug, Clone)]
pub struct Notification {
    /// The id this server answered with (what a click reports).
    pub id: u32,
    pub app_name: String,
    pub replaces_id: u32,
    pub summary: String,
    pub body: String,
    /// Pairs of (key, label), flattened as on the wire.
    pub actions: Vec<String>,
    /// Hint values in a readable form (`urgency` → `1`, `category` → `im.received`).
    pub hints: BTreeMap<String, String>,
    pub expire_timeout: i32,
    pub received_at: Instant,
    /// Wall-clock receipt time, comparable with the backend's `occurred_at`.
    pub received_unix_ms: i64,
}

impl Notification {
    /// Whether the sender offered a click on the body (`default` action).
    pub fn has_default_action(&self) -> bool {
        self.actions.chunks(2).any(|pair| pair[0] == "default")
    }

    /// The label of the button of `action`, if the notification offers it.
    pub fn action_label(&self, action: &str) -> Option<&str> {
        self.actions
            .chunks(2)
            .find(|pair| pair[0] == action)
            .and_then(|pair| pair.get(1))
            .map(String::as_str)
    }
}

/// The D-Bus object; what it records is shared with [`NotificationServer`].
struct Notifications {
    received: watch::Sender<Vec<Notification>>,
    next_id: AtomicU32,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Notifications {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedValue>,
        expire_timeout: i32,
    ) -> u32 {
        let id = if replaces_id != 0 {
            replaces_id
        } else {
            self.next_id.fetch_add(1, Ordering::Relaxed)
        };
        let notification = Notification {
            id,
            app_name,
            replaces_id,
            summary,
            body,
            actions,
            hints: hints
                .iter()
                .map(|(key, value)| (key.clone(), readable(value)))
                .collect(),
            expire_timeout,
            received_at: Instant::now(),
            received_unix_ms: unix_ms(SystemTime::now()),
        };
        self.received.send_modify(|all| all.push(notification));
        id
    }

    /// What a daemon such as dunst advertises: the app must escape markup.
    fn get_capabilities(&self) -> Vec<String> {
        ["body", "body-markup", "actions"]
            .map(String::from)
            .to_vec()
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "switchboard-test-notifications".into(),
            "switchboard".into(),
            env!("CARGO_PKG_VERSION").into(),
            "1.2".into(),
        )
    }

    async fn close_notification(
        &self,
        id: u32,
        #[zbus(signal_emitter)] emitter: SignalEmitter<'_>,
    ) -> zbus::fdo::Result<()> {
        // Reason 3: closed by a call to CloseNotification.
        Self::notification_closed(&emitter, id, 3).await?;
        Ok(())
    }

    #[zbus(signal)]
    async fn action_invoked(
        emitter: &SignalEmitter<'_>,
        id: u32,
        action_key: &str,
    ) -> zbus::Result<()>;

    #[zbus(signal)]
    async fn notification_closed(
        emitter: &SignalEmitter<'_>,
        id: u32,
        reason: u32,
    ) -> zbus::Result<()>;
}

/// The running server; releases the name when dropped.
pub struct NotificationServer {
    connection: zbus::Connection,
    received: watch::Receiver<Vec<Notification>>,
}

impl NotificationServer {
    /// Claims `org.freedesktop.Notifications` on the bus at `address`.
    pub async fn start(address: &str) -> Result<Self> {
        let (sender, received) = watch::channel(Vec::new());
        let object = Notifications {
            received: sender,
            next_id: AtomicU32::new(1),
        };
        let connection = zbus::connection::Builder::address(address)?
            .serve_at(PATH, object)?
            .name(NAME)?
            .build()
            .await
            .with_context(|| format!("claiming {NAME} on {address}"))?;
        Ok(Self {
            connection,
            received,
        })
    }

    /// Every `Notify` received so far, oldest first.
    pub fn received(&self) -> Vec<Notification> {
        self.received.borrow().clone()
    }

    /// The first notification (oldest first) matching `wanted`, waiting up to
    /// `timeout` for it to arrive.
    pub async fn wait_for(
        &self,
        timeout: Duration,
        wanted: impl Fn(&Notification) -> bool,
    ) -> Result<Notification> {
        let mut received = self.received.clone();
        let found =
            tokio::time::timeout(timeout, received.wait_for(|all| all.iter().any(&wanted))).await;
        match found {
            Ok(Ok(all)) => Ok(all
                .iter()
                .find(|n| wanted(n))
                .cloned()
                .expect("wait_for matched")),
            _ => Err(anyhow!(
                "no matching notification within {timeout:?}; received: {:#?}",
                self.received()
            )),
        }
    }

    /// Clicks the body of notification `id`, as a user would: the daemon
    /// reports the `default` action, then that the notification closed.
    pub async fn click(&self, id: u32) -> Result<()> {
        self.invoke(id, "default").await
    }

    /// Presses the button of `action` on notification `id` (its key, as in
    /// [`Notification::actions`]), as a user would: the daemon reports the
    /// action, then that the notification closed.
    pub async fn invoke(&self, id: u32, action: &str) -> Result<()> {
        let object = self
            .connection
            .object_server()
            .interface::<_, Notifications>(PATH)
            .await?;
        Notifications::action_invoked(object.signal_emitter(), id, action).await?;
        // Reason 2: dismissed by the user.
        Notifications::notification_closed(object.signal_emitter(), id, 2).await?;
        Ok(())
    }
}

fn readable(value: &Value<'_>) -> String {
    match value {
        Value::Str(text) => text.to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::U8(n) => n.to_string(),
        Value::I32(n) => n.to_string(),
        Value::U32(n) => n.to_string(),
        Value::I64(n) => n.to_string(),
        other => other.to_string(),
    }
}

fn unix_ms(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}
