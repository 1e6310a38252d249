//! The app's languages: English, Portuguese (Brazil) and Spanish. One
//! Fluent catalogue per language (`locales/<language>/*.ftl` at the
//! repository root, embedded at build time), read by the shell through
//! [`Localizer`] for desktop notifications and the tray, and by the page
//! through `@fluent/bundle` from the same files, so both always say the same
//! thing. Which language: the user's choice, or the system locale negotiated
//! against the three ([`system_language`]), English when nothing matches.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
pub use fluent_bundle::FluentValue;
use fluent_bundle::{FluentArgs, FluentResource};
use fluent_langneg::{negotiate_languages, NegotiationStrategy};
use unic_langid::LanguageIdentifier;

include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));

/// The languages there are catalogues for, as BCP 47 tags.
pub const LANGUAGES: [&str; 3] = ["en", "pt-BR", "es"];
/// The language used when nothing else matches, and the reference
/// catalogue every other one must match message for message.
pub const FALLBACK: &str = "en";

/// The best of [`LANGUAGES`] for `requested` (most wanted first), each in
/// BCP 47 (`pt-BR`) or POSIX form (`pt_BR.UTF-8`). A language matches
/// another region of itself (`pt_PT` → `pt-BR`, `es_MX` → `es`); `C`,
/// `POSIX` and unknown languages get [`FALLBACK`].
pub fn negotiate<'a>(requested: impl IntoIterator<Item = &'a str>) -> &'static str {
    let requested: Vec<LanguageIdentifier> = requested
        .into_iter()
        .filter_map(|locale| from_posix(locale).parse().ok())
        // "POSIX" parses as a (non-existent) language; it means no choice.
        .filter(|id: &LanguageIdentifier| id.language.as_str() != "posix")
        .collect();
    let available: Vec<LanguageIdentifier> = LANGUAGES
        .iter()
        .map(|tag| tag.parse().expect("a valid tag"))
        .collect();
    let fallback: LanguageIdentifier = FALLBACK.parse().expect("a valid tag");
    let chosen = negotiate_languages(
        &requested,
        &available,
        Some(&fallback),
        NegotiationStrategy::Lookup,
    );
    let chosen = chosen.first().map(|id| id.to_string());
    LANGUAGES
        .into_iter()
        .find(|tag| chosen.as_deref() == Some(*tag))
        .unwrap_or(FALLBACK)
}

/// `pt_BR.UTF-8@euro` → `pt-BR`; a BCP 47 tag is left as it is.
fn from_posix(locale: &str) -> String {
    locale
        .split(['.', '@'])
        .next()
        .unwrap_or_default()
        .replace('_', "-")
}

/// The system's language (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG` on
/// Linux), negotiated against [`LANGUAGES`].
pub fn system_language() -> &'static str {
    let locales: Vec<String> = sys_locale::get_locales().collect();
    negotiate(locales.iter().map(String::as_str))
}

/// Says the catalogue's messages in one language.
pub struct Localizer {
    language: &'static str,
    bundle: FluentBundle<FluentResource>,
}

impl Localizer {
    /// The localizer for `tag`, negotiated against [`LANGUAGES`] (so any
    /// tag gives one). Built once per language, on first use.
    pub fn get(tag: &str) -> &'static Localizer {
        static LOCALIZERS: [OnceLock<Localizer>; LANGUAGES.len()] =
            [OnceLock::new(), OnceLock::new(), OnceLock::new()];
        let language = negotiate([tag]);
        let index = LANGUAGES
            .iter()
            .position(|tag| *tag == language)
            .expect("negotiate returns one of LANGUAGES");
        LOCALIZERS[index].get_or_init(|| Localizer::build(language))
    }

    fn build(language: &'static str) -> Localizer {
        let id: LanguageIdentifier = language.parse().expect("a valid tag");
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        // No Unicode isolation marks around placeables: notification
        // daemons and the tray show them as boxes or not at all, and the
        // names put in are one line of plain text anyway.
        bundle.set_use_isolating(false);
        for (_, name, source) in files_of(language) {
            let resource =
                FluentResource::try_new((*source).to_owned()).unwrap_or_else(|(_, errors)| {
                    panic!("{language}/{name} does not parse: {errors:?}")
                });
            if let Err(errors) = bundle.add_resource(resource) {
                panic!("{language}/{name} repeats a message: {errors:?}");
            }
        }
        Localizer { language, bundle }
    }

    /// The BCP 47 tag of this language (one of [`LANGUAGES`]).
    pub fn language(&self) -> &'static str {
        self.language
    }

    /// The message `id` with `args` put in. A message missing from the
    /// catalogue (which the tests forbid) is logged and shown as its id.
    pub fn text(&self, id: &str, args: &[(&str, FluentValue)]) -> String {
        let Some(pattern) = self.bundle.get_message(id).and_then(|m| m.value()) else {
            tracing::error!(id, language = self.language, "no such message");
            return id.to_owned();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = Vec::new();
        let text = self
            .bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::error!(
                id,
                language = self.language,
                ?errors,
                "message formatted with errors"
            );
        }
        text.into_owned()
    }
}

/// The catalogue files of `language`: (language, file name, contents).
pub fn files_of(
    language: &str,
) -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> + '_ {
    CATALOGUE_FILES
        .iter()
        .filter(move |(tag, _, _)| *tag == language)
}

#[cfg(test)]
mod tests;
