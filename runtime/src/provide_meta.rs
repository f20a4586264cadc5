//! [`ProvideErrorMetadata`], the service's error metadata read the same way from any error, and
//! [`Unhandled`], the opaque payload of every generated error enum's catch-all variant.

use crate::error::{SdkError, ServiceError};
use crate::error_meta::ErrorMeta;
use std::fmt;

/// Reads the service's error metadata (code, message, request id) from an error, whatever its
/// type: an [`ErrorMeta`], a generated action error, an [`Unhandled`], a [`ServiceError`] or an
/// [`SdkError`] (as aws-sdk's trait of the same name does).
///
/// ```
/// # use smc_runtime::{BuildError, ErrorMeta, ProvideErrorMetadata, SdkError, ServiceError};
/// let meta = ErrorMeta {
///     code: "Throttling".into(),
///     message: "slow down".into(),
///     request_id: Some("R1".into()),
///     host_id: None,
///     recommend: None,
///     http_status: 400,
/// };
/// let err: SdkError<ErrorMeta> = SdkError::Service(ServiceError::new(meta, 400));
/// assert_eq!(err.code(), Some("Throttling"));
/// assert_eq!(err.request_id(), Some("R1"));
/// let err: SdkError<ErrorMeta> = SdkError::construction(BuildError::missing("a", "A"));
/// assert_eq!((err.code(), err.request_id()), (None, None));
/// ```
pub trait ProvideErrorMetadata {
    /// Everything the service sent about the error; `None` when the service sent no error
    /// (the call failed before a response, or the response could not be used).
    fn meta(&self) -> Option<&ErrorMeta>;

    /// The service's error code, e.g. `ReplicationJob.InvalidStatus`.
    fn code(&self) -> Option<&str> {
        self.meta().map(|m| m.code.as_str())
    }

    /// The service's error message (empty when it sent none).
    fn message(&self) -> Option<&str> {
        self.meta().map(|m| m.message.as_str())
    }

    /// The request id, to quote to support.
    fn request_id(&self) -> Option<&str> {
        self.meta().and_then(|m| m.request_id.as_deref())
    }
}

impl ProvideErrorMetadata for ErrorMeta {
    fn meta(&self) -> Option<&ErrorMeta> {
        Some(self)
    }
}

impl<E: ProvideErrorMetadata + ?Sized> ProvideErrorMetadata for &E {
    fn meta(&self) -> Option<&ErrorMeta> {
        (**self).meta()
    }

    fn request_id(&self) -> Option<&str> {
        (**self).request_id()
    }
}

impl<E: ProvideErrorMetadata> ProvideErrorMetadata for ServiceError<E> {
    fn meta(&self) -> Option<&ErrorMeta> {
        self.err().meta()
    }

    fn request_id(&self) -> Option<&str> {
        self.err().request_id()
    }
}

/// The service's metadata for [`SdkError::Service`]; `None` at the other stages, except
/// [`request_id`](ProvideErrorMetadata::request_id), which a [`SdkError::Response`] also has
/// when the response carried one.
impl<E: ProvideErrorMetadata> ProvideErrorMetadata for SdkError<E> {
    fn meta(&self) -> Option<&ErrorMeta> {
        match self {
            SdkError::Service(e) => e.meta(),
            _ => None,
        }
    }

    fn request_id(&self) -> Option<&str> {
        match self {
            SdkError::Service(e) => e.request_id(),
            SdkError::Response(e) => e.request_id(),
            _ => None,
        }
    }
}

/// A service error whose code the action's page does not document (or a gateway-wide code),
/// held by every generated error enum's `Unhandled` variant.
///
/// Its fields are private so that no code can be matched inside it: a code the page documents
/// later gets its own variant and stops arriving here, which would silently skip such a match.
/// Match the documented variants, fall back with `_`, and read the code, message and request
/// id through [`ProvideErrorMetadata`] or [`meta`](Self::meta). `Display` prints
/// `code: message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unhandled {
    meta: ErrorMeta,
}

impl Unhandled {
    /// Wraps the metadata of an error no variant claims; called by generated code only.
    #[doc(hidden)]
    pub fn new(meta: ErrorMeta) -> Self {
        Self { meta }
    }

    /// Everything the service sent about the error.
    pub fn meta(&self) -> &ErrorMeta {
        &self.meta
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.meta, f)
    }
}

impl std::error::Error for Unhandled {}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> Option<&ErrorMeta> {
        Some(&self.meta)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ResponseError;
    use crate::operation::BuildError;

    fn meta() -> ErrorMeta {
        ErrorMeta {
            code: "Quota.Exceeded".into(),
            message: "too many".into(),
            request_id: Some("RID".into()),
            host_id: None,
            recommend: None,
            http_status: 403,
        }
    }

    /// The three accessors, through the trait only.
    fn read(e: &impl ProvideErrorMetadata) -> (Option<&str>, Option<&str>, Option<&str>) {
        (e.code(), e.message(), e.request_id())
    }

    #[test]
    fn every_holder_of_metadata_provides_it() {
        let want = (Some("Quota.Exceeded"), Some("too many"), Some("RID"));
        assert_eq!(read(&meta()), want);
        let unhandled = Unhandled::new(meta());
        assert_eq!(read(&unhandled), want);
        assert_eq!(unhandled.meta(), &meta());
        assert_eq!(unhandled.to_string(), "Quota.Exceeded: too many");
        assert_eq!(read(&ServiceError::new(meta(), 403)), want);
        let sdk: SdkError<Unhandled> = SdkError::Service(ServiceError::new(unhandled, 403));
        assert_eq!(read(&sdk), want);
        assert_eq!(read(&&sdk), want);
    }

    #[test]
    fn other_stages_have_no_code_but_a_received_response_has_its_request_id() {
        let built: SdkError<ErrorMeta> = SdkError::construction(BuildError::missing("a", "A"));
        assert_eq!(read(&built), (None, None, None));
        assert!(built.meta().is_none());
        let response: SdkError<ErrorMeta> = SdkError::Response(ResponseError::no_error_code(
            502,
            br#"{"RequestId":"R-502"}"#,
        ));
        assert_eq!(read(&response), (None, None, Some("R-502")));
        let no_id: SdkError<ErrorMeta> =
            SdkError::Response(ResponseError::no_error_code(502, b"<html/>"));
        assert_eq!(no_id.request_id(), None);
    }
}
