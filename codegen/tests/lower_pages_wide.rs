//! Whole pages of the kinds the wider English corpus (`corpus-wide`) shows, written for these
//! tests in `tests/pages/fabrikam/` (also seeds of the mutation fuzzer).

mod common;

use smc_codegen::ir::{Api, Position, Style, Type};

/// The IR of the page `name` of `tests/pages/fabrikam`, and its diagnostics' kinds; its code
/// renders.
fn load(name: &str) -> (Api, Vec<&'static str>) {
    common::load_page("fabrikam", name)
}

/// Tables whose name column is headed `Attribute` (and whose example column, in the response,
/// `Sample response`) are parameter tables like any other.
#[test]
fn attribute_tables_are_parameter_tables() {
    let (api, kinds) = load("UpgradeGadget.md");
    assert_eq!(kinds, Vec::<&str>::new());
    assert_eq!(api.style, Style::Roa);
    let request: Vec<(&str, Position, bool)> = api
        .request
        .iter()
        .map(|p| (p.wire_name.as_str(), p.position, p.required))
        .collect();
    assert_eq!(
        request,
        [
            ("GadgetId", Position::Path, true),
            ("dryRun", Position::Query, false),
            ("firmware", Position::Body, false)
        ]
    );
    assert_eq!(api.request[1].ty, Type::Boolean);
    let response: Vec<&str> = api.response.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(response, ["RequestId", "Result"]);
    assert_eq!(
        api.response[0].example.as_deref(),
        Some("0C1D2E3F-0000-4000-8000-00000000000A")
    );
    let result = &api.response[1];
    assert!(matches!(&result.ty, Type::List { item } if matches!(**item, Type::Struct { .. })));
    let members: Vec<(&str, &Type)> = result
        .children
        .iter()
        .map(|f| (f.wire_name.as_str(), &f.ty))
        .collect();
    assert_eq!(
        members,
        [("name", &Type::String), ("passed", &Type::Boolean)]
    );
    assert_eq!(result.children[0].example.as_deref(), Some("battery"));
}

/// A number's type is learnt from every value the sample has for it, not the first alone: a
/// list whose first element says `100` and a later one `39.5` holds fractional numbers (a
/// documented `Integer` becomes `Double`, with a warning), one beyond `i32` needs a `Long`.
#[test]
fn numbers_are_typed_by_every_sample_value() {
    let (api, kinds) = load("DescribeGadgetTasks.md");
    assert_eq!(kinds, ["type-mismatch", "json-key-undocumented"]);
    let task = &api.response[1].children;
    let types: Vec<(&str, &Type)> = task.iter().map(|f| (f.wire_name.as_str(), &f.ty)).collect();
    assert_eq!(
        types[..2],
        [("Name", &Type::String), ("Progress", &Type::Double)]
    );
    let step: Vec<(&str, &Type)> = task[2]
        .children
        .iter()
        .map(|f| (f.wire_name.as_str(), &f.ty))
        .collect();
    assert_eq!(step, [("Bytes", &Type::Long), ("Share", &Type::Double)]);
}
