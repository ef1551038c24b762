//! `model-index`, the card's evaluation results as the Hub reads them.

pub mod invalid_model_index;
