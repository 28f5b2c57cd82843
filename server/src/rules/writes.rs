//! What the API's creates store besides what was sent: who wrote it, blank
//! optional fields as none, and a note's default title. Strings are
//! otherwise stored as sent.

/// Who owns the cases and writes the notes created through the API, until
/// agents sign in.
pub const AGENT: &str = "You";

/// How many characters of a note's first line become its title when it
/// has none.
const NOTE_TITLE: usize = 80;

/// The value as sent, or `None` when it is missing or blank.
pub fn optional(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|text| !text.trim().is_empty())
}

/// A note's title: the one sent, unless blank, else the first line of
/// `text` that is not blank, trimmed, cut to [`NOTE_TITLE`] characters.
pub fn note_title(title: &Option<String>, text: &str) -> String {
    optional(title).map_or_else(
        || {
            text.lines()
                .map(str::trim)
                .find(|line| !line.is_empty())
                .unwrap_or_default()
                .chars()
                .take(NOTE_TITLE)
                .collect()
        },
        str::to_owned,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_without_title_is_named_by_its_first_line() {
        assert_eq!(
            note_title(&None, "\n  Called back  \nsecond"),
            "Called back"
        );
        assert_eq!(
            note_title(&Some(" ".into()), &"é".repeat(100))
                .chars()
                .count(),
            80
        );
        assert_eq!(note_title(&Some(" Mine ".into()), "text"), " Mine ");
        assert_eq!(optional(&Some(" \t".into())), None);
        assert_eq!(optional(&Some(" x ".into())), Some(" x "));
    }
}
