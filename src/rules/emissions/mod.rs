//! The emissions value: present, a number of grams, non-zero, consistent with the body, and
//! only the documented sub-fields.

pub mod co2_emissions_missing_value;
pub mod co2_emissions_not_a_number;
pub mod co2_emissions_unit_mismatch;
pub mod co2_emissions_zero;
pub mod emissions_only_in_body;
pub mod energy_not_co2;
pub mod missing_co2_emissions;
pub mod unknown_co2_field;
