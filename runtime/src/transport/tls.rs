//! The rustls client configuration built from [`Tls`]: shared by the reqwest transport
//! (`use_preconfigured_tls`) and the dedicated NTLM connection, so both trust the same
//! roots and present the same client certificate.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};

use crate::config::{Tls, TlsVersion};
use crate::error::Error;

fn config_error(message: String) -> Error {
    Error::Tls { message }
}

/// The client configuration for `tls` (ring provider, HTTP/1.1 ALPN left to the caller).
pub(crate) fn client_config(tls: &Tls) -> Result<ClientConfig, Error> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let versions: &[&rustls::SupportedProtocolVersion] = match tls.min_version {
        TlsVersion::Tls13 => &[&rustls::version::TLS13],
        TlsVersion::Tls12 => &[&rustls::version::TLS13, &rustls::version::TLS12],
    };
    let builder = ClientConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(versions)
        .map_err(|e| config_error(format!("TLS versions: {e}")))?;
    let builder = if tls.accept_invalid_certs {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(AcceptAnyCertificate(provider)))
    } else {
        let mut roots = RootCertStore::empty();
        if tls.builtin_roots {
            roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        }
        for (i, pem) in tls.root_pems.iter().enumerate() {
            let mut added = 0;
            for cert in CertificateDer::pem_slice_iter(pem) {
                let cert = cert
                    .map_err(|e| config_error(format!("root certificate PEM #{}: {e}", i + 1)))?;
                roots
                    .add(cert)
                    .map_err(|e| config_error(format!("root certificate PEM #{}: {e}", i + 1)))?;
                added += 1;
            }
            if added == 0 {
                return Err(config_error(format!(
                    "root certificate PEM #{}: no CERTIFICATE block",
                    i + 1
                )));
            }
        }
        builder.with_root_certificates(roots)
    };
    match &tls.identity {
        None => Ok(builder.with_no_client_auth()),
        Some((cert_pem, key_pem)) => {
            let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem)
                .collect::<Result<_, _>>()
                .map_err(|e| config_error(format!("client certificate PEM: {e}")))?;
            if certs.is_empty() {
                return Err(config_error(
                    "client certificate PEM: no CERTIFICATE block".into(),
                ));
            }
            // The key's own error text never includes key material.
            let key = PrivateKeyDer::from_pem_slice(key_pem.bytes())
                .map_err(|e| config_error(format!("client key PEM: {e}")))?;
            builder
                .with_client_auth_cert(certs, key)
                .map_err(|e| config_error(format!("client certificate and key: {e}")))
        }
    }
}

/// [`crate::Options::danger_accept_invalid_certs`]: every certificate is accepted, but
/// handshake signatures are still checked (the connection is encrypted, not authenticated).
#[derive(Debug)]
struct AcceptAnyCertificate(Arc<CryptoProvider>);

impl ServerCertVerifier for AcceptAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// Whether `e`'s source chain holds a rustls error (then the failure is [`Error::Tls`]).
/// `io::Error::source` skips the wrapped error itself, so wrapped errors are unwrapped with
/// `get_ref` (hyper-rustls nests an `io::Error` in another).
pub(crate) fn is_tls_error(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    let mut depth = 0;
    while let Some(s) = source {
        depth += 1;
        if depth > 32 {
            return false;
        }
        if s.downcast_ref::<rustls::Error>().is_some() {
            return true;
        }
        source = match s
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => Some(inner as &(dyn std::error::Error + 'static)),
            None => s.source(),
        };
    }
    false
}
