// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    limit_malloc_arenas();
    switchboard::run();
}

/// glibc gives threads that allocate at once arenas of their own (up to 8
/// per core), and what is freed in one arena stays there for its thread: the
/// sync's, the store's and the runtime's threads kept ~26 MiB more during a
/// first sync than with two arenas (20k conversations, same run). Set before
/// any other thread exists.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    // SAFETY: mallopt only sets an allocator parameter; no thread allocates
    // concurrently yet.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
