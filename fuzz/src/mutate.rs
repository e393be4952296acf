//! A small deterministic mutator for replaying the seeds in `cargo test`: no coverage
//! feedback (that is libFuzzer's job), but the same kinds of edits libFuzzer starts with
//! plus XML-aware ones, from a fixed seed, so a failure reproduces exactly.

/// Tokens spliced into inputs: the markup the readers branch on.
const TOKENS: &[&[u8]] = &[
    b"<",
    b">",
    b"</",
    b"/>",
    b"<?",
    b"?>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"]]>",
    b"<!DOCTYPE a [<!ENTITY e \"x\">]>",
    b"&amp;",
    b"&#x10FFFF;",
    b"&#0;",
    b"&e;",
    b"&",
    b"\"",
    b"'",
    b"=",
    b":",
    b"xmlns=\"\"",
    b"xmlns:p=\"urn:p\"",
    b"p:",
    b" xsi:type=\"tns:Framed\"",
    b" xsi:nil=\"true\"",
    b" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"",
    b"\r\n",
    b"\r\n--",
    b"--",
    b"Content-ID: <a>\r\n",
    b"cid:",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\0",
    b"\xC3",
    b"1e999",
    b"-",
    b"NaN",
];

/// A xorshift64* generator: deterministic, dependency-free.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed` (any value).
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next value.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in `0..n` (`0` when `n == 0`).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
}

/// Applies one to four random edits to `data`.
pub fn mutate(rng: &mut Rng, data: &mut Vec<u8>) {
    for _ in 0..=rng.below(4) {
        let len = data.len();
        let at = rng.below(len + 1);
        match rng.below(8) {
            // Flip a bit.
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            // Replace a byte with an interesting one.
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = *b"<>/&;\"'=: \0\xff".get(rng.below(13)).unwrap_or(&b'x');
            }
            // Delete a range.
            2 if len > 0 => {
                let end = (at + 1 + rng.below(64)).min(len);
                data.drain(at.min(len - 1)..end);
            }
            // Duplicate a range (nesting, repetition).
            3 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(256)).min(len);
                let copy = data[start..end].to_vec();
                let times = 1 + rng.below(8);
                for _ in 0..times {
                    data.splice(at..at, copy.iter().copied());
                }
            }
            // Truncate.
            4 => data.truncate(at),
            // Insert a token.
            _ => {
                let token = TOKENS[rng.below(TOKENS.len())];
                data.splice(at..at, token.iter().copied());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutation_is_deterministic_and_changes_inputs() {
        let seed = b"<a><b>text</b></a>".to_vec();
        let run = || {
            let mut rng = Rng::new(7);
            (0..100)
                .map(|_| {
                    let mut d = seed.clone();
                    mutate(&mut rng, &mut d);
                    d
                })
                .collect::<Vec<_>>()
        };
        let (a, b) = (run(), run());
        assert_eq!(a, b);
        assert!(a.iter().filter(|d| **d != seed).count() > 90);
    }
}
