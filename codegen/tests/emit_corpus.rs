//! Every page of the shared English corpora (`corpus` and `corpus-wide`, when present) lowers
//! cleanly and emits code that parses and renders, documents every item, and whose doc comments are rustdoc-safe: no
//! code blocks (doctests), no HTML, no unresolved links, no bare URLs.

mod common;

use pulldown_cmark::{BrokenLink, CowStr, Event, Options as MdOptions, Parser, Tag};
use smc_codegen::Generator;
use std::path::PathBuf;

/// The English corpora present (see [`common::shared`]).
fn corpora() -> Vec<PathBuf> {
    ["corpus", "corpus-wide"]
        .into_iter()
        .filter_map(common::shared)
        .collect()
}

/// The doc text of every documented node, joined per node as rustdoc sees it.
fn docs(file: &syn::File) -> Vec<String> {
    struct Collect(Vec<String>);
    impl Collect {
        fn attrs(&mut self, attrs: &[syn::Attribute]) {
            let lines: Vec<String> = attrs
                .iter()
                .filter(|a| a.path().is_ident("doc"))
                .filter_map(|a| match &a.meta {
                    syn::Meta::NameValue(nv) => match &nv.value {
                        syn::Expr::Lit(syn::ExprLit {
                            lit: syn::Lit::Str(s),
                            ..
                        }) => Some(s.value()),
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            if !lines.is_empty() {
                self.0.push(lines.join("\n"));
            }
        }
        fn items(&mut self, items: &[syn::Item]) {
            for item in items {
                match item {
                    syn::Item::Mod(m) => {
                        self.attrs(&m.attrs);
                        if let Some((_, inner)) = &m.content {
                            self.items(inner);
                        }
                    }
                    syn::Item::Struct(s) => {
                        self.attrs(&s.attrs);
                        s.fields.iter().for_each(|f| self.attrs(&f.attrs));
                    }
                    syn::Item::Enum(e) => {
                        self.attrs(&e.attrs);
                        e.variants.iter().for_each(|v| self.attrs(&v.attrs));
                    }
                    syn::Item::Impl(i) => {
                        for it in &i.items {
                            if let syn::ImplItem::Fn(f) = it {
                                self.attrs(&f.attrs);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    let mut c = Collect(Vec::new());
    c.items(&file.items);
    c.0
}

/// Problems rustdoc would warn about (or run as doctests) in one doc comment.
fn doc_problems(doc: &str) -> Vec<String> {
    let mut problems = Vec::new();
    // Links the emitter writes on purpose are intra-doc links to generated items, e.g.
    // [`FooRequestBuilder`] or [`FooError::Unhandled`]; anything else would not resolve.
    let mut broken = |link: BrokenLink<'_>| -> Option<(CowStr<'_>, CowStr<'_>)> {
        let r = link.reference.to_string();
        let inner = r.strip_prefix('`').and_then(|r| r.strip_suffix('`'));
        let intra = inner.is_some_and(|i| {
            !i.is_empty()
                && i.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
        });
        if !intra {
            problems.push(format!("unresolved link {r:?}"));
        }
        None
    };
    let parser = Parser::new_with_broken_link_callback(doc, MdOptions::empty(), Some(&mut broken));
    let mut in_link = 0usize;
    let mut found = Vec::new();
    for event in parser {
        match event {
            Event::Start(Tag::CodeBlock(_)) => found.push("code block".to_string()),
            Event::Html(h) | Event::InlineHtml(h) => found.push(format!("html {h:?}")),
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(pulldown_cmark::TagEnd::Link) => in_link = in_link.saturating_sub(1),
            Event::Text(t) if in_link == 0 && has_bare_url(&t) => {
                found.push(format!("bare url in {t:?}"))
            }
            _ => {}
        }
    }
    problems.extend(found);
    problems
}

/// Like rustdoc's `bare_urls` lint: a scheme followed by a dotted host name.
fn has_bare_url(text: &str) -> bool {
    ["http://", "https://"].iter().any(|scheme| {
        text.match_indices(scheme).any(|(i, _)| {
            let host: String = text[i + scheme.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || "-.@:%_+~#=".contains(*c))
                .collect();
            host.rsplit_once('.').is_some_and(|(name, tld)| {
                !name.is_empty() && tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic())
            })
        })
    })
}

#[test]
fn corpus_pages_emit_rustdoc_safe_code() {
    let roots = corpora();
    if roots.is_empty() {
        return;
    }
    let generator = Generator::new();
    let pages = generator.load(&roots).unwrap();
    let mut emitted = 0usize;
    let mut failures = Vec::new();
    for page in &pages {
        let Some(api) = page.api() else {
            continue;
        };
        let rename = page.rename.as_deref();
        let tokens = generator.tokens(api, rename);
        let page = &page.path;
        let file: syn::File = match syn::parse2(tokens.clone()) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("{}: does not parse: {e}", page.display()));
                continue;
            }
        };
        if let Err(e) = generator.code(api, rename) {
            failures.push(format!("{}: does not render: {e}", page.display()));
        }
        for doc in docs(&file) {
            for problem in doc_problems(&doc) {
                failures.push(format!("{}: {problem}\n{doc}", page.display()));
            }
        }
        emitted += 1;
    }
    assert!(
        failures.is_empty(),
        "{} problem(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(emitted, pages.len(), "every corpus page lowers and emits");
}

#[test]
fn doc_checker_catches_what_rustdoc_warns_about() {
    assert!(!doc_problems("    indented").is_empty());
    assert!(!doc_problems("see [Foo]").is_empty());
    assert!(!doc_problems("a <b> tag").is_empty());
    assert!(!doc_problems("visit https://x.example").is_empty());
    assert!(doc_problems("cannot start with http:// or https://.").is_empty());
    assert!(doc_problems("visit <https://x.example> and \\[Foo\\] and \\<b\\>").is_empty());
}
