//! The paginator of a paged action: `into_paginator()` on its fluent builder, and a
//! `…Paginator` whose `send()` is a stream of pages and whose `items()` is a stream of the items
//! of each page's main list.
//!
//! An action is paged when its request has `PageNumber` and `PageSize` and its response a
//! `TotalCount` or a main list (page-number style), or its request and response both have
//! `NextToken` (token style, preferred when both apply). The main list is the response's one
//! list among its top-level fields and their direct members, a list wrapper counting as the
//! list it holds (`ReplicationJobs.ReplicationJob` is the response's `replication_jobs`);
//! with none or several, only `send()` is generated and its doc says why. The streams and when
//! they stop live in the runtime (`paginator`); the per-action code is a fetch closure and two
//! non-capturing closures.

use super::docs::{code, Doc};
use super::request::Setter;
use super::{response, ActionNames, Cx};
use crate::ident;
use crate::ir::{Api, Field, Param, ParamStyle, Style, Type};
use crate::names::{prefer, Scope};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// How the action pages.
enum Paging {
    /// `PageNumber` counts up; `PageSize` and the response's `TotalCount`/`PageSize` bound it.
    Numbers {
        number: usize,
        size: usize,
        total: Option<usize>,
        response_size: Option<usize>,
    },
    /// `NextToken` is carried from each response to the next request (`request` and `reply`
    /// index the request parameter and the response field).
    Tokens { request: usize, reply: usize },
}

/// The Rust field names of one struct level, as the request and response emitters name them.
fn field_idents<'a>(wire_and_rust: impl Iterator<Item = (&'a str, &'a str)>) -> Vec<Ident> {
    let mut names = Scope::fields();
    wire_and_rust
        .map(|(wire, rust)| {
            super::ident(&names.claim(&prefer(rust, ident::field_name(wire), false)))
        })
        .collect()
}

fn request_idents(params: &[Param]) -> Vec<Ident> {
    field_idents(
        params
            .iter()
            .map(|p| (p.wire_name.as_str(), p.rust_name.as_str())),
    )
}

fn response_idents(fields: &[Field]) -> Vec<Ident> {
    field_idents(
        fields
            .iter()
            .map(|f| (f.wire_name.as_str(), f.rust_name.as_str())),
    )
}

/// Whether `ty` holds a count the runtime's `PageValue` reads.
fn countable(ty: &Type) -> bool {
    matches!(ty, Type::Integer | Type::Long | Type::String)
}

/// The lists of the response a paginator could flatten: top-level lists, and lists directly
/// inside a top-level struct; each as (top-level index, member index, the list field). A list
/// wrapper counts as its list, which the response struct holds in its place.
fn lists(response: &[Field]) -> Vec<(usize, Option<usize>, &Field)> {
    let mut found = Vec::new();
    for (i, f) in response.iter().enumerate() {
        if let Some(list) = as_list(f) {
            found.push((i, None, list));
            continue;
        }
        if let Type::Struct { .. } = f.ty {
            for (j, member) in f.children.iter().enumerate() {
                if let Some(list) = as_list(member) {
                    found.push((i, Some(j), list));
                }
            }
        }
    }
    found
}

/// The list field `f` is as a response struct holds it: itself, or the list it wraps.
fn as_list(f: &Field) -> Option<&Field> {
    match f.ty {
        Type::List { .. } => Some(f),
        _ => response::wrapped_list(f),
    }
}

/// How `api` pages, if it does.
fn paging(api: &Api) -> Option<Paging> {
    if api.response_list || api.style == Style::Roa {
        return None;
    }
    // A flat (not JSON-encoded) top-level parameter, whose setter takes its own type.
    let param = |name: &str| {
        api.request
            .iter()
            .position(|p| p.wire_name == name && p.style == ParamStyle::Flat)
    };
    let field = |name: &str, ok: fn(&Type) -> bool| {
        api.response
            .iter()
            .position(|f| f.wire_name == name && ok(&f.ty))
    };
    if let (Some(request), Some(response)) = (
        param("NextToken").filter(|&i| api.request[i].ty == Type::String),
        field("NextToken", |t| *t == Type::String),
    ) {
        return Some(Paging::Tokens {
            request,
            reply: response,
        });
    }
    let number = param("PageNumber").filter(|&i| countable(&api.request[i].ty))?;
    let size = param("PageSize").filter(|&i| countable(&api.request[i].ty))?;
    let total = field("TotalCount", countable);
    // Without a total or a list to see an empty page, nothing would tell the last page.
    if total.is_none() && lists(&api.response).len() != 1 {
        return None;
    }
    Some(Paging::Numbers {
        number,
        size,
        total,
        response_size: field("PageSize", countable),
    })
}

/// The main list: its access path and element type; `Err(why)` when there is none to flatten.
struct MainList {
    /// `page.a` (top-level field).
    top: Ident,
    /// `.b` inside it, for a wrapped list.
    member: Option<Ident>,
    /// The element type.
    item: TokenStream,
}

fn main_list(cx: &mut Cx<'_>, api: &Api) -> Result<MainList, String> {
    let found = lists(&api.response);
    let [(i, j, list)] = found.as_slice() else {
        let names: Vec<String> = found
            .iter()
            .map(|(i, j, _)| {
                let top = &api.response[*i];
                match j {
                    Some(j) => format!("{}.{}", top.wire_name, top.children[*j].wire_name),
                    None => top.wire_name.clone(),
                }
            })
            .collect();
        return Err(if names.is_empty() {
            "the response documents no list".to_string()
        } else {
            format!("the response has several lists ({})", names.join(", "))
        });
    };
    let Type::List { item } = &list.ty else {
        return Err("the response documents no list".into());
    };
    let item = match item.as_ref() {
        Type::List { .. } => return Err("its list holds lists".into()),
        // Emitted (or named from the `types` module) with the response already.
        other => response::value_type(cx, other, list),
    };
    let top = response_idents(&api.response).swap_remove(*i);
    let member = j.map(|j| response_idents(&api.response[*i].children).swap_remove(j));
    Ok(MainList { top, member, item })
}

/// Emits `into_paginator()` and the paginator type for a paged action; nothing otherwise.
pub(crate) fn emit(
    cx: &mut Cx<'_>,
    api: &Api,
    names: &ActionNames,
    setters: &[Setter],
) -> TokenStream {
    let Some(paging) = paging(api) else {
        return TokenStream::new();
    };
    let rt = cx.rt;
    let ActionNames {
        response,
        error,
        fluent,
        ..
    } = names;
    let paginator = super::ident(&cx.types.claim(&format!(
        "{}Paginator",
        fluent.to_string().trim_end_matches("FluentBuilder")
    )));
    let list = main_list(cx, api);
    let builder_fields = request_idents(&api.request);
    let resp_fields = response_idents(&api.response);
    let to_count = quote!(#rt::paginator::PageValue::to_count);
    let count = match &list {
        Ok(MainList { top, member, .. }) => {
            let get = match member {
                Some(m) => quote!(page.#top.as_ref().and_then(|w| w.#m.as_ref())),
                None => quote!(page.#top.as_ref()),
            };
            quote!(.items(#get.map_or(0, ::std::vec::Vec::len)))
        }
        Err(_) => TokenStream::new(),
    };
    let action = code(&api.action).unwrap_or_default();
    let (stream, how) = match paging {
        Paging::Numbers {
            number,
            size,
            total,
            response_size,
        } => {
            let (number_field, size_field) = (&builder_fields[number], &builder_fields[size]);
            let setter = &setters[number].name;
            let ty = &setters[number].ty;
            let total = total.map(|t| {
                let t = &resp_fields[t];
                quote!(.total(page.#t.as_ref().and_then(#to_count)))
            });
            let response_size = response_size.map(|s| {
                let s = &resp_fields[s];
                quote!(.page_size(page.#s.as_ref().and_then(#to_count)))
            });
            let stream = quote! {
                let first = self.0.inner.#number_field.as_ref().and_then(#to_count);
                let size = self.0.inner.#size_field.as_ref().and_then(#to_count);
                let call = self.0;
                #rt::paginator::PageStream::page_numbers(
                    first,
                    size,
                    move |n| ::core::option::Option::Some(
                        call.clone().#setter(<#ty as #rt::paginator::PageValue>::from_count(n)?).send(),
                    ),
                    |page: &#response| #rt::paginator::PageInfo::new() #count #total #response_size,
                )
            };
            let how = "`PageNumber` counts up from the one set (1 by default); the stream ends after an empty page or the page `ceil(TotalCount / PageSize)`.";
            (stream, how)
        }
        Paging::Tokens { request, reply } => {
            let token_field = &builder_fields[request];
            let setter = &setters[request].name;
            let next = &resp_fields[reply];
            let stream = quote! {
                let first = self.0.inner.#token_field.clone();
                let call = self.0;
                #rt::paginator::PageStream::tokens(
                    first,
                    move |token| match token {
                        ::core::option::Option::Some(token) => call.clone().#setter(token).send(),
                        ::core::option::Option::None => call.clone().send(),
                    },
                    |page: &#response| #rt::paginator::PageInfo::new() #count .next_token(page.#next.as_deref()),
                )
            };
            let how = "Each request carries the previous response's `NextToken`; the stream ends after an empty page or a response without a new token.";
            (stream, how)
        }
    };
    let (items, items_doc) = match &list {
        Ok(MainList { top, member, item }) => {
            let take = match member {
                Some(m) => quote!(page.#top.and_then(|w| w.#m).unwrap_or_default()),
                None => quote!(page.#top.unwrap_or_default()),
            };
            let doc = Doc::new()
                .md("The items of every page's main list, in order, as a stream (an error ends it).")
                .attrs();
            let items = quote! {
                #doc
                pub fn items(self) -> #rt::paginator::ItemStream<#item, #response, #rt::SdkError<#error>> {
                    #rt::paginator::ItemStream::new(self.send(), |page: #response| #take)
                }
            };
            (
                items,
                "`items()` streams the items of each page's main list.".to_string(),
            )
        }
        Err(why) => (
            TokenStream::new(),
            format!("No `items()`: {why}, so the paginator cannot tell which to flatten."),
        ),
    };
    let doc = Doc::new()
        .md(format!(
            "Pages of {action}: `send()` streams the responses, one page each. {how}"
        ))
        .md(items_doc)
        .attrs();
    let into_doc = Doc::new()
        .md(format!(
            "Pages through {action} from the parameters set so far (see [`{paginator}`])."
        ))
        .attrs();
    quote! {
        impl #fluent {
            #into_doc
            pub fn into_paginator(self) -> #paginator {
                #paginator(self)
            }
        }

        #doc
        #[derive(Debug, Clone)]
        pub struct #paginator(#fluent);

        impl #paginator {
            /// The pages, as a stream of results (an error ends it).
            pub fn send(self) -> #rt::paginator::PageStream<#response, #rt::SdkError<#error>> {
                #stream
            }

            #items
        }
    }
}
