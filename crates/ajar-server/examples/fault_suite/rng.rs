//! A seeded xorshift: the suite's timings and choices replay from the printed seed.

use std::sync::atomic::{AtomicU64, Ordering};

pub fn fresh_seed() -> u64 {
    let mut b = [0u8; 8];
    getrandom::fill(&mut b).expect("the OS has randomness");
    u64::from_le_bytes(b) | 1
}

/// Shared by tasks: each draw advances one state, so the sequence is the seed's (the
/// interleaving of tasks is not, which is the point of running many rounds).
pub struct Rng(AtomicU64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(AtomicU64::new(seed | 1))
    }

    pub fn next(&self) -> u64 {
        let mut x = self.0.load(Ordering::Relaxed);
        loop {
            let mut y = x;
            y ^= y << 13;
            y ^= y >> 7;
            y ^= y << 17;
            match self
                .0
                .compare_exchange_weak(x, y, Ordering::Relaxed, Ordering::Relaxed)
            {
                Ok(_) => return y.wrapping_mul(0x2545_f491_4f6c_dd1d),
                Err(now) => x = now,
            }
        }
    }

    /// A number in `0..n`.
    pub fn below(&self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A version-4 UUID whose first group marks it as the suite's.
    pub fn check_in_id(&self) -> String {
        let (a, b) = (self.next(), self.next());
        format!(
            "fa017000-{:04x}-4{:03x}-8{:03x}-{:012x}",
            a & 0xffff,
            (a >> 16) & 0xfff,
            (a >> 28) & 0xfff,
            b & 0xffff_ffff_ffff
        )
    }
}
