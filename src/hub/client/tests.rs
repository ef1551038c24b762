//! The Hub answers' parsing, checked on answers written as the Hub writes them.

use super::*;
use serde_json::json;

#[test]
fn model_facts_follow_the_study() {
    let v = json!({"downloads": 1234, "siblings": [
        {"rfilename": "pytorch_model.bin", "size": 134, "lfs": {"size": 500000000}},
        {"rfilename": "model.safetensors", "size": 400000000},
        {"rfilename": "sub/pytorch_model.bin", "size": 1}
    ]});
    let f = model_facts(&v);
    assert_eq!(f.downloads.unwrap().value, 1234.0);
    let s = f.model_size.unwrap();
    assert_eq!(
        (s.value, s.files),
        (5e8, vec!["pytorch_model.bin".to_string()])
    );
    let v = json!({"siblings": [
        {"rfilename": "model-00001-of-00002.safetensors", "lfs": {"size": 3}},
        {"rfilename": "model-00002-of-00002.safetensors", "lfs": {"size": 4}}
    ]});
    assert_eq!(model_facts(&v).model_size.unwrap().value, 7.0);
    assert_eq!(
        model_facts(&json!({"downloads": -1})),
        ModelFacts::default()
    );
}

#[test]
fn dataset_sizes() {
    let one = json!({"cardData": {"dataset_info": {"dataset_size": 1000}}});
    assert_eq!(dataset_size(&one), Some(1000.0));
    let list =
        json!({"cardData": {"dataset_info": [{"dataset_size": 1}, {"dataset_size": 2}, {}]}});
    assert_eq!(dataset_size(&list), Some(3.0));
    assert_eq!(dataset_size(&json!({"cardData": {}})), None);
    assert_eq!(
        dataset_size(&json!({"cardData": {"dataset_info": {"dataset_size": 0}}})),
        None
    );
}
