//! Who may do what, tokens that stop working, and a server that holds
//! under abuse: every route × every kind of caller, revocation reaching
//! open streams, and the connection limits, over a real socket.

mod common;

use std::time::{Duration, Instant};

use common::{expect_error, json, start, start_with, TestServer};
use futures::StreamExt;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use switchboard_protocol::{error_code, AssistantState, Conversation, Me, Role};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Who signs a request in the route table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    NoToken,
    UnknownToken,
    RevokedToken,
    ExpiredToken,
    Agent,
    Manager,
}

const CALLERS: [Caller; 6] = [
    Caller::NoToken,
    Caller::UnknownToken,
    Caller::RevokedToken,
    Caller::ExpiredToken,
    Caller::Agent,
    Caller::Manager,
];

/// One row of the table: a request on a fresh conversation (in the state
/// `before` leaves it), and what an agent and a manager get.
struct Route {
    name: &'static str,
    method: Method,
    /// `{id}` is the conversation, `{contact}` its contact.
    path: &'static str,
    body: Option<Value>,
    before: Option<AssistantState>,
    agent: StatusCode,
    manager: StatusCode,
    /// Needs no token at all.
    public: bool,
}

fn route(name: &'static str, method: Method, path: &'static str) -> Route {
    Route {
        name,
        method,
        path,
        body: None,
        before: None,
        agent: StatusCode::OK,
        manager: StatusCode::OK,
        public: false,
    }
}

fn routes() -> Vec<Route> {
    use AssistantState::*;
    let assistant = |name, before, to: AssistantState, agent| Route {
        body: Some(json!({ "state": to })),
        before: Some(before),
        agent,
        ..route(name, Method::PUT, "/v1/conversations/{id}/assistant")
    };
    vec![
        route("who am I", Method::GET, "/v1/me"),
        route("bootstrap", Method::GET, "/v1/sync/bootstrap"),
        route("catch-up", Method::GET, "/v1/sync/events"),
        route("stream", Method::GET, "/v1/sync/stream"),
        route("history", Method::GET, "/v1/conversations/{id}/messages"),
        route("bulk history", Method::GET, "/v1/sync/history"),
        route(
            "contact",
            Method::GET,
            "/v1/contacts/{contact}/conversations",
        ),
        Route {
            body: Some(json!({ "text": "Hi, Ana here" })),
            ..route("reply", Method::POST, "/v1/conversations/{id}/messages")
        },
        assistant("pause", Active, Paused, StatusCode::OK),
        assistant("resume", Paused, Active, StatusCode::OK),
        assistant("block", Active, Blocked, StatusCode::FORBIDDEN),
        assistant("unblock", Blocked, Active, StatusCode::FORBIDDEN),
        assistant("block again", Blocked, Blocked, StatusCode::FORBIDDEN),
        route("close", Method::POST, "/v1/conversations/{id}/close"),
        Route {
            public: true,
            ..route("OpenAPI document", Method::GET, "/v1/openapi.json")
        },
    ]
}

/// The id of the user a working token belongs to.
async fn user_id(t: &TestServer, token: &str) -> i64 {
    let me: Me = json(who_am_i(t, token).await, StatusCode::OK).await;
    me.id
}

fn db_path(t: &TestServer) -> std::path::PathBuf {
    t.dir.path().join("backend.db")
}

#[tokio::test]
async fn every_route_answers_each_kind_of_caller_as_the_permission_table_says() {
    let t = start().await;
    let agent = t.token_for(Role::Agent, "Ana");
    let manager = t.token_for(Role::Manager, "Bea");
    let revoked = t.token_for(Role::Manager, "Caio");
    let revoked_id = user_id(&t, &revoked).await;
    assert!(switchboard_backend::revoke_token(&db_path(&t), revoked_id).unwrap());
    let expired = expiring_token(&t, Role::Manager, "Dora", Duration::ZERO);

    for route in routes() {
        for caller in CALLERS {
            let conversation = t.new_conversation("Eva");
            if let Some(state) = route.before {
                t.control().set_assistant(conversation.id, state).unwrap();
            }
            let before = t.control().conversation(conversation.id).unwrap();
            let path = route
                .path
                .replace("{id}", &conversation.id.to_string())
                .replace("{contact}", &conversation.contact_id.to_string());
            let mut request = t.http.request(route.method.clone(), t.url(&path)).header(
                "Idempotency-Key",
                format!("{}-{caller:?}", route.name.replace(' ', "-")),
            );
            if let Some(body) = &route.body {
                request = request.json(body);
            }
            request = match caller {
                Caller::NoToken => request,
                Caller::UnknownToken => request.bearer_auth("sb_not_a_token"),
                Caller::RevokedToken => request.bearer_auth(&revoked),
                Caller::ExpiredToken => request.bearer_auth(&expired),
                Caller::Agent => request.bearer_auth(&agent),
                Caller::Manager => request.bearer_auth(&manager),
            };
            let expected = match caller {
                _ if route.public => StatusCode::OK,
                Caller::NoToken
                | Caller::UnknownToken
                | Caller::RevokedToken
                | Caller::ExpiredToken => StatusCode::UNAUTHORIZED,
                Caller::Agent => route.agent,
                Caller::Manager => route.manager,
            };
            let response = request.send().await.unwrap();
            let status = response.status();
            let context = format!("{} as {caller:?}", route.name);
            if expected.is_success() {
                assert_eq!(status, expected, "{context}: allowed by the table");
                continue;
            }
            let code = match expected {
                StatusCode::UNAUTHORIZED => error_code::UNAUTHORIZED,
                _ => error_code::FORBIDDEN,
            };
            let error = expect_error(response, expected, code).await;
            assert!(!error.message.is_empty(), "{context}: the refusal says why");
            assert_eq!(
                t.control().conversation(conversation.id).unwrap(),
                before,
                "{context}: a refused request changes nothing"
            );
        }
    }
}

/// A token for a new user that stops working `lifetime` from now, made as
/// the `token create --expires-in` command makes it.
fn expiring_token(t: &TestServer, role: Role, name: &str, lifetime: Duration) -> String {
    switchboard_backend::create_token(&db_path(t), role, name, Some(lifetime)).unwrap()
}

/// `GET /v1/me` with `token`.
async fn who_am_i(t: &TestServer, token: &str) -> reqwest::Response {
    t.http
        .get(t.url("/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_token_past_its_expiry_stops_working_and_one_before_it_works() {
    let t = start().await;
    let lasting = expiring_token(&t, Role::Agent, "Ana", Duration::from_secs(3600));
    let brief = expiring_token(&t, Role::Agent, "Bea", Duration::from_millis(300));
    for token in [&lasting, &brief] {
        let status = who_am_i(&t, token).await.status();
        assert_eq!(status, StatusCode::OK, "a token works until it expires");
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    let refused = who_am_i(&t, &brief).await;
    let error = expect_error(refused, StatusCode::UNAUTHORIZED, error_code::UNAUTHORIZED).await;
    assert!(
        error.message.contains("expired"),
        "the message says why: {}",
        error.message
    );
    assert_eq!(
        who_am_i(&t, &lasting).await.status(),
        StatusCode::OK,
        "another token's expiry is its own"
    );
}

/// Reads `stream` until it ends; fails if it is still open after `within`.
async fn ends_within(response: reqwest::Response, within: Duration) -> Duration {
    let started = Instant::now();
    let mut bytes = response.bytes_stream();
    tokio::time::timeout(within, async {
        while let Some(chunk) = bytes.next().await {
            if chunk.is_err() {
                break;
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the stream is still open after {within:?}"));
    started.elapsed()
}

async fn open_stream(t: &TestServer, token: &str) -> reqwest::Response {
    let response = t
        .http
        .get(t.url("/v1/sync/stream"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK, "the stream opens");
    response
}

#[tokio::test]
async fn revoking_a_token_ends_its_open_stream_within_seconds_and_spares_others() {
    let t = start_with(|c| {
        c.heartbeat = Duration::from_secs(60);
        c.token_recheck = Duration::from_millis(200);
    })
    .await;
    let doomed = t.token_for(Role::Agent, "Ana");
    let doomed_id = user_id(&t, &doomed).await;
    let doomed_stream = open_stream(&t, &doomed).await;
    let other_stream = open_stream(&t, &t.token).await;

    switchboard_backend::revoke_token(&db_path(&t), doomed_id).unwrap();
    let took = ends_within(doomed_stream, Duration::from_secs(5)).await;
    assert!(
        took < Duration::from_secs(3),
        "a revoked token's stream ends promptly (took {took:?})"
    );

    let response = t
        .http
        .get(t.url("/v1/sync/stream"))
        .bearer_auth(&doomed)
        .send()
        .await
        .unwrap();
    expect_error(response, StatusCode::UNAUTHORIZED, error_code::UNAUTHORIZED).await;

    let conversation = t.new_conversation("Eva");
    let mut frames = other_stream.bytes_stream();
    let chunk = tokio::time::timeout(Duration::from_secs(5), frames.next())
        .await
        .expect("another token's stream keeps flowing")
        .unwrap()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&chunk).contains(&format!("\"id\":{}", conversation.id)),
        "the other stream delivers the new conversation"
    );
}

#[tokio::test]
async fn an_expiring_token_ends_its_open_stream() {
    let t = start_with(|c| {
        c.heartbeat = Duration::from_secs(60);
        c.token_recheck = Duration::from_millis(200);
    })
    .await;
    let brief = expiring_token(&t, Role::Agent, "Ana", Duration::from_secs(1));
    let stream = open_stream(&t, &brief).await;
    ends_within(stream, Duration::from_secs(4)).await;
}

#[tokio::test]
async fn a_token_gets_at_most_its_cap_of_streams_and_a_closed_one_frees_a_place() {
    let t = start_with(|c| c.max_streams_per_token = 2).await;
    let first = open_stream(&t, &t.token).await;
    let _second = open_stream(&t, &t.token).await;
    let response = t.get("/v1/sync/stream").send().await.unwrap();
    expect_error(
        response,
        StatusCode::TOO_MANY_REQUESTS,
        error_code::TOO_MANY_STREAMS,
    )
    .await;
    let other = t.token_for(Role::Agent, "Bea");
    drop(open_stream(&t, &other).await);

    drop(first);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let response = t.get("/v1/sync/stream").send().await.unwrap();
        if response.status() == StatusCode::OK {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "a closed stream must free its place"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Reads from `socket` until the server closes it (or resets it); returns
/// what it sent, failing if it is still open after `within`.
async fn read_until_closed(socket: &mut TcpStream, within: Duration) -> Vec<u8> {
    let mut received = Vec::new();
    tokio::time::timeout(within, async {
        let mut buf = [0u8; 4096];
        loop {
            match socket.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the server kept the connection open past {within:?}"));
    received
}

#[tokio::test]
async fn a_half_sent_request_is_closed_within_the_header_timeout() {
    let t = start_with(|c| c.header_read_timeout = Duration::from_secs(1)).await;
    let mut slow = TcpStream::connect(t.server.addr()).await.unwrap();
    slow.write_all(b"GET /v1/me HTTP/1.1\r\nHost: x\r\nAuthor")
        .await
        .unwrap();
    let started = Instant::now();
    read_until_closed(&mut slow, Duration::from_secs(4)).await;
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "the client had the whole timeout to finish its headers"
    );
    let response = t.get("/v1/me").send().await.unwrap();
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the server still serves others"
    );
}

#[tokio::test]
async fn a_body_sent_too_slowly_gets_408() {
    let t = start_with(|c| c.request_timeout = Duration::from_millis(500)).await;
    let conversation = t.new_conversation("Eva");
    let mut slow = TcpStream::connect(t.server.addr()).await.unwrap();
    let head = format!(
        "POST /v1/conversations/{}/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
         Idempotency-Key: k\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"te",
        conversation.id, t.token
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    let received = read_until_closed(&mut slow, Duration::from_secs(4)).await;
    let received = String::from_utf8_lossy(&received);
    assert!(
        received.starts_with("HTTP/1.1 408") && received.contains(error_code::REQUEST_TIMEOUT),
        "a request that does not arrive in time is answered 408 with an ApiError: {received}"
    );
    assert_eq!(
        t.control().conversation(conversation.id).unwrap(),
        Some(conversation),
        "and it changes nothing"
    );
}

#[tokio::test]
async fn connections_over_the_cap_are_refused_while_open_streams_keep_flowing() {
    let t = start_with(|c| c.max_connections = 3).await;
    let first = open_stream(&t, &t.token).await;
    let second = open_stream(&t, &t.token).await;
    let mut idle = TcpStream::connect(t.server.addr()).await.unwrap();

    let mut refused = TcpStream::connect(t.server.addr()).await.unwrap();
    let _ = refused
        .write_all(b"GET /v1/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n")
        .await;
    let received = read_until_closed(&mut refused, Duration::from_secs(3)).await;
    assert!(
        received.is_empty(),
        "a connection over the cap is closed unanswered"
    );

    let conversation: Conversation = t.new_conversation("Eva");
    for (n, stream) in [first, second].into_iter().enumerate() {
        let mut frames = stream.bytes_stream();
        let chunk = tokio::time::timeout(Duration::from_secs(5), frames.next())
            .await
            .unwrap_or_else(|_| panic!("stream {n} stalled while the server was at its cap"))
            .unwrap()
            .unwrap();
        assert!(
            String::from_utf8_lossy(&chunk).contains(&format!("\"id\":{}", conversation.id)),
            "stream {n} keeps delivering events"
        );
    }

    idle.shutdown().await.unwrap();
    drop(idle);
    let deadline = Instant::now() + Duration::from_secs(5);
    while t.http.get(t.url("/v1/openapi.json")).send().await.is_err() {
        assert!(
            Instant::now() < deadline,
            "a closed connection must free its place"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_stream_client_that_stops_reading_is_disconnected_after_the_write_timeout() {
    let t = start_with(|c| {
        c.max_streams_per_token = 1;
        c.write_timeout = Duration::from_millis(500);
    })
    .await;
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stuck = socket.connect(t.server.addr()).await.unwrap();
    let request = format!(
        "GET /v1/sync/stream?after=0 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\r\n",
        t.token
    );
    stuck.write_all(request.as_bytes()).await.unwrap();
    let conversation = t.new_conversation("Eva");
    // Far more than the socket buffers hold, so the server's writes block;
    // from seq 0, so whenever the stream starts it has all of it to send.
    let long = "ã".repeat(100_000);
    for _ in 0..60 {
        t.control()
            .customer_message(conversation.id, &long)
            .unwrap();
    }

    let deadline = Instant::now() + Duration::from_secs(8);
    loop {
        let response = t.get("/v1/sync/stream").send().await.unwrap();
        if response.status() == StatusCode::OK {
            break;
        }
        assert_eq!(
            response.status(),
            StatusCode::TOO_MANY_REQUESTS,
            "the stuck client still holds the token's one stream"
        );
        assert!(
            Instant::now() < deadline,
            "a client that reads nothing must be dropped, freeing its stream"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    drop(stuck);
}
