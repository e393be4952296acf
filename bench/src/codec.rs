//! Decoding and encoding with the generated types, beside the quick-xml baseline.
//!
//! Decode cases read a whole response envelope with `envelope::read_response` into the
//! generated types. Encode cases build the values once (by decoding the matching request
//! file) and time `envelope::write_request` to bytes. The baseline is a quick-xml
//! `NsReader` pass over the same bytes that resolves the namespace of every element and
//! unescapes every text node into an owned `String`, building nothing else. An encode case
//! is compared with the baseline of its corresponding decode message (same users), as the
//! target is "encode MB/s ≥ the decode baseline's MB/s".
//!
//! Every case also runs gSOAP's generated C++ over the same message ([`crate::gsoap`]),
//! repeat by repeat beside ours; the gSOAP ratio compares messages per second (for encode
//! cases the two envelopes hold the same value but differ in size: gSOAP declares the
//! prefixes once, ASMX style repeats `xmlns` on every element).

use std::hint::black_box;
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::NsReader;
use soapgen_runtime::{soap as envelope, xml, DecodeError, DecodeErrorKind, Options, SoapVersion};

use crate::bulk;
use crate::gsoap::{Gsoap, Op};
use crate::stats::{batch, median, Batch, Plan};
use crate::NS_TNS;

/// One measured case.
#[derive(Debug, Clone)]
pub struct CaseResult {
    /// `decode list-response-10000`, `encode upload-request-10000`, ...
    pub name: String,
    /// Bytes per message (the input for decode, the produced envelope for encode).
    pub bytes: usize,
    /// ServiceInstanceUser records in the message.
    pub users: usize,
    /// Median on-CPU seconds per message over the repeats.
    pub secs: f64,
    /// Every repeat's on-CPU seconds per message.
    pub samples: Vec<f64>,
    /// Median wall-clock seconds per message.
    pub wall_secs: f64,
    /// The message the baseline ran over.
    pub baseline_of: String,
    /// Size of that message.
    pub baseline_bytes: usize,
    /// Median on-CPU seconds per message of the baseline.
    pub baseline_secs: f64,
    /// Every repeat's baseline on-CPU seconds per message.
    pub baseline_samples: Vec<f64>,
    /// Median wall-clock seconds per message of the baseline.
    pub baseline_wall_secs: f64,
    /// gSOAP's generated C++ over the same message or value.
    pub gsoap: Anchor,
}

/// The gSOAP figures of one case.
#[derive(Debug, Clone)]
pub struct Anchor {
    /// Bytes per message (the input for decode, gSOAP's envelope for encode).
    pub bytes: usize,
    /// Median on-CPU seconds per message.
    pub secs: f64,
    /// Every repeat's on-CPU seconds per message.
    pub samples: Vec<f64>,
    /// Median wall-clock seconds per message.
    pub wall_secs: f64,
}

impl Anchor {
    /// 10^6 bytes per second.
    pub fn mb_s(&self) -> f64 {
        self.bytes as f64 / self.secs / 1e6
    }
    /// Messages per second.
    pub fn msgs_s(&self) -> f64 {
        1.0 / self.secs
    }
}

impl CaseResult {
    /// 10^6 bytes per second.
    pub fn mb_s(&self) -> f64 {
        self.bytes as f64 / self.secs / 1e6
    }
    /// Messages per second.
    pub fn msgs_s(&self) -> f64 {
        1.0 / self.secs
    }
    /// Baseline 10^6 bytes per second.
    pub fn baseline_mb_s(&self) -> f64 {
        self.baseline_bytes as f64 / self.baseline_secs / 1e6
    }
    /// Baseline messages per second.
    pub fn baseline_msgs_s(&self) -> f64 {
        1.0 / self.baseline_secs
    }
    /// MB/s relative to the baseline's MB/s.
    pub fn ratio(&self) -> f64 {
        self.mb_s() / self.baseline_mb_s()
    }
    /// Messages per second relative to gSOAP's.
    pub fn vs_gsoap(&self) -> f64 {
        self.gsoap.secs / self.secs
    }
}

/// The quick-xml baseline: resolve every element's namespace, unescape every text node
/// into a `String`. Returns the number of elements plus text nodes (so nothing is
/// optimised away).
pub fn baseline(bytes: &[u8]) -> Result<usize, quick_xml::Error> {
    let mut r = NsReader::from_reader(bytes);
    let mut text = String::new();
    let mut has_text = false;
    let mut count = 0usize;
    loop {
        let (ns, event) = r.read_resolved_event()?;
        match event {
            Event::Start(_) | Event::Empty(_) | Event::End(_) | Event::Eof => {
                if has_text {
                    black_box(std::mem::take(&mut text));
                    has_text = false;
                    count += 1;
                }
                black_box(&ns);
                if matches!(event, Event::Eof) {
                    return Ok(count);
                }
                count += 1;
            }
            Event::Text(t) => {
                text.push_str(&t.xml10_content()?);
                has_text = true;
            }
            Event::CData(c) => {
                text.push_str(&c.xml10_content()?);
                has_text = true;
            }
            Event::GeneralRef(g) => {
                if let Some(ch) = g.resolve_char_ref()? {
                    text.push(ch);
                } else {
                    let name = g.xml10_content()?;
                    let ch =
                        quick_xml::escape::resolve_predefined_entity(&name).ok_or_else(|| {
                            quick_xml::Error::Escape(
                                quick_xml::escape::EscapeError::UnrecognizedEntity(
                                    0..0,
                                    name.to_string(),
                                ),
                            )
                        })?;
                    text.push_str(ch);
                }
                has_text = true;
            }
            _ => {}
        }
    }
}

fn options() -> Options {
    Options::default().max_response_bytes(usize::MAX)
}

/// Decodes a `list-response-N.xml` envelope; returns the number of users.
pub fn decode_list(bytes: &[u8], opts: &Options) -> Result<usize, soapgen_runtime::Error> {
    let list = envelope::read_response(SoapVersion::Soap11, bytes, &opts.limits, |r, el| {
        soapgen_runtime::__private::expect_body_element::<bulk::ListInstanceUsersResponse>(
            r,
            el,
            NS_TNS,
            "ListInstanceUsersResponse",
        )
        .map(|v| v.list_instance_users_result)
    })?;
    Ok(list.map_or(0, |l| l.service_instance_user.len()))
}

/// Decodes `authenticate-response.xml`; returns 1 when it holds a user.
pub fn decode_authenticate(bytes: &[u8], opts: &Options) -> Result<usize, soapgen_runtime::Error> {
    let res = envelope::read_response(SoapVersion::Soap11, bytes, &opts.limits, |r, el| {
        soapgen_runtime::__private::expect_body_element::<bulk::AuthenticateResponse>(
            r,
            el,
            NS_TNS,
            "AuthenticateResponse",
        )
        .map(|v| v.authenticate_result)
    })?;
    Ok(usize::from(
        res.and_then(|r| r.service_instance_user).is_some(),
    ))
}

/// Reads a request envelope whose Body holds `{tns}local`, handing each child of that
/// element to `child`. (Generated request-only types have no `Decode`; the benchmarks
/// rebuild the request values from the message files with this.)
fn read_request_with(
    bytes: &[u8],
    local: &str,
    mut child: impl FnMut(&mut xml::Reader<'_>, &xml::Element<'_>) -> Result<bool, DecodeError>,
) -> Result<(), soapgen_runtime::Error> {
    envelope::read_response(SoapVersion::Soap11, bytes, &options().limits, |r, el| {
        match el {
            Some(el) if el.is(NS_TNS, local) => {}
            _ => {
                return Err(DecodeError::new(
                    DecodeErrorKind::UnexpectedElement,
                    format!("the Body does not start with {local}"),
                ))
            }
        }
        while let Some(c) = r.next_child()? {
            if !child(r, &c)? {
                r.skip(&c)?;
            }
        }
        Ok(())
    })
    .map_err(Into::into)
}

/// Reads `upload-request-N.xml` into the generated request type.
pub fn read_upload(bytes: &[u8]) -> Result<bulk::UploadInstanceUsers, soapgen_runtime::Error> {
    let mut users = None;
    read_request_with(bytes, "UploadInstanceUsers", |r, c| {
        if c.is(NS_TNS, "users") {
            users = Some(<bulk::ArrayOfServiceInstanceUser as xml::Decode>::decode(
                r, c,
            )?);
            return Ok(true);
        }
        Ok(false)
    })?;
    Ok(bulk::UploadInstanceUsers { users })
}

/// Reads `authenticate-request.xml` into the generated request type.
pub fn read_authenticate(bytes: &[u8]) -> Result<bulk::Authenticate, soapgen_runtime::Error> {
    let mut request = None;
    read_request_with(bytes, "Authenticate", |r, c| {
        if !c.is(NS_TNS, "request") {
            return Ok(false);
        }
        let mut value = bulk::AuthenticationRequest::default();
        while let Some(f) = r.next_child()? {
            let slot = match f.local() {
                "UserName" => &mut value.user_name,
                "Password" => &mut value.password,
                "IPAddress" => &mut value.ip_address,
                _ => {
                    r.skip(&f)?;
                    continue;
                }
            };
            *slot = Some(<String as xml::Decode>::decode(r, &f)?);
        }
        request = Some(value);
        Ok(true)
    })?;
    Ok(bulk::Authenticate { request })
}

/// Encodes a request envelope whose Body holds `value` as `{tns}local`.
pub fn encode<T: xml::Encode>(local: &str, value: &T) -> Vec<u8> {
    envelope::write_request(
        SoapVersion::Soap11,
        |_| {},
        |w| w.element(NS_TNS, local, value),
    )
}

fn load(dir: &Path, name: &str) -> Result<Vec<u8>, String> {
    std::fs::read(dir.join(name))
        .map_err(|e| format!("cannot read {}: {e}", dir.join(name).display()))
}

/// Times of ours, the baseline's and gSOAP's, one entry per repeat.
struct Times {
    ours: Vec<Batch>,
    baseline: Vec<Batch>,
    gsoap: Vec<Batch>,
}

/// Times `op`, the baseline over `base` and gSOAP's `anchor` (op, loaded key)
/// alternately, `plan.repeats` times each.
fn measure(
    plan: &Plan,
    mut op: impl FnMut(),
    base: &[u8],
    gsoap: &mut Gsoap,
    (anchor, key): (Op, &str),
) -> Result<Times, String> {
    let mut run_base = || {
        black_box(baseline(black_box(base)).unwrap_or_default());
    };
    batch(plan.warmup, &mut op);
    batch(plan.warmup, &mut run_base);
    gsoap.time(anchor, key, plan.warmup)?;
    let mut t = Times {
        ours: Vec::new(),
        baseline: Vec::new(),
        gsoap: Vec::new(),
    };
    for _ in 0..plan.repeats {
        t.ours.push(batch(plan.min_batch, &mut op));
        t.baseline.push(batch(plan.min_batch, &mut run_base));
        t.gsoap.push(gsoap.time(anchor, key, plan.min_batch)?);
    }
    Ok(t)
}

fn result(
    name: String,
    (bytes, users): (usize, usize),
    t: Times,
    baseline_of: &str,
    baseline_bytes: usize,
    gsoap_bytes: usize,
) -> CaseResult {
    let cpu = |v: &[Batch]| v.iter().map(|b| b.cpu).collect::<Vec<_>>();
    let wall = |v: &[Batch]| v.iter().map(|b| b.wall).collect::<Vec<_>>();
    CaseResult {
        name,
        bytes,
        users,
        secs: median(&cpu(&t.ours)),
        samples: cpu(&t.ours),
        wall_secs: median(&wall(&t.ours)),
        baseline_of: baseline_of.to_owned(),
        baseline_bytes,
        baseline_secs: median(&cpu(&t.baseline)),
        baseline_samples: cpu(&t.baseline),
        baseline_wall_secs: median(&wall(&t.baseline)),
        gsoap: Anchor {
            bytes: gsoap_bytes,
            secs: median(&cpu(&t.gsoap)),
            samples: cpu(&t.gsoap),
            wall_secs: median(&wall(&t.gsoap)),
        },
    }
}

/// Loads `file` into gSOAP under its own name and checks that `op` gives `expect`
/// (users decoded; `None` for encode ops, which return the envelope size).
fn gsoap_case(
    gsoap: &mut Gsoap,
    dir: &Path,
    file: &str,
    op: Op,
    expect: Option<usize>,
) -> Result<usize, String> {
    gsoap.load(file, &dir.join(file))?;
    let got = gsoap.check(op, file)?;
    match expect {
        Some(n) if got != n => Err(format!("gSOAP: {file}: decoded {got} users, expected {n}")),
        _ => Ok(got),
    }
}

/// Runs every codec case over the messages in `dir`, beside gSOAP, printing each line as
/// it is done. `scratch` is a directory for gSOAP's encoded envelopes (checked by decoding
/// them with ours).
pub fn run(
    dir: &Path,
    plan: &Plan,
    gsoap: &mut Gsoap,
    scratch: &Path,
    mut on_case: impl FnMut(&CaseResult),
) -> Result<Vec<CaseResult>, String> {
    let opts = options();
    let mut out = Vec::new();
    let mut push = |c: CaseResult, out: &mut Vec<CaseResult>| {
        on_case(&c);
        out.push(c);
    };

    // Decode: the list responses (ASMX form, one prefixed form for comparison).
    let lists: [(&str, usize); 5] = [
        ("list-response-1.xml", 1),
        ("list-response-100.xml", 100),
        ("list-response-10000.xml", 10_000),
        ("list-response-10000-prefixed.xml", 10_000),
        ("list-response-100000.xml", 100_000),
    ];
    for (file, users) in lists {
        let bytes = load(dir, file)?;
        let got = decode_list(&bytes, &opts).map_err(|e| format!("{file}: {e}"))?;
        if got != users {
            return Err(format!("{file}: decoded {got} users, expected {users}"));
        }
        baseline(&bytes).map_err(|e| format!("{file}: baseline: {e}"))?;
        gsoap_case(gsoap, dir, file, Op::DecodeList, Some(users))?;
        let times = measure(
            plan,
            || {
                black_box(decode_list(black_box(&bytes), &opts).unwrap_or_default());
            },
            &bytes,
            gsoap,
            (Op::DecodeList, file),
        )?;
        let stem = file.trim_end_matches(".xml");
        push(
            result(
                format!("decode {stem}"),
                (bytes.len(), users),
                times,
                file,
                bytes.len(),
                bytes.len(),
            ),
            &mut out,
        );
    }

    let auth = load(dir, "authenticate-response.xml")?;
    if decode_authenticate(&auth, &opts).map_err(|e| format!("authenticate-response.xml: {e}"))?
        != 1
    {
        return Err("authenticate-response.xml: no ServiceInstanceUser decoded".into());
    }
    let auth_file = "authenticate-response.xml";
    gsoap_case(gsoap, dir, auth_file, Op::DecodeAuth, Some(1))?;
    let times = measure(
        plan,
        || {
            black_box(decode_authenticate(black_box(&auth), &opts).unwrap_or_default());
        },
        &auth,
        gsoap,
        (Op::DecodeAuth, auth_file),
    )?;
    push(
        result(
            "decode authenticate-response".into(),
            (auth.len(), 1),
            times,
            auth_file,
            auth.len(),
            auth.len(),
        ),
        &mut out,
    );

    // Encode: values built once from the request files, then encoded to bytes.
    let upload_file = "upload-request-10000.xml";
    let upload: bulk::UploadInstanceUsers =
        read_upload(&load(dir, upload_file)?).map_err(|e| format!("{upload_file}: {e}"))?;
    let n = upload
        .users
        .as_ref()
        .map_or(0, |u| u.service_instance_user.len());
    if n != 10_000 {
        return Err(format!("{upload_file}: decoded {n} users, expected 10000"));
    }
    let encoded = encode("UploadInstanceUsers", &upload);
    let back: bulk::UploadInstanceUsers =
        read_upload(&encoded).map_err(|e| format!("re-reading the encoded upload: {e}"))?;
    if back != upload {
        return Err("the encoded UploadInstanceUsers does not decode to the same value".into());
    }
    let gsoap_bytes = gsoap_case(gsoap, dir, upload_file, Op::EncodeUpload, None)?;
    let theirs = scratch.join("gsoap-upload-request-10000.xml");
    gsoap.write(Op::EncodeUpload, upload_file, &theirs)?;
    if read_upload(&load(scratch, "gsoap-upload-request-10000.xml")?)
        .map_err(|e| format!("re-reading gSOAP's encoded upload: {e}"))?
        != upload
    {
        return Err("gSOAP's encoded UploadInstanceUsers does not decode to the same value".into());
    }
    let base = load(dir, "list-response-10000.xml")?;
    let times = measure(
        plan,
        || {
            black_box(encode("UploadInstanceUsers", black_box(&upload)));
        },
        &base,
        gsoap,
        (Op::EncodeUpload, upload_file),
    )?;
    push(
        result(
            "encode upload-request-10000".into(),
            (encoded.len(), 10_000),
            times,
            "list-response-10000.xml",
            base.len(),
            gsoap_bytes,
        ),
        &mut out,
    );

    let auth_req_file = "authenticate-request.xml";
    let auth_req: bulk::Authenticate = read_authenticate(&load(dir, auth_req_file)?)
        .map_err(|e| format!("{auth_req_file}: {e}"))?;
    let encoded = encode("Authenticate", &auth_req);
    let gsoap_bytes = gsoap_case(gsoap, dir, auth_req_file, Op::EncodeAuth, None)?;
    gsoap.write(
        Op::EncodeAuth,
        auth_req_file,
        &scratch.join("gsoap-authenticate-request.xml"),
    )?;
    if read_authenticate(&load(scratch, "gsoap-authenticate-request.xml")?)
        .map_err(|e| format!("re-reading gSOAP's encoded Authenticate: {e}"))?
        != auth_req
    {
        return Err("gSOAP's encoded Authenticate does not decode to the same value".into());
    }
    let times = measure(
        plan,
        || {
            black_box(encode("Authenticate", black_box(&auth_req)));
        },
        &auth,
        gsoap,
        (Op::EncodeAuth, auth_req_file),
    )?;
    push(
        result(
            "encode authenticate-request".into(),
            (encoded.len(), 0),
            times,
            "authenticate-response.xml",
            auth.len(),
            gsoap_bytes,
        ),
        &mut out,
    );
    Ok(out)
}
