//! A hang in the exit path does not leave a windowless process behind: the
//! watchdog armed at exit ends it. The hanging process is this test binary
//! itself, started again in the role of an app whose exit never finishes.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use switchboard::shutdown::{arm_exit_watchdog, FORCED_EXIT_CODE};

const ROLE: &str = "SWITCHBOARD_TEST_HANGING_EXIT";

#[test]
fn an_exit_that_hangs_is_ended_by_the_watchdog() {
    if std::env::var_os(ROLE).is_some() {
        // The child: exiting, then stuck for good.
        arm_exit_watchdog(Duration::from_millis(200));
        loop {
            std::thread::park();
        }
    }

    let started = Instant::now();
    let mut child = Command::new(std::env::current_exe().expect("own path"))
        .args([
            "--exact",
            "an_exit_that_hangs_is_ended_by_the_watchdog",
            "--test-threads=1",
        ])
        .env(ROLE, "1")
        .stdout(Stdio::null())
        .spawn()
        .expect("start the hanging child");
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll the child") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("the watchdog did not end a hung exit within 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(
        status.code(),
        Some(FORCED_EXIT_CODE),
        "a forced exit reports itself as not clean"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "not before the grace period"
    );
}
