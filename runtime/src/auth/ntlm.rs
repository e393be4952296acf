//! NTLM (NTLMv2) messages from the `sspi` crate: the client side of the three-message
//! handshake (NEGOTIATE → CHALLENGE → AUTHENTICATE). The HTTP side (which must keep the
//! handshake on one connection) is in `transport::pinned`.

use sspi::{
    AuthIdentity, BufferType, ClientRequestFlags, CredentialUse, DataRepresentation, Ntlm,
    SecurityBuffer, SecurityStatus, Sspi, SspiImpl, Username,
};

/// One NTLM handshake in progress.
pub(crate) struct Handshake {
    ntlm: Ntlm,
    creds: <Ntlm as SspiImpl>::CredentialsHandle,
    target: String,
}

impl Handshake {
    /// Starts a handshake for `user` (in `domain`, if given) with a server on `host`;
    /// returns it with the NEGOTIATE message. Errors never contain the password.
    pub fn start(
        domain: Option<&str>,
        user: &str,
        password: &str,
        host: &str,
    ) -> Result<(Handshake, Vec<u8>), String> {
        let username = Username::new(user, domain.filter(|d| !d.is_empty()))
            .map_err(|e| format!("invalid NTLM user name: {e}"))?;
        let identity = AuthIdentity {
            username,
            password: password.to_owned().into(),
        };
        let mut ntlm = Ntlm::new();
        let acquired = ntlm
            .acquire_credentials_handle()
            .with_credential_use(CredentialUse::Outbound)
            .with_auth_data(&identity)
            .execute(&mut ntlm)
            .map_err(|e| format!("NTLM: cannot use the credentials: {}", e.description))?;
        let mut h = Handshake {
            ntlm,
            creds: acquired.credentials_handle,
            target: format!("HTTP/{host}"),
        };
        let negotiate = h.step(None)?;
        Ok((h, negotiate))
    }

    /// The AUTHENTICATE message answering the server's CHALLENGE message.
    pub fn authenticate(&mut self, challenge: &[u8]) -> Result<Vec<u8>, String> {
        self.step(Some(challenge))
    }

    fn step(&mut self, input: Option<&[u8]>) -> Result<Vec<u8>, String> {
        let mut output = vec![SecurityBuffer::new(Vec::new(), BufferType::Token)];
        let mut input = input.map(|i| vec![SecurityBuffer::new(i.to_vec(), BufferType::Token)]);
        let builder = self
            .ntlm
            .initialize_security_context()
            .with_credentials_handle(&mut self.creds)
            .with_context_requirements(ClientRequestFlags::ALLOCATE_MEMORY)
            .with_target_data_representation(DataRepresentation::Native)
            .with_target_name(&self.target);
        let mut builder = match input.as_mut() {
            Some(i) => builder.with_input(i).with_output(&mut output),
            None => builder.with_output(&mut output),
        };
        let result = self
            .ntlm
            .initialize_security_context_impl(&mut builder)
            .and_then(|mut g| g.resolve_to_result())
            .map_err(|e| format!("NTLM: {}", e.description))?;
        if matches!(
            result.status,
            SecurityStatus::CompleteAndContinue | SecurityStatus::CompleteNeeded
        ) {
            self.ntlm
                .complete_auth_token(&mut output)
                .map_err(|e| format!("NTLM: {}", e.description))?;
        }
        Ok(output.pop().map(|b| b.buffer).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiate_message_is_ntlmssp_type_1() {
        let (_, m) = Handshake::start(Some("DOM"), "bob", "pw", "localhost").unwrap();
        assert_eq!(&m[..8], b"NTLMSSP\0");
        assert_eq!(&m[8..12], &[1, 0, 0, 0]);
    }
}
