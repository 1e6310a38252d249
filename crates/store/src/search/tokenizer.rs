//! The bridge to FTS5's own `unicode61` tokenizer, through SQLite's C API.
//!
//! Search matches, highlights and snippets rows in Rust (see the module
//! above), and that is only right if words are split and folded exactly as
//! in the indexes. Calling the tokenizer the indexes use guarantees it. This
//! is the only file of the crate with `unsafe`: it hands the rest a safe
//! [`Unicode61`] that turns text into [`Tokens`].

use std::ffi::{c_char, c_int, c_void};
use std::marker::PhantomData;
use std::ops::Range;
use std::ptr;

use rusqlite::{ffi, Connection};

use crate::error::Result;

/// FTS5's `unicode61` tokenizer with `remove_diacritics 2`, the one the
/// name, email and message indexes are declared with (migrations 0002 and
/// 0004), called through FTS5's C API: words are split and folded (case,
/// accents) exactly as in the indexes, by the same code. The tests in
/// `fts5_parity.rs` compare what is built on it with FTS5's own
/// `highlight()` and `snippet()`.
pub(super) struct Unicode61<'c> {
    module: ffi::fts5_tokenizer,
    tokenizer: *mut ffi::Fts5Tokenizer,
    _conn: PhantomData<&'c Connection>,
}

fn fts5_error(rc: c_int, what: &str) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(ffi::Error::new(rc), Some(what.to_owned()))
}

/// The connection's FTS5 API object, valid as long as the connection.
fn fts5_api(conn: &Connection) -> Result<*mut ffi::fts5_api> {
    let mut api: *mut ffi::fts5_api = ptr::null_mut();
    // SAFETY: the statement is prepared, stepped and finalized here, on the
    // connection's own handle; `SELECT fts5(?1)` writes the API pointer into
    // `api` (bound with the pointer type FTS5 checks), which outlives it.
    let rc = unsafe {
        let mut stmt = ptr::null_mut();
        let rc = ffi::sqlite3_prepare_v2(
            conn.handle(),
            c"SELECT fts5(?1)".as_ptr(),
            -1,
            &mut stmt,
            ptr::null_mut(),
        );
        if rc == ffi::SQLITE_OK {
            ffi::sqlite3_bind_pointer(
                stmt,
                1,
                ptr::addr_of_mut!(api).cast(),
                c"fts5_api_ptr".as_ptr(),
                None,
            );
            ffi::sqlite3_step(stmt);
            ffi::sqlite3_finalize(stmt)
        } else {
            rc
        }
    };
    if rc != ffi::SQLITE_OK || api.is_null() {
        return Err(fts5_error(rc, "FTS5 is not available").into());
    }
    Ok(api)
}

impl<'c> Unicode61<'c> {
    pub(super) fn new(conn: &'c Connection) -> Result<Self> {
        let api = fts5_api(conn)?;
        let mut module = ffi::fts5_tokenizer {
            xCreate: None,
            xDelete: None,
            xTokenize: None,
        };
        let mut user_data = ptr::null_mut();
        // SAFETY: `api` is valid while `conn` is open; FTS5 fills `module`
        // with the tokenizer's functions and their context.
        let rc = unsafe {
            let find = (*api)
                .xFindTokenizer
                .ok_or_else(|| fts5_error(ffi::SQLITE_ERROR, "no xFindTokenizer"))?;
            find(api, c"unicode61".as_ptr(), &mut user_data, &mut module)
        };
        if rc != ffi::SQLITE_OK {
            return Err(fts5_error(rc, "no unicode61 tokenizer").into());
        }
        let create = module
            .xCreate
            .ok_or_else(|| fts5_error(ffi::SQLITE_ERROR, "no unicode61 xCreate"))?;
        let mut args = [c"remove_diacritics".as_ptr(), c"2".as_ptr()];
        let mut tokenizer = ptr::null_mut();
        // SAFETY: the arguments are NUL-terminated strings that outlive the
        // call (the tokenizer copies what it keeps).
        let rc = unsafe { create(user_data, args.as_mut_ptr(), 2, &mut tokenizer) };
        if rc != ffi::SQLITE_OK || tokenizer.is_null() {
            return Err(fts5_error(rc, "unicode61 could not be created").into());
        }
        Ok(Unicode61 {
            module,
            tokenizer,
            _conn: PhantomData,
        })
    }

    pub(super) fn tokens(&self, text: &str) -> Result<Tokens> {
        let mut tokens = Tokens::default();
        let (Some(tokenize), Ok(len)) = (self.module.xTokenize, c_int::try_from(text.len())) else {
            return Err(fts5_error(ffi::SQLITE_TOOBIG, "text too long to tokenize").into());
        };
        // SAFETY: the tokenizer lives until `drop`; `text` is `len` bytes
        // and `tokens` outlives the call, the only time `push_token` runs.
        let rc = unsafe {
            tokenize(
                self.tokenizer,
                ptr::addr_of_mut!(tokens).cast(),
                ffi::FTS5_TOKENIZE_DOCUMENT,
                text.as_ptr().cast(),
                len,
                Some(push_token),
            )
        };
        if rc != ffi::SQLITE_OK {
            return Err(fts5_error(rc, "unicode61 failed").into());
        }
        Ok(tokens)
    }
}

impl Drop for Unicode61<'_> {
    fn drop(&mut self) {
        if let Some(delete) = self.module.xDelete {
            // SAFETY: created by this module's xCreate, deleted once.
            unsafe { delete(self.tokenizer) }
        }
    }
}

/// The tokenizer's callback: one call per token, in order.
unsafe extern "C" fn push_token(
    ctx: *mut c_void,
    _flags: c_int,
    token: *const c_char,
    len: c_int,
    start: c_int,
    end: c_int,
) -> c_int {
    // SAFETY: `ctx` is the `Tokens` that `Unicode61::tokens` passes, and
    // `token` points to `len` bytes, both valid during the call.
    let (tokens, token) = unsafe {
        (
            &mut *ctx.cast::<Tokens>(),
            std::slice::from_raw_parts(token.cast::<u8>(), usize::try_from(len).unwrap_or(0)),
        )
    };
    let from = tokens.folded.len();
    tokens.folded.extend_from_slice(token);
    tokens.list.push(Token {
        folded: from..tokens.folded.len(),
        text: usize::try_from(start).unwrap_or(0)..usize::try_from(end).unwrap_or(0),
    });
    ffi::SQLITE_OK
}

/// A text's tokens, folded as in the index, with where they are in the text.
#[derive(Default)]
pub(super) struct Tokens {
    /// The folded tokens, back to back.
    folded: Vec<u8>,
    list: Vec<Token>,
}

struct Token {
    folded: Range<usize>,
    /// Byte range in the text.
    text: Range<usize>,
}

impl Tokens {
    pub(super) fn len(&self) -> usize {
        self.list.len()
    }

    pub(super) fn folded(&self, i: usize) -> &[u8] {
        &self.folded[self.list[i].folded.clone()]
    }

    /// Where each token is in the text (byte ranges), in order.
    pub(super) fn text_ranges(&self) -> impl Iterator<Item = &Range<usize>> {
        self.list.iter().map(|token| &token.text)
    }
}
