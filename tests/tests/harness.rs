//! The harness's own parts, proven before any scenario relies on them.

use std::time::Duration;

use switchboard_e2e::backend::{free_port, BackendOptions, BackendProcess};
use switchboard_e2e::bus::PrivateBus;
use switchboard_e2e::desktop::Desktop;
use switchboard_e2e::driver::{free_ports, TauriDriver};
use switchboard_e2e::paths;
use switchboard_test_notifications::NotificationServer;

#[tokio::test]
async fn the_notification_server_advertises_markup_so_the_app_must_escape_untrusted_text() {
    let bus = PrivateBus::start().expect("dbus-daemon starts (installed by ./dev install)");
    let _server = NotificationServer::start(bus.address()).await.unwrap();
    let connection = bus.connect().await.unwrap();
    let reply = connection
        .call_method(
            Some("org.freedesktop.Notifications"),
            "/org/freedesktop/Notifications",
            Some("org.freedesktop.Notifications"),
            "GetCapabilities",
            &(),
        )
        .await
        .expect("GetCapabilities answers");
    let capabilities: Vec<String> = reply.body().deserialize().unwrap();
    for wanted in ["body-markup", "actions"] {
        assert!(
            capabilities.iter().any(|c| c == wanted),
            "like dunst, the test server advertises {wanted}: {capabilities:?}"
        );
    }
}

#[tokio::test]
async fn each_private_bus_has_its_own_notification_server() {
    let first = PrivateBus::start().unwrap();
    let second = PrivateBus::start().unwrap();
    assert_ne!(
        first.address(),
        second.address(),
        "two tests never share a bus"
    );
    let _a = NotificationServer::start(first.address()).await.unwrap();
    let _b = NotificationServer::start(second.address())
        .await
        .expect("a server on another bus does not collide with the first");
}

#[test]
fn free_ports_are_loopback_ports_nobody_holds() {
    let port = free_port().unwrap();
    assert_ne!(port, 0, "a real port number");
    // Checked by binding it again, not by connecting to it: a connect to a
    // just-freed ephemeral port can pick that same port as its own source
    // and connect to itself (TCP simultaneous open), which looks like a
    // listener that is not there.
    let again = std::net::TcpListener::bind(("127.0.0.1", port));
    assert!(
        again.is_ok(),
        "a free port can be taken by the backend that is given it: {again:?}"
    );
}

/// Needs the backend binary, built by scripts/e2e.sh.
#[tokio::test]
#[ignore = "needs the built backend binary: run scripts/e2e.sh"]
async fn the_backend_subprocess_answers_me_with_a_created_token_and_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let mut backend = BackendProcess::start(dir.path(), BackendOptions::default())
        .await
        .expect("the backend binary starts and answers HTTP");
    let token = backend
        .create_token("manager", "Ana")
        .expect("token create prints a token");
    let me = |token: String, url: String| async move {
        reqwest::Client::new()
            .get(format!("{url}/v1/me"))
            .bearer_auth(token)
            .timeout(Duration::from_secs(5))
            .send()
            .await
    };

    let answer = me(token.clone(), backend.url())
        .await
        .expect("/v1/me answers");
    assert_eq!(
        answer.status(),
        200,
        "a created token signs in: {}",
        backend.log()
    );
    let who: switchboard_protocol::Me = answer.json().await.expect("/v1/me returns a Me");
    assert_eq!(
        who.name, "Ana",
        "the token belongs to who it was created for"
    );
    assert_eq!(who.role, switchboard_protocol::Role::Manager);

    backend.kill();
    assert!(
        me(token.clone(), backend.url()).await.is_err(),
        "a killed backend no longer answers"
    );
    backend
        .restart()
        .await
        .expect("the backend restarts on the same port and database");
    let again = me(token, backend.url())
        .await
        .expect("/v1/me answers after the restart");
    assert_eq!(
        again.status(),
        200,
        "tokens are stored in the database and survive restarts"
    );

    let wrong = me("not-a-token".into(), backend.url()).await.unwrap();
    assert_eq!(wrong.status(), 401, "an unknown token is refused");
}

/// Another process can take a port between the harness picking it and
/// WebKitWebDriver binding it; the launch must then go on, on new ports,
/// rather than fail the scenario. Needs a display and the built app.
#[tokio::test]
#[ignore = "needs tauri-driver, a display and the built app: run scripts/e2e.sh"]
async fn a_driver_whose_port_was_taken_is_started_again_on_new_ports() {
    let desktop = Desktop::new().await.unwrap();
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let taken_port = taken.local_addr().unwrap().port();
    let mut picked = Vec::new();
    let (driver, client) = TauriDriver::start_with_session_on(
        &desktop.env(),
        &desktop.dir().join("driver.log"),
        &paths::app_binary().unwrap(),
        &[],
        || {
            let ports = if picked.is_empty() {
                (free_port()?, taken_port)
            } else {
                free_ports()?
            };
            picked.push(ports);
            Ok(ports)
        },
    )
    .await
    .expect("a session on the second driver");
    assert_eq!(
        picked.len(),
        2,
        "one driver on the taken port, one on new ports: {picked:?}"
    );
    assert_eq!(
        client.title().await.unwrap(),
        "Switchboard",
        "the session drives the app's window"
    );
    client.close().await.unwrap();
    drop(driver);
}
