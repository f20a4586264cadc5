//! Valid values documented in descriptions (`tests/pages/tailspin/` and `tailspin-zh/`, written
//! for these tests): lists and inline lists in English and Chinese become the `values` of
//! String parameters and fields, and the emitter turns them into enums with an `Unknown`
//! fallback, in action modules and in a product's shared `types` module.

mod common;

use common::field;
use smc_codegen::emit::SharedTypes;
use smc_codegen::ir::{Api, EnumValue, Field, Param};
use smc_codegen::Generator;

/// The `(value, description)` pairs of `values`.
fn pairs(values: &[EnumValue]) -> Vec<(&str, &str)> {
    values
        .iter()
        .map(|v| (v.value.as_str(), v.description.as_str()))
        .collect()
}

/// The request parameter `wire` of `api`.
fn param<'a>(api: &'a Api, wire: &str) -> &'a Param {
    api.request.iter().find(|p| p.wire_name == wire).unwrap()
}

/// The response field `wire` of a kiln (`Kilns.Kiln.<wire>`).
fn kiln_field<'a>(api: &'a Api, wire: &str) -> &'a Field {
    let kilns = field(&api.response, "Kilns");
    field(&field(&kilns.children, "Kiln").children, wire)
}

#[test]
fn english_lists_and_inline_values() {
    let (api, kinds) = common::load_page("tailspin", "DescribeKilns.md");
    assert_eq!(kinds, Vec::<&str>::new());
    let state = [
        ("Idle", "The kiln is cold and empty."),
        ("Firing", "The kiln is heating its load."),
        ("Cooling", "The kiln is cooling down."),
    ];
    assert_eq!(pairs(&param(&api, "State").values), state);
    assert_eq!(
        pairs(&param(&api, "Speed").values),
        [("fast", ""), ("thorough", "")]
    );
    // Booleans, numbers and values without a lead stay plain.
    for plain in ["PotteryId", "Glazed", "MaxTemperature", "Size"] {
        assert!(param(&api, plain).values.is_empty(), "{plain}");
    }
    assert_eq!(pairs(&kiln_field(&api, "State").values), state);
    let fuel = kiln_field(&api, "Fuel");
    let fuels: Vec<&str> = fuel.values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(fuels, ["gas", "wood", "electric-arc"]);
    // A field without values keeps its IR as before: no `values` key.
    let json = Generator::new().ir_json(&api);
    assert_eq!(json.matches("\"values\"").count(), 4, "{json}");
}

#[test]
fn chinese_lists_and_inline_values() {
    let (api, kinds) = common::load_page("tailspin-zh", "DescribeKilns.md");
    assert_eq!(kinds, Vec::<&str>::new());
    let state = [
        ("Idle", "窑炉冷却且为空。"),
        ("Firing", "窑炉正在加热。"),
        ("Cooling", "（默认值）：窑炉正在降温。"),
    ];
    assert_eq!(pairs(&param(&api, "State").values), state);
    assert_eq!(
        pairs(&param(&api, "Speed").values),
        [("fast", ""), ("thorough", "")]
    );
    assert_eq!(
        pairs(&param(&api, "Size").values),
        [("small", ""), ("large", "默认值")]
    );
    for plain in ["PotteryId", "Glazed", "MaxTemperature"] {
        assert!(param(&api, plain).values.is_empty(), "{plain}");
    }
    assert_eq!(pairs(&kiln_field(&api, "State").values), state);
}

#[test]
fn values_become_enums_with_a_fallback() {
    let (api, _) = common::load_page("tailspin", "DescribeKilns.md");
    let code = Generator::new().code(&api, None).unwrap();
    // The request parameter and the response field with the same values share one enum.
    assert_eq!(code.matches("pub enum State {").count(), 1, "{code}");
    assert!(code.contains("pub state: Option<State>,"), "{code}");
    assert!(code.contains("pub fn state(mut self, value: impl Into<State>) -> Self"));
    assert!(code.contains("pub enum Speed {"));
    assert!(code.contains("pub enum Fuel {"));
    assert!(code.contains("ElectricArc,"));
    assert!(code.contains("\"electric-arc\" => Self::ElectricArc,"));
    assert!(code.contains("Unknown(String),"));
    assert!(code.contains("pub glazed: Option<String>,"));
    let state = enum_item(&code, "State");
    insta::assert_snapshot!("tailspin_state_enum", state);
}

#[test]
fn enums_in_shared_structs_live_in_the_types_module() {
    let (api, _) = common::load_page("tailspin", "DescribeKilns.md");
    let mut other = api.clone();
    other.action = "ListKilns".into();
    let shared = SharedTypes::of(&[&api, &other]);
    assert!(!shared.is_empty());
    let generator = Generator::new();
    let types = generator.types_code(&shared).unwrap();
    assert!(types.contains("pub enum State {"), "{types}");
    assert!(types.contains("pub state: Option<State>,"), "{types}");
    let action = generator.code_shared(&api, None, &shared).unwrap();
    // The action keeps its own enum for its request parameter only.
    assert_eq!(action.matches("pub enum State {").count(), 1, "{action}");
    assert!(!action.contains("pub enum Fuel {"), "{action}");
}

/// The text of the enum `name` in `code`, from its doc comment to its last impl.
fn enum_item(code: &str, name: &str) -> String {
    let start = code.find(&format!("/// The values of `{name}`")).unwrap();
    let serialize = format!("impl ::smc_runtime::serde::Serialize for {name} {{");
    let from = code.get(start..).unwrap();
    let end = from.find(&serialize).unwrap() + serialize.len();
    let rest = from.get(end..).unwrap();
    let close = rest.find("\n    }\n").unwrap() + "\n    }\n".len();
    from.get(..end + close).unwrap().to_string()
}
