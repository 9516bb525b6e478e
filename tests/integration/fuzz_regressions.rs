//! Inputs that crashed a parser, found with the fuzz targets of `tests/fuzz` (hostile files
//! run through them), each now a clean result or a clean error: exit code 2, a message naming
//! the file and the line, never a panic or an abort.

use crate::common::check_fails;

/// A Patterson file whose first line declares 4,000,000,000 activities: the reader reserved
/// room for them all before reading a line (an allocation of 224 GB, an abort), where the
/// file lists three.
#[test]
fn an_rcp_file_declaring_billions_of_activities_is_refused_by_its_line_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.rcp");
    std::fs::write(&path, "4000000000 1\n5\n0 0 1 2\n3 2 1 3\n0 0 0\n").unwrap();
    let stderr = check_fails(&path);
    assert!(
        stderr.contains("huge.rcp:1:1: the file declares 4000000000 activities but lists 3"),
        "{stderr}"
    );
}
