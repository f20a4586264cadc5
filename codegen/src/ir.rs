//! The intermediate representation: one [`Api`] per documented action.
//!
//! The IR is the contract between the markdown side (`dialect`, `lower`) and everything
//! downstream (`emit`, the proc macros, the `smc-codegen` binary). It is plain data, serde
//! serialisable, and snapshotted for every page in `specs/`, so a change to a page or to
//! the reader shows up as a reviewable diff. Nothing in it refers back to markdown
//! except source line numbers, kept so that later stages can still point at the page.

use serde::{Deserialize, Serialize};

/// One API action, fully typed: what the request carries, what the response holds,
/// which errors it documents, and the page's own samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Api {
    /// Product code in lowercase, e.g. `smc` (from the debugging link or the spec folder).
    pub product: String,
    /// API version, e.g. `2019-06-01`.
    pub version: String,
    /// Language the page is written in; its prose (summary, descriptions, error
    /// descriptions) is kept as written, so generated docs read in that language. Omitted
    /// from the JSON for English.
    #[serde(default, skip_serializing_if = "Language::is_english")]
    pub language: Language,
    /// Request style. Both get typed structs; the runtime sends RPC calls only and refuses
    /// ROA ones (see `Operation::ROA`).
    pub style: Style,
    /// Action name exactly as on the wire, e.g. `StopReplicationJob`.
    pub action: String,
    /// One-line summary (the line after the title).
    pub summary: String,
    /// The page's `Description` section as plain text (may be empty).
    pub description: String,
    /// Endpoint host from the sample request, e.g. `smc.aliyuncs.com`.
    pub endpoint: Option<String>,
    /// Method and path of a ROA action (`GET /clusters/[ClusterId]/nodes`), from its
    /// `Request syntax` section or its HTTP-style sample request; absent for RPC actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<Route>,
    /// Request parameters, grouped: `Tag.N.Key` becomes a list `Tag` of structs with `Key`.
    /// Common parameters (`Action`, `Version`, ...) are not included.
    pub request: Vec<Param>,
    /// The response body as a tree of typed fields (top-level keys of the JSON body).
    pub response: Vec<Field>,
    /// True when the success body is a JSON array of such objects (ROA list actions, such as
    /// `GET /clusters` answering `[{...}, ...]`) rather than one object.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub response_list: bool,
    /// Documented error rows, in page order. A code documented several times (one message per
    /// situation) has one entry per distinct (status, message), all with the same `variant`.
    pub errors: Vec<ErrorCode>,
    /// The page's samples, kept verbatim.
    pub samples: Samples,
}

/// The language of a page, told by the words of its section headings.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// English (`en-US` pages); the default.
    #[default]
    En,
    /// Chinese (`zh-CN` pages).
    Zh,
}

impl Language {
    /// True for English, the language the IR omits.
    pub fn is_english(&self) -> bool {
        *self == Language::En
    }

    /// The language's code: `en`, `zh`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Zh => "zh",
        }
    }
}

/// The HTTP request line of a ROA action, as the page documents it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Route {
    /// `GET`, `POST`, `PUT`, `DELETE`, ...
    pub method: String,
    /// The path template as written, path parameters in brackets (`/clusters/[ClusterId]`)
    /// or braces.
    pub path: String,
}

/// How the action is called on the wire (ordered RPC first).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Style {
    /// Query/form parameters, `Action` + `Version`, signed with v1 or v3.
    Rpc,
    /// Path-based REST style (read, not generated yet).
    Roa,
}

/// Scalar and compound types of request parameters and response fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Type {
    /// `String`.
    String,
    /// `Integer`, `Int`, `int`: 32-bit signed.
    Integer,
    /// `Long`: 64-bit signed.
    Long,
    /// `Boolean`, `Bool`.
    Boolean,
    /// `Float`.
    Float,
    /// `Double`.
    Double,
    /// `Json`, `Map`, `Object` without known fields, and unknown types: kept as JSON.
    Json,
    /// A list (`RepeatList`, `List`, `Array`, `Array of X`, or a `.N` wire name).
    List {
        /// Type of each element.
        item: Box<Type>,
    },
    /// A structure with named fields (`Struct`, `Object`, dotted names, bare struct rows).
    Struct {
        /// Rust type name chosen for the structure, unique within the action.
        name: String,
        /// Wire name of the element type as documented (e.g. `ReplicationJob`), if any.
        doc_name: Option<String>,
    },
}

/// Where a request parameter travels (RPC: always the query unless the page says otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    /// URL query string (signed).
    Query,
    /// Form body.
    Body,
    /// URL path (ROA).
    Path,
    /// HTTP header.
    Header,
}

/// One request parameter (a tree: struct and list-of-struct parameters have children).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Param {
    /// Wire name of this level, e.g. `JobId`, `Tag` (for `Tag.N.Key`), `Key`.
    pub wire_name: String,
    /// Full documented wire name as on the page, e.g. `Tag.N.Key`.
    pub doc_name: String,
    /// Field name in Rust (snake case, keyword-escaped).
    pub rust_name: String,
    /// Parameter type; `List`/`Struct` for grouped parameters.
    pub ty: Type,
    /// How a list is written on the wire.
    pub style: ParamStyle,
    /// Whether the page marks it required.
    pub required: bool,
    /// Example value from the page (unescaped), if any.
    pub example: Option<String>,
    /// Description, plain text.
    pub description: String,
    /// Where the parameter travels.
    pub position: Position,
    /// Members of a struct or of a list's struct element.
    pub children: Vec<Param>,
    /// The values the description lists as valid, for a `String` parameter (emitted as an
    /// enum); empty when the page lists none. Omitted from the JSON when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<EnumValue>,
    /// 1-based line of the row in the page.
    pub line: usize,
}

/// How a list or struct parameter is flattened on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamStyle {
    /// A scalar (or JSON-encoded value): `Name=value`.
    Flat,
    /// `Name.1=a&Name.2=b` (and `Name.1.Key=...` for struct elements).
    RepeatList,
    /// `Name.Member=value`.
    Dotted,
    /// The whole value JSON-encoded into one string.
    Json,
}

/// One response field (a tree mirroring the JSON body).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Field {
    /// JSON key.
    pub wire_name: String,
    /// Field name in Rust (snake case, keyword-escaped).
    pub rust_name: String,
    /// Field type; `Struct`/`List` of `Struct` have children.
    pub ty: Type,
    /// Example value from the page, if any.
    pub example: Option<String>,
    /// Description, plain text.
    pub description: String,
    /// Members of a struct or of a list's struct element.
    pub children: Vec<Field>,
    /// The values the description lists as valid, for a `String` field (emitted as an
    /// enum); empty when the page lists none. Omitted from the JSON when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<EnumValue>,
    /// 1-based line of the row in the page (0 when the field was only seen in a sample).
    pub line: usize,
}

/// One value of a parameter or field that its description lists as valid
/// (`Valid values:` / `取值：` followed by the values).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct EnumValue {
    /// The value exactly as it travels on the wire, e.g. `Ready`.
    pub value: String,
    /// What the page says the value means (may be empty). Omitted from the JSON when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// One documented error row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorCode {
    /// HTTP status as documented (informational: errors are classified by code).
    pub http_status: Option<u16>,
    /// Error code, e.g. `ReplicationJob.InvalidStatus`.
    pub code: String,
    /// Rust variant name, e.g. `ReplicationJobInvalidStatus`: unique per code within the action.
    pub variant: String,
    /// Error message as documented (may contain `%s`).
    pub message: String,
    /// Description, plain text.
    pub description: String,
    /// 1-based line of the row in the page.
    pub line: usize,
}

/// Samples as printed on the page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Samples {
    /// The sample request, verbatim.
    pub request: Option<String>,
    /// The XML success response, verbatim.
    pub xml: Option<String>,
    /// The JSON success response, verbatim.
    pub json: Option<String>,
}
