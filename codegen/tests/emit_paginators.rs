//! Which actions get a paginator, and of which style: the token-paged IR fixture of the user
//! crate (`ListGadgets`, an invented action) and variants of it, and the seed page
//! DescribeReplicationJobs (page numbers, a wrapped list, which the response holds flattened).

use smc_codegen::emit::{emit, EmitOptions};
use smc_codegen::ir::{Api, Type};
use smc_codegen::render::render;
use smc_codegen::Generator;
use std::path::Path;

/// The emitted code of `api`, without whitespace (compare with [`squash`]ed text).
fn code(api: &Api) -> String {
    let text = render(emit(api, &EmitOptions::default())).expect("code that parses");
    squash(&text)
}

/// `text` without whitespace.
fn squash(text: &str) -> String {
    text.split_whitespace().collect()
}

fn gadgets() -> Api {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/user-crate/ir/ListGadgets.json");
    let text = std::fs::read_to_string(path).expect("the fixture");
    serde_json::from_str(&text).expect("an IR")
}

#[test]
fn next_token_in_request_and_response_pages_by_token() {
    let code = code(&gadgets());
    for want in [
        "pub fn into_paginator(self) -> ListGadgetsPaginator {",
        "pub struct ListGadgetsPaginator(ListGadgetsFluentBuilder);",
        "::smc_runtime::paginator::PageStream::tokens(",
        "let first = self.0.inner.next_token.clone();",
        "call.clone().next_token(token).send()",
        ".items(page.gadgets.as_ref().map_or(0, ::std::vec::Vec::len))",
        ".next_token(page.next_token.as_deref())",
        "pub fn items( self, ) -> ::smc_runtime::paginator::ItemStream< Gadget, ListGadgetsResponse,",
        "page.gadgets.unwrap_or_default()",
    ] {
        assert!(code.contains(&squash(want)), "missing {want:?} in {code}");
    }
    assert!(!code.contains("page_numbers("));
}

#[test]
fn several_lists_give_pages_only_and_say_why() {
    let mut api = gadgets();
    let mut second = api.response[2].clone();
    second.wire_name = "Spares".into();
    second.rust_name = "spares".into();
    api.response.push(second);
    let code = code(&api);
    assert!(code.contains("PageStream::tokens("), "{code}");
    assert!(!code.contains("pubfnitems("), "{code}");
    assert!(
        code.contains(&squash(
            "No `items()`: the response has several lists (Gadgets, Spares)"
        )),
        "{code}"
    );
}

#[test]
fn no_paginator_without_a_way_to_the_next_page() {
    // The response does not hand a token back.
    let mut api = gadgets();
    api.response.retain(|f| f.wire_name != "NextToken");
    assert!(!code(&api).contains("into_paginator"));
    // A token of another type is not a token.
    let mut api = gadgets();
    api.response[1].ty = Type::Json;
    assert!(!code(&api).contains("into_paginator"));
    // Page numbers without a total or a list: nothing would tell the last page.
    let mut api = gadgets();
    api.response.retain(|f| f.wire_name == "RequestId");
    for p in &mut api.request {
        if p.wire_name == "NextToken" {
            p.wire_name = "PageNumber".into();
            p.ty = Type::Integer;
        } else if p.wire_name == "MaxResults" {
            p.wire_name = "PageSize".into();
        }
    }
    assert!(!code(&api).contains("into_paginator"));
}

#[test]
fn describe_replication_jobs_pages_by_number_through_its_wrapped_list() {
    let specs =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/smc/DescribeReplicationJobs.md");
    let pages = Generator::new().load(&[specs]).expect("the seed page");
    let api = pages[0].api().expect("an IR");
    let code = code(api);
    for want in [
        "::smc_runtime::paginator::PageStream::page_numbers(",
        "let first = self .0 .inner .page_number",
        "<i32 as ::smc_runtime::paginator::PageValue>::from_count(n)?",
        ".items( page .replication_jobs .as_ref() .map_or(0, ::std::vec::Vec::len)",
        ".total( page .total_count",
        ".page_size( page .page_size",
        "::smc_runtime::paginator::ItemStream< ReplicationJob, DescribeReplicationJobsResponse,",
        "page .replication_jobs .unwrap_or_default()",
    ] {
        assert!(code.contains(&squash(want)), "missing {want:?} in {code}");
    }
}
