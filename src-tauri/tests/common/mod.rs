//! What the tests of the app share: the real setup on Tauri's mock runtime,
//! a way to call commands as the page does, and cache contents built from
//! the wire types (applied through the real store).

#![allow(dead_code)] // each test binary uses part of this

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;
use switchboard::session::Launch;
use switchboard::Options;
use switchboard_protocol::{
    AssistantState, Author, BootstrapPage, Change, Contact, Conversation, ConversationStatus,
    Event, Message,
};
use switchboard_store::Store;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::MockRuntime;
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager};

pub const T0: i64 = 1_700_000_000_000;

/// The app's real setup (config, ACL, commands, plugins) on the mock runtime.
pub fn app(data_dir: &Path, launch: Option<Launch>) -> App<MockRuntime> {
    app_with(test_options(data_dir, launch))
}

/// What a test's app uses: its own data dir, no log files, no tray, and
/// nothing written outside the data dir (no keyring, no login entry).
pub fn test_options(data_dir: &Path, launch: Option<Launch>) -> Options {
    Options {
        data_dir: Some(data_dir.to_owned()),
        launch,
        logging: false,
        tray: false,
        use_keyring: false,
        download_history: true,
        autostart: false,
        // No page paints here: nothing waits for it.
        first_paint_fallback: std::time::Duration::ZERO,
        // A failed setup fails the test; no dialog waits for a click.
        start_failure_dialog: false,
    }
}

/// [`app`] with other options.
pub fn app_with(options: Options) -> App<MockRuntime> {
    let mut app = switchboard::builder(mock_builder(), options)
        .build(switchboard::context())
        .expect("the app builds on the mock runtime");
    // The setup hook (store, window, tasks) runs with the event loop's first turn.
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    app
}

/// Calls a command from the main window's page, as `invoke` does.
pub fn invoke(app: &App<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    invoke_from(app, "tauri://localhost", cmd, args)
}

/// Calls a command as a page loaded from `origin` would.
pub fn invoke_from(
    app: &App<MockRuntime>,
    origin: &str,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let webview = app
        .get_webview_window(switchboard::MAIN_WINDOW)
        .expect("the setup creates the main window");
    get_ipc_response(
        &webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: origin.parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

/// Polls `check` until it returns `Some` or `timeout` passes.
pub fn eventually<T>(timeout: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check() {
            return Some(value);
        }
        if Instant::now() > deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn contact(id: i64, name: &str) -> Contact {
    Contact {
        id,
        name: name.into(),
        phone: Some(format!("+55 11 9000-{id:04}")),
        email: Some(format!("c{id}@example.com")),
        external_id: None,
        chat_id: None,
        attributes: BTreeMap::new(),
        created_at: T0,
        updated_seq: 1,
    }
}

pub fn conversation(id: i64, status: ConversationStatus, at: i64, seq: i64) -> Conversation {
    let transferred = status == ConversationStatus::Transferred;
    Conversation {
        id,
        contact_id: id,
        channel: "whatsapp".into(),
        status,
        assistant_state: if transferred {
            AssistantState::Paused
        } else {
            AssistantState::Active
        },
        transfer_reason: transferred.then(|| "asked for a human".into()),
        transferred_at: transferred.then_some(at),
        created_at: T0,
        last_activity_at: at,
        last_message_preview: Some(format!("hello from {id}")),
        message_count: None,
        assignee: None,
        snooze: None,
        updated_seq: seq,
    }
}

pub fn message(id: i64, conversation_id: i64, text: &str, at: i64, seq: i64) -> Message {
    Message {
        id,
        conversation_id,
        author: Author::Customer,
        agent_id: None,
        agent_name: None,
        text: text.into(),
        created_at: at,
        seq,
        unanswered: None,
        event: None,
    }
}

/// A cache with `names.len()` open conversations (ids from 1), each with one
/// customer message, bootstrapped at seq 10.
pub fn seed_cache(data_dir: &Path, names: &[&str], transferred: &[i64]) -> Store {
    std::fs::create_dir_all(data_dir).unwrap();
    let store = Store::open(&data_dir.join("cache.sqlite3")).unwrap();
    let ids = 1..=names.len() as i64;
    let status = |id: i64| {
        if transferred.contains(&id) {
            ConversationStatus::Transferred
        } else {
            ConversationStatus::Open
        }
    };
    store
        .apply_bootstrap_page(&BootstrapPage {
            snapshot_seq: 10,
            conversations: ids
                .clone()
                .map(|id| conversation(id, status(id), T0 + id, 5))
                .collect(),
            contacts: ids
                .clone()
                .zip(names)
                .map(|(id, name)| contact(id, name))
                .collect(),
            messages: ids
                .map(|id| message(id, id, &format!("hello from {id}"), T0 + id, 5))
                .collect(),
            next_page_token: None,
            total_conversations: names.len() as i64,
        })
        .unwrap();
    store
}

pub fn event(seq: i64, at: i64, change: Change) -> Event {
    Event {
        seq,
        id: format!("event-{seq}"),
        occurred_at: at,
        change,
    }
}

/// A customer message then a transfer of `conversation_id`, at `at`.
pub fn customer_message_then_transfer(
    seq: i64,
    conversation_id: i64,
    text: &str,
    reason: &str,
    at: i64,
) -> [Event; 2] {
    let mut open = conversation(conversation_id, ConversationStatus::Open, at, seq);
    open.last_message_preview = Some(text.into());
    let mut transferred = conversation(
        conversation_id,
        ConversationStatus::Transferred,
        at,
        seq + 1,
    );
    transferred.transfer_reason = Some(reason.into());
    transferred.last_message_preview = Some(text.into());
    [
        event(
            seq,
            at,
            Change::MessageCreated {
                message: message(1000 + seq, conversation_id, text, at, seq),
                conversation: open,
            },
        ),
        event(
            seq + 1,
            at,
            Change::ConversationTransferred {
                conversation: transferred,
            },
        ),
    ]
}

/// The reference backend in-process on a loopback port, with a token for
/// `user` (an agent) and a conversation of "Rui" transferred if `transfer`:
/// (its URL, the token, the server).
pub fn backend_with_rui(
    dir: &Path,
    user: &str,
    transfer: bool,
) -> (String, String, switchboard_backend::RunningServer) {
    tauri::async_runtime::block_on(async {
        let server = serve_backend(dir).await;
        let control = server.control();
        let token = control
            .create_token(switchboard_protocol::Role::Agent, user)
            .unwrap();
        let conversation = control
            .start_conversation(switchboard_backend::NewContact::named("Rui"), "web")
            .unwrap();
        if transfer {
            control.transfer(conversation.id, "wants a human").unwrap();
        }
        (server.url(), token, server)
    })
}

/// The reference backend in-process on a loopback port, its database in `dir`.
pub async fn serve_backend(dir: &Path) -> switchboard_backend::RunningServer {
    let config = switchboard_backend::ServerConfig::new(
        dir.join("backend.sqlite3"),
        ([127, 0, 0, 1], 0).into(),
    );
    switchboard_backend::serve(config).await.unwrap()
}
