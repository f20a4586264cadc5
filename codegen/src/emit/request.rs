//! The request side of an action: the request struct (and its nested structs), its builder
//! with `build()` checking required fields, and the `Operation` impl tying it to the runtime.

use super::docs::{code, Doc};
use super::{enums, scalar_type, ActionNames, Cx, Shape};
use crate::ident;
use crate::ir::{Api, Param, ParamStyle, Position, Style, Type};
use crate::names::{prefer, Scope};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// How a setter stores its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SetterKind {
    /// `Option<T>` in the builder: `x(impl Into<T>)`.
    Value,
    /// `Vec<T>` in the builder: `x(impl Into<T>)` appends, `set_x(Vec<T>)` replaces.
    List,
    /// Like `Value`, but a `serde_json::Value` sent as one JSON string.
    Json,
}

/// One top-level request parameter as the builders expose it.
pub(crate) struct Setter {
    /// Setter method name (`job_id`).
    pub(crate) name: Ident,
    /// Replacing setter for lists (`set_source_id`).
    pub(crate) set_name: Option<Ident>,
    /// Value type, or element type for lists.
    pub(crate) ty: TokenStream,
    /// Storage kind.
    pub(crate) kind: SetterKind,
    /// Doc attributes (the parameter's own documentation).
    pub(crate) doc: TokenStream,
}

/// The request items and the setters the fluent builder mirrors.
pub(crate) struct Request {
    /// Request struct, builder and `Operation` impl.
    pub(crate) tokens: TokenStream,
    /// Setters of the top-level parameters, in page order.
    pub(crate) setters: Vec<Setter>,
}

/// One request field, resolved.
struct ReqField<'p> {
    param: &'p Param,
    ident: Ident,
    kind: SetterKind,
    required: bool,
    /// Value type, or element type for lists.
    ty: TokenStream,
    doc: TokenStream,
}

/// Resolves the fields of one struct level (top level or nested), emitting nested structs.
fn fields<'p>(cx: &mut Cx<'_>, params: &'p [Param]) -> Vec<ReqField<'p>> {
    let mut names = Scope::fields();
    params
        .iter()
        .map(|p| {
            let wanted = prefer(&p.rust_name, ident::field_name(&p.wire_name), false);
            let ident = super::ident(&names.claim(&wanted));
            let json = p.ty == Type::Json || p.style == ParamStyle::Json;
            let (kind, ty) = match (&p.ty, json) {
                (_, true) => (SetterKind::Json, json_type(cx)),
                (Type::List { item }, false) => (SetterKind::List, value_type(cx, item, p)),
                (ty, false) => (SetterKind::Value, value_type(cx, ty, p)),
            };
            let doc = field_doc(p);
            ReqField {
                param: p,
                ident,
                kind,
                required: p.required,
                ty,
                doc,
            }
        })
        .collect()
}

fn json_type(cx: &Cx<'_>) -> TokenStream {
    scalar_type(cx.rt, &Type::Json)
}

/// The Rust type of a request value of type `ty` (nested structs take `p.children`).
fn value_type(cx: &mut Cx<'_>, ty: &Type, p: &Param) -> TokenStream {
    match ty {
        Type::List { item } => {
            let inner = value_type(cx, item, p);
            quote!(Vec<#inner>)
        }
        Type::Struct { name, .. } => {
            let name = nested_struct(cx, name, p);
            quote!(#name)
        }
        Type::String if !p.values.is_empty() => enums::enum_type(cx, &p.wire_name, &p.values),
        scalar => scalar_type(cx.rt, scalar),
    }
}

/// Emits (once) the nested request struct `name` whose members are `p.children`.
fn nested_struct(cx: &mut Cx<'_>, name: &str, p: &Param) -> Ident {
    let (id, fresh) = cx.struct_name(name, Shape::Request(p.children.clone()));
    if !fresh {
        return id;
    }
    let members = fields(cx, &p.children);
    let defs = members.iter().map(|f| field_def(cx, f));
    let doc = Doc::new()
        .text(&p.description)
        .md(format!(
            "Element of the request parameter {}; set its fields, unset `Option`s are not sent.",
            code(&p.doc_name).unwrap_or_default()
        ))
        .attrs();
    let rt = cx.rt;
    let krate = cx.rt_fn("serde");
    cx.structs.push(quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq, #rt::serde::Serialize)]
        #[serde(crate = #krate)]
        pub struct #id {
            #(#defs)*
        }
    });
    id
}

fn field_doc(p: &Param) -> TokenStream {
    let wire = code(&p.doc_name).unwrap_or_default();
    let needed = if p.required { "required" } else { "optional" };
    Doc::new()
        .text(&p.description)
        .md(format!("Wire name: {wire} ({needed})."))
        .example(p.example.as_deref())
        .attrs()
}

/// The field definition inside a request struct, with its serde attributes.
fn field_def(cx: &Cx<'_>, f: &ReqField<'_>) -> TokenStream {
    let ReqField { ident, ty, doc, .. } = f;
    let wire = &f.param.wire_name;
    match (f.kind, f.required) {
        (SetterKind::Json, true) => {
            let with = cx.rt_fn("params::json");
            quote! {
                #doc
                #[serde(rename = #wire, serialize_with = #with)]
                pub #ident: #ty,
            }
        }
        (SetterKind::Json, false) => {
            let with = cx.rt_fn("params::json_opt");
            quote! {
                #doc
                #[serde(rename = #wire, serialize_with = #with, skip_serializing_if = "Option::is_none")]
                pub #ident: Option<#ty>,
            }
        }
        (SetterKind::List, _) => quote! {
            #doc
            #[serde(rename = #wire, skip_serializing_if = "Vec::is_empty")]
            pub #ident: Vec<#ty>,
        },
        (SetterKind::Value, true) => quote! {
            #doc
            #[serde(rename = #wire)]
            pub #ident: #ty,
        },
        (SetterKind::Value, false) => quote! {
            #doc
            #[serde(rename = #wire, skip_serializing_if = "Option::is_none")]
            pub #ident: Option<#ty>,
        },
    }
}

/// Emits the request struct, its builder and the `Operation` impl.
pub(crate) fn emit(cx: &mut Cx<'_>, api: &Api, names: &ActionNames) -> Request {
    let rt = cx.rt;
    let ActionNames {
        request,
        builder,
        response,
        error,
        ..
    } = names;
    let members = fields(cx, &api.request);
    let defs: Vec<TokenStream> = members.iter().map(|f| field_def(cx, f)).collect();

    let mut methods = Scope::setters();
    let mut setters = Vec::new();
    let mut builder_fields = Vec::new();
    let mut builder_methods = Vec::new();
    let mut build_fields = Vec::new();
    for f in &members {
        let ReqField { ident, ty, doc, .. } = f;
        let name = super::ident(&methods.claim(&ident.to_string()));
        let field_str = ident::unraw(&ident.to_string()).to_string();
        let wire = &f.param.wire_name;
        let missing = quote!(#rt::BuildError::missing(#field_str, #wire));
        let set_name = match f.kind {
            SetterKind::List => Some(super::ident(&methods.claim(&format!("set_{field_str}")))),
            _ => None,
        };
        match f.kind {
            SetterKind::Value | SetterKind::Json => {
                builder_fields.push(quote!(#ident: Option<#ty>,));
                builder_methods.push(quote! {
                    #doc
                    pub fn #name(mut self, value: impl Into<#ty>) -> Self {
                        self.#ident = Some(value.into());
                        self
                    }
                });
                build_fields.push(if f.required {
                    quote!(#ident: self.#ident.ok_or_else(|| #missing)?,)
                } else {
                    quote!(#ident: self.#ident,)
                });
            }
            SetterKind::List => {
                builder_fields.push(quote!(#ident: Vec<#ty>,));
                let set_doc = Doc::new()
                    .md(format!(
                        "Replaces all elements of {} (the setter without `set_` appends one).",
                        code(&f.param.doc_name).unwrap_or_default()
                    ))
                    .attrs();
                builder_methods.push(quote! {
                    #doc
                    ///
                    /// Appends one element; call repeatedly for several.
                    pub fn #name(mut self, item: impl Into<#ty>) -> Self {
                        self.#ident.push(item.into());
                        self
                    }
                    #set_doc
                    pub fn #set_name(mut self, items: Vec<#ty>) -> Self {
                        self.#ident = items;
                        self
                    }
                });
                build_fields.push(if f.required {
                    quote!(#ident: if self.#ident.is_empty() { return Err(#missing) } else { self.#ident },)
                } else {
                    quote!(#ident: self.#ident,)
                });
            }
        }
        setters.push(Setter {
            name,
            set_name,
            ty: ty.clone(),
            kind: f.kind,
            doc: doc.clone(),
        });
    }

    let action_code = code(&api.action).unwrap_or_default();
    let request_doc = Doc::new()
        .md(format!(
            "Request of {action_code}: {}",
            super::docs::text(&api.summary)
        ))
        .text(&api.description)
        .md(format!(
            "Build it with [`{builder}`]; the runtime flattens it into wire parameters."
        ))
        .attrs();
    let builder_doc = Doc::new()
        .md(format!(
            "Builder for [`{request}`]: one setter per parameter; [`{builder}::build`] checks that every required parameter is set."
        ))
        .attrs();
    let build_doc = Doc::new()
        .md(format!(
            "The [`{request}`], or a `BuildError` naming the first required parameter that is missing (a required list must not be empty)."
        ))
        .attrs();
    let builder_fn_doc = Doc::new().md(format!("An empty [`{builder}`].")).attrs();
    let action = &api.action;
    let version = &api.version;
    // A ROA action names its request line; the runtime refuses to send it as RPC.
    let roa = (api.style == Style::Roa).then(|| {
        let line = api
            .route
            .as_ref()
            .map(|r| format!("{} {}", r.method, r.path))
            .unwrap_or_default();
        quote!(const ROA: ::core::option::Option<&'static str> = ::core::option::Option::Some(#line);)
    });
    let product = &api.product;
    // Top-level parameters the page places in the body: a POST sends them as a form body.
    let body: Vec<&str> = api
        .request
        .iter()
        .filter(|p| p.position == Position::Body)
        .map(|p| p.wire_name.as_str())
        .collect();
    let body =
        (!body.is_empty()).then(|| quote!(const BODY: &'static [&'static str] = &[#(#body),*];));
    let krate = cx.rt_fn("serde");
    let tokens = quote! {
        #request_doc
        #[derive(Debug, Clone, PartialEq, #rt::serde::Serialize)]
        #[serde(crate = #krate)]
        pub struct #request {
            #(#defs)*
        }

        impl #request {
            #builder_fn_doc
            pub fn builder() -> #builder {
                #builder::default()
            }
        }

        impl #rt::Operation for #request {
            const ACTION: &'static str = #action;
            const VERSION: &'static str = #version;
            const PRODUCT: &'static str = #product;
            #roa
            #body
            type Output = #response;
            type Error = #error;
        }

        #builder_doc
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #builder {
            #(#builder_fields)*
        }

        impl #builder {
            #(#builder_methods)*

            #build_doc
            pub fn build(self) -> Result<#request, #rt::BuildError> {
                Ok(#request {
                    #(#build_fields)*
                })
            }
        }
    };
    Request { tokens, setters }
}
