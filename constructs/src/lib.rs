//! Generated code for `wsdl/constructs.wsdl`, one schema that exercises the
//! XSD constructs the generator maps; `tests/` round-trips values through
//! XML and validates the XML against the schema with xmllint.
#![deny(warnings)]

soapgen_runtime::include_client!("constructs");
