//! Pages of an invented product (`tests/pages/contoso/`) in the shapes other products' pages
//! take: samples in list items behind attribute blocks, a JSON sample inside its action's XML
//! root, a spaced XML declaration, samples whose values contradict the table, members in
//! tables of their own and dotted row names, a list the JSON sample draws without the wrapper
//! the table and the XML sample show, a page of another product in the folder. Each test
//! asserts that the IR says what the page says. The pages are also seeds of the mutation
//! fuzzer.

mod common;

use common::{field, wires};
use smc_codegen::ir::{Api, Field, Type};
use smc_codegen::Generator;
use std::path::{Path, PathBuf};

/// The IR of the page `name` (loaded with its sibling pages, as the CLI does) and the kinds
/// of its diagnostics.
fn load(name: &str) -> (Api, Vec<&'static str>) {
    common::load_page("contoso", name)
}

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pages/contoso")
}

#[test]
fn samples_in_list_items_behind_attribute_blocks_are_read() {
    let (api, kinds) = load("ListGadgets.md");
    // The JSON sample, in the second list item, is the one the tree is learnt from.
    let json = api.samples.json.as_deref().expect("JSON sample picked");
    assert!(json.contains("\"Colour\""), "{json}");
    assert!(api
        .samples
        .xml
        .as_deref()
        .is_some_and(|x| x.contains("<RequestId>")));
    assert!(!kinds.contains(&"missing-json-sample"), "{kinds:?}");
    let gadget = field(&field(&api.response, "Gadgets").children, "Gadget");
    assert!(matches!(&gadget.ty, Type::List { .. }), "{:?}", gadget.ty);
    assert_eq!(
        wires(&gadget.children),
        ["GadgetId", "OwnerId", "Weight", "Colour"]
    );
}

#[test]
fn a_json_sample_inside_its_actions_root_is_unwrapped() {
    let (api, kinds) = load("GetGadget.md");
    assert_eq!(wires(&api.response), ["RequestId", "Name", "Size"]);
    assert_eq!(field(&api.response, "Size").ty, Type::Integer);
    assert!(!kinds.contains(&"json-key-undocumented"), "{kinds:?}");
    assert!(!kinds.contains(&"field-not-in-sample"), "{kinds:?}");
}

#[test]
fn a_spaced_xml_declaration_does_not_lose_the_sample() {
    let (api, kinds) = load("DescribeGadgetQuota.md");
    assert!(!kinds.contains(&"invalid-xml-sample"), "{kinds:?}");
    assert_eq!(wires(&api.response), ["RequestId", "Remaining"]);
    assert_eq!(field(&api.response, "Remaining").ty, Type::Integer);
}

#[test]
fn the_tables_types_win_over_samples_drawn_otherwise() {
    let (api, kinds) = load("DescribeGadgetReport.md");
    let report = &field(&api.response, "Report").children;
    assert_eq!(
        wires(report),
        ["Aliases", "Labels", "Mode", "Revision", "Settings", "Slots", "ZoneIds"]
    );
    // A documented scalar stays one where the sample has an array or an object.
    assert_eq!(field(report, "Aliases").ty, Type::String);
    assert_eq!(field(report, "Settings").ty, Type::String);
    assert!(field(report, "Settings").children.is_empty());
    // A `Map` keeps its keys as data: `Mode` after it is a field beside it.
    assert_eq!(field(report, "Labels").ty, Type::Json);
    assert_eq!(field(report, "Mode").ty, Type::String);
    // The row's example `42` outweighs the sample's text `REV_A`.
    assert_eq!(field(report, "Revision").ty, Type::Long);
    // `Array of Slot` drawn as one object is a list of that object.
    let slots = field(report, "Slots");
    match &slots.ty {
        Type::List { item } => {
            assert!(matches!(&**item, Type::Struct { doc_name: Some(d), .. } if d == "Slot"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(wires(&slots.children), ["Name", "Size"]);
    // The item row of a wrapped list still describes its items.
    let zone = field(&field(report, "ZoneIds").children, "ZoneId");
    assert_eq!(
        zone.ty,
        Type::List {
            item: Box::new(Type::String)
        }
    );
    assert_eq!(kinds, ["type-mismatch"; 3]);
}

#[test]
fn rows_of_a_named_table_are_the_members_of_the_row_naming_it() {
    let (api, kinds) = load("DescribeGadgetSlots.md");
    assert_eq!(wires(&api.response), ["RequestId", "Slots", "Owner"]);
    // `Array of [SlotType](#SlotType)`: the `SlotType` table's rows, in the sample's wrapper.
    let slot = field(&field(&api.response, "Slots").children, "Slot");
    assert!(matches!(&slot.ty, Type::List { .. }), "{:?}", slot.ty);
    assert_eq!(wires(&slot.children), ["SlotId", "State", "Limit", "Parts"]);
    // `Limit`, absent from the sample, is read from its row all the same.
    assert_eq!(field(&slot.children, "Limit").ty, Type::Integer);
    assert_eq!(field(&slot.children, "Limit").line, 31);
    // `Array of [Parts](#PartType)`: the link names the table.
    let part = field(&field(&slot.children, "Parts").children, "Part");
    assert_eq!(wires(&part.children), ["PartId", "Spec.Size"]);
    assert_eq!(kinds, ["field-not-in-sample"]);
}

#[test]
fn a_dotted_row_name_is_a_member_of_a_struct_unless_the_sample_keeps_it_flat() {
    let (api, _) = load("DescribeGadgetSlots.md");
    let owner = field(&api.response, "Owner");
    assert!(matches!(&owner.ty, Type::Struct { .. }), "{:?}", owner.ty);
    assert_eq!(wires(&owner.children), ["Name", "Id"]);
    assert_eq!(field(&owner.children, "Id").ty, Type::Long);
    let slot = field(&field(&api.response, "Slots").children, "Slot");
    let state = field(&slot.children, "State");
    assert_eq!(wires(&state.children), ["Code"]);
    assert_eq!(field(&state.children, "Code").line, 30);
    // The sample has the key `Spec.Size` itself: the wire keeps it flat.
    let part = field(&field(&slot.children, "Parts").children, "Part");
    assert_eq!(field(&part.children, "Spec.Size").ty, Type::Integer);
}

#[test]
fn a_list_the_json_sample_draws_bare_keeps_the_wrapper_table_and_xml_show() {
    let (api, kinds) = load("ListGadgetLinks.md");
    let links = field(&api.response, "Links");
    assert!(matches!(&links.ty, Type::Struct { .. }), "{:?}", links.ty);
    let link = field(&links.children, "Link");
    assert!(matches!(&link.ty, Type::List { .. }), "{:?}", link.ty);
    assert_eq!(wires(&link.children), ["LinkId", "Target"]);
    assert!(kinds.is_empty(), "{kinds:?}");
    // Without the XML sample, the JSON sample and the table are one witness each: the list
    // stays as the JSON sample draws it.
    let text = std::fs::read_to_string(folder().join("ListGadgetLinks.md")).unwrap();
    let start = text.find("`XML` format").unwrap();
    let end = text.find("`JSON` format").unwrap();
    let text = format!("{}{}", &text[..start], &text[end..]);
    let spec = Generator::new().lower(folder().join("ListGadgetLinks.md"), text.as_bytes());
    let api = spec.lowered.api.expect("no errors");
    let links = field(&api.response, "Links");
    assert!(matches!(&links.ty, Type::List { .. }), "{:?}", links.ty);
    assert_eq!(wires(&links.children), ["LinkId", "Target"]);
}

#[test]
fn a_page_without_a_version_takes_its_own_products_not_the_folders() {
    // Most pages of the folder are Contoso's (2023-03-03); two are Fabrikam's, one of which
    // states 2021-07-07 in its debugging link.
    let (stated, _) = load("AttachFabrikamPort.md");
    assert_eq!(
        (stated.product.as_str(), stated.version.as_str()),
        ("fabrikam", "2021-07-07")
    );
    // No debugging link, no `Version=`: its sample request calls Fabrikam's endpoint.
    let (fabrikam, kinds) = load("DetachFabrikamPort.md");
    assert_eq!(fabrikam.version, "2021-07-07");
    assert_eq!(
        fabrikam.endpoint.as_deref(),
        Some("fabrikam.cn-shanghai.aliyuncs.com")
    );
    assert!(kinds.is_empty(), "{kinds:?}");
    // A debugging link without a version: the product's other pages give it.
    let (contoso, _) = load("RenameGadget.md");
    assert_eq!(
        (contoso.product.as_str(), contoso.version.as_str()),
        ("contoso", "2023-03-03")
    );
}

#[test]
fn named_tables_naming_each_other_over_and_over_stay_bounded() {
    // Twelve tables of twelve rows, each row typed as the next table: placed in full, the
    // tree would have 12^13 nodes.
    let mut page = String::from(
        "# GetGadgetTree\n\nQueries a tree.\n\n## Request parameters\n\n\
         |Parameter|Type|Required|Example|Description|\n|-|-|-|-|-|\n\
         |Action|String|Yes|GetGadgetTree|The operation.|\n\n## Response parameters\n\n\
         |Name|Type|Description|\n|-|-|-|\n|Root|Array of T0|The root.|\n",
    );
    for t in 0..12 {
        page.push_str(&format!("\n**T{t}**\n\n|Name|Type|Description|\n|-|-|-|\n"));
        for r in 0..12 {
            page.push_str(&format!("|G{r}|Array of T{}|A branch.|\n", t + 1));
        }
    }
    page.push_str("\n## Examples\n\n```\nhttps://contoso.aliyuncs.com/?Action=GetGadgetTree&Version=2023-03-03\n```\n");
    let spec = Generator::new().lower(folder().join("GetGadgetTree.md"), page.as_bytes());
    let api = spec.lowered.api.expect("no errors");
    fn count(fields: &[Field]) -> usize {
        fields.iter().map(|f| 1 + count(&f.children)).sum()
    }
    let n = count(&api.response);
    assert!((12..=64 * 12 + 1).contains(&n), "{n} fields");
}

#[test]
fn a_container_spelt_otherwise_by_the_sample_takes_the_samples_spelling() {
    let (api, kinds) = load("DescribeGadgetUsage.md");
    // `Alertset` is `AlertSet` in the sample: one container, the table's members in it.
    let alerts = field(&api.response, "AlertSet");
    let alert = field(&alerts.children, "Alert");
    assert_eq!(wires(&alert.children), ["AlertId", "Level"]);
    assert_eq!(field(&alert.children, "Level").line, 30);
    assert!(api.response.iter().all(|f| f.wire_name != "Alertset"));
    assert!(kinds.contains(&"sample-spelling"), "{kinds:?}");
    // A scalar keeps both spellings: whichever the wire uses is read.
    assert_eq!(field(&api.response, "Pagesize").ty, Type::Integer);
    assert_eq!(field(&api.response, "PageSize").ty, Type::Integer);
}

#[test]
fn members_the_sample_draws_beside_their_documented_level_stay_there() {
    let (api, _) = load("DescribeGadgetUsage.md");
    // `UsageSeries|UsageType[]` is absent from the sample, which has the only row of
    // `UsageType` (`Points`) beside it: the members are read where the sample has them.
    assert_eq!(
        field(&api.response, "UsageSeries").ty,
        Type::List {
            item: Box::new(Type::Json)
        }
    );
    let point = field(&field(&api.response, "Points").children, "Point");
    assert_eq!(wires(&point.children), ["Time", "Amount"]);
    assert_eq!(field(&point.children, "Amount").line, 43);
}
