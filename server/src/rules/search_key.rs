//! Search keys: text folded so that search and recognition ignore case
//! and accents in every script. The store keeps them beside the names and
//! titles they fold (contacts' full and last names, accounts' names,
//! cases' titles), computed here rather than by a function of the
//! database, so every backend compares the same keys.

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// `text` folded for comparison: decomposed (NFD), without its nonspacing
/// marks (general category Mn: accents, diaeresis, cedilla ...), each
/// character lower-cased, final sigma as sigma: "Zoë" and "ZOE" give
/// "zoe", "Müller" gives "muller".
///
/// Spacing marks (Mc), such as most vowel signs of Indic scripts, are
/// letters of their words and stay: all marks
/// (`unicode_normalization::char::is_combining_mark`) would make "कमला"
/// and "कमल" one name.
///
/// Letters that do not decompose keep their stroke or ligature: "Ø", "Ł",
/// "Æ" and "ß" are not "o", "l", "ae" and "ss". Each character folds on
/// its own (no context), so the key of a text is the keys of its parts
/// joined: see `full_name_key`.
pub fn search_key(text: &str) -> String {
    text.nfd()
        .filter(|c| c.general_category() != GeneralCategory::NonspacingMark)
        .flat_map(char::to_lowercase)
        // Unicode case folding makes the final form σ: "ΟΔΟΣ" and "οδος" match.
        .map(|c| if c == 'ς' { 'σ' } else { c })
        .collect()
}

/// The search key of a contact's full name, which the `full_name` column
/// computes as the first name, a space and the last name, or the last name.
pub fn full_name_key(first_name: Option<&str>, last_name: &str) -> String {
    match first_name {
        Some(first) => format!("{} {}", search_key(first), search_key(last_name)),
        None => search_key(last_name),
    }
}

/// The words of `text`'s search key, one space between them: its runs of
/// letters and digits, everything else a separator, as a word index
/// (SQLite's unicode61 tokenizer) splits them. A backend without such an
/// index stores these beside a title and finds a phrase of them as text.
pub fn words(text: &str) -> String {
    let key = search_key(text);
    let words: Vec<&str> = key
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_runs_of_letters_and_digits_of_the_key() {
        assert_eq!(
            words("  Refund—for ORDER #12, Zoë's  "),
            "refund for order 12 zoe s"
        );
        assert_eq!(words("e-mail"), "e mail");
        assert_eq!(words("%_"), "");
    }

    #[test]
    fn keys_ignore_case_and_accents_in_every_script() {
        for (text, key) in [
            ("ZOË", "zoe"),
            ("Zoë", "zoe"),
            ("Émile", "emile"),
            ("Müller", "muller"),
            ("Société Générale Café", "societe generale cafe"),
            ("ÁLVAREZ", "alvarez"),
            ("İstanbul", "istanbul"),
            ("ΟΔΟΣ Οδός", "οδοσ οδοσ"),
            ("Дмитрий Ёлкин", "дмитрии елкин"),
            // A spacing vowel sign (Mc) is kept.
            ("कमला", "कमला"),
            // Canonical and precomposed forms give the same key.
            ("Zoe\u{308}", "zoe"),
            // No decomposition: the letter stays (lower-cased).
            ("Ølaf Łukasz Straße", "ølaf łukasz straße"),
            ("O'Brien-Smith 42 %_", "o'brien-smith 42 %_"),
        ] {
            assert_eq!(search_key(text), key, "{text:?}");
        }
    }

    #[test]
    fn a_full_names_key_is_the_key_of_the_full_name() {
        assert_eq!(full_name_key(Some("Zoë"), "LEFÈVRE"), "zoe lefevre");
        assert_eq!(full_name_key(None, "Müller"), "muller");
        assert_eq!(
            full_name_key(Some("Ἀθηνᾶ"), "ΣΟΦΊΑΣ"),
            search_key("Ἀθηνᾶ ΣΟΦΊΑΣ")
        );
    }
}
