//! The end-to-end harness of Switchboard: the real app, in a real window,
//! against the real reference backend, with real desktop notifications.
//!
//! What it owns:
//! - [`bus`]: a private D-Bus session bus per test (its own `dbus-daemon`),
//!   so notifications of one test never reach another;
//! - [`backend`]: the reference backend, as a subprocess (the shipped binary)
//!   or in-process (to script events such as "transfer conversation 7 now");
//! - [`chatwoot`]: the fake Chatwoot server as a subprocess (the binary of
//!   `switchboard-chatwoot-fake`), scripted through its control endpoints;
//! - [`desktop`]: a throw-away "machine" for the app (home, XDG dirs, data
//!   dir, bus, and the test notification server of
//!   `switchboard-test-notifications` on it) that survives app restarts;
//! - [`driver`] and [`screen`]: `tauri-driver` + WebDriver (fantoccini) and
//!   helpers that wait for what the user would see and save screenshots;
//! - [`memory`], [`interactions`] and [`stats`]: what the app benchmarks
//!   measure;
//! - [`audit`]: the axe-core accessibility audit, run inside the window;
//! - [`keyboard`]: keys pressed into whatever has focus, and where focus is.
//!
//! What it must never do: mock a part of the product, talk to anything but
//! loopback and the private bus, or leave a process running after a test
//! (every child is stopped on drop).
//!
//! The scenarios need the built app, Xvfb and `tauri-driver`; they are
//! `#[ignore]`d in a plain `cargo test` and run by `scripts/e2e.sh`.

pub mod audit;
pub mod backend;
pub mod bus;
pub mod chatwoot;
pub mod desktop;
pub mod driver;
pub mod interactions;
pub mod keyboard;
pub mod memory;
pub mod paths;
pub mod process;
pub mod screen;
pub mod stats;
pub mod world;
pub mod x11;
