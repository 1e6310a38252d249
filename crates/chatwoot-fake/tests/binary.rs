//! The binary as the end-to-end suite runs it: one line with URL, account
//! and token, then the same API.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[tokio::test]
async fn the_binary_prints_where_it_listens_and_serves_the_demo_conversations() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_switchboard-chatwoot-fake"))
        .args(["--port", "0", "--seed-demo"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("one line");
    let fields: Vec<&str> = line.split_whitespace().collect();
    let (url, token) = (fields[3], fields[5].trim_start_matches("token="));
    assert!(
        line.starts_with("chatwoot-fake listening on http://127.0.0.1:")
            && fields[4] == "account=1",
        "the suite parses this line: {line:?}"
    );
    let response = reqwest::Client::new()
        .get(format!("{url}/api/v1/accounts/1/conversations?status=all"))
        .header("api_access_token", token)
        .send()
        .await
        .expect("the binary answers");
    let body: serde_json::Value = response.json().await.expect("JSON");
    child.kill().expect("stopping the binary we started");
    let _ = child.wait();
    assert_eq!(
        body["data"]["meta"]["all_count"], 3,
        "--seed-demo starts with three conversations"
    );
}
