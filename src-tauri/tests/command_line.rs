//! The installed binary on the command line, as a person would run it:
//! `--version` and `--help` answer without opening a window, a mistyped
//! option or half a sign-in in the environment is refused, and a start with
//! no display says why it cannot run instead of panicking inside GTK.
//!
//! Every run here has no display, so a binary that wrongly went on to open
//! its window fails at once instead of running until the test times out.

use std::process::{Command, Output};

use switchboard::session::{BACKEND_VARS, CHATWOOT_VARS};

fn switchboard(args: &[&str]) -> Output {
    switchboard_with(args, &[])
}

/// The binary with no display and only `vars` of the launch's sign-in.
fn switchboard_with(args: &[&str], vars: &[(&str, &str)]) -> Output {
    let data = tempfile::tempdir().expect("a temporary data dir");
    let mut command = Command::new(env!("CARGO_BIN_EXE_switchboard"));
    command
        .args(args)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("GDK_BACKEND")
        .env("SWITCHBOARD_DATA_DIR", data.path());
    for name in BACKEND_VARS.into_iter().chain(CHATWOOT_VARS) {
        command.env_remove(name);
    }
    command
        .envs(vars.iter().copied())
        .output()
        .expect("the switchboard binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn version_prints_the_version() {
    let out = switchboard(&["--version"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout).trim(),
        format!("switchboard {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn help_says_what_the_app_is_and_how_a_launch_is_set_up() {
    let out = switchboard(&["--help"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let help = text(&out.stdout);
    assert!(help.contains("Usage: switchboard"), "{help}");
    assert!(help.contains("transferred to a human"), "{help}");
    assert!(help.contains("demo backend"), "{help}");
    assert!(help.contains("SWITCHBOARD_BACKEND_URL"), "{help}");
    assert!(help.contains("SWITCHBOARD_DATA_DIR"), "{help}");
}

#[test]
fn an_unknown_option_is_refused_with_a_usage_error() {
    let out = switchboard(&["--demo"]);
    assert_eq!(out.status.code(), Some(2));
    let error = text(&out.stderr);
    assert!(error.contains("unexpected argument '--demo'"), "{error}");
    assert!(error.contains("--help"), "{error}");
}

#[test]
fn without_a_display_the_start_says_why_and_does_not_panic() {
    let out = switchboard(&[]);
    let error = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{error}");
    assert!(
        error.contains("cannot start: no graphical display"),
        "{error}"
    );
    assert!(!error.contains("panicked"), "{error}");
}

#[test]
fn half_a_sign_in_in_the_environment_is_refused_before_any_window() {
    let refused = |vars: &[(&str, &str)]| {
        let out = switchboard_with(&[], vars);
        (out.status.code(), text(&out.stderr))
    };

    let (status, error) = refused(&[("SWITCHBOARD_BACKEND_URL", "http://127.0.0.1:8080")]);
    assert_eq!(status, Some(2), "{error}");
    assert!(
        error.contains("cannot start: signing in at launch takes")
            && error.contains("SWITCHBOARD_TOKEN is not set"),
        "{error}"
    );

    let (status, error) = refused(&[
        ("SWITCHBOARD_CHATWOOT_URL", "https://chat.example.com"),
        ("SWITCHBOARD_CHATWOOT_ACCOUNT", "acme"),
        ("SWITCHBOARD_CHATWOOT_TOKEN", "secret"),
    ]);
    assert_eq!(status, Some(2), "{error}");
    assert!(
        error.contains("SWITCHBOARD_CHATWOOT_ACCOUNT must be the account's number"),
        "{error}"
    );
    assert!(
        !error.contains("secret"),
        "the token is never echoed: {error}"
    );

    // Given whole, the start goes on (here to the display check).
    let (status, error) = refused(&[
        ("SWITCHBOARD_BACKEND_URL", "http://127.0.0.1:8080"),
        ("SWITCHBOARD_TOKEN", "sb_token"),
    ]);
    assert_eq!(status, Some(1), "{error}");
    assert!(error.contains("no graphical display"), "{error}");
}
