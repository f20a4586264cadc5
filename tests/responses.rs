//! Generated responses as users read and build them: accessors (absent fields read as `None`
//! or an empty slice), list wrappers flattened (`{"ReplicationJobs": {"ReplicationJob": [..]}}`,
//! the bare `[..]` and the XML form all read into `replication_jobs()`, at any depth), builders
//! for the `#[non_exhaustive]` structs, and encoding that writes the documented wrapper back.

use smc::describe_replication_jobs::{DataDisk, Part, ReplicationJob};
use smc::DescribeReplicationJobsResponse as Response;

fn json(body: &str) -> Response {
    serde_json::from_str(body).expect("a response")
}

fn ids(r: &Response) -> Vec<&str> {
    r.replication_jobs()
        .iter()
        .filter_map(ReplicationJob::job_id)
        .collect()
}

#[test]
fn a_wrapped_list_reads_the_same_with_or_without_its_wrapper() {
    let wrapped =
        json(r#"{"ReplicationJobs":{"ReplicationJob":[{"JobId":"j-1"},{"JobId":"j-2"}]}}"#);
    let bare = json(r#"{"ReplicationJobs":[{"JobId":"j-1"},{"JobId":"j-2"}]}"#);
    assert_eq!(ids(&wrapped), ["j-1", "j-2"]);
    assert_eq!(wrapped, bare);
    let xml = "<DescribeReplicationJobsResponse><ReplicationJobs>\
        <ReplicationJob><JobId>j-1</JobId></ReplicationJob>\
        </ReplicationJobs></DescribeReplicationJobsResponse>";
    let from_xml: Response = smc_runtime::xml::from_xml(xml).expect("an XML response");
    assert_eq!(ids(&from_xml), ["j-1"]);
    let empty_xml = "<R><ReplicationJobs></ReplicationJobs></R>";
    let empty: Response = smc_runtime::xml::from_xml(empty_xml).expect("an XML response");
    assert!(empty.replication_jobs().is_empty());
}

#[test]
fn nested_wrappers_are_flattened_too() {
    let r = json(
        r#"{"ReplicationJobs":{"ReplicationJob":[{"DataDisks":{"DataDisk":[
            {"Index":1,"Parts":{"Part":[{"Device":"0_1","SizeBytes":"42"}]}},
            {"Index":2,"Parts":[{"Device":"0_2"}]}]}}]}}"#,
    );
    let disks = r.replication_jobs()[0].data_disks();
    let devices: Vec<_> = disks
        .iter()
        .flat_map(DataDisk::parts)
        .filter_map(Part::device)
        .collect();
    assert_eq!(devices, ["0_1", "0_2"]);
    assert_eq!(disks[0].parts()[0].size_bytes(), Some(42));
}

#[test]
fn accessors_of_absent_fields_are_none_or_empty() {
    let r = json("{}");
    assert_eq!(r.request_id(), None);
    assert_eq!(r.total_count(), None);
    assert!(r.replication_jobs().is_empty());
    let job = ReplicationJob::default();
    assert_eq!(
        (job.job_id(), job.progress(), job.run_once()),
        (None, None, None)
    );
    assert!(job.data_disks().is_empty());
}

#[test]
fn builders_make_what_decoding_makes() {
    let built = Response::builder()
        .request_id("R")
        .total_count(2)
        .replication_jobs(
            ReplicationJob::builder()
                .job_id("j-1")
                .progress(0.5)
                .build(),
        )
        .replication_jobs(
            ReplicationJob::builder()
                .job_id("j-2")
                .data_disks(DataDisk::builder().index(1).build())
                .build(),
        )
        .build();
    let decoded = json(
        r#"{"RequestId":"R","TotalCount":"2","ReplicationJobs":{"ReplicationJob":[
            {"JobId":"j-1","Progress":0.5},{"JobId":"j-2","DataDisks":{"DataDisk":[{"Index":1}]}}]}}"#,
    );
    assert_eq!(built, decoded);
    let replaced = built
        .clone()
        .replication_jobs
        .map(|jobs| Response::builder().set_replication_jobs(jobs).build());
    assert_eq!(replaced.map(|r| r.replication_jobs().len()), Some(2));
}

#[test]
fn encoding_writes_the_documented_wrappers() {
    let r = Response::builder()
        .replication_jobs(
            ReplicationJob::builder()
                .job_id("j-1")
                .data_disks(
                    DataDisk::builder()
                        .parts(Part::builder().device("0_1").build())
                        .build(),
                )
                .build(),
        )
        .build();
    let v = serde_json::to_value(&r).expect("JSON");
    assert_eq!(
        v,
        serde_json::json!({"ReplicationJobs": {"ReplicationJob": [
            {"JobId": "j-1", "DataDisks": {"DataDisk": [{"Parts": {"Part": [{"Device": "0_1"}]}}]}}
        ]}})
    );
    assert_eq!(
        serde_json::from_value::<Response>(v).expect("a response"),
        r
    );
}
