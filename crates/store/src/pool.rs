//! A small pool of read-only connections: opened on demand, kept for reuse
//! without their page caches.

use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Mutex;

use rusqlite::Connection;

use crate::error::Result;
use crate::schema;

/// Idle connections kept; more may be open at once under load.
const MAX_IDLE: usize = 4;

pub(crate) struct ReaderPool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl ReaderPool {
    pub(crate) fn new(path: PathBuf) -> Self {
        ReaderPool {
            path,
            idle: Mutex::new(Vec::new()),
        }
    }

    pub(crate) fn get(&self) -> Result<PooledReader<'_>> {
        let idle = self.idle.lock().unwrap_or_else(|p| p.into_inner()).pop();
        let conn = match idle {
            Some(conn) => conn,
            None => schema::open_reader(&self.path)?,
        };
        Ok(PooledReader {
            conn: Some(conn),
            pool: self,
        })
    }
}

/// A read connection, returned to the pool on drop.
pub(crate) struct PooledReader<'a> {
    conn: Option<Connection>,
    pool: &'a ReaderPool,
}

impl Deref for PooledReader<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn.as_ref().expect("present until drop")
    }
}

impl Drop for PooledReader<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            // A connection left inside a transaction (a panic mid-read) would
            // pin an old snapshot: drop it instead of reusing it.
            if !conn.is_autocommit() {
                return;
            }
            // Its page cache goes back before it waits in the pool. In WAL
            // mode a reader drops the whole cache at its next read if the
            // writer committed since (every live event), so a kept cache
            // rarely serves again, while each pooled connection would hold
            // up to 2 MiB all day: 9 MiB of the app's idle memory with a
            // 100k cache. The next read takes its pages from the OS's file
            // cache (store_bench: reads 0.02-0.3 ms slower, warm).
            // `sqlite3_db_release_memory` cannot fail.
            let _ = conn.release_memory();
            let mut idle = self.pool.idle.lock().unwrap_or_else(|p| p.into_inner());
            if idle.len() < MAX_IDLE {
                idle.push(conn);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes of page cache `conn` holds (`SQLITE_DBSTATUS_CACHE_USED`).
    fn cache_bytes(conn: &Connection) -> i32 {
        let (mut current, mut highest) = (0, 0);
        // SAFETY: the handle is the live connection's, used on this thread
        // only for the duration of the call.
        let rc = unsafe {
            rusqlite::ffi::sqlite3_db_status(
                conn.handle(),
                rusqlite::ffi::SQLITE_DBSTATUS_CACHE_USED,
                &mut current,
                &mut highest,
                0,
            )
        };
        assert_eq!(rc, rusqlite::ffi::SQLITE_OK);
        current
    }

    #[test]
    fn a_reader_waits_in_the_pool_without_its_page_cache() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pool.sqlite3");
        let writer = Connection::open(&path).unwrap();
        writer
            .execute_batch(
                "PRAGMA journal_mode = WAL;
                 CREATE TABLE t (body TEXT);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
                 INSERT INTO t SELECT printf('%.500c', 'x') FROM n;",
            )
            .unwrap();
        let pool = ReaderPool::new(path);

        let reader = pool.get().unwrap();
        let bytes: i64 = reader
            .query_row("SELECT sum(length(body)) FROM t", [], |row| row.get(0))
            .unwrap();
        assert_eq!(bytes, 1_000_000);
        let while_held = cache_bytes(&reader);
        assert!(
            while_held > 512 * 1024,
            "the read cached the table's pages: {while_held} bytes"
        );
        drop(reader);

        let idle = pool.idle.lock().unwrap();
        assert_eq!(idle.len(), 1, "the connection is kept for reuse");
        let in_the_pool = cache_bytes(&idle[0]);
        assert!(
            in_the_pool < 64 * 1024,
            "the pooled connection gave its cache back: {in_the_pool} bytes"
        );
    }
}
