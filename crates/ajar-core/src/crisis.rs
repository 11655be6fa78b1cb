//! The crisis text as a phone shows it: every phone number in it a link that calls it,
//! so a client in distress taps instead of copying digits. Pure, so it is tested here and
//! used on the phone for the practice's own text and the shipped default alike.

/// A piece of the crisis text: words, or a number to call (`href` is `tel:` and the
/// digits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Call { number: &'a str, href: String },
}

/// Fewest digits in a number worth a link (emergency numbers have three).
const MIN_DIGITS: usize = 3;

/// Splits `text` at its phone numbers: runs of digits, with single spaces or hyphens
/// between groups and an optional leading `+`, of at least three digits.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut plain_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        let starts = bytes[i].is_ascii_digit()
            || (bytes[i] == b'+' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit));
        let after_word = i > 0 && (bytes[i - 1].is_ascii_alphanumeric());
        if !starts || after_word {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        loop {
            match (bytes.get(end), bytes.get(end + 1)) {
                (Some(b), _) if b.is_ascii_digit() => end += 1,
                (Some(b' ' | b'-'), Some(next)) if next.is_ascii_digit() => end += 2,
                _ => break,
            }
        }
        let run = &text[i..end];
        let digits: String = run
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '+')
            .collect();
        let next_is_word = bytes.get(end).is_some_and(u8::is_ascii_alphanumeric);
        if digits.trim_start_matches('+').len() >= MIN_DIGITS && !next_is_word {
            if plain_from < i {
                out.push(Piece::Text(&text[plain_from..i]));
            }
            out.push(Piece::Call {
                number: run,
                href: format!("tel:{digits}"),
            });
            plain_from = end;
        }
        i = end;
    }
    if plain_from < text.len() {
        out.push(Piece::Text(&text[plain_from..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calls(text: &str) -> Vec<(&str, String)> {
        pieces(text)
            .into_iter()
            .filter_map(|p| match p {
                Piece::Call { number, href } => Some((number, href)),
                Piece::Text(_) => None,
            })
            .collect()
    }

    #[test]
    fn emergency_and_helpline_numbers_become_calls() {
        assert_eq!(
            calls("call 112 in Europe, 911 or 999; Samaritans free on 116 123, any time."),
            [
                ("112", "tel:112".to_owned()),
                ("911", "tel:911".to_owned()),
                ("999", "tel:999".to_owned()),
                ("116 123", "tel:116123".to_owned()),
            ]
        );
        assert_eq!(
            calls("Ring +44 20 7946-0958."),
            [("+44 20 7946-0958", "tel:+442079460958".to_owned())]
        );
    }

    #[test]
    fn the_words_around_them_are_kept_exactly() {
        let text = "Call 988 now. Or 111.";
        let back: String = pieces(text)
            .into_iter()
            .map(|p| match p {
                Piece::Text(t) => t.to_owned(),
                Piece::Call { number, .. } => number.to_owned(),
            })
            .collect();
        assert_eq!(back, text);
        assert_eq!(
            pieces("No numbers here."),
            [Piece::Text("No numbers here.")]
        );
        assert_eq!(pieces(""), []);
    }

    #[test]
    fn short_numbers_and_numbers_inside_words_are_not_calls() {
        assert!(calls("in 2 weeks, 24 hours a day").is_empty());
        assert!(calls("room B123 or 12th floor").is_empty());
        assert!(calls("text HELP to 4357").len() == 1);
    }
}
