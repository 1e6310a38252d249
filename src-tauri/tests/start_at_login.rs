//! Starting at login, through the real autostart plugin: the freedesktop
//! entry it writes, and when. Alone in its test binary because it points
//! `HOME` (under which the plugin writes `.config/autostart`) at a
//! temporary directory for the whole process: no test may touch the
//! user's own `~/.config`.

mod common;

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use common::{app_with, invoke, serve_backend, test_options};
use serde_json::{json, Value};
use switchboard_protocol::Role;
use tauri::test::MockRuntime;
use tauri::{App, Listener};

/// The reference backend on loopback with a manager's and an agent's
/// token: (its URL, the manager's token, the agent's, the server).
fn backend_with_a_manager_and_an_agent(
    dir: &Path,
) -> (String, String, String, switchboard_backend::RunningServer) {
    tauri::async_runtime::block_on(async {
        let server = serve_backend(dir).await;
        let control = server.control();
        let manager = control.create_token(Role::Manager, "Marta").unwrap();
        let agent = control.create_token(Role::Agent, "Ana").unwrap();
        (server.url(), manager, agent, server)
    })
}

/// Signs in and waits until the shell has reacted to the new session (it
/// tells the page last, after applying the role's login default).
fn sign_in(app: &App<MockRuntime>, sessions: &mpsc::Receiver<Value>, url: &str, token: &str) {
    let session = invoke(app, "sign_in", json!({"baseUrl": url, "token": token})).unwrap();
    let name = session["me"]["name"].clone();
    loop {
        let told = sessions
            .recv_timeout(Duration::from_secs(10))
            .expect("the shell reacts to every sign-in");
        if told["type"] == "signed_in" && told["me"]["name"] == name {
            return;
        }
    }
}

fn start_at_login(app: &App<MockRuntime>) -> Value {
    invoke(app, "app_settings", json!({})).unwrap()["start_at_login"].clone()
}

fn save(app: &App<MockRuntime>, keep_running: bool, start_at_login: bool) -> Value {
    let settings = json!({"keep_running_in_background": keep_running, "start_at_login": start_at_login, "keep_history": "all", "theme": "system", "language": "system"});
    invoke(app, "set_app_settings", json!({ "settings": settings })).unwrap()
}

#[test]
fn start_at_login_follows_the_role_until_the_user_chooses_and_its_entry_runs_the_app() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    // Before the app exists: the plugin reads HOME each time it writes.
    std::env::set_var("HOME", &home);
    std::env::set_var("XDG_CONFIG_HOME", home.join(".config"));
    let entry = home.join(".config/autostart/Switchboard.desktop");

    let (url, manager, agent, server) = backend_with_a_manager_and_an_agent(dir.path());
    let mut options = test_options(&dir.path().join("app"), None);
    options.autostart = true;
    let app = app_with(options.clone());
    let (told, sessions) = mpsc::channel();
    app.listen("switchboard://session", move |event| {
        let _ = told.send(serde_json::from_str::<Value>(event.payload()).unwrap());
    });
    assert_eq!(
        invoke(&app, "app_settings", json!({})).unwrap(),
        json!({"keep_running_in_background": true, "start_at_login": false, "keep_history": "all", "theme": "system", "language": "system"}),
        "before anyone signs in: keep running in the background, no login entry"
    );

    sign_in(&app, &sessions, &url, &manager);
    let written = std::fs::read_to_string(&entry)
        .expect("a manager who never chose starts at login: the entry is written");
    let lines: Vec<&str> = written.lines().collect();
    assert_eq!(
        lines.first(),
        Some(&"[Desktop Entry]"),
        "a freedesktop desktop entry: {written}"
    );
    assert!(
        lines.contains(&"Type=Application") && lines.contains(&"Name=Switchboard"),
        "an application entry named after the product: {written}"
    );
    let exec = lines
        .iter()
        .find_map(|line| line.strip_prefix("Exec="))
        .expect("the entry says what to run");
    let program = exec.split_whitespace().next().unwrap_or_default();
    assert_eq!(
        Path::new(program),
        std::env::current_exe().unwrap(),
        "the entry runs this very executable (the app, when installed)"
    );
    assert_eq!(start_at_login(&app), true, "the page shows the entry");

    sign_in(&app, &sessions, &url, &agent);
    assert!(
        !entry.exists(),
        "an agent who never chose does not start at login: the entry is removed"
    );
    assert_eq!(start_at_login(&app), false);

    assert_eq!(
        save(&app, true, true),
        json!({"keep_running_in_background": true, "start_at_login": true, "keep_history": "all", "theme": "system", "language": "system"}),
        "the agent ticks the box"
    );
    assert!(entry.exists(), "the entry is written at once");
    sign_in(&app, &sessions, &url, &manager);
    sign_in(&app, &sessions, &url, &agent);
    assert!(
        entry.exists(),
        "once the user chose, no role's default overrides the choice"
    );

    assert_eq!(
        save(&app, false, false),
        json!({"keep_running_in_background": false, "start_at_login": false, "keep_history": "all", "theme": "system", "language": "system"})
    );
    assert!(!entry.exists(), "unticking the box removes the entry");
    drop(app);

    let again = app_with(options);
    assert_eq!(
        invoke(&again, "app_settings", json!({})).unwrap(),
        json!({"keep_running_in_background": false, "start_at_login": false, "keep_history": "all", "theme": "system", "language": "system"}),
        "the settings outlive the app"
    );
    tauri::async_runtime::block_on(server.shutdown());
}
