//! Check: rules over the model → findings.

pub mod incoming_form1;
pub mod monitoring;
