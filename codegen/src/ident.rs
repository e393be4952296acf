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
/// lower→upper and digit→upper transitions, and inside a run of capitals
/// followed by lower case, acronym-aware:
/// - before the run's last capital when it starts a word (`IPAddress` →
///   `IP`, `Address`; `XMLHttp` → `XML`, `Http`);
/// - after the run when the lower-case letters cannot continue the run's
///   last capital as a word (`NDFDgen` → `NDFD`, `gen`; `IPv6` → `IP`,
///   `v6`): the two letters are consonants that begin no English word and
///   the lower-case run has a vowel or is one letter;
/// - nowhere for a plural `s` (`IDs`, `URLs`).
fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    // A boundary decided ahead (after an acronym run).
    let mut break_at = None;
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let prev = if cur.is_empty() {
            None
        } else {
            chars.get(i.wrapping_sub(1)).copied()
        };
        if let Some(prev) = prev {
            let next = chars.get(i + 1).copied();
            let mut boundary = (prev.is_lowercase() && c.is_uppercase())
                || (prev.is_numeric() && c.is_alphabetic() && c.is_uppercase())
                || break_at == Some(i);
            if prev.is_uppercase() && c.is_uppercase() && next.is_some_and(|n| n.is_lowercase()) {
                match acronym_end(&chars, i) {
                    AcronymEnd::Plural => {}
                    AcronymEnd::After => break_at = Some(i + 1),
                    AcronymEnd::Before => boundary = true,
                }
            }
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

/// Where a run of capitals ending at `last` (followed by lower case) ends.
enum AcronymEnd {
    /// Before its last capital (`IP|Address`).
    Before,
    /// After it (`NDFD|gen`).
    After,
    /// Nowhere: a plural `s` (`IDs`).
    Plural,
}

fn acronym_end(chars: &[char], last: usize) -> AcronymEnd {
    let lower: String = chars[last + 1..]
        .iter()
        .take_while(|c| c.is_lowercase())
        .collect();
    if lower == "s" {
        return AcronymEnd::Plural;
    }
    let vowel = |c: char| "aeiouy".contains(c.to_ascii_lowercase());
    let first = chars[last].to_ascii_lowercase();
    let second = lower.chars().next().unwrap_or('a');
    let onset: String = [first, second].iter().collect();
    // Two consonants that begin English words.
    const ONSETS: &[&str] = &[
        "bl", "br", "ch", "cl", "cr", "dr", "dw", "fl", "fr", "gl", "gn", "gr", "kl", "kn", "kr",
        "ph", "pl", "pr", "ps", "sc", "sh", "sk", "sl", "sm", "sn", "sp", "st", "sv", "sw", "th",
        "tr", "ts", "tw", "wh", "wr",
    ];
    let starts_word = vowel(first) || vowel(second) || ONSETS.contains(&onset.as_str());
    if !starts_word && (lower.chars().any(vowel) || lower.chars().count() == 1) {
        AcronymEnd::After
    } else {
        AcronymEnd::Before
    }
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

/// Type names a generated type never takes: the std prelude's types,
/// traits and variants (a glob import would shadow them silently), and the
/// `soapgen_runtime` items a caller of the generated API names (its error
/// types, the client a port is built from, the fault and its detail trait),
/// so `use generated::*;` next to `use soapgen_runtime::*;` never makes one
/// ambiguous.
pub const RESERVED_TYPES: &[&str] = &[
    // std prelude.
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
    // soapgen_runtime items of the generated API.
    "Client",
    "ClientBuilder",
    "Error",
    "ErrorKind",
    "Fault",
    "FaultDetail",
];

/// `name`, or `{name}Type` when it is one of [`RESERVED_TYPES`].
pub fn unreserved_type(name: &str) -> String {
    if RESERVED_TYPES.contains(&name) {
        format!("{name}Type")
    } else {
        name.to_string()
    }
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
            // Names from the public corpus (../shared/corpus).
            ("NDFDgen", "ndfd_gen", "NdfdGen"),
            ("NDFDgenByDay", "ndfd_gen_by_day", "NdfdGenByDay"),
            (
                "NDFDgenLatLonList",
                "ndfd_gen_lat_lon_list",
                "NdfdGenLatLonList",
            ),
            ("getHTTPResponse", "get_http_response", "GetHttpResponse"),
            ("XMLHttp", "xml_http", "XmlHttp"),
            ("IPv6Address", "ip_v6_address", "IpV6Address"),
            ("IPv4", "ip_v4", "IpV4"),
            ("EMailAddress", "e_mail_address", "EMailAddress"),
            ("APIAccessHeader", "api_access_header", "ApiAccessHeader"),
            ("PTZConfiguration", "ptz_configuration", "PtzConfiguration"),
            ("UPSSecurity", "ups_security", "UpsSecurity"),
            ("UTCDateTime", "utc_date_time", "UtcDateTime"),
            (
                "URPlusGetPersonsDebts",
                "ur_plus_get_persons_debts",
                "UrPlusGetPersonsDebts",
            ),
            ("DATProcessId", "dat_process_id", "DatProcessId"),
            ("AACDecOptions", "aac_dec_options", "AacDecOptions"),
            ("XAddr", "x_addr", "XAddr"),
            ("GetIDs", "get_ids", "GetIds"),
            ("WSDLs", "wsdls", "Wsdls"),
            ("SOAPversion", "soap_version", "SoapVersion"),
            ("HTMLtext", "html_text", "HtmlText"),
            (
                "GetCityWeatherByZIP",
                "get_city_weather_by_zip",
                "GetCityWeatherByZip",
            ),
            (
                "pms_getReservation",
                "pms_get_reservation",
                "PmsGetReservation",
            ),
            ("ConversionRate", "conversion_rate", "ConversionRate"),
            ("wsdl2Java", "wsdl2_java", "Wsdl2Java"),
            ("describeSObjects", "describe_s_objects", "DescribeSObjects"),
            ("timeoutMS", "timeout_ms", "TimeoutMs"),
            ("reconciliationID", "reconciliation_id", "ReconciliationId"),
            ("retUShort", "ret_u_short", "RetUShort"),
        ];
        for (xml, s, c) in cases {
            assert_eq!(snake(xml), s, "{xml}");
            assert_eq!(camel(xml), c, "{xml}");
        }
    }

    #[test]
    fn reserved_type_names_get_a_suffix() {
        assert_eq!(unreserved_type("Error"), "ErrorType");
        assert_eq!(unreserved_type("Result"), "ResultType");
        assert_eq!(unreserved_type("Client"), "ClientType");
        assert_eq!(unreserved_type("Errors"), "Errors");
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
