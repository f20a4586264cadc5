//! Whole pages in the dialects of products other than SMC and ECS (`tests/pages/`, written
//! for these tests): a ROA action with a JSON body, and an RPC action with a title in words,
//! attribute blocks, `String[]`, a `Map` and a wrapped list documented by its item row. They
//! are also seeds of the mutation fuzzer.

mod common;

use common::field;
use smc_codegen::ir::{Api, Position, Style, Type};
use smc_codegen::Generator;

/// The IR of the page `name` of `tests/pages/acme` and its diagnostics' kinds.
fn load(name: &str) -> (Api, Vec<&'static str>) {
    common::load_page("acme", name)
}

#[test]
fn a_roa_page_with_a_json_body() {
    let (api, kinds) = load("CreateWidget.md");
    assert_eq!(kinds, Vec::<&str>::new());
    assert_eq!(api.style, Style::Roa);
    let route = api.route.as_ref().unwrap();
    assert_eq!(
        (route.method.as_str(), route.path.as_str()),
        ("POST", "/widgets")
    );
    assert_eq!(api.endpoint.as_deref(), Some("acme.aliyuncs.com"));
    let top: Vec<&str> = api.request.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(top, ["name", "labels", "parts", "region_id"]);
    let parts = api.request.iter().find(|p| p.wire_name == "parts").unwrap();
    let members: Vec<&str> = parts
        .children
        .iter()
        .map(|p| p.wire_name.as_str())
        .collect();
    assert_eq!(members, ["name", "count"]);
    assert_eq!(api.errors[0].code, "InvalidName");
    // The body parameters are named to the runtime, which sends them as a form body.
    let code = Generator::new().code(&api, None).unwrap();
    let body: Vec<&str> = api
        .request
        .iter()
        .filter(|p| p.position == Position::Body)
        .map(|p| p.wire_name.as_str())
        .collect();
    assert!(!body.is_empty());
    let expected = format!(
        "const BODY: &'static [&'static str] = &[{}];",
        body.iter()
            .map(|n| format!("{n:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert!(code.contains(&expected), "{expected}\n{code}");
    assert!(code.contains("const PRODUCT: &'static str = \"acme\";"));
}

#[test]
fn an_rpc_page_in_another_products_dialect() {
    let (api, kinds) = load("DescribeWidgets.md");
    assert_eq!(kinds, ["title-not-action"]);
    assert_eq!(api.action, "DescribeWidgets");
    assert_eq!((api.style, api.route.as_ref()), (Style::Rpc, None));
    let ids = api
        .request
        .iter()
        .find(|p| p.wire_name == "WidgetId")
        .unwrap();
    assert_eq!(
        ids.ty,
        Type::List {
            item: Box::new(Type::String)
        }
    );
    let widget = field(&field(&api.response, "Widgets").children, "Widget");
    assert_eq!(field(&widget.children, "Attributes").ty, Type::Json);
    let part = field(&field(&widget.children, "PartIds").children, "PartId");
    assert_eq!(
        part.ty,
        Type::List {
            item: Box::new(Type::String)
        }
    );
    assert_eq!(api.errors[0].code, "Forbidden.NoPermission");
}
