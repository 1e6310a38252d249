//! Child processes that are always stopped: politely first (SIGTERM, so
//! `tauri-driver` can stop `WebKitWebDriver` and the app can save its
//! state), then for good.

use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

/// A child process that is stopped when dropped.
#[derive(Debug)]
pub struct Guarded {
    child: Option<Child>,
    name: String,
}

impl Guarded {
    pub fn new(name: impl Into<String>, child: Child) -> Self {
        Self {
            child: Some(child),
            name: name.into(),
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// `Some(status)` once the process has exited.
    pub fn try_wait(&mut self) -> Option<ExitStatus> {
        self.child.as_mut()?.try_wait().ok().flatten()
    }

    /// SIGTERM, then SIGKILL if it is still running after `grace`.
    pub fn terminate(&mut self, grace: Duration) -> Option<ExitStatus> {
        let mut child = self.child.take()?;
        if let Ok(Some(status)) = child.try_wait() {
            return Some(status);
        }
        let pid = Pid::from_raw(child.id() as i32);
        let _ = kill(pid, Signal::SIGTERM);
        let deadline = Instant::now() + grace;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        child.wait().ok()
    }

    /// SIGKILL: a crash, as far as the process can tell.
    pub fn kill(&mut self) -> Option<ExitStatus> {
        let mut child = self.child.take()?;
        let _ = child.kill();
        child.wait().ok()
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        self.terminate(Duration::from_secs(5));
    }
}

/// One line per thread of `pid`: its name, state and what it waits in
/// (`wchan`), for an error about a process that did not do what it should.
pub fn thread_report(pid: u32) -> String {
    let read = |path: String| {
        std::fs::read_to_string(path)
            .map(|s| s.trim().to_owned())
            .unwrap_or_default()
    };
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return format!("(process {pid} is gone)");
    };
    let mut lines: Vec<String> = tasks
        .flatten()
        .map(|task| {
            let tid = task.file_name().to_string_lossy().into_owned();
            let base = format!("/proc/{pid}/task/{tid}");
            let stat = read(format!("{base}/stat"));
            // The state follows the parenthesized name, which may hold spaces.
            let state = stat
                .rfind(')')
                .and_then(|i| stat[i + 1..].split_whitespace().next().map(str::to_owned))
                .unwrap_or_default();
            format!(
                "{tid} {:<16} {state} {}",
                read(format!("{base}/comm")),
                read(format!("{base}/wchan"))
            )
        })
        .collect();
    lines.sort();
    lines.join("\n")
}
