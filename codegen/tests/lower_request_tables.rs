//! Request tables as other products' pages write them (`tests/pages/contoso/`, written for
//! these tests): a named data type and a list's item fields in tables of their own, the
//! fields of a JSON-string parameter, a `RequestBody` section, a struct row whose example
//! shows its members, other header words, a header without a delimiter row, an item-name row
//! (`Filter|N/A|N/A`), and unescaped `|` in cells. They are also seeds of the mutation fuzzer.

mod common;

use smc_codegen::ir::{Api, Param, ParamStyle, Position, Type};

/// The IR of the page `name` of `tests/pages/contoso` and its diagnostics' kinds and lines.
fn load(name: &str) -> (Api, Vec<(&'static str, usize)>) {
    let page = common::load_spec("contoso", name);
    let diags = page
        .diagnostics()
        .iter()
        .map(|d| (d.kind, d.line))
        .collect();
    (page.lowered.api.expect("no errors"), diags)
}

fn param<'a>(params: &'a [Param], wire: &str) -> &'a Param {
    params
        .iter()
        .find(|p| p.wire_name == wire)
        .unwrap_or_else(|| panic!("no {wire} in {params:#?}"))
}

fn wires(params: &[Param]) -> Vec<&str> {
    params.iter().map(|p| p.wire_name.as_str()).collect()
}

fn doc_names(params: &[Param]) -> Vec<&str> {
    params.iter().map(|p| p.doc_name.as_str()).collect()
}

fn list_of_struct(p: &Param) -> bool {
    matches!(&p.ty, Type::List { item } if matches!(**item, Type::Struct { .. }))
}

#[test]
fn tables_of_a_named_type_and_of_a_lists_items_hold_members() {
    let (api, diags) = load("ModifyGadgetPlans.md");
    assert_eq!(diags, [("extra-cells", 20)]);
    assert_eq!(
        wires(&api.request),
        ["GadgetId", "Plan", "Tag", "Backends", "Rules", "Secret"]
    );
    // `Plan.N|Plan`, then "the parameters of the Plan data type".
    let plan = param(&api.request, "Plan");
    assert!(list_of_struct(plan));
    assert_eq!(
        doc_names(&plan.children),
        ["Plan.N.PlanName", "Plan.N.Seats"]
    );
    assert!(param(&plan.children, "Seats").required);
    // `Rules|Array of Rule`, then a table whose first row names the item: `Rule|N/A|N/A`.
    let rules = param(&api.request, "Rules");
    assert!(list_of_struct(rules));
    assert_eq!(
        doc_names(&rules.children),
        ["Rules.N.Match", "Rules.N.Action"]
    );
    // The fields of a parameter sent as a JSON string describe that string.
    let backends = param(&api.request, "Backends");
    assert_eq!((&backends.ty, backends.children.len()), (&Type::String, 0));
    assert!(!api.request.iter().any(|p| p.wire_name == "host"));
}

#[test]
fn an_unescaped_pipe_stays_in_the_description() {
    let (api, _) = load("ModifyGadgetPlans.md");
    let secret = param(&api.request, "Secret");
    assert!(
        secret.description.ends_with("( ) ! @ # | { } [ ] : ;"),
        "{}",
        secret.description
    );
}

#[test]
fn request_body_tables_and_struct_examples() {
    let (api, diags) = load("CreateGadget.md");
    assert_eq!(diags, []);
    assert_eq!(
        wires(&api.request),
        [
            "FleetId",
            "clientToken",
            "name",
            "settings",
            "owner",
            "labels"
        ]
    );
    let positions: Vec<Position> = api.request.iter().map(|p| p.position).collect();
    assert_eq!(
        positions,
        [
            Position::Path,
            Position::Query,
            Position::Body,
            Position::Body,
            Position::Body,
            Position::Body
        ]
    );
    // `settings|Struct|{"mode": ..., "level": ...}`: the rows named for its keys are members.
    let settings = param(&api.request, "settings");
    assert_eq!(settings.style, ParamStyle::Dotted);
    assert_eq!(wires(&settings.children), ["mode", "level"]);
    // The `RequestBody` section, headed `Property|Type|Mandatory|Sample value|Notes`.
    let labels = param(&api.request, "labels");
    assert!(list_of_struct(labels));
    assert_eq!(wires(&labels.children), ["key", "value"]);
    assert!(param(&labels.children, "key").required);
    assert_eq!(
        param(&labels.children, "key").example.as_deref(),
        Some("env")
    );
}

#[test]
fn a_table_without_delimiter_row_and_an_item_name_row() {
    let (api, diags) = load("RestartGadget.md");
    assert_eq!(
        diags,
        [
            ("missing-delimiter-row", 11),
            ("invalid-param-name", 12),
            ("extra-cells", 15),
            ("missing-delimiter-row", 24)
        ]
    );
    assert_eq!(wires(&api.request), ["GadgetId", "Mode", "Filters"]);
    // A `|` that ends a line of the cell does not end the row (or the table).
    let mode = param(&api.request, "Mode");
    assert_eq!(
        mode.description,
        "How to restart. Valid values: soft | hard. Default value: soft."
    );
    // `Filters|Array`, then `Filter|N/A|N/A`: the rows after it are the item's fields.
    let filters = param(&api.request, "Filters");
    assert!(list_of_struct(filters));
    assert_eq!(
        doc_names(&filters.children),
        ["Filters.N.Key", "Filters.N.Value"]
    );
    let response: Vec<&str> = api.response.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(response, ["RequestId"]);
}

/// The IR of an inline RPC page whose request section is `request`.
fn inline(request: &str) -> Api {
    let text = format!(
        "# DoThing\n\nDoes a thing.\n\n## Debugging\n\n\
         [Debug](https://api.aliyun.com/#product=Contoso&api=DoThing&type=RPC&version=2023-05-01)\n\n\
         ## Request parameters\n\n{request}\n\n## Response parameters\n\n\
         |Parameter|Type|Example|Description|\n|---|---|---|---|\n|RequestId|String|R-1|The ID.|\n"
    );
    let out = smc_codegen::lower::lower("t.md", text.as_bytes(), &Default::default());
    out.api
        .unwrap_or_else(|| panic!("errors: {:#?}", out.diagnostics))
}

const HEAD: &str = "|Parameter|Type|Required|Description|\n|---|---|---|---|\n";

#[test]
fn a_table_nobody_introduces_after_a_list_holds_its_items_fields() {
    let api = inline(&format!(
        "{HEAD}|Mode|String|No|The mode.|\n|Items|Array of Item|No|The items.|\n\n\
         {HEAD}|Size|Integer|Yes|The size of the item.|\n"
    ));
    assert_eq!(wires(&api.request), ["Mode", "Items"]);
    let items = param(&api.request, "Items");
    assert_eq!(doc_names(&items.children), ["Items.N.Size"]);
    // After a scalar row, such a table holds more parameters.
    let api = inline(&format!(
        "{HEAD}|Items|Array of Item|No|The items.|\n|Mode|String|No|The mode.|\n\n\
         {HEAD}|Size|Integer|Yes|The size.|\n"
    ));
    assert_eq!(wires(&api.request), ["Items", "Mode", "Size"]);
}

#[test]
fn tables_describing_a_json_value_and_its_members_are_left_out() {
    let api = inline(&format!(
        "{HEAD}|Policy|Json|No|The policy.|\n\n\
         The following table describes the fields of Policy.\n\n\
         {HEAD}|phases|Struct|No|The phases.|\n\n\
         The fields of phases:\n\n{HEAD}|minAge|String|No|The age.|\n"
    ));
    assert_eq!(wires(&api.request), ["Policy"]);
    assert_eq!(api.request[0].ty, Type::Json);
}

#[test]
fn later_tables_without_a_type_column_are_not_parameters() {
    let api = inline(&format!(
        "{HEAD}|Feature|String|No|The feature.|\n\n\
         |Feature|Parameter|\n|---|---|\n|cache|ttl: the time to live.|\n"
    ));
    assert_eq!(wires(&api.request), ["Feature"]);
}
