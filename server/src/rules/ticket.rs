//! Case ticket numbers: `CAS-01042-K7Q2`, 1000 plus the case id, then
//! four unambiguous characters. Unique because the id is: the store must
//! give every case a number of its own as its id (see `store`).

use customer_summary_model::Millis;

use crate::rng::Rng;

/// The characters of the suffix: no `I`, `O`, `0` or `1`.
const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/// The ticket number of case `id`, its suffix drawn from `rng`.
pub fn ticket_number(rng: &mut Rng, id: i64) -> String {
    let suffix: String = (0..4).map(|_| char::from(*rng.pick(ALPHABET))).collect();
    format!("CAS-{:05}-{suffix}", 1000 + id)
}

/// The ticket number of case `id` created at `at` through the API.
pub fn new_ticket_number(at: Millis, id: i64) -> String {
    let mut rng = Rng::new(at.unsigned_abs() ^ id.unsigned_abs().rotate_left(32));
    ticket_number(&mut rng, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ticket_number_is_the_id_plus_1000_and_four_unambiguous_characters() {
        for (at, id) in [(0, 1), (1_700_000_000_000, 42), (5, 98_999)] {
            let number = new_ticket_number(at, id);
            let (head, suffix) = number.rsplit_once('-').expect("a suffix");
            assert_eq!(head, format!("CAS-{:05}", 1000 + id));
            assert_eq!(suffix.len(), 4);
            assert!(suffix.bytes().all(|b| ALPHABET.contains(&b)), "{number}");
            assert_eq!(new_ticket_number(at, id), number, "deterministic");
        }
    }
}
