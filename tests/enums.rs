//! A generated value enum end to end: the invented page `tailspin/DescribeKilns.md` (of the
//! codegen tests) expanded by `api!`; a value the page does not document decodes to
//! `Unknown` and goes back out as the same text, in a response and in a request.

/// The client the action's method is added to.
#[derive(Debug, Clone)]
pub struct Client(smc_runtime::Client);

impl AsRef<smc_runtime::Client> for Client {
    fn as_ref(&self) -> &smc_runtime::Client {
        &self.0
    }
}

smc_macros::api!(
    "../codegen/tests/pages/tailspin/DescribeKilns.md",
    client = crate::Client
);

use describe_kilns::{Fuel, Speed, State};
use serde_json::json;

#[test]
fn unknown_values_round_trip_in_responses() {
    let body = json!({
        "RequestId": "r-1",
        "Kilns": {"Kiln": [
            {"KilnId": "k-1", "State": "Frozen", "Fuel": "gas"},
            {"KilnId": "k-2", "State": "Cooling", "Fuel": 7},
        ]}
    });
    let resp: DescribeKilnsResponse = serde_json::from_value(body.clone()).unwrap();
    // `Kilns.Kiln` is flattened: `kilns()` gives the items; enum fields read by reference.
    let kilns = resp.kilns();
    assert_eq!(kilns[0].state(), Some(&State::Unknown("Frozen".into())));
    assert_eq!(kilns[0].fuel(), Some(&Fuel::Gas));
    assert_eq!(kilns[1].state(), Some(&State::Cooling));
    assert_eq!(kilns[1].fuel(), Some(&Fuel::Unknown("7".into())));
    let back = serde_json::to_value(&resp).unwrap();
    assert_eq!(back["Kilns"]["Kiln"][0]["State"], json!("Frozen"));
    assert_eq!(back["Kilns"]["Kiln"][1]["State"], json!("Cooling"));
}

#[test]
fn enums_read_and_write_their_wire_text() {
    assert_eq!(State::from("Firing"), State::Firing);
    assert_eq!(State::from("firing".to_string()).as_str(), "firing");
    assert_eq!(State::Firing.to_string(), "Firing");
    assert_eq!(Fuel::from("electric-arc"), Fuel::ElectricArc);
    assert_eq!(Fuel::ElectricArc.as_str(), "electric-arc");
    let request = DescribeKilnsRequest::builder()
        .pottery_id("pt-1")
        .state("Frozen")
        .speed(Speed::Thorough)
        .build()
        .unwrap();
    let params = smc_runtime::params::to_params(&request).unwrap();
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("State"), Some("Frozen"));
    assert_eq!(get("Speed"), Some("thorough"));
}
