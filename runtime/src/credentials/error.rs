//! [`CredentialsError`]: why a source, or the whole chain, gave no credentials.
//!
//! No variant holds a secret, a token or a response body: the texts are built from names,
//! paths, statuses and codes only, and service messages are scrubbed before they are kept.

use crate::transport::TransportError;
use std::fmt;
use std::path::PathBuf;

/// Why no credentials could be had. `Display` says what failed at this step; the cause, if
/// any, is the [`source`](std::error::Error::source).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// Required environment variables are unset or empty ([`Credentials::from_env`]).
    ///
    /// [`Credentials::from_env`]: super::Credentials::from_env
    #[error(
        "{} unset or empty; set ALIBABA_CLOUD_ACCESS_KEY_ID and \
         ALIBABA_CLOUD_ACCESS_KEY_SECRET or pass ClientBuilder::credentials",
        .variables.join(", ")
    )]
    MissingEnv {
        /// The variables that are unset or empty.
        variables: Vec<&'static str>,
    },
    /// This source is not set up here (variables unset, file absent, no metadata service);
    /// the default chain moves on to the next source.
    #[error("{reason}")]
    NotConfigured {
        /// What was looked for and not found.
        reason: String,
    },
    /// No source of the default chain is set up; `tried` says why each one gave nothing.
    #[error("no credentials found; tried {}", DisplayTried(.tried))]
    NotFound {
        /// Every source, in chain order, with the reason it gave nothing.
        tried: Vec<Skipped>,
    },
    /// A source of the default chain is set up but failed; the chain stops there rather than
    /// silently switching to another identity.
    #[error("the {name} credentials source failed")]
    Source {
        /// The source's name, e.g. `CLI profile`.
        name: &'static str,
        /// What went wrong in it.
        #[source]
        error: Box<CredentialsError>,
    },
    /// A file exists (or was named explicitly) but cannot be read.
    #[error("cannot read {}", .path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        error: std::io::Error,
    },
    /// A file is not valid JSON or INI; `line` is 1-based.
    #[error("{}:{line}: {reason}", .path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// The line of the problem.
        line: usize,
        /// What is wrong there (never the line's text, which may hold a secret).
        reason: String,
    },
    /// A setting or profile is unusable: an unsupported mode, a missing field, a cycle.
    #[error("{reason}")]
    Invalid {
        /// What is wrong, naming the file and profile.
        reason: String,
    },
    /// A credentials service (STS, the metadata service, the credentials URI) could not be
    /// reached or did not answer in time.
    #[error("cannot reach {service} at {url}")]
    Unreachable {
        /// Which service, e.g. `STS AssumeRole`.
        service: &'static str,
        /// Where it was asked (scheme, host, port and path only: no query, no user info).
        url: String,
        /// The transport failure.
        #[source]
        error: TransportError,
    },
    /// A credentials service answered with an error status.
    #[error("{service} refused the request (HTTP {status}{}", DisplayCode(.code, .request_id, .message))]
    Rejected {
        /// Which service.
        service: &'static str,
        /// The HTTP status.
        status: u16,
        /// The error code, when the body had one.
        code: Option<String>,
        /// The service's message, cut before any echoed string-to-sign and with known secrets
        /// replaced by `***`.
        message: Option<String>,
        /// The request id, to quote to support.
        request_id: Option<String>,
    },
    /// A credentials service answered 200 but not with usable credentials.
    #[error("{service} answered without usable credentials: {reason}")]
    BadResponse {
        /// Which service.
        service: &'static str,
        /// What is missing or wrong (never the body).
        reason: String,
    },
}

impl CredentialsError {
    /// Whether this only means "this source is not set up here".
    pub fn is_not_configured(&self) -> bool {
        matches!(self, Self::NotConfigured { .. })
    }

    /// A [`CredentialsError::NotConfigured`] with `reason`.
    pub(crate) fn not_configured(reason: impl Into<String>) -> Self {
        Self::NotConfigured {
            reason: reason.into(),
        }
    }

    /// A [`CredentialsError::Invalid`] with `reason`.
    pub(crate) fn invalid(reason: impl Into<String>) -> Self {
        Self::Invalid {
            reason: reason.into(),
        }
    }

    /// Turns "not configured" into "invalid" with `context`: used where a source was asked
    /// for explicitly (a profile's mode), so its absence is a configuration error, not a skip.
    pub(crate) fn required(self, context: &str) -> Self {
        match self {
            Self::NotConfigured { reason } => Self::invalid(format!("{context}: {reason}")),
            other => other,
        }
    }
}

/// One source the default chain tried, and why it gave nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The source's name, e.g. `environment`.
    pub name: &'static str,
    /// Why it gave nothing.
    pub reason: String,
}

/// `name (reason); name (reason); ...`
struct DisplayTried<'a>(&'a [Skipped]);

impl fmt::Display for DisplayTried<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("no sources");
        }
        for (i, s) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{}: {}", s.name, s.reason)?;
        }
        Ok(())
    }
}

/// `, code X, request id Y): message` (each part only when present; closes the parenthesis the
/// status opened).
struct DisplayCode<'a>(&'a Option<String>, &'a Option<String>, &'a Option<String>);

impl fmt::Display for DisplayCode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let DisplayCode(code, request_id, message) = self;
        if let Some(code) = code {
            write!(f, ", code {code}")?;
        }
        if let Some(id) = request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")?;
        if let Some(message) = message.as_deref().filter(|m| !m.is_empty()) {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}
