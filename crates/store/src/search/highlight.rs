//! What a hit shows: the matched name or email highlighted, a message's
//! best snippet, and a phone number with the typed digits marked.
//!
//! [`highlight`] and [`snippet`] are ports of FTS5's `highlight()` and
//! `snippet()`, so a hit reads exactly as FTS5 would have marked it (the
//! tests in `fts5_parity.rs` hold them to that) without asking FTS5 about
//! each row. They mark text with [`OPEN`] and [`CLOSE`], which [`spans`]
//! turns into the spans the UI shows.

use std::ops::Range;

use crate::types::TextSpan;

use super::phrases::Instance;
use super::tokenizer::Tokens;

/// Markers put around matched text; turned into spans, never shown.
const OPEN: char = '\u{1}';
const CLOSE: char = '\u{2}';
/// Tokens around the match in a message snippet.
const SNIPPET_TOKENS: i64 = 12;
const ELLIPSIS: &str = "…";

/// FTS5's coalesced instance iterator (`fts5CInstIterNext`): runs of
/// overlapping instances, as first and last token.
struct Coalesced<'a> {
    instances: &'a [Instance],
    next: usize,
    start: i64,
    end: i64,
}

impl<'a> Coalesced<'a> {
    fn new(instances: &'a [Instance]) -> Self {
        let mut iter = Coalesced {
            instances,
            next: 0,
            start: -1,
            end: -1,
        };
        iter.advance();
        iter
    }

    fn advance(&mut self) {
        self.start = -1;
        self.end = -1;
        while let Some(i) = self.instances.get(self.next) {
            let (pos, end) = (i.pos as i64, (i.pos + i.len) as i64 - 1);
            if self.start < 0 {
                (self.start, self.end) = (pos, end);
            } else if pos <= self.end {
                self.end = self.end.max(end);
            } else {
                break;
            }
            self.next += 1;
        }
    }
}

/// FTS5's `fts5HighlightCb`, token by token: copies the text (or, with a
/// range, the tokens in it) with markers around the coalesced instances.
struct Highlighter<'a> {
    text: &'a str,
    /// First and last token to copy, for a snippet.
    range: Option<(i64, i64)>,
    iter: Coalesced<'a>,
    pos: i64,
    off: usize,
    open: bool,
    out: String,
}

impl<'a> Highlighter<'a> {
    fn new(text: &'a str, range: Option<(i64, i64)>, instances: &'a [Instance]) -> Self {
        Highlighter {
            text,
            range,
            iter: Coalesced::new(instances),
            pos: 0,
            off: 0,
            open: false,
            out: String::new(),
        }
    }

    fn copy_to(&mut self, to: usize) {
        if to > self.off {
            self.out.push_str(&self.text[self.off..to]);
        }
        self.off = self.off.max(to);
    }

    fn token(&mut self, text: &Range<usize>) {
        let pos = self.pos;
        self.pos += 1;
        if let Some((first, last)) = self.range {
            if pos < first || pos > last {
                return;
            }
            if first != 0 && pos == first {
                self.off = text.start;
            }
        }
        if self.open && (pos <= self.iter.start || self.iter.start < 0) && text.start > self.off {
            self.out.push(CLOSE);
            self.open = false;
        }
        if pos == self.iter.start && !self.open {
            self.copy_to(text.start);
            self.out.push(OPEN);
            self.open = true;
        }
        if pos == self.iter.end {
            if !self.open {
                self.out.push(OPEN);
                self.open = true;
            }
            self.copy_to(text.end);
            self.iter.advance();
        }
        if self.range.is_some_and(|(_, last)| pos == last) {
            if self.open {
                if self.iter.start >= 0 && pos >= self.iter.start {
                    self.copy_to(text.end);
                }
                self.out.push(CLOSE);
                self.open = false;
            }
            self.copy_to(text.end);
        }
    }
}

/// The whole text with the instances marked, as FTS5's `highlight()`.
pub(super) fn highlight(text: &str, tokens: &Tokens, instances: &[Instance]) -> String {
    let mut h = Highlighter::new(text, None, instances);
    for text in tokens.text_ranges() {
        h.token(text);
    }
    if h.open {
        h.out.push(CLOSE);
    }
    h.copy_to(text.len());
    h.out
}

/// The best `SNIPPET_TOKENS` tokens of the text with the instances marked,
/// as FTS5's `snippet()` over one column (`fts5SnippetFunction`): a window
/// scores 1000 per phrase it holds and 1 per repeat, and a window starting
/// a sentence before the instance gets 100 more (120 at the text's start).
pub(super) fn snippet(
    text: &str,
    tokens: &Tokens,
    instances: &[Instance],
    phrases: usize,
) -> String {
    let size = tokens.len() as i64;
    let n = SNIPPET_TOKENS;
    // First token of each sentence: the first, and any after ". " or ": ".
    let bytes = text.as_bytes();
    let mut sentences: Vec<i64> = Vec::new();
    for (i, token) in tokens.text_ranges().enumerate() {
        if i == 0 {
            sentences.push(0);
            continue;
        }
        let before = bytes[..token.start]
            .iter()
            .rev()
            .position(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'));
        if let Some(skipped @ 1..) = before {
            if matches!(bytes[token.start - skipped - 1], b'.' | b':') {
                sentences.push(i as i64);
            }
        }
    }
    let score = |start: i64| -> (i64, i64) {
        let mut seen = vec![false; phrases];
        let (mut score, mut first, mut last) = (0, -1, 0);
        for i in instances {
            let pos = i.pos as i64;
            if pos >= start && pos < start + n {
                score += if seen[i.phrase] { 1 } else { 1000 };
                seen[i.phrase] = true;
                if first < 0 {
                    first = pos;
                }
                last = pos + i.len as i64;
            }
        }
        let mut adjusted = first - (n - (last - first)) / 2;
        if adjusted + n > size {
            adjusted = size - n;
        }
        (score, adjusted.max(0))
    };
    let (mut best_score, mut best_start) = (0, 0);
    for i in instances {
        let pos = i.pos as i64;
        let (s, adjusted) = score(pos);
        if s > best_score {
            (best_score, best_start) = (s, adjusted);
        }
        if !sentences.is_empty() && size > n {
            let mut j = 0;
            while j + 1 < sentences.len() && sentences[j + 1] <= pos {
                j += 1;
            }
            if sentences[j] < pos {
                let bonus = if sentences[j] == 0 { 120 } else { 100 };
                let s = score(sentences[j]).0 + bonus;
                if s > best_score {
                    (best_score, best_start) = (s, sentences[j]);
                }
            }
        }
    }
    let last = best_start + n - 1;
    let mut h = Highlighter::new(text, Some((best_start, last)), instances);
    if best_start > 0 {
        h.out.push_str(ELLIPSIS);
    }
    while h.iter.start >= 0 && h.iter.start < best_start {
        h.iter.advance();
    }
    for text in tokens.text_ranges() {
        h.token(text);
    }
    if h.open {
        h.out.push(CLOSE);
    }
    if last >= size - 1 {
        h.copy_to(text.len());
    } else {
        h.out.push_str(ELLIPSIS);
    }
    h.out
}

/// Splits text marked with `OPEN`/`CLOSE` into spans.
pub(super) fn spans(marked: &str) -> Vec<TextSpan> {
    let mut spans = Vec::new();
    let mut text = String::new();
    let mut highlighted = false;
    for c in marked.chars() {
        let toggle_to = match c {
            OPEN => Some(true),
            CLOSE => Some(false),
            _ => None,
        };
        match toggle_to {
            Some(next) => {
                if !text.is_empty() {
                    spans.push(TextSpan {
                        text: std::mem::take(&mut text),
                        highlighted,
                    });
                }
                highlighted = next;
            }
            None => text.push(c),
        }
    }
    if !text.is_empty() {
        spans.push(TextSpan { text, highlighted });
    }
    spans
}

/// The phone as typed, with the run of characters holding `digits`
/// highlighted (formatting inside the run included).
pub(super) fn phone_spans(phone: &str, digits: &str) -> Vec<TextSpan> {
    let chars: Vec<char> = phone.chars().collect();
    let digit_positions: Vec<usize> = chars
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i)
        .collect();
    let all_digits: String = digit_positions.iter().map(|&i| chars[i]).collect();
    let plain = || {
        vec![TextSpan {
            text: phone.to_owned(),
            highlighted: false,
        }]
    };
    if digits.is_empty() {
        return plain();
    }
    let Some(start) = all_digits.find(digits) else {
        return plain();
    };
    let (from, to) = (
        digit_positions[start],
        digit_positions[start + digits.len() - 1],
    );
    let piece = |range: Range<usize>, highlighted| TextSpan {
        text: chars[range].iter().collect(),
        highlighted,
    };
    [
        piece(0..from, false),
        piece(from..to + 1, true),
        piece(to + 1..chars.len(), false),
    ]
    .into_iter()
    .filter(|s| !s.text.is_empty())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_spans_highlight_the_digits_through_the_formatting() {
        let spans = phone_spans("+55 11 98765-4321", "987654");
        let highlighted: Vec<&str> = spans
            .iter()
            .filter(|s| s.highlighted)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(
            highlighted,
            vec!["98765-4"],
            "the typed digits are highlighted where they sit in the formatted number"
        );
        let whole: String = spans.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(
            whole, "+55 11 98765-4321",
            "spans must rebuild the text exactly"
        );
    }

    #[test]
    fn marked_text_becomes_spans() {
        let spans = spans("say \u{1}hello\u{2} there");
        assert_eq!(
            spans,
            vec![
                TextSpan {
                    text: "say ".into(),
                    highlighted: false
                },
                TextSpan {
                    text: "hello".into(),
                    highlighted: true
                },
                TextSpan {
                    text: " there".into(),
                    highlighted: false
                },
            ],
            "markers delimit highlighted spans and never appear in the text"
        );
    }
}
