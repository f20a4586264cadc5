//! Pages of an invented product (`tests/pages/northwind/`) in the shape Chinese pages take:
//! one flat response table, no member tables, and an XML sample that leaves some documented
//! members out. Each test asserts that the IR says what the page says. The pages are also
//! seeds of the mutation fuzzer.

mod common;

use common::{field, wires as names};
use smc_codegen::ir::{Api, Type};

/// The IR of the page `name` and the kinds of its diagnostics.
fn load(name: &str) -> (Api, Vec<&'static str>) {
    common::load_page("northwind", name)
}

/// `Slots` is a bare row whose sample is only the key wrapping its items
/// (`<Slots><Slot>...</Slot></Slots>`); `Capacity` and `Depth`, right after it, are absent
/// from the sample but, like `SlotId` and `State` after them, members of each `Slot`: the
/// wrapper holds nothing beside its items.
#[test]
fn members_the_sample_lacks_go_in_the_items_a_wrapper_holds() {
    let (api, kinds) = load("DescribeShelfSlots.md");
    assert_eq!(
        kinds,
        [
            "field-not-in-sample",
            "field-not-in-sample",
            "missing-json-sample"
        ]
    );
    let shelves = field(&api.response, "Shelves");
    let shelf = field(&shelves.children, "Shelf");
    assert!(matches!(shelf.ty, Type::List { .. }));
    assert_eq!(names(&shelf.children), ["Slots", "ShelfId"]);
    let slots = field(&shelf.children, "Slots");
    assert_eq!(names(&slots.children), ["Slot"]);
    let slot = field(&slots.children, "Slot");
    assert!(matches!(slot.ty, Type::List { .. }));
    assert_eq!(
        names(&slot.children),
        ["Capacity", "Depth", "SlotId", "State"]
    );
    assert_eq!(field(&slot.children, "Capacity").ty, Type::Integer);
}

/// `Metrics` is a `List` whose sample draws its items (`Key`, `Unit`) and no row documents
/// them; `RequestId`, the row after it, is absent from those items but is in the body of
/// the sample, so it is the body's, not a member of each metric.
#[test]
fn a_row_a_listed_containers_items_lack_goes_where_the_sample_has_it() {
    let (api, kinds) = load("DescribeShelfMetrics.md");
    assert!(!kinds.contains(&"field-not-in-sample"), "{kinds:?}");
    assert_eq!(
        names(&api.response),
        ["Location", "Metrics", "RequestId", "ShelfId"]
    );
    assert_eq!(field(&api.response, "RequestId").line, 30);
    let metrics = field(&api.response, "Metrics");
    assert!(matches!(metrics.ty, Type::List { .. }));
    assert_eq!(names(&metrics.children), ["Key", "Unit"]);
}

/// The JSON sample is a fragment, and the XML sample goes on after its
/// `</GetShelfOwnerResponse>` with part of itself pasted again. The complete envelope is
/// the whole response: read alone, it places `Name` and `Team` in `Owner` (the flat table
/// alone would put them in `Badges`, the list before them) and `RequestId` in the body.
#[test]
fn an_xml_sample_is_read_up_to_the_end_of_its_envelope() {
    let (api, kinds) = load("GetShelfOwner.md");
    assert_eq!(
        kinds,
        [
            "field-not-in-sample",
            "invalid-xml-sample",
            "invalid-json-sample"
        ]
    );
    assert_eq!(names(&api.response), ["Owner", "RequestId"]);
    let owner = field(&api.response, "Owner");
    assert_eq!(names(&owner.children), ["Badges", "Name", "Team"]);
    assert_eq!(
        names(&field(&owner.children, "Badges").children),
        ["BadgeId"]
    );
}
