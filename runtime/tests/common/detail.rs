//! Parser for the `expected_detail` column of shared/vectors/responses/CASES.tsv, and a
//! small SHA-256 for `{"len":N,"sha256":"..."}` values.
#![allow(dead_code)]

use std::collections::BTreeMap;

/// One expected value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    List(Vec<String>),
    Hashed { len: usize, sha256: String },
    Token(String),
}

impl Value {
    pub fn token(&self) -> Option<&str> {
        match self {
            Value::Token(t) => Some(t),
            _ => None,
        }
    }
}

/// Parses `KEY=VALUE;KEY=VALUE...`.
pub fn parse_detail(s: &str) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let eq = (i..chars.len()).find(|&j| chars[j] == '=').expect("key=");
        let key: String = chars[i..eq].iter().collect();
        i = eq + 1;
        let (value, next) = match chars.get(i) {
            Some('"') => {
                let (s, n) = json_string(&chars, i);
                (Value::Str(s), n)
            }
            Some('[') => {
                let mut items = Vec::new();
                let mut j = i + 1;
                loop {
                    while chars[j] == ' ' || chars[j] == ',' {
                        j += 1;
                    }
                    if chars[j] == ']' {
                        break;
                    }
                    let (s, n) = json_string(&chars, j);
                    items.push(s);
                    j = n;
                }
                (Value::List(items), j + 1)
            }
            Some('{') => {
                let end = (i..chars.len()).find(|&j| chars[j] == '}').expect("}");
                let obj: String = chars[i..=end].iter().collect();
                let len = obj
                    .split("\"len\":")
                    .nth(1)
                    .and_then(|r| r.trim_start().split([',', '}']).next())
                    .and_then(|n| n.trim().parse().ok())
                    .expect("len");
                let sha256 = obj
                    .split("\"sha256\":")
                    .nth(1)
                    .and_then(|r| r.split('"').nth(1))
                    .expect("sha")
                    .to_owned();
                (Value::Hashed { len, sha256 }, end + 1)
            }
            _ => {
                let end = (i..chars.len())
                    .find(|&j| chars[j] == ';')
                    .unwrap_or(chars.len());
                (Value::Token(chars[i..end].iter().collect()), end)
            }
        };
        out.insert(key, value);
        i = next;
        if chars.get(i) == Some(&';') {
            i += 1;
        }
    }
    out
}

fn json_string(chars: &[char], start: usize) -> (String, usize) {
    assert_eq!(chars[start], '"');
    let mut units: Vec<u16> = Vec::new();
    let mut out = String::new();
    let flush = |units: &mut Vec<u16>, out: &mut String| {
        if !units.is_empty() {
            out.push_str(&String::from_utf16(units).expect("utf16"));
            units.clear();
        }
    };
    let mut i = start + 1;
    loop {
        let c = chars[i];
        match c {
            '"' => break,
            '\\' => {
                let e = chars[i + 1];
                i += 2;
                match e {
                    'u' => {
                        let hex: String = chars[i..i + 4].iter().collect();
                        units.push(u16::from_str_radix(&hex, 16).expect("hex"));
                        i += 4;
                        continue;
                    }
                    'n' => {
                        flush(&mut units, &mut out);
                        out.push('\n')
                    }
                    'r' => {
                        flush(&mut units, &mut out);
                        out.push('\r')
                    }
                    't' => {
                        flush(&mut units, &mut out);
                        out.push('\t')
                    }
                    other => {
                        flush(&mut units, &mut out);
                        out.push(other)
                    }
                }
                continue;
            }
            _ => {
                flush(&mut units, &mut out);
                out.push(c);
            }
        }
        i += 1;
    }
    flush(&mut units, &mut out);
    (out, i + 1)
}

/// SHA-256 of `data` as lower-case hex.
pub fn sha256_hex(data: &[u8]) -> String {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for t in 0..16 {
            w[t] = u32::from_be_bytes([
                block[4 * t],
                block[4 * t + 1],
                block[4 * t + 2],
                block[4 * t + 3],
            ]);
        }
        for t in 16..64 {
            let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
            let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
            w[t] = w[t - 16]
                .wrapping_add(s0)
                .wrapping_add(w[t - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut hh] = h;
        for t in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = hh
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[t])
                .wrapping_add(w[t]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            hh = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e, f, g, hh]) {
            *x = x.wrapping_add(y);
        }
    }
    h.iter().map(|x| format!("{x:08x}")).collect()
}
