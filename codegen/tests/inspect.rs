//! `soapgen inspect`: the operations it lists are exactly zeep's for ten
//! corpus entries of every style, the signatures it prints are the
//! generated client's, and the listing is stable.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn corpus() -> PathBuf {
    let dir = repo().join("../shared/corpus");
    assert!(
        dir.join("MANIFEST.tsv").exists(),
        "the shared corpus must sit beside the repository ({})",
        dir.display()
    );
    dir
}

fn python() -> PathBuf {
    let py = repo().join(".venv/bin/python");
    assert!(
        py.exists(),
        "zeep is not installed: {} does not exist; run `bash .ci/install-deps.sh` \
         (creates <repo>/.venv with the pinned zeep)",
        py.display()
    );
    py
}

/// The entry WSDL of a corpus entry and the URL mappings it needs.
fn entry(name: &str) -> (PathBuf, Vec<(String, PathBuf)>) {
    let c = corpus();
    let manifest = std::fs::read_to_string(c.join("MANIFEST.tsv")).unwrap();
    let file = manifest
        .lines()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .find(|f| f[0] == name)
        .unwrap_or_else(|| panic!("{name} is not in the corpus"))[1]
        .to_string();
    let map = std::fs::read_to_string(c.join("URLMAP.tsv")).unwrap();
    let urls = map
        .lines()
        .skip(1)
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|f| f[0] == name)
        .map(|f| (f[1].to_string(), c.join(name).join(f[2])))
        .collect();
    (c.join(name).join(file), urls)
}

fn soapgen(args: &[&str], wsdl: &Path, urls: &[(String, PathBuf)]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_soapgen"));
    cmd.args(args).arg(wsdl);
    for (u, p) in urls {
        cmd.arg("--map-url").arg(format!("{u}={}", p.display()));
    }
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "soapgen {args:?} {}: {}",
        wsdl.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

/// (service, port, sorted operations) and (binding, sorted operations).
type Listing = (
    Vec<(String, String, Vec<String>)>,
    Vec<(String, Vec<String>)>,
);

fn strings(v: &Value) -> Vec<String> {
    let mut s: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_string())
        .collect();
    s.sort();
    s
}

fn ours(wsdl: &Path, urls: &[(String, PathBuf)]) -> Listing {
    let j: Value = serde_json::from_str(&soapgen(&["inspect", "--json"], wsdl, urls)).unwrap();
    let ops = |p: &Value| {
        let mut o: Vec<String> = p["operations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap().to_string())
            .collect();
        o.sort();
        o
    };
    let mut ports: Vec<_> = j["ports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap().to_string();
            (s("service"), s("name"), ops(p))
        })
        .collect();
    let mut bindings: Vec<_> = j["bindings_without_service"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap().to_string(), ops(p)))
        .collect();
    ports.sort();
    bindings.sort();
    (ports, bindings)
}

fn zeeps(wsdl: &Path, urls: &[(String, PathBuf)]) -> Listing {
    let mut cmd = Command::new(python());
    cmd.arg(repo().join("codegen/tests/zeep_operations.py"))
        .arg(wsdl);
    // zeep loads the SOAP-ENC schema for rpc/encoded WSDLs (soapgen knows
    // it): give it the corpus' copy instead of the network.
    let soap_enc = corpus().join("sugarcrm/_external/schemas.xmlsoap.org/soap/encoding.xsd");
    cmd.arg(format!(
        "http://schemas.xmlsoap.org/soap/encoding/={}",
        soap_enc.display()
    ));
    for (u, p) in urls {
        cmd.arg(format!("{u}={}", p.display()));
    }
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "zeep on {}: {}",
        wsdl.display(),
        String::from_utf8_lossy(&o.stderr)
    );
    let j: Value = serde_json::from_slice(&o.stdout).unwrap();
    let mut ports: Vec<_> = j["ports"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap().to_string(),
                p[1].as_str().unwrap().to_string(),
                strings(&p[2]),
            )
        })
        .collect();
    let mut bindings: Vec<_> = j["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| (b[0].as_str().unwrap().to_string(), strings(&b[1])))
        .collect();
    ports.sort();
    bindings.sort();
    (ports, bindings)
}

/// rpc/literal, rpc/encoded, bare, wrapped (ASMX and WCF with
/// wsdl:import), SOAP headers in document and rpc style, HTTP bindings
/// beside SOAP ones, one-way operations, and ONVIF's service-less bindings.
/// (axis2-jaxws-rpclit, rpc/literal with headers and faults, is not here:
/// zeep 4.3.3 cannot load it — its xs:list item type raises AttributeError.)
const ENTRIES: [&str; 12] = [
    "axis2-speed4trade",
    "ndfd-weather",
    "tradetracker",
    "axis2-version",
    "wcf-interop-basedatatypes",
    "asmx-calculator",
    "asmx-globalweather",
    "wcf-enzo",
    "cxf-header-doclit",
    "cxf-soapheader-rpc",
    "cxf-mixedstyle",
    "onvif-ptz",
];

#[test]
fn operations_are_zeeps() {
    let mut total = 0;
    for name in ENTRIES {
        let (wsdl, urls) = entry(name);
        let (ours, theirs) = (ours(&wsdl, &urls), zeeps(&wsdl, &urls));
        assert_eq!(
            ours, theirs,
            "{name}: soapgen inspect (left) vs zeep (right)"
        );
        assert!(
            !ours.0.is_empty() || !ours.1.is_empty(),
            "{name}: nothing listed"
        );
        total += ours.0.iter().map(|p| p.2.len()).sum::<usize>()
            + ours.1.iter().map(|b| b.1.len()).sum::<usize>();
    }
    eprintln!("{} entries, {total} operations listed alike", ENTRIES.len());
    let (wsdl, urls) = entry("onvif-ptz");
    assert!(
        !ours(&wsdl, &urls).1.is_empty(),
        "onvif-ptz has service-less bindings"
    );
}

/// The helper script reports what `python -m zeep WSDL` prints: checked on
/// the entries the command can load without a URL map.
#[test]
fn zeep_command_agrees_with_the_helper() {
    for name in [
        "asmx-calculator",
        "asmx-globalweather",
        "wcf-enzo",
        "cxf-mixedstyle",
        "axis2-version",
    ] {
        let (wsdl, urls) = entry(name);
        assert!(urls.is_empty());
        let o = Command::new(python())
            .args(["-m", "zeep"])
            .arg(&wsdl)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "python -m zeep {name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let dump = String::from_utf8(o.stdout).unwrap();
        let (mut ports, mut service, mut port) =
            (Vec::new(), String::new(), None::<(String, Vec<String>)>);
        let mut flush = |service: &str, port: &mut Option<(String, Vec<String>)>| {
            if let Some((p, mut ops)) = port.take() {
                ops.sort();
                ports.push((service.to_string(), p, ops));
            }
        };
        for line in dump.lines() {
            let t = line.trim();
            if let Some(s) = t.strip_prefix("Service: ") {
                flush(&service, &mut port);
                service = s.to_string();
            } else if let Some(p) = t.strip_prefix("Port: ") {
                flush(&service, &mut port);
                // Only SOAP ports: `Name (Soap11Binding: {ns}B)`.
                let (pname, binding) = p.split_once(" (").unwrap();
                if binding.starts_with("Soap1") {
                    port = Some((pname.to_string(), Vec::new()));
                }
            } else if line.starts_with("            ") && !t.is_empty() {
                if let Some((_, ops)) = &mut port {
                    ops.push(t.split('(').next().unwrap().to_string());
                }
            }
        }
        flush(&service, &mut port);
        ports.sort();
        assert_eq!(
            ports,
            zeeps(&wsdl, &urls).0,
            "{name}: python -m zeep vs helper"
        );
        assert_eq!(
            ports,
            ours(&wsdl, &urls).0,
            "{name}: python -m zeep vs soapgen inspect"
        );
    }
}

/// Every printed signature is the generated client method's (modulo paths).
#[test]
fn signatures_are_the_generated_ones() {
    let norm = |s: &str| {
        // Layout-free: no whitespace, no trailing commas.
        let mut s: String = s.split_whitespace().collect();
        for p in [
            "::std::option::",
            "::std::vec::",
            "::std::string::",
            "::std::boxed::",
            "::std::result::",
            "::soapgen_runtime::",
        ] {
            s = s.replace(p, "");
        }
        s.replace(",)", ")").replace(",>", ">")
    };
    let mut n = 0;
    for name in ENTRIES {
        let (wsdl, urls) = entry(name);
        let mut b = soapgen::Builder::new();
        for (u, p) in &urls {
            b = b.map_url(u, p);
        }
        let code = norm(&b.generate(&wsdl).unwrap().code);
        for (client, sig) in b.inspect(&wsdl).unwrap().signatures() {
            assert!(
                code.contains(&format!("pub{}", norm(sig))),
                "{name}: {client}::{sig} is not in the generated code:\n{}",
                &code[code.find(&norm(sig)[..20]).unwrap_or(0)..][..300]
            );
            n += 1;
        }
    }
    assert!(n > 100, "{n} signatures checked");
}

#[test]
fn listing_shows_shapes_headers_faults_and_types() {
    let (wsdl, urls) = entry("axis2-jaxws-rpclit");
    let text = soapgen(&["inspect", "--types"], &wsdl, &urls);
    // Stable: the same bytes twice.
    assert_eq!(text, soapgen(&["inspect", "--types"], &wsdl, &urls));
    for want in [
        "\nservice ",
        ": SOAP 1.1, ",
        ": rpc/literal",
        "      async fn ",
        "      input:  ",
        "      output: ",
        "      header: ",
        "      fault ",
        "\ntypes\n",
    ] {
        assert!(text.contains(want), "`{want}` missing in:\n{text}");
    }
    let (wsdl, urls) = entry("onvif-ptz");
    let text = soapgen(&["inspect"], &wsdl, &urls);
    assert!(
        text.contains("\nbindings without a service\n  binding PTZBinding: SOAP 1.2, no address"),
        "{text}"
    );
    let (wsdl, urls) = entry("asmx-globalweather");
    let text = soapgen(&["inspect"], &wsdl, &urls);
    assert!(
        text.contains("skipped bindings (not SOAP 1.1/1.2): "),
        "{text}"
    );
}

#[test]
fn sajan_listing() {
    let wsdl = repo().join("wsdl/sajan/AuthenticationService.wsdl");
    let text = soapgen(&["inspect"], &wsdl, &[]);
    assert!(
        text.starts_with("prefixes\n  ns0 = http://services.sajan.com/\n"),
        "{text}"
    );
    assert!(text.contains(
        "    operation Authenticate: document/literal wrapped, SOAPAction \"http://services.sajan.com/Authenticate\"\n      \
         fn authenticate(&self, request: Option<AuthenticationRequest>) -> CallFuture<Option<AuthenticationResponse>>\n      \
         input:  ns0:Authenticate\n                ns0:request: AuthenticationRequest?\n"
    ), "{text}");
    let json: Value =
        serde_json::from_str(&soapgen(&["inspect", "--json", "--types"], &wsdl, &[])).unwrap();
    assert_eq!(json["ports"][1]["soap_version"], "1.2");
    assert_eq!(
        json["ports"][0]["operations"][0]["output"]["element"],
        "{http://services.sajan.com/}AuthenticateResponse"
    );
    assert!(json["types"].as_array().unwrap().len() >= 2);
}
