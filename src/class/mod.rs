//! The paper's two classifications: pure functions from facts to a class and its evidence.

pub mod efficiency;
pub mod reporting;
