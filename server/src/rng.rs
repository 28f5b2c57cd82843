//! A tiny deterministic PRNG (SplitMix64): the same seed gives the same
//! demo data and ticket numbers on every machine, without the `rand` crate.

/// SplitMix64 generator.
pub struct Rng(u64);

impl Rng {
    /// A generator whose sequence is fixed by `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `low..high` (`low` when the range is empty).
    pub fn range(&mut self, low: i64, high: i64) -> i64 {
        let span = high.saturating_sub(low);
        if span <= 0 {
            return low;
        }
        // The modulo bias is irrelevant for demo data.
        low + (self.next_u64() % span.unsigned_abs()) as i64
    }

    /// An index in `0..len` (0 when `len` is 0).
    pub fn index(&mut self, len: usize) -> usize {
        self.range(0, len as i64) as usize
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// `true` with the given probability in percent.
    pub fn chance(&mut self, percent: i64) -> bool {
        self.range(0, 100) < percent
    }

    /// `count` decimal digits.
    pub fn digits(&mut self, count: usize) -> String {
        (0..count)
            .map(|_| char::from(b'0' + self.range(0, 10) as u8))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence_and_ranges_hold() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        for _ in 0..1000 {
            let n = a.range(-5, 5);
            assert_eq!(n, b.range(-5, 5));
            assert!((-5..5).contains(&n));
        }
        assert_eq!(a.range(3, 3), 3);
        assert_eq!(a.digits(6).len(), 6);
    }
}
