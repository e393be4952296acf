fn main() {
    println!("Element {} DecodeError {} Result<Option<Element>> {}", std::mem::size_of::<soapgen_runtime::xml::Element>(), std::mem::size_of::<soapgen_runtime::DecodeError>(), std::mem::size_of::<Result<Option<soapgen_runtime::xml::Element>, soapgen_runtime::DecodeError>>());
}
