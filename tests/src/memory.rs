//! Memory of a process tree, as the benchmarks report it: PSS (proportional
//! set size) from `/proc/PID/smaps_rollup`, so pages shared between the app
//! and its WebKit processes are counted once, not once per process as RSS
//! would.

use std::fs;
use std::path::PathBuf;

use anyhow::{Context, Result};

/// One process of a tree and its PSS.
#[derive(Debug, Clone)]
pub struct ProcessMemory {
    pub pid: u32,
    /// `/proc/PID/comm`: `switchboard`, `WebKitWebProces` (truncated by Linux), …
    pub name: String,
    pub pss_kib: u64,
}

/// `root` and every process below it (children, grandchildren, …).
pub fn process_tree(root: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = all_pids()
        .into_iter()
        .filter_map(|pid| Some((pid, parent_of(pid)?)))
        .collect();
    let mut tree = vec![root];
    let mut next = 0;
    while next < tree.len() {
        let parent = tree[next];
        tree.extend(
            parents
                .iter()
                .filter(|(_, ppid)| *ppid == parent)
                .map(|(pid, _)| *pid),
        );
        next += 1;
    }
    tree
}

/// PSS of `root` and all its descendants (processes that exit while being
/// read are skipped).
pub fn tree_pss(root: u32) -> Result<Vec<ProcessMemory>> {
    let tree = process_tree(root);
    let mut out = Vec::with_capacity(tree.len());
    for pid in tree {
        let Ok(rollup) = fs::read_to_string(format!("/proc/{pid}/smaps_rollup")) else {
            continue;
        };
        let pss_kib = parse_pss_kib(&rollup)
            .with_context(|| format!("no Pss line in /proc/{pid}/smaps_rollup"))?;
        out.push(ProcessMemory {
            pid,
            name: process_name(pid).unwrap_or_default(),
            pss_kib,
        });
    }
    Ok(out)
}

/// Descendants of `root` (not `root` itself) whose executable is `exe`.
pub fn descendants_running(root: u32, exe: &std::path::Path) -> Vec<u32> {
    let exe = fs::canonicalize(exe).unwrap_or_else(|_| exe.to_path_buf());
    process_tree(root)
        .into_iter()
        .skip(1)
        .filter(|pid| executable_of(*pid).is_some_and(|path| path == exe))
        .collect()
}

pub fn process_name(pid: u32) -> Option<String> {
    Some(
        fs::read_to_string(format!("/proc/{pid}/comm"))
            .ok()?
            .trim()
            .to_owned(),
    )
}

fn executable_of(pid: u32) -> Option<PathBuf> {
    fs::read_link(format!("/proc/{pid}/exe")).ok()
}

fn all_pids() -> Vec<u32> {
    let Ok(entries) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .collect()
}

fn parent_of(pid: u32) -> Option<u32> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_ppid(&stat)
}

/// `pid (comm) state ppid …`; `comm` may itself hold spaces and parentheses,
/// so fields are counted after the last `)`.
fn parse_ppid(stat: &str) -> Option<u32> {
    let after_comm = &stat[stat.rfind(')')? + 1..];
    after_comm.split_whitespace().nth(1)?.parse().ok()
}

fn parse_pss_kib(rollup: &str) -> Option<u64> {
    rollup
        .lines()
        .find_map(|line| line.strip_prefix("Pss:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_pid_is_read_after_a_command_name_with_parentheses() {
        let stat = "4242 (Web Content (x)) S 17 4242 4242 0 -1";
        assert_eq!(
            parse_ppid(stat),
            Some(17),
            "comm may contain ') '; fields count from the last ')'"
        );
    }

    #[test]
    fn pss_is_read_from_its_own_line_not_from_pss_anon() {
        let rollup = "00400000-7fff [rollup]\nRss:  2000 kB\nPss:  1234 kB\nPss_Anon: 999 kB\n";
        assert_eq!(
            parse_pss_kib(rollup),
            Some(1234),
            "Pss_Anon must not be taken for Pss"
        );
    }

    #[test]
    fn this_process_has_a_measurable_pss_and_finds_its_children() {
        let mut child = std::process::Command::new("sleep")
            .arg("5")
            .spawn()
            .unwrap();
        let me = std::process::id();
        let tree = process_tree(me);
        let child_pid = child.id();
        child.kill().unwrap();
        child.wait().unwrap();
        assert!(
            tree.contains(&child_pid),
            "a spawned child is part of this process's tree"
        );
        let own = tree_pss(std::process::id()).unwrap();
        assert!(
            own.iter().any(|p| p.pid == me && p.pss_kib > 0),
            "a running process maps some memory: {own:?}"
        );
    }
}
