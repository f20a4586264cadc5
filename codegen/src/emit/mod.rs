//! Emission: an [`Api`] becomes Rust tokens.
//!
//! One action becomes one module `pub mod <action_module> { ... }` holding the request
//! struct and its builder ([`request`]), the response tree ([`response`]), the error enum
//! ([`errors`]), the fluent builder ([`fluent`]) and, for a paged action, its paginator
//! ([`paginator`]); the main types are re-exported next to
//! the module and the client type gets one method per action. A product's client type itself
//! is emitted once per product ([`client`], [`emit_client`]). Generated code only names the
//! runtime through [`EmitOptions::runtime`] and keeps per-action code to derives and thin
//! glue: signing, flattening and decoding live in the runtime as generic code.
//! [`fallback`] turns diagnostics into `compile_error!` tokens for the proc macro.

mod client;
mod docs;
mod enums;
mod errors;
pub mod fallback;
mod fluent;
mod inline;
mod paginator;
mod request;
mod response;
mod shared;

use crate::ident;
use crate::ir::{Api, Field, Param};
use crate::names::{prefer, ActionItems, Scope};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

pub use crate::names::type_base_name;
pub use shared::SharedTypes;

/// Options for emission.
#[derive(Debug, Clone)]
pub struct EmitOptions {
    /// Path of the client type that gets the fluent method, e.g. `crate::Client`. The type
    /// must implement `AsRef<runtime::Client>`.
    pub client: TokenStream,
    /// Path of the runtime crate, e.g. `::smc_runtime`.
    pub runtime: TokenStream,
    /// Base name for the Rust items instead of the action's own, for actions whose names
    /// differ only in letter case (`DescribeAutoSnapshotPolicyEx` / `...EX`) and would
    /// otherwise share a module and a method. The wire action is unchanged.
    pub rename: Option<String>,
}

impl Default for EmitOptions {
    /// Client `crate::Client`, runtime `::smc_runtime`.
    fn default() -> Self {
        EmitOptions {
            client: quote!(crate::Client),
            runtime: quote!(::smc_runtime),
            rename: None,
        }
    }
}

/// The names of one action's main items.
pub(crate) struct ActionNames {
    /// `stop_replication_job` (module).
    pub(crate) module: Ident,
    /// `stop_replication_job` (client method).
    pub(crate) method: Ident,
    /// `StopReplicationJobRequest`.
    pub(crate) request: Ident,
    /// `StopReplicationJobRequestBuilder`.
    pub(crate) builder: Ident,
    /// `StopReplicationJobResponse`.
    pub(crate) response: Ident,
    /// `StopReplicationJobError`.
    pub(crate) error: Ident,
    /// `StopReplicationJobFluentBuilder`.
    pub(crate) fluent: Ident,
}

/// The Rust type of a scalar IR type, shared by requests and responses; lists and structs
/// (which need the emission context) are handled by the callers and map to `Value` here.
pub(crate) fn scalar_type(rt: &TokenStream, ty: &crate::ir::Type) -> TokenStream {
    use crate::ir::Type;
    match ty {
        Type::String => quote!(String),
        Type::Integer => quote!(i32),
        Type::Long => quote!(i64),
        Type::Boolean => quote!(bool),
        // `Float` values are decimals such as prices: f64 keeps them exact enough to
        // round-trip (f32 turns "0.165" into 0.16500000655651093); setters still take f32.
        Type::Float | Type::Double => quote!(f64),
        Type::Json | Type::List { .. } | Type::Struct { .. } => quote!(#rt::serde_json::Value),
    }
}

/// An identifier token for `name`, which may be raw (`r#type`). Never panics: a name that is
/// not a valid identifier becomes `invalid_identifier`.
pub(crate) fn ident(name: &str) -> Ident {
    syn::parse_str::<Ident>(name)
        .unwrap_or_else(|_| Ident::new("invalid_identifier", Span::call_site()))
}

impl ActionNames {
    fn new(items: &ActionItems) -> Self {
        ActionNames {
            module: ident(&items.module),
            method: ident(&items.method),
            request: ident(&items.request),
            builder: ident(&items.builder),
            response: ident(&items.response),
            error: ident(&items.error),
            fluent: ident(&items.fluent),
        }
    }
}

/// The members of a nested struct, for recognising the same struct named twice.
#[derive(PartialEq)]
enum Shape {
    Request(Vec<Param>),
    Response(Vec<Field>),
}

/// Emission context for one action: runtime path, the module's type namespace and the
/// nested struct items collected while walking the request and response trees.
pub(crate) struct Cx<'a> {
    /// Runtime crate path tokens.
    pub(crate) rt: &'a TokenStream,
    /// Runtime crate path as text, for serde attribute strings (`::smc_runtime`).
    pub(crate) rt_path: String,
    /// Type names used in the action module.
    types: Scope,
    /// Nested struct items, in order of first use.
    pub(crate) structs: Vec<TokenStream>,
    /// Structs emitted so far: IR name, members, emitted name.
    seen: Vec<(String, Shape, Ident)>,
    /// Value enums emitted so far: wire name, values, emitted name (see [`enums`]).
    enums: Vec<(String, Vec<String>, Ident)>,
    /// The product's shared response structs, named instead of emitted (see [`shared`]).
    pub(crate) shared: Option<&'a SharedTypes>,
    /// True while emitting the `types` module itself: shared structs are named unqualified.
    pub(crate) in_types: bool,
}

impl<'a> Cx<'a> {
    fn new(rt: &'a TokenStream, items: &ActionItems) -> Self {
        Cx {
            rt,
            rt_path: rt.to_string().replace(' ', ""),
            types: Scope::module_types(items),
            structs: Vec::new(),
            seen: Vec::new(),
            enums: Vec::new(),
            shared: None,
            in_types: false,
        }
    }

    /// The emitted name for a nested struct named `ir_name` with members `shape`, and
    /// whether it still has to be emitted (false when the same struct was emitted before).
    fn struct_name(&mut self, ir_name: &str, shape: Shape) -> (Ident, bool) {
        if let Some((_, _, id)) = self
            .seen
            .iter()
            .find(|(name, s, _)| name == ir_name && *s == shape)
        {
            return (id.clone(), false);
        }
        let wanted = prefer(ir_name, ident::type_name(ir_name), true);
        let id = ident(&self.types.claim(&wanted));
        self.seen.push((ir_name.to_string(), shape, id.clone()));
        (id, true)
    }

    /// A serde attribute path string under the runtime, e.g. `::smc_runtime::de::string`.
    pub(crate) fn rt_fn(&self, path: &str) -> String {
        format!("{}::{path}", self.rt_path)
    }
}

/// Emits the client type of `product` (`pub struct Client`, its constructors from a shared
/// config and its `SERVICE`), for a module holding that product's actions; the runtime crate
/// is named by `options.runtime`.
pub fn emit_client(product: &crate::product::Product, options: &EmitOptions) -> TokenStream {
    client::emit(product, &options.runtime)
}

/// Emits the `types` module of a product's shared response structs (see [`SharedTypes`]), to
/// place next to the actions emitted with [`emit_with`] and the same `shared`.
pub fn emit_types(shared: &SharedTypes, options: &EmitOptions) -> TokenStream {
    inline::mark(shared::emit(shared, &options.runtime))
}

/// Emits the items for one action: its module, the re-exports of its main types and the
/// client method. Never panics; the output always parses (see [`crate::render::render`]).
pub fn emit(api: &Api, options: &EmitOptions) -> TokenStream {
    emit_with(api, options, None)
}

/// [`emit`], naming the product's `shared` response structs (`super::types::Name`, see
/// [`emit_types`]) instead of emitting them in the action's module.
pub fn emit_with(api: &Api, options: &EmitOptions, shared: Option<&SharedTypes>) -> TokenStream {
    let items = ActionItems::new(options.rename.as_deref().unwrap_or(&api.action));
    let names = ActionNames::new(&items);
    let rt = &options.runtime;
    let client = &options.client;
    let mut cx = Cx::new(rt, &items);
    cx.shared = shared;

    let request = request::emit(&mut cx, api, &names);
    let response = response::emit(&mut cx, api, &names);
    let errors = errors::emit(&cx, api, &names);
    let fluent = fluent::emit(&cx, api, &names, &request.setters);
    let paginator = paginator::emit(&mut cx, api, &names, &request.setters);
    let request_items = request.tokens;
    let structs = &cx.structs;

    let action_code = docs::code(&api.action).unwrap_or_default();
    let module_doc = docs::Doc::new()
        .md(format!("{action_code}: {}", docs::text(&api.summary)))
        .text(&api.description)
        .md(format!(
            "Generated from the API reference page (product `{}`, version `{}`).",
            api.product.replace('`', ""),
            api.version.replace('`', "")
        ))
        .attrs();
    let method_doc = docs::Doc::new()
        .text(&api.summary)
        .text(&api.description)
        .md(format!(
            "Calls {action_code}: set the parameters on the returned builder, then `send().await`."
        ))
        .attrs();

    let ActionNames {
        module,
        method,
        request: req,
        builder,
        response: resp,
        error,
        fluent: fluent_name,
    } = &names;

    let tokens = quote! {
        #module_doc
        pub mod #module {
            #request_items
            #response
            #(#structs)*
            #errors
            #fluent
            #paginator
        }
        pub use self::#module::{#req, #builder, #resp, #error, #fluent_name};
        impl #client {
            #method_doc
            pub fn #method(&self) -> self::#module::#fluent_name {
                self::#module::#fluent_name::new(::core::clone::Clone::clone(::core::convert::AsRef::<#rt::Client>::as_ref(self)))
            }
        }
    };
    inline::mark(tokens)
}
