//! Handing memory the app no longer uses back to the system.
//!
//! glibc keeps what is freed for the next allocation rather than returning
//! it: the start (migrations, the first reads, the page's first requests)
//! and a first sync free far more than the app then holds, and that memory
//! stayed resident for as long as the app ran.

/// Returns freed heap memory to the system (glibc's `malloc_trim`). Cheap
/// enough for a few calls after bursts of work; never on a hot path.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn give_back_freed_memory() {
    // SAFETY: malloc_trim only walks the allocator's own free lists, under
    // its locks; it is safe to call from any thread at any time.
    let released = unsafe { libc::malloc_trim(0) };
    tracing::debug!(released = released != 0, "freed memory given back");
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn give_back_freed_memory() {}
