//! Build script: compiles the app's ACL (app manifest + capabilities) and
//! checks `tauri.conf.json`, which lives at the repository root.

use std::{env, fs, path::PathBuf};

/// Every command the webview may call. The capability in
/// `capabilities/main-window.json` grants each one (`allow-<name>`); a
/// command registered in `invoke_handler` but missing here is unreachable.
const COMMANDS: &[&str] = &[
    "session",
    "sign_in",
    "sign_in_demo",
    "sign_out",
    "list_conversations",
    "filter_counts",
    "search_conversations",
    "open_conversation",
    "older_messages",
    "contact_detail",
    "set_assistant_state",
    "send_reply",
    "close_conversation",
    "retry_write",
    "discard_write",
    "unsent_writes",
    "sync_status",
    "waiting",
    "notification_settings",
    "set_notification_settings",
    "notifications_paused",
    "set_notifications_paused",
    "open_external",
    "app_ready",
];

fn main() {
    // tauri-build reads `tauri.conf.json` and `Cargo.toml` from the current
    // directory, and writes capability schemas to `gen/` there, with no
    // option to point elsewhere; but the config sits at the repository root
    // (next to `ui/`, whose `dist` it names). So it runs in a directory of
    // its own under OUT_DIR holding a copy of the config and a manifest that
    // states this crate's `tauri` dependency, and it finds the capabilities
    // by their absolute path.
    let crate_dir = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let config = crate_dir.join("../tauri.conf.json");
    let work_dir = PathBuf::from(env::var_os("OUT_DIR").unwrap()).join("tauri-build");
    fs::create_dir_all(&work_dir).expect("OUT_DIR is writable");
    fs::copy(&config, work_dir.join("tauri.conf.json"))
        .expect("tauri.conf.json at the repository root");
    fs::write(work_dir.join("Cargo.toml"), MANIFEST_FOR_TAURI_BUILD).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed={}", config.display());
    println!("cargo:rerun-if-changed=capabilities");

    let capabilities = format!("{}/capabilities/**/*", crate_dir.display());
    env::set_current_dir(&work_dir).expect("OUT_DIR is readable");
    let attributes = tauri_build::Attributes::new()
        // The pattern must live as long as the build: leak it once.
        .capabilities_path_pattern(Box::leak(capabilities.into_boxed_str()))
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}

/// What tauri-build's manifest check needs to see: the `tauri` dependency
/// with no config-managed features (the app uses none: no isolation, no
/// asset protocol, no private macOS API).
const MANIFEST_FOR_TAURI_BUILD: &str = r#"[package]
name = "switchboard"
version = "0.1.0"
edition = "2021"

[dependencies]
tauri = { version = "2" }

[build-dependencies]
tauri-build = { version = "2" }
"#;
