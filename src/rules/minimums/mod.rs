//! Gates the user sets: a minimum reporting class, a minimum efficiency class, and a note when
//! the efficiency label rests on thin evidence.

pub mod efficiency_below_minimum;
pub mod efficiency_low_evidence;
pub mod reporting_below_minimum;
