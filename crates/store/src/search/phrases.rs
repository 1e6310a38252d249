//! Matching as FTS5 does: a typed query as FTS5 parses it ([`Phrases`]),
//! whether a row's tokens match it, and where ([`Instance`]).
//!
//! Asking FTS5 whether one given row matches costs tens of microseconds;
//! these answers cost next to nothing once the row is tokenized, so the
//! broad search plans can test rows one at a time and stop at the limit.

use crate::error::Result;

use super::tokenizer::{Tokens, Unicode61};

/// An FTS5 query of quoted words as FTS5 parses it: each word a phrase of
/// folded tokens, all phrases required, in any column; a word without
/// tokens dropped; the last token of the last word a prefix if `prefix`.
pub(super) struct Phrases {
    pub(super) phrases: Vec<Vec<Vec<u8>>>,
    pub(super) prefix: bool,
}

/// One place a phrase matches: at token `pos`, for `len` tokens.
#[derive(Clone, Copy)]
pub(super) struct Instance {
    pub(super) phrase: usize,
    pub(super) pos: usize,
    pub(super) len: usize,
}

impl Phrases {
    pub(super) fn new(
        tokenizer: &Unicode61,
        words: &[String],
        last_prefix: bool,
    ) -> Result<Phrases> {
        let mut phrases = Vec::new();
        let mut prefix = false;
        for (i, word) in words.iter().enumerate() {
            let tokens = tokenizer.tokens(word)?;
            if tokens.len() == 0 {
                continue;
            }
            phrases.push(
                (0..tokens.len())
                    .map(|t| tokens.folded(t).to_vec())
                    .collect(),
            );
            prefix = last_prefix && i + 1 == words.len();
        }
        Ok(Phrases { phrases, prefix })
    }

    fn phrase_at(&self, p: usize, doc: &Tokens, pos: usize) -> bool {
        let phrase = &self.phrases[p];
        let last_phrase = p + 1 == self.phrases.len();
        pos + phrase.len() <= doc.len()
            && phrase.iter().enumerate().all(|(j, want)| {
                let token = doc.folded(pos + j);
                if self.prefix && last_phrase && j + 1 == phrase.len() {
                    token.starts_with(want)
                } else {
                    token == want.as_slice()
                }
            })
    }

    /// Every place a phrase matches in `doc`, by position, then phrase: the
    /// order of FTS5's `xInst`.
    pub(super) fn instances(&self, doc: &Tokens) -> Vec<Instance> {
        let mut instances = Vec::new();
        for pos in 0..doc.len() {
            for (p, phrase) in self.phrases.iter().enumerate() {
                if self.phrase_at(p, doc, pos) {
                    instances.push(Instance {
                        phrase: p,
                        pos,
                        len: phrase.len(),
                    });
                }
            }
        }
        instances
    }

    /// Whether every phrase is in one of the columns.
    pub(super) fn matches(&self, columns: &[&Tokens]) -> bool {
        !self.phrases.is_empty()
            && (0..self.phrases.len()).all(|p| {
                columns
                    .iter()
                    .any(|doc| (0..doc.len()).any(|pos| self.phrase_at(p, doc, pos)))
            })
    }

    /// `matches` for a single column whose instances are known.
    pub(super) fn matches_instances(&self, instances: &[Instance]) -> bool {
        let mut seen = vec![false; self.phrases.len()];
        for i in instances {
            seen[i.phrase] = true;
        }
        !seen.is_empty() && seen.iter().all(|&s| s)
    }
}
