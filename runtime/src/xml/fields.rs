//! Field helpers for `Decode` impls — the ones the generator writes and the ones users write
//! for their own (extern) types: sequence order, occurrence counts, nil handling, simple
//! values, and the errors that name the element path. All of them are documented API.

use super::element::{clark, Element};
use super::reader::Reader;
use super::{Decode, TextValue};
use crate::xml::error::{DecodeError, DecodeErrorKind};

/// One element a generated decoder takes: `(namespace, local name, position in the
/// xs:sequence)`; an empty local name takes any element (a wildcard field). See
/// [`Reader::field`].
pub type FieldName<'n> = (&'n str, &'n str, usize);

impl<'a> Reader<'a> {
    /// Checks `xs:sequence` order: `idx < *pos` is `unexpected-element`, else `*pos = idx`.
    pub fn order(&self, el: &Element<'_>, pos: &mut usize, idx: usize) -> Result<(), DecodeError> {
        if idx < *pos {
            return Err(self
                .error_for(
                    el,
                    DecodeErrorKind::UnexpectedElement,
                    format!("element `{}` is out of xs:sequence order", el.local()),
                )
                .with_found(el.expanded_name()));
        }
        *pos = idx;
        Ok(())
    }

    /// Decodes a required (minOccurs=1, maxOccurs=1) field: a second occurrence is
    /// `unexpected-element`, `xsi:nil` is `missing-required-element`.
    pub fn required_field<T: Decode>(
        &mut self,
        el: &Element<'_>,
        slot: &mut Option<T>,
    ) -> Result<(), DecodeError> {
        if slot.is_some() {
            return Err(self.repeated(el));
        }
        if el.is_nil() {
            return Err(self
                .error_for(
                    el,
                    DecodeErrorKind::MissingRequiredElement,
                    format!("required element `{}` is nil", el.local()),
                )
                .with_expected(format!("a value for {}", el.local())));
        }
        *slot = Some(T::decode(self, el)?);
        Ok(())
    }

    /// Decodes an optional (minOccurs=0, maxOccurs=1) field; nil gives `Some(None)`.
    pub fn optional_field<T: Decode>(
        &mut self,
        el: &Element<'_>,
        slot: &mut Option<Option<T>>,
    ) -> Result<(), DecodeError> {
        if slot.is_some() {
            return Err(self.repeated(el));
        }
        if el.is_nil() {
            self.skip(el)?;
            *slot = Some(None);
        } else {
            *slot = Some(Some(T::decode(self, el)?));
        }
        Ok(())
    }

    /// Decodes one item of a repeated field; beyond `max` is `unexpected-element`, nil is
    /// `missing-required-element`.
    pub fn repeated_field<T: Decode>(
        &mut self,
        el: &Element<'_>,
        items: &mut Vec<T>,
        max: Option<usize>,
    ) -> Result<(), DecodeError> {
        if max.is_some_and(|m| items.len() >= m) {
            return Err(self.too_many(el, max));
        }
        if el.is_nil() {
            return Err(self.error_for(
                el,
                DecodeErrorKind::MissingRequiredElement,
                format!("item `{}` is nil but the field is not nillable", el.local()),
            ));
        }
        // A recursion point of recursive types: see `stack`.
        items.push(super::stack::grow(|| T::decode(self, el))?);
        Ok(())
    }

    /// Decodes one item of a repeated nillable field (nil gives `None`).
    pub fn repeated_nillable_field<T: Decode>(
        &mut self,
        el: &Element<'_>,
        items: &mut Vec<Option<T>>,
        max: Option<usize>,
    ) -> Result<(), DecodeError> {
        if max.is_some_and(|m| items.len() >= m) {
            return Err(self.too_many(el, max));
        }
        if el.is_nil() {
            self.skip(el)?;
            items.push(None);
        } else {
            items.push(Some(super::stack::grow(|| T::decode(self, el))?));
        }
        Ok(())
    }

    /// The value of a required child (or attribute, `local` = `@name`) collected in
    /// `slot`, else [`Reader::missing`]'s error: what generated decoders call per required
    /// field (a method, not a closure per field, which would be one more function body
    /// for the compiler to check).
    pub fn required<T>(
        &self,
        slot: Option<T>,
        parent: &Element<'_>,
        local: &str,
    ) -> Result<T, DecodeError> {
        match slot {
            Some(v) => Ok(v),
            None => Err(self.missing(parent, local)),
        }
    }

    /// `missing-required-element`: `parent` has no `local` child. When an element of
    /// that local name was skipped because it came in another namespace, the message says
    /// so (the `elementFormDefault` mismatch).
    pub fn missing(&self, parent: &Element<'_>, local: &str) -> DecodeError {
        let mut message = format!("missing required element `{local}` in `{}`", parent.local());
        if let Some((_, why)) = self.misplaced.as_deref().filter(|(l, _)| l == local) {
            message.push_str("; ");
            message.push_str(why);
        }
        DecodeError::new(DecodeErrorKind::MissingRequiredElement, message)
            .with_path(self.path_of(parent))
            .with_expected(local.to_owned())
    }

    /// The fallback for a child element that no field of the type being decoded takes;
    /// `expected` lists the type's element names `(namespace, local)`.
    ///
    /// - Its local name is expected in another namespace (or it is unqualified where the
    ///   schema qualifies it, or the reverse): the classic `elementFormDefault` mismatch
    ///   between schema and server. A `wrong-namespace` error in strict mode
    ///   ([`crate::xml::Limits::strict`]); otherwise a `tracing` warning, the element is
    ///   skipped, and a later missing-required-element error names the mismatch.
    /// - Otherwise it is unknown: an `unexpected-element` error in strict mode; otherwise
    ///   skipped with a `tracing` debug event carrying its path.
    pub fn unknown(
        &mut self,
        el: &Element<'_>,
        expected: &[(&str, &str)],
    ) -> Result<(), DecodeError> {
        self.unknown_among(el, expected.iter().copied())
    }

    /// [`Reader::unknown`] for an element that is none of a generated decoder's `fields`
    /// (see [`Reader::field`]).
    pub fn unknown_field(
        &mut self,
        el: &Element<'_>,
        fields: &[FieldName<'_>],
    ) -> Result<(), DecodeError> {
        self.unknown_among(
            el,
            fields
                .iter()
                .filter(|(_, l, _)| !l.is_empty())
                .map(|&(ns, l, _)| (ns, l)),
        )
    }

    /// Which of `fields` the child `el` is, with the `xs:sequence` order checked as
    /// [`Reader::order`] does. `*at` is the index of the field matched last (start at 0):
    /// the search starts there, so input in schema order matches at the first or second
    /// comparison. A field with an empty local name takes any element no other field
    /// takes. `None`: no field takes it (pass it to [`Reader::unknown_field`]).
    pub fn field(
        &self,
        el: &Element<'_>,
        fields: &[FieldName<'_>],
        at: &mut usize,
    ) -> Result<Option<usize>, DecodeError> {
        let start = (*at).min(fields.len());
        let (before, after) = fields.split_at(start);
        let named = |&(ns, l, _): &FieldName<'_>| !l.is_empty() && el.is(ns, l);
        let found = match after.iter().position(named) {
            Some(i) => Some(start + i),
            None => before
                .iter()
                .position(named)
                .or_else(|| fields.iter().position(|(_, l, _)| l.is_empty())),
        };
        let Some(i) = found else {
            return Ok(None);
        };
        let last = fields.get(*at).map_or(0, |f| f.2);
        let position = fields.get(i).map_or(0, |f| f.2);
        if position < last {
            return Err(self
                .error_for(
                    el,
                    DecodeErrorKind::UnexpectedElement,
                    format!("element `{}` is out of xs:sequence order", el.local()),
                )
                .with_found(el.expanded_name()));
        }
        *at = i;
        Ok(Some(i))
    }

    fn unknown_among<'n>(
        &mut self,
        el: &Element<'_>,
        expected: impl Iterator<Item = (&'n str, &'n str)> + Clone,
    ) -> Result<(), DecodeError> {
        let local = el.local();
        let found_ns = el.ns();
        if let Some((ns, _)) = expected
            .clone()
            .find(|(ns, l)| *l == local && *ns != found_ns)
        {
            let why = misplaced_message(local, found_ns, ns);
            if self.strict {
                return Err(self
                    .error_for(el, DecodeErrorKind::WrongNamespace, why)
                    .with_expected(clark(ns, local))
                    .with_found(el.expanded_name()));
            }
            tracing::warn!(path = %self.path_of(el), "{why}; element skipped");
            if self.misplaced.is_none() {
                self.misplaced = Some(Box::new((local.to_owned(), why)));
            }
            return self.skip(el);
        }
        if self.strict {
            let names: Vec<String> = expected.map(|(ns, l)| clark(ns, l)).collect();
            let expected = if names.is_empty() {
                "no child element".to_owned()
            } else {
                format!("one of {}", names.join(", "))
            };
            return Err(self
                .error_for(
                    el,
                    DecodeErrorKind::UnexpectedElement,
                    format!("unknown element `{local}` (strict decoding)"),
                )
                .with_expected(expected)
                .with_found(el.expanded_name()));
        }
        if tracing::enabled!(tracing::Level::DEBUG) {
            tracing::debug!(
                path = %self.path_of(el),
                element = %el.expanded_name(),
                "skipping an element the schema does not declare here"
            );
        }
        self.skip(el)
    }

    /// `unexpected-element`: `el` is not what was expected here.
    pub fn unexpected(&self, el: &Element<'_>, expected: &str) -> DecodeError {
        self.error_for(
            el,
            DecodeErrorKind::UnexpectedElement,
            format!("unexpected element `{}`", el.local()),
        )
        .with_expected(expected.to_owned())
        .with_found(el.expanded_name())
    }

    /// `wrong-namespace`: `el` has the expected local name in another namespace.
    pub fn wrong_namespace(&self, el: &Element<'_>, expected_ns: &str) -> DecodeError {
        self.error_for(
            el,
            DecodeErrorKind::WrongNamespace,
            format!("element `{}` is in the wrong namespace", el.local()),
        )
        .with_expected(clark(expected_ns, el.local()))
        .with_found(el.expanded_name())
    }

    /// An invalid-value error for `el` whose text was `found`.
    pub fn invalid_value(
        &self,
        el: &Element<'_>,
        kind: DecodeErrorKind,
        found: &str,
    ) -> DecodeError {
        let expected = match kind {
            DecodeErrorKind::InvalidValue { xsd_type } => format!("xs:{xsd_type}"),
            other => other.as_str().to_owned(),
        };
        self.error_for(
            el,
            kind,
            format!("invalid value in element `{}`", el.local()),
        )
        .with_expected(expected)
        .with_found(format!("{found:?}"))
    }

    /// Reads `el`'s text and parses it with [`TextValue::from_text`].
    pub fn decode_text<T: TextValue>(&mut self, el: &Element<'_>) -> Result<T, DecodeError> {
        let text = self.read_text(el)?;
        T::from_text(&text).map_err(|k| self.invalid_value(el, k, &text))
    }

    /// Parses attribute `{ns}local` of `el` with [`TextValue::from_text`] (`None` if absent).
    pub fn attribute_value<T: TextValue>(
        &self,
        el: &Element<'_>,
        ns: &str,
        local: &str,
    ) -> Result<Option<T>, DecodeError> {
        match el.attribute(ns, local) {
            None => Ok(None),
            Some(v) => T::from_text(&v).map(Some).map_err(|k| {
                self.invalid_value(el, k, &v)
                    .with_path(format!("{}/@{local}", self.path_of(el)))
            }),
        }
    }

    fn repeated(&self, el: &Element<'_>) -> DecodeError {
        self.error_for(
            el,
            DecodeErrorKind::UnexpectedElement,
            format!("element `{}` occurs more than once", el.local()),
        )
        .with_expected("at most one occurrence")
        .with_found(el.expanded_name())
    }

    fn too_many(&self, el: &Element<'_>, max: Option<usize>) -> DecodeError {
        self.error_for(
            el,
            DecodeErrorKind::UnexpectedElement,
            format!(
                "element `{}` occurs more than maxOccurs={} times",
                el.local(),
                max.unwrap_or(0)
            ),
        )
        .with_found(el.expanded_name())
    }
}

/// What an element of the right local name in the wrong namespace means for the user.
fn misplaced_message(local: &str, found_ns: &str, expected_ns: &str) -> String {
    let found = if found_ns.is_empty() {
        "unqualified (no namespace)".to_owned()
    } else {
        format!("in namespace `{found_ns}`")
    };
    let expected = if expected_ns.is_empty() {
        "unqualified".to_owned()
    } else {
        format!("in namespace `{expected_ns}`")
    };
    format!(
        "element `{local}` arrived {found} but the schema declares it {expected}: the \
         schema's elementFormDefault (or the element's form) does not match what the \
         server sends"
    )
}
