//! Logs: a daily rolling file in the app's log directory, plus stderr in
//! debug builds (or when `RUST_LOG` is set). A panic is logged before the
//! default hook runs, so it reaches the file even when stderr goes nowhere.

use std::path::Path;

use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// Installs the global subscriber. Call once, early in `main`.
pub fn init(log_dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(log_dir)?;
    let file = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("switchboard")
        .filename_suffix("log")
        .max_log_files(14)
        .build(log_dir)?;
    let filter = || {
        EnvFilter::try_from_default_env()
            .unwrap_or_else(|_| EnvFilter::new("info,switchboard=debug"))
    };
    // The file appender writes synchronously: log volume is small, and a
    // line written just before a crash must not sit in a buffer.
    let file_layer = fmt::layer()
        .with_ansi(false)
        .with_writer(file)
        .with_filter(filter());
    let stderr_layer =
        (cfg!(debug_assertions) || std::env::var_os("RUST_LOG").is_some()).then(|| {
            fmt::layer()
                .with_writer(std::io::stderr)
                .with_filter(filter())
        });
    tracing_subscriber::registry()
        .with(file_layer)
        .with(stderr_layer)
        .try_init()?;
    install_panic_hook();
    Ok(())
}

fn install_panic_hook() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "(non-text panic payload)".to_owned());
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let backtrace = std::backtrace::Backtrace::force_capture();
        tracing::error!(%location, %backtrace, "panic: {payload}");
        default_hook(info);
    }));
}
