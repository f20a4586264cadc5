//! XML response bodies (`Format=XML`) decoded into the JSON shape the same response has in JSON,
//! so the generated response types (built for JSON, with the tolerant [`crate::de`] helpers)
//! decode both formats.
//!
//! The mapping is [`smc_xml`]'s, shared with the codegen's reader of XML samples, read here
//! as a response means it:
//! - an empty element, or one holding only whitespace, becomes `""` ([`from_value`] reads that
//!   as an empty struct or list where the type expects one);
//! - text beside child elements (mixed content) and undecodable escapes are errors rather than
//!   silently dropped or kept: no response has them, so the document is not one this module can
//!   decode losslessly.

use crate::lenient::Lenient;
use serde::de::DeserializeOwned;
use serde_json::Value;
use smc_xml::{BadEscape, EmptyLeaf, MixedContent, Options};

pub use smc_xml::MAX_DEPTH;

/// How a response body is read: strictly, an empty element being an empty string.
const RESPONSE: Options = Options {
    empty_leaf: EmptyLeaf::EmptyString,
    mixed_content: MixedContent::Error,
    bad_escape: BadEscape::Error,
    max_depth: MAX_DEPTH,
};

/// Why an XML body could not be converted or decoded.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct XmlError {
    kind: Kind,
}

/// The two ways decoding fails.
#[derive(Debug, thiserror::Error)]
enum Kind {
    /// The document is not well-formed (or not a response shape): where and what.
    #[error(transparent)]
    Syntax(smc_xml::XmlError),
    /// The converted value does not fit the target type.
    #[error("XML response does not match the expected type")]
    Decode(#[source] serde_json::Error),
}

impl XmlError {
    /// The byte offset of a syntax error; `None` when the XML was fine but did not fit the type.
    pub fn offset(&self) -> Option<usize> {
        match &self.kind {
            Kind::Syntax(e) => Some(e.offset()),
            Kind::Decode(_) => None,
        }
    }

    /// The 1-based line of a syntax error; `None` for a type mismatch.
    pub fn line(&self) -> Option<usize> {
        match &self.kind {
            Kind::Syntax(e) => Some(e.line()),
            Kind::Decode(_) => None,
        }
    }
}

/// Converts an XML response document into the JSON value the same response has in JSON (see the
/// module docs for the mapping). Never panics; malformed input is an [`XmlError`] naming the
/// byte offset and line.
pub fn to_json(xml: &str) -> Result<Value, XmlError> {
    smc_xml::to_json(xml, RESPONSE).map_err(|e| XmlError {
        kind: Kind::Syntax(e),
    })
}

/// Converts `xml` with [`to_json`] and deserialises the value into `T` (a generated response
/// type) with [`from_value`]: the XML twin of `serde_json::from_slice`.
pub fn from_xml<T: DeserializeOwned>(xml: &str) -> Result<T, XmlError> {
    from_value(to_json(xml)?)
}

/// Deserialises a value made by [`to_json`] into `T`: like `serde_json::from_value`, except
/// that blank text (an empty element) also reads as an empty struct, map or list wherever `T`
/// expects one, since XML cannot tell `<Tags></Tags>` from an empty string.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, XmlError> {
    T::deserialize(Lenient(value)).map_err(|e| XmlError {
        kind: Kind::Decode(e),
    })
}
