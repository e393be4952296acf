//! XML Schema components, QNames resolved, with their source locations.

use std::collections::BTreeMap;

use super::{Loc, QName};

/// All global schema components of all schemas read, keyed by expanded name.
/// `BTreeMap` keeps every iteration deterministic.
#[derive(Debug, Clone, Default)]
pub struct SchemaSet {
    /// Global element declarations.
    pub elements: BTreeMap<QName, ElementDecl>,
    /// Named simple and complex types. Built-in XSD types are NOT in here:
    /// a `TypeRef::Named` in the XSD namespace that is absent is a built-in.
    pub types: BTreeMap<QName, TypeDef>,
    /// Named model groups (`xs:group name=...`).
    pub groups: BTreeMap<QName, ModelGroupDef>,
    /// Named attribute groups.
    pub attribute_groups: BTreeMap<QName, AttributeGroupDef>,
    /// Global attribute declarations.
    pub attributes: BTreeMap<QName, AttributeDecl>,
    /// Substitution group members: head element → member elements (sorted).
    pub substitutions: BTreeMap<QName, Vec<QName>>,
}

/// A reference to a type: by name (possibly a built-in XSD type) or inline.
#[derive(Debug, Clone)]
pub enum TypeRef {
    /// `type="tns:Foo"`, `base="xs:string"`, ...
    Named(QName),
    /// An anonymous `xs:simpleType` / `xs:complexType` defined in place.
    Anonymous(Box<TypeDef>),
}

/// A simple or complex type definition.
#[derive(Debug, Clone)]
pub enum TypeDef {
    /// `xs:simpleType`.
    Simple(SimpleType),
    /// `xs:complexType`.
    Complex(Box<ComplexType>),
}

impl TypeDef {
    /// The type's name, `None` for anonymous types.
    pub fn name(&self) -> Option<&QName> {
        match self {
            TypeDef::Simple(s) => s.name.as_ref(),
            TypeDef::Complex(c) => c.name.as_ref(),
        }
    }
    /// Where the type was defined.
    pub fn loc(&self) -> &Loc {
        match self {
            TypeDef::Simple(s) => &s.loc,
            TypeDef::Complex(c) => &c.loc,
        }
    }
}

/// `xs:simpleType`.
#[derive(Debug, Clone)]
pub struct SimpleType {
    /// `None` when anonymous.
    pub name: Option<QName>,
    /// Text of `xs:annotation/xs:documentation`, whitespace-normalised per line.
    pub doc: Option<String>,
    /// Where defined.
    pub loc: Loc,
    /// Restriction, list or union.
    pub variety: SimpleVariety,
}

/// The three kinds of simple type.
#[derive(Debug, Clone)]
pub enum SimpleVariety {
    /// `xs:restriction base=...` with its facets.
    Restriction {
        /// Base type (a built-in or another simple type).
        base: TypeRef,
        /// `xs:enumeration` values in document order (may be empty).
        enumerations: Vec<EnumValue>,
        /// Other facets that matter for mapping (`length`, `pattern`, ...), kept as name/value.
        facets: Vec<(String, String)>,
    },
    /// `xs:list itemType=...`.
    List {
        /// Item type.
        item: TypeRef,
    },
    /// `xs:union memberTypes=...` plus inline members.
    Union {
        /// Member types.
        members: Vec<TypeRef>,
    },
}

/// One `xs:enumeration`.
#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The exact lexical value.
    pub value: String,
    /// Its documentation.
    pub doc: Option<String>,
}

/// `xs:complexType`.
#[derive(Debug, Clone)]
pub struct ComplexType {
    /// `None` when anonymous.
    pub name: Option<QName>,
    /// Documentation.
    pub doc: Option<String>,
    /// Where defined.
    pub loc: Loc,
    /// `abstract="true"`.
    pub is_abstract: bool,
    /// `mixed="true"` (on the type or on its complexContent).
    pub mixed: bool,
    /// Content model.
    pub content: ComplexContent,
    /// Attributes declared directly (for extension/restriction: the ones the
    /// derivation adds; the base's come from the base).
    pub attributes: Vec<AttributeItem>,
    /// `xs:anyAttribute` present.
    pub any_attribute: bool,
    /// For a SOAP-encoded array (`complexContent/restriction` of
    /// `soapenc:Array`): the `wsdl:arrayType` given on its `soapenc:arrayType`
    /// attribute reference, resolved.
    pub array_type: Option<ArrayType>,
}

/// `wsdl:arrayType="tns:Item[]"`: the item type and dimensions of a
/// SOAP-encoded array.
#[derive(Debug, Clone)]
pub struct ArrayType {
    /// The item type (`{ns}Item`); may be a built-in XSD type.
    pub item: QName,
    /// The dimensions as written (`[]`, `[][]`, `[,]`); empty when absent.
    pub dims: String,
}

/// Content of a complex type.
#[derive(Debug, Clone)]
pub enum ComplexContent {
    /// No element content (attributes only, or nothing).
    Empty,
    /// A particle (sequence / choice / all / group ref) directly in the type.
    Particle(Particle),
    /// `xs:simpleContent` (extension or restriction of a simple base; also
    /// simpleContent restriction of a complex type with simple content).
    Simple {
        /// The base type.
        base: TypeRef,
        /// `true` for restriction, `false` for extension.
        restriction: bool,
    },
    /// `xs:complexContent/xs:extension`.
    Extension {
        /// The base type.
        base: QName,
        /// Particle added after the base's content, if any.
        particle: Option<Particle>,
    },
    /// `xs:complexContent/xs:restriction`.
    Restriction {
        /// The base type (e.g. `soapenc:Array`).
        base: QName,
        /// The restricted content.
        particle: Option<Particle>,
    },
}

/// `maxOccurs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaxOccurs {
    /// A bound.
    Bounded(u32),
    /// `unbounded`.
    Unbounded,
}

/// A particle: a term with occurrence bounds.
#[derive(Debug, Clone)]
pub struct Particle {
    /// `minOccurs` (default 1).
    pub min: u32,
    /// `maxOccurs` (default 1).
    pub max: MaxOccurs,
    /// What occurs.
    pub term: Term,
    /// Where.
    pub loc: Loc,
}

/// The term of a particle.
#[derive(Debug, Clone)]
pub enum Term {
    /// A local element declaration (form already applied to the name).
    Element(LocalElement),
    /// `xs:element ref=...` to a global element.
    ElementRef(QName),
    /// `xs:sequence`.
    Sequence(Vec<Particle>),
    /// `xs:choice`.
    Choice(Vec<Particle>),
    /// `xs:all`.
    All(Vec<Particle>),
    /// `xs:group ref=...`.
    GroupRef(QName),
    /// `xs:any`.
    Any {
        /// The `namespace` attribute as written (`##any` default).
        namespace: String,
        /// `processContents` (`strict` default).
        process_contents: String,
    },
}

/// A local element declaration.
#[derive(Debug, Clone)]
pub struct LocalElement {
    /// Expanded name: the schema's target namespace if qualified
    /// (`form`/`elementFormDefault`), `""` otherwise.
    pub name: QName,
    /// Its type; `xs:anyType` when neither `type` nor an inline type is given.
    pub ty: TypeRef,
    /// `nillable="true"`.
    pub nillable: bool,
    /// `default=`.
    pub default: Option<String>,
    /// `fixed=`.
    pub fixed: Option<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// Where.
    pub loc: Loc,
}

/// A global `xs:element`.
#[derive(Debug, Clone)]
pub struct ElementDecl {
    /// Expanded name (always in the schema's target namespace).
    pub name: QName,
    /// Its type; `xs:anyType` when absent.
    pub ty: TypeRef,
    /// `nillable="true"`.
    pub nillable: bool,
    /// `abstract="true"`.
    pub is_abstract: bool,
    /// `substitutionGroup=`.
    pub substitution_group: Option<QName>,
    /// `default=`.
    pub default: Option<String>,
    /// `fixed=`.
    pub fixed: Option<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// Where.
    pub loc: Loc,
}

/// `xs:group name=...`.
#[derive(Debug, Clone)]
pub struct ModelGroupDef {
    /// Name.
    pub name: QName,
    /// Its sequence / choice / all.
    pub particle: Particle,
    /// Where.
    pub loc: Loc,
}

/// `xs:attributeGroup name=...`.
#[derive(Debug, Clone)]
pub struct AttributeGroupDef {
    /// Name.
    pub name: QName,
    /// Attributes and nested group refs.
    pub attributes: Vec<AttributeItem>,
    /// `xs:anyAttribute` present.
    pub any_attribute: bool,
    /// Where.
    pub loc: Loc,
}

/// An item in an attribute list.
#[derive(Debug, Clone)]
pub enum AttributeItem {
    /// A local attribute (or a `ref` already looked up? no: see `Ref`).
    Attribute(AttributeDecl),
    /// `xs:attribute ref=...` with the use/default of the reference.
    Ref {
        /// Referenced global attribute.
        name: QName,
        /// `use="required"`.
        required: bool,
        /// `default=`.
        default: Option<String>,
        /// `fixed=`.
        fixed: Option<String>,
        /// Where.
        loc: Loc,
    },
    /// `xs:attributeGroup ref=...`.
    GroupRef(QName, Loc),
}

/// An attribute declaration (local or global).
#[derive(Debug, Clone)]
pub struct AttributeDecl {
    /// Expanded name (`""` namespace unless qualified or global).
    pub name: QName,
    /// Its simple type; `xs:anySimpleType` when absent.
    pub ty: TypeRef,
    /// `use="required"`.
    pub required: bool,
    /// `use="prohibited"`.
    pub prohibited: bool,
    /// `default=`.
    pub default: Option<String>,
    /// `fixed=`.
    pub fixed: Option<String>,
    /// Documentation.
    pub doc: Option<String>,
    /// Where.
    pub loc: Loc,
}
