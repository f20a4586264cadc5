//! A response struct two actions declare identically (`Gadget`, the items of `ListGadgets` and
//! the body of `DescribeGadget`) is expanded once, in the `types` module the build script's
//! `_types.json` describes, and both actions' responses hold that one type.

use smc_user_crate_example::types::Gadget;
use smc_user_crate_example::{DescribeGadgetResponse, ListGadgetsResponse};

#[test]
fn both_actions_decode_into_the_one_shared_struct() {
    let listed: ListGadgetsResponse =
        smc_runtime::serde_json::from_str(r#"{"Gadgets":[{"GadgetId":"g-1","Color":"red"}]}"#)
            .unwrap();
    let described: DescribeGadgetResponse =
        smc_runtime::serde_json::from_str(r#"{"Gadget":{"GadgetId":"g-1","Color":"red"}}"#)
            .unwrap();
    // The same type on both sides: comparable without conversion.
    let from_list: &Gadget = &listed.gadgets.as_deref().unwrap()[0];
    let from_describe: &Gadget = described.gadget.as_ref().unwrap();
    assert_eq!(from_list, from_describe);
    assert_eq!(from_describe.gadget_id.as_deref(), Some("g-1"));
}
