//! The server as a process and a library: restarts on the same database
//! and port, the token command, the OpenAPI document, demo data and the
//! simulator, bulk seeding.

mod common;

use std::process::Command;
use std::time::Duration;

use common::{expect_error, json, start, start_with};
use reqwest::StatusCode;
use switchboard_backend::{serve, BulkSeed, Language, NewContact, ServerConfig};
use switchboard_protocol::{
    error_code, Author, BootstrapPage, Change, ConversationStatus, EventsPage, Me, Message, Role,
};

#[tokio::test]
async fn a_restart_on_the_same_database_and_port_keeps_data_tokens_and_seqs() {
    let dir = tempfile::tempdir().unwrap();
    let config = common::config(&dir);
    let server = serve(config.clone()).await.unwrap();
    let token = server.control().create_token(Role::Manager, "Ana").unwrap();
    let c = server
        .control()
        .start_conversation(NewContact::named("João"), "whatsapp")
        .unwrap();
    server.control().customer_message(c.id, "Olá").unwrap();
    let head = server.control().last_seq().unwrap();
    let addr = server.addr();
    // An open stream must not keep the server from stopping.
    let http = reqwest::Client::new();
    let stream = http
        .get(format!("{}/v1/sync/stream?after=0", server.url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    tokio::time::timeout(Duration::from_secs(10), server.shutdown())
        .await
        .expect("shutdown ends open streams");
    drop(stream);

    let mut again = config;
    again.addr = addr;
    let server = serve(again)
        .await
        .expect("the same port can be bound again right after shutdown");
    let me: Me = json(
        http.get(format!("{}/v1/me", server.url()))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(me.role, Role::Manager, "tokens survive a restart");
    assert_eq!(
        server.control().last_seq().unwrap(),
        head,
        "the log survives a restart"
    );
    server
        .control()
        .customer_message(c.id, "Still there?")
        .unwrap();
    let page: EventsPage = json(
        http.get(format!("{}/v1/sync/events?after={head}", server.url()))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        page.events.first().map(|e| e.seq),
        Some(head + 1),
        "seqs continue after a restart without a gap"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn token_create_prints_a_token_that_the_server_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("fresh.db");
    let output = Command::new(env!("CARGO_BIN_EXE_switchboard-backend"))
        .args(["token", "create", "--db"])
        .arg(&db)
        .args(["--role", "manager", "--name", "Ana Gonçalves"])
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "token create succeeds: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    let token = stdout
        .lines()
        .last()
        .expect("the token is on the last line")
        .trim()
        .to_owned();

    let raw = std::fs::read(&db).unwrap();
    assert!(
        !raw.windows(token.len()).any(|w| w == token.as_bytes()),
        "only a hash of the token is stored"
    );
    let mut config = common::config(&dir);
    config.db_path = db;
    let server = serve(config).await.unwrap();
    let me: Me = json(
        reqwest::Client::new()
            .get(format!("{}/v1/me", server.url()))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        (me.name.as_str(), me.role),
        ("Ana Gonçalves", Role::Manager),
        "the printed token signs in as its user"
    );

    let bad = Command::new(env!("CARGO_BIN_EXE_switchboard-backend"))
        .args(["token", "create", "--db"])
        .arg(dir.path().join("x.db"))
        .args(["--role", "boss", "--name", "X"])
        .output()
        .unwrap();
    assert!(!bad.status.success(), "an unknown role is refused");
}

/// Runs `switchboard-backend token <args> --db <db>`; its stdout, or a
/// failure with its stderr.
fn token_command(db: &std::path::Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new(env!("CARGO_BIN_EXE_switchboard-backend"))
        .arg("token")
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .expect("the binary runs");
    if output.status.success() {
        Ok(String::from_utf8(output.stdout).unwrap())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[tokio::test]
async fn token_list_shows_no_secret_and_token_revoke_locks_the_token_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("backend.db");
    let created = |args: &[&str]| {
        let out = token_command(&db, args).expect("token create succeeds");
        out.lines().last().unwrap().trim().to_owned()
    };
    let ana = created(&["create", "--role", "agent", "--name", "Ana"]);
    let bea = created(&[
        "create",
        "--role",
        "manager",
        "--name",
        "Bea",
        "--expires-in",
        "30d",
    ]);
    assert!(
        token_command(
            &db,
            &[
                "create",
                "--role",
                "agent",
                "--name",
                "X",
                "--expires-in",
                "soon"
            ]
        )
        .is_err(),
        "an expiry that is not a duration is refused"
    );

    let listed = token_command(&db, &["list"]).unwrap();
    let rows: Vec<Vec<&str>> = listed
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(rows.len(), 2, "one row per token: {listed}");
    assert_eq!(
        (rows[0][0], rows[0][1], rows[0][2], rows[0][4], rows[0][5]),
        ("1", "Ana", "agent", "-", "-"),
        "id, name, role, then no expiry and not revoked: {listed}"
    );
    assert_eq!((rows[1][1], rows[1][2]), ("Bea", "manager"));
    assert!(
        rows[1][4].ends_with("UTC"),
        "Bea's expiry is shown: {listed}"
    );
    for token in [&ana, &bea] {
        assert!(
            !listed.contains(token.as_str()),
            "token list never shows a secret"
        );
    }

    let server = serve(ServerConfig {
        db_path: db.clone(),
        ..common::config(&dir)
    })
    .await
    .unwrap();
    let me = |token: String| {
        let url = format!("{}/v1/me", server.url());
        async move {
            reqwest::Client::new()
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(me(ana.clone()).await, StatusCode::OK);
    let revoked = token_command(&db, &["revoke", "1"]).unwrap();
    assert!(revoked.contains("revoked token 1"), "{revoked}");
    assert_eq!(
        me(ana.clone()).await,
        StatusCode::UNAUTHORIZED,
        "a revoked token is refused by the running server"
    );
    assert_eq!(me(bea).await, StatusCode::OK, "other tokens keep working");
    assert!(
        token_command(&db, &["revoke", "1"])
            .unwrap()
            .contains("already"),
        "revoking twice says so"
    );
    assert!(
        token_command(&db, &["revoke", "99"]).is_err(),
        "an unknown id is an error, not a silent success"
    );
    let listed = token_command(&db, &["list"]).unwrap();
    let ana_row: Vec<&str> = listed.lines().nth(1).unwrap().split('\t').collect();
    assert!(
        ana_row[5].ends_with("UTC"),
        "the revocation time is listed: {listed}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn openapi_document_describes_every_endpoint() {
    let t = start().await;
    let doc: serde_json::Value = json(
        t.http.get(t.url("/v1/openapi.json")).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(
        doc["openapi"].as_str().unwrap_or("").starts_with("3."),
        "an OpenAPI 3 document"
    );
    for path in [
        "/v1/me",
        "/v1/sync/bootstrap",
        "/v1/sync/events",
        "/v1/sync/stream",
        "/v1/conversations/{id}/messages",
        "/v1/conversations/{id}/assistant",
        "/v1/conversations/{id}/close",
        "/v1/contacts/{id}/conversations",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "the document describes {path}"
        );
    }
    for schema in [
        "BootstrapPage",
        "Event",
        "Change",
        "ApiError",
        "WriteResult",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "the document defines {schema}"
        );
    }
}

#[tokio::test]
async fn demo_seeds_realistic_data_and_the_simulator_writes_traffic() {
    let t = start_with(|c| {
        c.demo = true;
        c.seed = 7;
        c.rate = 50.0;
    })
    .await;
    let page: BootstrapPage = json(
        t.get("/v1/sync/bootstrap?limit=1000").send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(
        page.total_conversations >= 200,
        "a few hundred conversations: {}",
        page.total_conversations
    );
    let count = |status| {
        page.conversations
            .iter()
            .filter(|c| c.status == status)
            .count()
    };
    assert!(
        count(ConversationStatus::Transferred) > 0,
        "some conversations are waiting for a human"
    );
    assert!(count(ConversationStatus::Closed) > 0, "some are closed");
    assert!(
        page.contacts.len() < page.conversations.len(),
        "returning contacts have several conversations"
    );
    assert!(
        page.contacts.iter().any(|c| !c.name.is_ascii()),
        "names have accents"
    );
    assert!(
        page.messages
            .iter()
            .any(|m| m.text.contains("couldn't find information")),
        "the assistant sometimes does not know"
    );

    let head = page.snapshot_seq;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let events: EventsPage = json(
        t.get(&format!("/v1/sync/events?after={head}"))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(
        events.events.len() >= 10,
        "the simulator writes traffic at the given rate: {}",
        events.events.len()
    );

    // A customer keeps to one language: the seeded conversations each in
    // one, the live traffic in the contact's (its `language` attribute).
    let customer_lines = |messages: Vec<&Message>| {
        messages
            .into_iter()
            .filter(|m| m.author == Author::Customer && m.text != "🤬🤬🤬")
            .map(|m| {
                (
                    m.conversation_id,
                    Language::of_text(&m.text),
                    m.text.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let mut language_of_conversation = std::collections::HashMap::new();
    let seeded = customer_lines(page.messages.iter().collect());
    for (conversation, language, text) in &seeded {
        let first = *language_of_conversation
            .entry(*conversation)
            .or_insert(*language);
        assert_eq!(*language, first, "{text} (conversation {conversation})");
    }
    assert!(seeded.len() > 100, "{} seeded lines", seeded.len());
    let contact_language: std::collections::HashMap<i64, Language> = page
        .contacts
        .iter()
        .map(|c| (c.id, Language::of_attributes(&c.attributes)))
        .collect();
    let contact_of: std::collections::HashMap<i64, i64> = page
        .conversations
        .iter()
        .map(|c| (c.id, c.contact_id))
        .collect();
    let live = customer_lines(
        events
            .events
            .iter()
            .filter_map(|e| match &e.change {
                Change::MessageCreated { message, .. } => Some(message),
                _ => None,
            })
            .collect(),
    );
    for (conversation, language, text) in &live {
        // A conversation started after the snapshot has a contact of its own.
        if let Some(contact) = contact_of.get(conversation) {
            assert_eq!(*language, contact_language[contact], "{text}");
        }
    }
}

#[tokio::test]
async fn demo_seed_is_reproducible() {
    let a = start_with(|c| c.demo = false).await;
    let b = start_with(|c| c.demo = false).await;
    a.server.control().seed_demo(3).unwrap();
    b.server.control().seed_demo(3).unwrap();
    let names = |t: &common::TestServer| {
        let control = t.server.control().clone();
        (1..=30)
            .map(move |id| {
                control
                    .contact(id)
                    .unwrap()
                    .map(|c| (c.name, c.phone, c.email))
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(&a),
        names(&b),
        "the same seed makes the same contacts"
    );
}

#[tokio::test]
async fn bulk_seed_writes_conversations_messages_and_their_events() {
    let t = start().await;
    let report = t.server.control().seed_bulk(&BulkSeed::new(50, 6)).unwrap();
    assert_eq!(
        (report.conversations, report.messages),
        (50, 300),
        "the seeder writes what was asked"
    );
    let page: BootstrapPage = json(
        t.get("/v1/sync/bootstrap?limit=1000").send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(page.total_conversations, 50);
    assert_eq!(
        page.snapshot_seq, report.last_seq,
        "seeding commits through the event log"
    );
    assert_eq!(
        page.conversations
            .iter()
            .filter(|c| c.status == ConversationStatus::Transferred)
            .count(),
        50 / 20,
        "one in twenty ends transferred"
    );
    let events: EventsPage = json(
        t.get("/v1/sync/events?after=0&limit=1000")
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(
        events.events.len() as i64,
        report.last_seq,
        "every seeded change has its event"
    );
    let ahead = format!("/v1/sync/events?after={}", report.last_seq + 1);
    let gone = t.get(&ahead).send().await.unwrap();
    expect_error(gone, StatusCode::GONE, error_code::CURSOR_EXPIRED).await;
    let negative = t.get("/v1/sync/events?after=-5").send().await.unwrap();
    expect_error(negative, StatusCode::BAD_REQUEST, error_code::BAD_REQUEST).await;
}

#[tokio::test]
async fn serve_reports_a_taken_port_as_an_error() {
    let t = start().await;
    let dir = tempfile::tempdir().unwrap();
    let config = ServerConfig::new(dir.path().join("b.db"), t.server.addr());
    assert!(
        serve(config).await.is_err(),
        "binding a taken port fails cleanly"
    );
}

#[tokio::test]
async fn the_serve_command_runs_a_demo_server_until_terminated() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_switchboard-backend"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--demo",
            "--seed",
            "5",
            "--heartbeat-secs",
            "1",
            "--db",
        ])
        .arg(dir.path().join("demo.db"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().unwrap();
    let lines = tokio::task::spawn_blocking(move || {
        BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
            .take(2)
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    let token = lines[0]
        .strip_prefix("demo token: ")
        .expect("the demo prints a token first")
        .to_owned();
    let url = lines[1]
        .strip_prefix("listening on ")
        .expect("then where it listens")
        .to_owned();
    let page: BootstrapPage = json(
        reqwest::Client::new()
            .get(format!("{url}/v1/sync/bootstrap?limit=5"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(
        page.total_conversations >= 200,
        "the demo data is served over HTTP"
    );

    let pid = child.id().to_string();
    let terminated = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(terminated.success(), "the signal is delivered");
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(
        status.success(),
        "SIGTERM shuts the server down cleanly: {status}"
    );
}
