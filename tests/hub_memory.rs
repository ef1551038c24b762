//! The peak memory of reading a Hub answer, counted by a global allocator (this binary holds
//! this one test, so nothing else allocates meanwhile): the fields used are kept, the rest is
//! skipped as it is parsed, never built into a JSON tree (which took some 60 times the
//! answer's size).
#![cfg(feature = "hub")]

use peak_alloc::PeakAlloc;

#[global_allocator]
static ALLOC: PeakAlloc = PeakAlloc;

/// The bytes allocated at the peak of `f`, above what was allocated before it.
fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = ALLOC.current_usage();
    ALLOC.reset_peak_usage();
    let v = f();
    (v, ALLOC.peak_usage() - base)
}

/// A model's listing of about `mib` MiB in the Hub's shape: files in folders (never weights)
/// and, where `weights`, top-level safetensors shards, each with its LFS block, beside the
/// fields cardlint does not use.
fn listing(mib: usize, weights: bool) -> Vec<u8> {
    let mut s = String::from(
        r#"{"_id":"0","id":"org/model","downloads":7,"tags":["a","b"],"cardData":{"x":[1,2,{"y":null}]},"siblings":["#,
    );
    let mut i = 0;
    while s.len() < mib * 1024 * 1024 {
        let name = if weights {
            format!("model-{i:07}-of-9999999.safetensors")
        } else {
            format!("data/part-{i:07}/file.parquet")
        };
        s.push_str(&format!(
            r#"{{"rfilename":"{name}","blobId":"{i:040}","size":134,"lfs":{{"size":{i},"sha256":"{i:064}","pointerSize":134}}}},"#
        ));
        i += 1;
    }
    s.pop();
    s.push_str("]}");
    s.into_bytes()
}

#[test]
fn a_hub_answer_is_read_in_memory_near_its_size() {
    let body = listing(16, false);
    let (facts, peak) = peak_of(|| cardlint::hub::model_facts(&body).unwrap());
    assert_eq!(facts.downloads.unwrap().value, 7.0);
    assert!(facts.model_size.is_none());
    assert!(
        peak < 64 * 1024,
        "{peak} bytes to read a {} byte answer",
        body.len()
    );
    // Every file a weight file: what is kept is their names and sizes, about the answer's size
    // again (a JSON tree took 60 times it).
    let body = listing(16, true);
    let (facts, peak) = peak_of(|| cardlint::hub::model_facts(&body).unwrap());
    assert!(facts.model_size.unwrap().files.len() > 50_000);
    assert!(
        peak < body.len() * 3 / 2,
        "{peak} bytes to read a {} byte answer",
        body.len()
    );
}
