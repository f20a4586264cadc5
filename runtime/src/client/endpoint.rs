//! Endpoint normalisation: what the user configures (`smc.aliyuncs.com`,
//! `https://smc.aliyuncs.com/`, `http://127.0.0.1:8080`) becomes the `scheme://host[:port]` base
//! the signer appends `/?query` to, parsed by the `url` crate.

use url::Url;

/// Why an endpoint cannot be used as the base URL of RPC calls.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EndpointError {
    /// The endpoint is empty or only whitespace.
    #[error("the endpoint is empty")]
    Empty,
    /// The endpoint does not parse as a URL (the parser's reason is the source).
    #[error("`{endpoint}` is not a URL")]
    Malformed {
        /// The endpoint as configured.
        endpoint: String,
        /// Why the URL parser rejected it.
        #[source]
        source: url::ParseError,
    },
    /// The scheme is neither `http` nor `https`.
    #[error("`{endpoint}` has scheme `{scheme}`; only http and https are supported")]
    UnsupportedScheme {
        /// The endpoint as configured.
        endpoint: String,
        /// Its scheme.
        scheme: String,
    },
    /// The endpoint carries more than scheme, host and port: RPC calls own the path and query.
    #[error(
        "`{endpoint}` must be scheme, host and port only (no user info, path, query or fragment)"
    )]
    NotAnOrigin {
        /// The endpoint as configured.
        endpoint: String,
    },
}

/// Normalises `raw` to `scheme://host[:port]`: a bare host gets `https://`, the host is
/// lowercased (IDNA hosts in their ASCII form), a default port and a trailing `/` are dropped.
pub(crate) fn normalize(raw: &str) -> Result<String, EndpointError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(EndpointError::Empty);
    }
    // `Url` reads `host:8080` as scheme `host`, so only an explicit `://` names a scheme.
    let parsed = if trimmed.contains("://") {
        Url::parse(trimmed)
    } else {
        Url::parse(&format!("https://{trimmed}"))
    }
    .map_err(|source| EndpointError::Malformed {
        endpoint: raw.to_owned(),
        source,
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(EndpointError::UnsupportedScheme {
            endpoint: raw.to_owned(),
            scheme: parsed.scheme().to_owned(),
        });
    }
    let origin_only = parsed.has_host()
        && parsed.username().is_empty()
        && parsed.password().is_none()
        && parsed.path() == "/"
        && parsed.query().is_none()
        && parsed.fragment().is_none();
    if !origin_only {
        return Err(EndpointError::NotAnOrigin {
            endpoint: raw.to_owned(),
        });
    }
    Ok(parsed.origin().ascii_serialization())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms_normalise_to_an_origin() {
        for (raw, want) in [
            ("https://smc.aliyuncs.com", "https://smc.aliyuncs.com"),
            ("https://smc.aliyuncs.com/", "https://smc.aliyuncs.com"),
            ("smc.aliyuncs.com", "https://smc.aliyuncs.com"),
            ("  smc.aliyuncs.com\n", "https://smc.aliyuncs.com"),
            ("HTTPS://SMC.Aliyuncs.COM/", "https://smc.aliyuncs.com"),
            ("https://smc.aliyuncs.com:443", "https://smc.aliyuncs.com"),
            ("http://127.0.0.1:8080", "http://127.0.0.1:8080"),
            ("http://127.0.0.1:8080/", "http://127.0.0.1:8080"),
            ("127.0.0.1:8443", "https://127.0.0.1:8443"),
            ("http://[::1]:9000/", "http://[::1]:9000"),
            ("https://迁移.example", "https://xn--tnzw95b.example"),
        ] {
            assert_eq!(normalize(raw).as_deref(), Ok(want), "{raw:?}");
        }
    }

    #[test]
    fn rejected_forms_say_why() {
        assert_eq!(normalize(" "), Err(EndpointError::Empty));
        for raw in ["https://", "https://a b", "http://[::1", "https://h:99999"] {
            assert!(
                matches!(normalize(raw), Err(EndpointError::Malformed { .. })),
                "{raw:?}"
            );
        }
        assert_eq!(
            normalize("ftp://x"),
            Err(EndpointError::UnsupportedScheme {
                endpoint: "ftp://x".into(),
                scheme: "ftp".into()
            })
        );
        for raw in [
            "https://h/path",
            "https://h//",
            "https://h?x=1",
            "https://h#top",
            "https://user:pw@h",
        ] {
            assert_eq!(
                normalize(raw),
                Err(EndpointError::NotAnOrigin {
                    endpoint: raw.into()
                }),
                "{raw:?}"
            );
        }
    }
}
