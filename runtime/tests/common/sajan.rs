//! Hand-written types for the Sajan `Authenticate` and Sejour `Logout` operations, in the
//! shape the generator emits (absolute paths, field helpers, sequence order indices).
#![allow(dead_code)]

pub const NS_SAJAN: &str = "http://services.sajan.com/";
pub const NS_PS: &str = "https://services.sajan.com/schemas/ProjectService";
pub const NS_SEJOUR: &str = "http://www.sansejour.com/";

pub const OP_AUTHENTICATE: ::soapgen_runtime::Operation = ::soapgen_runtime::Operation {
    name: "Authenticate",
    soap_action: "http://services.sajan.com/Authenticate",
};
pub const OP_LOGOUT: ::soapgen_runtime::Operation = ::soapgen_runtime::Operation {
    name: "Logout",
    soap_action: "http://www.sansejour.com/Logout",
};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuthenticationRequest {
    pub user_name: Option<String>,
    pub password: Option<String>,
    pub ip_address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Authenticate {
    pub request: Option<AuthenticationRequest>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuthenticateResponse {
    pub authenticate_result: Option<AuthenticationResponse>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuthenticationResponse {
    pub is_valid_token: bool,
    pub access_token: Option<String>,
    pub security_guid: Option<String>,
    pub user_id: i32,
    pub service_instance_user: Option<ServiceInstanceUser>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceInstanceUser {
    pub use_name: Option<String>,
    pub instance_id: i32,
    pub instancename: Option<String>,
    pub production_connection_string: Option<String>,
    pub customer_connection_string: Option<String>,
    pub warehouse_connection_string: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Logout {
    pub token: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct LogoutResponse {}

impl ::soapgen_runtime::xml::Encode for AuthenticationRequest {
    fn encode_content(&self, w: &mut ::soapgen_runtime::xml::Writer) {
        if let Some(v) = &self.user_name {
            w.element(NS_SAJAN, "UserName", v);
        }
        if let Some(v) = &self.password {
            w.element(NS_SAJAN, "Password", v);
        }
        if let Some(v) = &self.ip_address {
            w.element(NS_SAJAN, "IPAddress", v);
        }
    }
}

impl ::soapgen_runtime::xml::Encode for Authenticate {
    fn encode_content(&self, w: &mut ::soapgen_runtime::xml::Writer) {
        if let Some(v) = &self.request {
            w.element(NS_SAJAN, "request", v);
        }
    }
}

impl ::soapgen_runtime::xml::Encode for Logout {
    fn encode_content(&self, w: &mut ::soapgen_runtime::xml::Writer) {
        if let Some(v) = &self.token {
            w.element(NS_SEJOUR, "token", v);
        }
    }
}

impl ::soapgen_runtime::xml::Decode for AuthenticateResponse {
    fn decode(
        r: &mut ::soapgen_runtime::xml::Reader<'_>,
        el: &::soapgen_runtime::xml::Element<'_>,
    ) -> ::std::result::Result<Self, ::soapgen_runtime::DecodeError> {
        let _ = el;
        let mut pos = 0usize;
        let mut authenticate_result = None;
        while let Some(child) = r.next_child()? {
            if child.is(NS_SAJAN, "AuthenticateResult") {
                r.order(&child, &mut pos, 0)?;
                r.optional_field(&child, &mut authenticate_result)?;
            } else {
                r.skip(&child)?;
            }
        }
        Ok(Self {
            authenticate_result: authenticate_result.flatten(),
        })
    }
}

impl ::soapgen_runtime::xml::Decode for AuthenticationResponse {
    fn decode(
        r: &mut ::soapgen_runtime::xml::Reader<'_>,
        el: &::soapgen_runtime::xml::Element<'_>,
    ) -> ::std::result::Result<Self, ::soapgen_runtime::DecodeError> {
        let mut pos = 0usize;
        let mut is_valid_token = None;
        let mut access_token = None;
        let mut security_guid = None;
        let mut user_id = None;
        let mut service_instance_user = None;
        while let Some(child) = r.next_child()? {
            if child.is(NS_SAJAN, "IsValidToken") {
                r.order(&child, &mut pos, 0)?;
                r.required_field(&child, &mut is_valid_token)?;
            } else if child.is(NS_SAJAN, "AccessToken") {
                r.order(&child, &mut pos, 1)?;
                r.optional_field(&child, &mut access_token)?;
            } else if child.is(NS_SAJAN, "SecurityGuid") {
                r.order(&child, &mut pos, 2)?;
                r.optional_field(&child, &mut security_guid)?;
            } else if child.is(NS_SAJAN, "UserId") {
                r.order(&child, &mut pos, 3)?;
                r.required_field(&child, &mut user_id)?;
            } else if child.is(NS_SAJAN, "ServiceInstanceUser") {
                r.order(&child, &mut pos, 4)?;
                r.optional_field(&child, &mut service_instance_user)?;
            } else {
                r.skip(&child)?;
            }
        }
        Ok(Self {
            is_valid_token: is_valid_token.ok_or_else(|| r.missing(el, "IsValidToken"))?,
            access_token: access_token.flatten(),
            security_guid: security_guid.flatten(),
            user_id: user_id.ok_or_else(|| r.missing(el, "UserId"))?,
            service_instance_user: service_instance_user.flatten(),
        })
    }
}

impl ::soapgen_runtime::xml::Decode for ServiceInstanceUser {
    fn decode(
        r: &mut ::soapgen_runtime::xml::Reader<'_>,
        el: &::soapgen_runtime::xml::Element<'_>,
    ) -> ::std::result::Result<Self, ::soapgen_runtime::DecodeError> {
        let mut pos = 0usize;
        let mut use_name = None;
        let mut instance_id = None;
        let mut instancename = None;
        let mut production = None;
        let mut customer = None;
        let mut warehouse = None;
        while let Some(child) = r.next_child()? {
            if child.is(NS_PS, "UseName") {
                r.order(&child, &mut pos, 0)?;
                r.optional_field(&child, &mut use_name)?;
            } else if child.is(NS_PS, "InstanceId") {
                r.order(&child, &mut pos, 1)?;
                r.required_field(&child, &mut instance_id)?;
            } else if child.is(NS_PS, "Instancename") {
                r.order(&child, &mut pos, 2)?;
                r.optional_field(&child, &mut instancename)?;
            } else if child.is(NS_PS, "ProductionConnectionString") {
                r.order(&child, &mut pos, 3)?;
                r.optional_field(&child, &mut production)?;
            } else if child.is(NS_PS, "CustomerConnectionString") {
                r.order(&child, &mut pos, 4)?;
                r.optional_field(&child, &mut customer)?;
            } else if child.is(NS_PS, "WarehouseConnectionString") {
                r.order(&child, &mut pos, 5)?;
                r.optional_field(&child, &mut warehouse)?;
            } else {
                r.skip(&child)?;
            }
        }
        Ok(Self {
            use_name: use_name.flatten(),
            instance_id: instance_id.ok_or_else(|| r.missing(el, "InstanceId"))?,
            instancename: instancename.flatten(),
            production_connection_string: production.flatten(),
            customer_connection_string: customer.flatten(),
            warehouse_connection_string: warehouse.flatten(),
        })
    }
}

impl ::soapgen_runtime::xml::Decode for LogoutResponse {
    fn decode(
        r: &mut ::soapgen_runtime::xml::Reader<'_>,
        el: &::soapgen_runtime::xml::Element<'_>,
    ) -> ::std::result::Result<Self, ::soapgen_runtime::DecodeError> {
        let _ = el;
        while let Some(child) = r.next_child()? {
            r.skip(&child)?;
        }
        Ok(Self {})
    }
}

/// The generated client for both services (one port per SOAP version).
pub struct SajanClient {
    pub client: ::soapgen_runtime::Client,
    pub version: ::soapgen_runtime::SoapVersion,
}

impl SajanClient {
    pub async fn authenticate(
        &self,
        body: &Authenticate,
    ) -> ::std::result::Result<AuthenticateResponse, ::soapgen_runtime::Error> {
        self.client
            .call(
                self.version,
                &OP_AUTHENTICATE,
                |_w| {},
                |w| w.element(NS_SAJAN, "Authenticate", body),
                |r, el| match el {
                    Some(el) if el.is(NS_SAJAN, "AuthenticateResponse") => {
                        <AuthenticateResponse as ::soapgen_runtime::xml::Decode>::decode(r, &el)
                    }
                    Some(el) => {
                        Err(r.unexpected(&el, "{http://services.sajan.com/}AuthenticateResponse"))
                    }
                    None => ::soapgen_runtime::__private::expect_body_element(
                        r,
                        None,
                        NS_SAJAN,
                        "AuthenticateResponse",
                    ),
                },
            )
            .await
    }

    pub async fn logout(
        &self,
        body: &Logout,
    ) -> ::std::result::Result<LogoutResponse, ::soapgen_runtime::Error> {
        self.client
            .call(
                self.version,
                &OP_LOGOUT,
                |_w| {},
                |w| w.element(NS_SEJOUR, "Logout", body),
                |r, el| {
                    ::soapgen_runtime::__private::expect_body_element(
                        r,
                        el,
                        NS_SEJOUR,
                        "LogoutResponse",
                    )
                },
            )
            .await
    }
}

pub fn sample_request() -> Authenticate {
    Authenticate {
        request: Some(AuthenticationRequest {
            user_name: Some("jdoe".into()),
            password: Some("secret".into()),
            ip_address: Some("127.0.0.1".into()),
        }),
    }
}
