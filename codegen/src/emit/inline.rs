//! Marks every generated method `#[inline]`, so that rustc generates machine code for a method
//! only in the crates that call it, not for all of a product's actions in the generated crate.
//!
//! A generated crate holds hundreds of actions and a program calls a few: at `opt-level = 0`
//! rustc codegens `#[inline]` functions lazily, where they are used, while it codegens every
//! other public function in its own crate. Measured on the crate of every corpus page, this
//! removes the generated crate's code generation (about a fifth of its build) and leaves
//! type checking. Derived impls keep their own attributes.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::{ImplItem, Item};

/// `tokens` with `#[inline]` on every method of every `impl` block, at any module depth;
/// tokens that do not parse as items are returned as they are (rendering reports them).
pub(crate) fn mark(tokens: TokenStream) -> TokenStream {
    match syn::parse2::<syn::File>(tokens.clone()) {
        Ok(mut file) => {
            file.items.iter_mut().for_each(mark_item);
            file.into_token_stream()
        }
        Err(_) => tokens,
    }
}

/// Marks the methods of `item`, an `impl` block, or of the items of a module.
fn mark_item(item: &mut Item) {
    match item {
        Item::Impl(block) => {
            for member in &mut block.items {
                if let ImplItem::Fn(f) = member {
                    if !f.attrs.iter().any(|a| a.path().is_ident("inline")) {
                        f.attrs.push(syn::parse_quote!(#[inline]));
                    }
                }
            }
        }
        Item::Mod(module) => {
            if let Some((_, items)) = &mut module.content {
                items.iter_mut().for_each(mark_item);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::mark;
    use quote::quote;

    #[test]
    fn methods_at_any_depth_are_marked_once() {
        let marked = mark(quote! {
            pub mod a {
                pub struct S;
                impl S {
                    pub fn f(&self) {}
                    #[inline]
                    pub fn g(&self) {}
                }
                pub mod b { impl super::S { pub async fn h(self) {} } }
            }
            impl a::S { fn i() {} }
            pub fn free() {}
        })
        .to_string();
        assert_eq!(marked.matches("# [inline]").count(), 4, "{marked}");
        assert!(marked.contains("pub fn free () { }"), "{marked}");
        // Not items: returned unchanged.
        assert_eq!(mark(quote!(1 +)).to_string(), quote!(1 +).to_string());
    }
}
