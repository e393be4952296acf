//! Decoding speed check: `envelope::read_response` with hand-written generated-style types
//! vs. a plain quick-xml `NsReader` pass that unescapes every text node into a `String`.
//!
//! ```text
//! python3 ../shared/bench/make-messages.py target/bench-messages
//! cargo run --release -p soapgen-runtime --example decode_speed -- target/bench-messages/list-response-10000.xml
//! ```
//! Prints MB/s (10^6 bytes/s, median of the repeats) for both and their ratio.

#[path = "../tests/common/sajan.rs"]
mod sajan;

use std::time::Instant;

use quick_xml::events::Event;
use sajan::{ServiceInstanceUser, NS_SAJAN};
use soapgen_runtime::xml::{Decode, Element, Reader};
use soapgen_runtime::{soap as envelope, xml::Limits, DecodeError, SoapVersion};

struct ArrayOfServiceInstanceUser(Vec<Option<ServiceInstanceUser>>);

impl Decode for ArrayOfServiceInstanceUser {
    fn decode(r: &mut Reader<'_>, _el: &Element<'_>) -> Result<Self, DecodeError> {
        let mut items = Vec::new();
        while let Some(child) = r.next_child()? {
            if child.is(NS_SAJAN, "ServiceInstanceUser") {
                r.repeated_nillable_field(&child, &mut items, None)?;
            } else {
                r.skip(&child)?;
            }
        }
        Ok(Self(items))
    }
}

struct ListInstanceUsersResponse(Option<ArrayOfServiceInstanceUser>);

impl Decode for ListInstanceUsersResponse {
    fn decode(r: &mut Reader<'_>, _el: &Element<'_>) -> Result<Self, DecodeError> {
        let mut pos = 0;
        let mut result = None;
        while let Some(child) = r.next_child()? {
            if child.is(NS_SAJAN, "ListInstanceUsersResult") {
                r.order(&child, &mut pos, 0)?;
                r.optional_field(&child, &mut result)?;
            } else {
                r.skip(&child)?;
            }
        }
        Ok(Self(result.flatten()))
    }
}

fn runtime_pass(xml: &[u8]) -> usize {
    let resp = envelope::read_response(SoapVersion::Soap11, xml, &Limits::default(), |r, el| {
        soapgen_runtime::__private::expect_body_element::<ListInstanceUsersResponse>(
            r,
            el,
            NS_SAJAN,
            "ListInstanceUsersResponse",
        )
    })
    .expect("decode");
    resp.0.map_or(0, |a| a.0.len())
}

fn baseline_pass(xml: &[u8]) -> usize {
    let mut r = quick_xml::NsReader::from_reader(xml);
    let mut texts = 0usize;
    let mut total = 0usize;
    loop {
        match r.read_resolved_event().expect("xml") {
            (_, Event::Text(t)) => {
                let s: String = t.decode().expect("utf8").into_owned();
                total += s.len();
                texts += 1;
            }
            (_, Event::GeneralRef(g)) => {
                let s: String = match g.resolve_char_ref().expect("ref") {
                    Some(c) => c.to_string(),
                    None => {
                        quick_xml::escape::resolve_predefined_entity(&g.decode().expect("utf8"))
                            .unwrap_or("")
                            .to_owned()
                    }
                };
                total += s.len();
            }
            (_, Event::Eof) => break,
            _ => {}
        }
    }
    std::hint::black_box(total);
    texts
}

fn median_mbps(bytes: usize, repeats: usize, mut f: impl FnMut() -> usize) -> f64 {
    let mut speeds: Vec<f64> = (0..repeats)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            bytes as f64 / t.elapsed().as_secs_f64() / 1e6
        })
        .collect();
    speeds.sort_by(f64::total_cmp);
    speeds[speeds.len() / 2]
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "target/bench-messages/list-response-10000.xml".into());
    let xml = std::fs::read(&path).expect("read message");
    println!("{path}: {} bytes, {} users", xml.len(), runtime_pass(&xml));
    let ours = median_mbps(xml.len(), 9, || runtime_pass(&xml));
    let base = median_mbps(xml.len(), 9, || baseline_pass(&xml));
    println!("runtime decode : {ours:8.1} MB/s");
    println!("NsReader+String: {base:8.1} MB/s");
    println!("ratio          : {:.2}", ours / base);
}
