//! The SOAP header options both binaries share (`#[command(flatten)]`): WS-Security,
//! WS-Addressing, raw header blocks, printing response headers, MTOM.

use std::time::Duration;

use soapgen_runtime::wsa::WsaVersion;
use soapgen_runtime::wsse::UsernameToken;
use soapgen_runtime::{ClientBuilder, Error, HeaderBlock, IncomingMessage, MessageHook};

/// SOAP header options.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct SoapArgs {
    /// WS-Security UsernameToken `USER:PASS` (PasswordText unless --wsse-digest).
    #[arg(long, value_name = "USER:PASS")]
    pub wsse: Option<String>,
    /// Send the WS-Security password as PasswordDigest (with Nonce and Created).
    #[arg(long, requires = "wsse")]
    pub wsse_digest: bool,
    /// Add a wsu:Timestamp that expires SECS seconds after it was created.
    #[arg(long, value_name = "SECS", requires = "wsse")]
    pub wsse_timestamp: Option<u64>,
    /// Add WS-Addressing 1.0 (2005/08) headers: Action, MessageID, ReplyTo, To.
    #[arg(long)]
    pub wsa: bool,
    /// A raw XML element to add to the request Header (repeatable).
    #[arg(long, value_name = "XML")]
    pub soap_header: Vec<String>,
    /// Print each response header block on stderr as `soap-header: <xml>`.
    #[arg(long)]
    pub show_soap_headers: bool,
    /// Send requests as MTOM/XOP (multipart/related).
    #[arg(long)]
    pub mtom: bool,
}

impl SoapArgs {
    /// Applies the options to a client builder. Errors name the option at fault; they
    /// never contain the password.
    pub fn apply(&self, mut builder: ClientBuilder) -> Result<ClientBuilder, String> {
        if let Some(up) = &self.wsse {
            let Some((user, pass)) = up.split_once(':') else {
                return Err("--wsse wants USER:PASS".into());
            };
            let token = UsernameToken::new(user, pass)
                .digest(self.wsse_digest)
                .timestamp(self.wsse_timestamp.map(Duration::from_secs));
            builder = builder.wsse(token);
        }
        if self.wsa {
            builder = builder.addressing(WsaVersion::W3c2005);
        }
        for xml in &self.soap_header {
            let block =
                HeaderBlock::raw(xml.as_str()).map_err(|e| format!("--soap-header: {e}"))?;
            builder = builder.header(block);
        }
        if self.show_soap_headers {
            builder = builder.hook(ShowHeaders);
        }
        Ok(builder.mtom(self.mtom))
    }
}

/// Prints every response header block on stderr, one line each.
#[derive(Debug, Clone, Copy)]
pub struct ShowHeaders;

impl MessageHook for ShowHeaders {
    fn incoming(&self, message: &IncomingMessage<'_>) -> Result<(), Error> {
        for h in message.headers {
            let one_line: String = h
                .xml
                .chars()
                .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
                .collect();
            eprintln!("soap-header: {one_line}");
        }
        Ok(())
    }
}
