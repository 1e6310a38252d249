//! Words as the review compares them: folded (case, accents, apostrophes)
//! so that "Preço", "preco" and "PREÇO" are one word, and questions that
//! differ only in punctuation, word order or small words fall into one group.

/// Lowercases and strips the accents of the Latin letters the supported
/// languages use (English, Portuguese, Spanish), and writes every
/// apostrophe as `'`. Other characters are kept as they are.
pub(crate) fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        for lower in c.to_lowercase() {
            folded.push(match lower {
                'á' | 'à' | 'â' | 'ã' | 'ä' | 'å' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
                'ú' | 'ù' | 'û' | 'ü' => 'u',
                'ç' => 'c',
                'ñ' => 'n',
                '’' | '‘' | '`' | '´' => '\'',
                other => other,
            });
        }
    }
    folded
}

/// A folded text and where its words start, found once for all the
/// keywords looked for in it: every customer message is matched against
/// every topic's keywords when it is stored, and searching the text for
/// each keyword was a tenth of the time to store a page of history.
pub(crate) struct WordStarts<'t> {
    folded: &'t str,
    /// Byte offsets at the start or after a character that is not a letter
    /// or a digit: where a keyword may begin.
    starts: Vec<usize>,
}

impl<'t> WordStarts<'t> {
    pub(crate) fn new(folded: &'t str) -> Self {
        let mut after_word = false;
        let starts = folded
            .char_indices()
            .filter_map(|(at, c)| {
                let start = !after_word;
                after_word = c.is_alphanumeric();
                start.then_some(at)
            })
            .collect();
        WordStarts { folded, starts }
    }

    /// Whether `keyword` (folded) occurs at the start of a word: "price"
    /// finds "prices" and "price?", not "caprice".
    pub(crate) fn has_prefix(&self, keyword: &str) -> bool {
        keyword.is_empty()
            || self
                .starts
                .iter()
                .any(|&at| self.folded[at..].starts_with(keyword))
    }
}

/// Whether `keyword` (folded) occurs in `folded` at the start of a word
/// (see [`WordStarts::has_prefix`]).
#[cfg(test)]
pub(crate) fn has_word_prefix(folded: &str, keyword: &str) -> bool {
    WordStarts::new(folded).has_prefix(keyword)
}

/// Whether a folded word says little about what a question asks, in the
/// supported languages; left out of a question's group key. A `match`, not
/// a list search: it runs for every word of every question of a period.
fn is_small_word(word: &str) -> bool {
    matches!(
        word,
        // English
        "a" | "an" | "the" | "is" | "are" | "do" | "does" | "you" | "your" | "i" | "me" | "my"
            | "to" | "of" | "for" | "in" | "on" | "and" | "or" | "it" | "can" | "please" | "hi"
            | "hello" | "with"
            // Portuguese
            | "o" | "os" | "as" | "um" | "uma" | "de" | "da" | "das" | "dos" | "e" | "em" | "no"
            | "na" | "que" | "voce" | "vc" | "por" | "favor" | "ola" | "oi" | "com" | "para"
            | "tem" | "se" | "te" | "lo"
            // Spanish
            | "el" | "la" | "los" | "las" | "un" | "una" | "y" | "en" | "del" | "al" | "usted"
            | "hola" | "con" | "tiene" | "tienen"
    )
}

/// The key of a text as the review groups questions (see
/// [`group_key_of_folded`]).
#[cfg(test)]
pub(crate) fn group_key(text: &str) -> String {
    group_key_of_folded(&fold(text))
}

/// The key that groups questions, of a text already folded: its words,
/// without small words, sorted and each once. "Do you deliver to Porto?"
/// and "deliver to porto??" share one key.
pub(crate) fn group_key_of_folded(folded: &str) -> String {
    let mut words: Vec<&str> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !is_small_word(w))
        .collect();
    words.sort_unstable();
    words.dedup();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_makes_accents_case_and_apostrophes_equal() {
        assert_eq!(fold("PREÇO Não encontré"), "preco nao encontre");
        assert_eq!(
            fold("couldn’t"),
            "couldn't",
            "a typographic apostrophe must match a typed one"
        );
    }

    #[test]
    fn keywords_match_at_the_start_of_words_only() {
        assert!(has_word_prefix("what are your prices?", "price"));
        assert!(has_word_prefix("price", "price"));
        assert!(
            !has_word_prefix("a caprice", "price"),
            "a keyword inside another word is a different word"
        );
        assert!(has_word_prefix("ok, how much is it", "how much"));
        assert!(
            has_word_prefix("caprice, price", "price"),
            "a keyword found inside a word is still found at a later word's start"
        );
        assert!(!has_word_prefix("", "price"));
    }

    #[test]
    fn questions_differing_in_case_order_punctuation_and_small_words_share_a_key() {
        assert_eq!(
            group_key("Do you deliver to Porto?"),
            group_key("deliver porto??")
        );
        assert_eq!(group_key("Entregam no Porto?"), group_key("porto entregam"));
        assert_ne!(
            group_key("Do you deliver to Porto?"),
            group_key("Do you deliver to Lisbon?"),
            "different places are different questions"
        );
    }
}
