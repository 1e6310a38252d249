use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

use super::*;

/// Message id → the variables it uses, over all of a language's files.
fn messages(language: &str) -> BTreeMap<String, BTreeSet<String>> {
    let mut messages = BTreeMap::new();
    for (_, name, source) in files_of(language) {
        let resource = fluent_syntax::parser::parse(*source)
            .unwrap_or_else(|(_, errors)| panic!("{language}/{name} does not parse: {errors:?}"));
        for entry in resource.body {
            if let Entry::Message(message) = entry {
                let mut variables = BTreeSet::new();
                if let Some(value) = &message.value {
                    pattern_variables(value, &mut variables);
                }
                for attribute in &message.attributes {
                    pattern_variables(&attribute.value, &mut variables);
                }
                let repeated = messages.insert(message.id.name.to_owned(), variables);
                assert!(
                    repeated.is_none(),
                    "{language}: {} is defined twice: one would silently win",
                    message.id.name
                );
            }
        }
    }
    messages
}

fn pattern_variables(pattern: &Pattern<&str>, into: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, into);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, into: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_variables(selector, into);
            for variant in variants {
                pattern_variables(&variant.value, into);
            }
        }
        Expression::Inline(inline) => inline_variables(inline, into),
    }
}

fn inline_variables(inline: &InlineExpression<&str>, into: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            into.insert(id.name.to_owned());
        }
        InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, into);
            }
            for argument in &arguments.named {
                inline_variables(&argument.value, into);
            }
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, into),
        _ => {}
    }
}

#[test]
fn every_language_has_a_catalogue_with_messages() {
    for language in LANGUAGES {
        assert!(
            files_of(language).count() > 0,
            "{language} has no catalogue file: the build did not find locales/{language}"
        );
        assert!(
            !messages(language).is_empty(),
            "{language}'s catalogue is empty"
        );
    }
}

#[test]
fn every_catalogue_has_exactly_the_messages_english_has() {
    let english = messages(FALLBACK);
    for language in LANGUAGES.into_iter().filter(|l| *l != FALLBACK) {
        let other = messages(language);
        let missing: Vec<_> = english
            .keys()
            .filter(|id| !other.contains_key(*id))
            .collect();
        assert!(
            missing.is_empty(),
            "{language} lacks {missing:?}: its users would see message ids"
        );
        let extra: Vec<_> = other
            .keys()
            .filter(|id| !english.contains_key(*id))
            .collect();
        assert!(
            extra.is_empty(),
            "{language} has {extra:?}, which English does not: a renamed or removed message left behind"
        );
    }
}

#[test]
fn translations_use_only_the_variables_the_english_message_is_given() {
    let english = messages(FALLBACK);
    for language in LANGUAGES.into_iter().filter(|l| *l != FALLBACK) {
        for (id, variables) in messages(language) {
            let Some(given) = english.get(&id) else {
                continue; // reported by the test above
            };
            let unknown: Vec<_> = variables.difference(given).collect();
            assert!(
                unknown.is_empty(),
                "{language}'s {id} uses {unknown:?}, which the code never passes (English uses {given:?})"
            );
        }
    }
}

#[test]
fn every_catalogue_loads_into_a_bundle() {
    for language in LANGUAGES {
        assert_eq!(
            Localizer::get(language).language(),
            language,
            "each language gets its own catalogue"
        );
    }
}

#[test]
fn the_system_locale_is_negotiated_against_the_three_languages() {
    let cases = [
        (
            "pt_BR.UTF-8",
            "pt-BR",
            "a Brazilian system speaks Brazilian Portuguese",
        ),
        (
            "pt_PT.UTF-8",
            "pt-BR",
            "European Portuguese is closer to pt-BR than to English",
        ),
        ("es_MX.UTF-8", "es", "any Spanish region gets Spanish"),
        ("es", "es", "a bare language"),
        ("en_GB.UTF-8", "en", "any English region gets English"),
        ("C", "en", "the C locale (CI machines) is English"),
        ("C.UTF-8", "en", "and so is C.UTF-8"),
        ("POSIX", "en", "and POSIX"),
        (
            "de_DE.UTF-8@euro",
            "en",
            "a language there is no catalogue for falls back to English",
        ),
        ("", "en", "no locale at all"),
    ];
    for (locale, expected, why) in cases {
        assert_eq!(negotiate([locale]), expected, "{locale:?}: {why}");
    }
    assert_eq!(
        negotiate(["de_DE", "es_ES"]),
        "es",
        "a later preference (LANGUAGE=de:es) is used when the first has no catalogue"
    );
    assert_eq!(
        negotiate(["pt-BR"]),
        "pt-BR",
        "the page's and the settings' BCP 47 tags negotiate to themselves"
    );
}

#[test]
fn plurals_and_numbers_come_from_each_languages_rules() {
    let count = |language: &str, n: i64| {
        Localizer::get(language).text("tray-waiting", &[("count", n.into())])
    };
    assert_eq!(count("en", 0), "No customers waiting");
    assert_eq!(count("en", 1), "1 customer waiting");
    assert_eq!(count("en", 3), "3 customers waiting");
    assert_eq!(count("pt-BR", 1), "1 cliente aguardando");
    assert_eq!(count("pt-BR", 3), "3 clientes aguardando");
    assert_eq!(count("es", 1), "1 cliente en espera");
    assert_eq!(count("es", 3), "3 clientes en espera");
    assert!(
        !count("pt-BR", 0).contains('0'),
        "zero is said in words, not as '0 clientes'"
    );
}

#[test]
fn a_missing_message_shows_its_id_rather_than_nothing() {
    assert_eq!(
        Localizer::get("en").text("app-no-such-message", &[]),
        "app-no-such-message",
        "an id on screen is a visible bug; an empty string would hide it"
    );
}

#[test]
fn put_in_text_is_not_wrapped_in_isolation_marks() {
    let text = Localizer::get("en").text("notify-transfer-summary", &[("name", "Ana".into())]);
    assert_eq!(
        text, "Ana — conversation transferred",
        "notification daemons show U+2068/U+2069 as boxes"
    );
}
