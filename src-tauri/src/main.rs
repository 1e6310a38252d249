// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tune_malloc();
    let launch = switchboard::cli::parse_or_exit();
    switchboard::run(launch);
}

/// Two settings of glibc's allocator, set before any other thread exists.
///
/// - Arenas: glibc gives threads that allocate at once arenas of their own
///   (up to 8 per core), and what is freed in one arena stays there for its
///   thread: the sync's, the store's and the runtime's threads kept ~26 MiB
///   more during a first sync than with two arenas (20k conversations, same
///   run).
/// - Big blocks: glibc maps blocks of 128 KiB and more on their own and
///   unmaps them when freed, but after the first such free it raises that
///   threshold (up to 32 MiB), so the first sync's pages of JSON and
///   messages then come from the heap and leave it fragmented. Fixing the
///   threshold gives them back when freed: the app held 120–132 MiB during
///   the first sync of 100k conversations instead of 138 (`bench-app --only
///   memory`, one run each).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_malloc() {
    // SAFETY: mallopt only sets allocator parameters; no thread allocates
    // concurrently yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_malloc() {}
