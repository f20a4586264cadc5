//! [`HttpMethod`], the two methods an RPC call can be sent with.
//!
//! RPC actions accept GET and POST alike; the method is part of what is signed (v1 writes it
//! into the string to sign, v3 into the canonical request), so it is chosen once, before
//! signing, and travels with the request.

use std::fmt;

/// The HTTP method of an RPC call. The default is POST, as the vendor's SDKs send RPC calls.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// Every parameter in the URL query; no body.
    Get,
    /// Parameters in the URL query, except those an operation places in a form body
    /// ([`Operation::BODY`](crate::Operation::BODY)).
    #[default]
    Post,
}

impl HttpMethod {
    /// The method's name on the wire: `GET` or `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::HttpMethod;

    #[test]
    fn wire_names_and_default() {
        assert_eq!(HttpMethod::Get.as_str(), "GET");
        assert_eq!(HttpMethod::Post.to_string(), "POST");
        assert_eq!(HttpMethod::default(), HttpMethod::Post);
    }
}
