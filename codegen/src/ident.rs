//! Rust identifiers from XML names: casing, sanitising, keywords, and
//! deterministic collision resolution. The XML name always stays next to the
//! Rust name in the plan, so the wire never sees a sanitised name.

use std::collections::BTreeSet;

/// Strict and reserved keywords of every edition (2015–2024).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "try",
    "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "union",
];

/// Keywords that cannot be raw identifiers (`r#self` does not exist).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// Splits an XML name into words: on non-alphanumeric characters, on
/// lower→upper transitions, and before the last capital of an acronym
/// followed by lower case (`IPAddress` → `IP`, `Address`).
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(&prev) = cur.chars().last().as_ref() {
            let next = chars.get(i + 1).copied();
            let boundary = (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_numeric() && c.is_alphabetic() && c.is_uppercase())
                || (prev.is_uppercase()
                    && c.is_uppercase()
                    && next.is_some_and(|n| n.is_lowercase()));
            if boundary {
                out.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn ascii_or_keep(c: char) -> bool {
    c.is_alphanumeric()
}

/// `snake_case` form of an XML name (not yet keyword-safe).
pub fn snake(name: &str) -> String {
    let ws = words(name);
    let mut s = ws
        .iter()
        .map(|w| w.to_lowercase())
        .collect::<Vec<_>>()
        .join("_");
    s.retain(|c| ascii_or_keep(c) || c == '_');
    s
}

/// `UpperCamelCase` form of an XML name (not yet keyword-safe).
pub fn camel(name: &str) -> String {
    let ws = words(name);
    let mut s = String::new();
    for w in ws {
        let mut cs = w.chars();
        if let Some(f) = cs.next() {
            s.extend(f.to_uppercase());
            let rest: String = cs.collect();
            // Keep acronyms readable: `IPAddress` → `IpAddress`.
            s.push_str(&rest.to_lowercase());
        }
    }
    s
}

/// Makes `s` a valid identifier: non-empty, not starting with a digit, not
/// `_`, keywords made raw (or suffixed with `_` where raw is impossible).
/// `fallback` is used when nothing usable is left.
pub fn fix(s: String, fallback: &str) -> String {
    let mut s = s;
    if s.is_empty() || s.chars().all(|c| c == '_') {
        s = fallback.to_string();
    }
    if s.starts_with(|c: char| c.is_numeric()) {
        s.insert(
            0,
            if fallback.starts_with(char::is_uppercase) {
                'V'
            } else {
                'n'
            },
        );
        if fallback.starts_with(char::is_lowercase) {
            s.insert(1, '_');
        }
    }
    if NOT_RAW.contains(&s.as_str()) {
        s.push('_');
    } else if KEYWORDS.contains(&s.as_str()) {
        s.insert_str(0, "r#");
    }
    s
}

/// A field / method / parameter name for an XML name.
pub fn field_name(xml: &str) -> String {
    fix(snake(xml), "field")
}

/// A type / variant name for an XML name.
pub fn type_name(xml: &str) -> String {
    fix(camel(xml), "Value")
}

/// Hands out names within one namespace (a module's types, a struct's
/// fields): the first taker of a name gets it, later ones get `2`, `3`, ...
/// appended. Callers ask in a deterministic order, so output is stable.
#[derive(Debug, Default, Clone)]
pub struct NameSpace {
    taken: BTreeSet<String>,
}

impl NameSpace {
    /// An empty name space.
    pub fn new() -> Self {
        Self::default()
    }

    /// A name space where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        NameSpace {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Claims `want` or the first free `want2`, `want3`, ...
    pub fn claim(&mut self, want: &str) -> String {
        let bare = want.strip_prefix("r#").unwrap_or(want);
        if !self.taken.contains(bare) {
            self.taken.insert(bare.to_string());
            return want.to_string();
        }
        // `self_` / `Self_` (keywords made usable) lose their `_` before the
        // number. Snake-case names separate a number from a trailing digit
        // with `_`; UpperCamelCase names never contain `_`.
        let stem = match bare.trim_end_matches('_') {
            "" => bare,
            t => t,
        };
        let camel = stem.starts_with(char::is_uppercase);
        let sep = if !camel && stem.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        for n in 2.. {
            let cand = format!("{stem}{sep}{n}");
            if !self.taken.contains(&cand) {
                self.taken.insert(cand.clone());
                return cand;
            }
        }
        unreachable!("an unbounded counter always finds a free name")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing_table() {
        let cases = [
            ("IPAddress", "ip_address", "IpAddress"),
            ("UserName", "user_name", "UserName"),
            ("IsValidToken", "is_valid_token", "IsValidToken"),
            ("get-user.profile", "get_user_profile", "GetUserProfile"),
            ("ArrayOfstring", "array_ofstring", "ArrayOfstring"),
            ("_2FA", "2_fa", "2Fa"),
            ("userID", "user_id", "UserId"),
            ("HTTPServer2Name", "http_server2_name", "HttpServer2Name"),
        ];
        for (xml, s, c) in cases {
            assert_eq!(snake(xml), s, "{xml}");
            assert_eq!(camel(xml), c, "{xml}");
        }
    }

    #[test]
    fn fixes_keywords_digits_and_underscores() {
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(field_name("crate"), "crate_");
        assert_eq!(field_name("super"), "super_");
        assert_eq!(field_name("gen"), "r#gen");
        assert_eq!(field_name("_"), "field");
        assert_eq!(field_name("__"), "field");
        assert_eq!(field_name("1st"), "n_1st");
        assert_eq!(type_name("2FA"), "V2Fa");
        assert_eq!(type_name(""), "Value");
        assert_eq!(field_name("Ünïcødé"), "ünïcødé");
    }

    #[test]
    fn collisions_are_numbered_deterministically() {
        let mut ns = NameSpace::new();
        assert_eq!(ns.claim("user_name"), "user_name");
        assert_eq!(ns.claim("user_name"), "user_name2");
        assert_eq!(ns.claim("user_name"), "user_name3");
        assert_eq!(ns.claim("id2"), "id2");
        assert_eq!(ns.claim("id2"), "id2_2");
        assert_eq!(ns.claim("r#type"), "r#type");
        assert_eq!(ns.claim("r#type"), "type2");
        assert_eq!(ns.claim("Self_"), "Self_");
        assert_eq!(ns.claim("Self_"), "Self2");
        assert_eq!(ns.claim("Id2"), "Id2");
        assert_eq!(ns.claim("Id2"), "Id22");
    }
}
