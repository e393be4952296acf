//! zeep's WS-Security and WS-Addressing plugins as the reference client
//! (`interop/gsoap-plugins/zeep_ws.py`), and the XML comparison used against them.

use std::process::Command;

/// zeep's request envelope (`interop/gsoap-plugins/zeep_ws.py`).
pub fn zeep_envelope(port: &str, to: &str) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let python = root.join(".venv/bin/python");
    assert!(
        python.exists(),
        "zeep is not installed: {} does not exist. Install it with `bash .ci/install-deps.sh`.",
        python.display()
    );
    let out = Command::new(&python)
        .current_dir(&root)
        .arg("interop/gsoap-plugins/zeep_ws.py")
        .args([
            "--wsdl",
            "wsdl/sejour/Authentication.wsdl",
            "--port",
            port,
            "--operation",
            "Logout",
        ])
        .args([
            "--args",
            r#"{"token": "t"}"#,
            "--wsse",
            "alice:s3cret",
            "--digest",
            "--timestamp",
            "60",
        ])
        .args(["--wsa", to])
        .output()
        .expect("run zeep_ws.py");
    assert!(
        out.status.success(),
        "zeep_ws.py failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A canonical form for comparing envelopes as XML: expanded names, sorted attributes,
/// white space between elements dropped, the per-message values (nonce, created and
/// expiry times, digest, MessageID) replaced by `*`, and header blocks (and the children of
/// `wsse:Security`) sorted, since their order carries no meaning here.
pub fn canonical(node: roxmltree::Node) -> String {
    const VARIABLE: [&str; 5] = ["Nonce", "Created", "Expires", "Password", "MessageID"];
    let name = node.tag_name();
    let mut attrs: Vec<String> = node
        .attributes()
        .map(|a| {
            format!(
                " {{{}}}{}={:?}",
                a.namespace().unwrap_or(""),
                a.name(),
                a.value()
            )
        })
        .collect();
    attrs.sort();
    let mut children: Vec<String> = node
        .children()
        .filter(|c| c.is_element())
        .map(canonical)
        .collect();
    if matches!(name.name(), "Header" | "Security") {
        children.sort();
    }
    let text: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    let text = match text.trim() {
        "" => String::new(),
        _ if VARIABLE.contains(&name.name()) && !text.contains("PasswordText") => "*".into(),
        t => t.to_owned(),
    };
    format!(
        "<{{{}}}{}{}>{text}{}</>",
        name.namespace().unwrap_or(""),
        name.name(),
        attrs.concat(),
        children.concat()
    )
}
