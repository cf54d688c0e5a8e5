//! Check: rules over the model → findings. Each rule is a small named unit with its own id.

pub mod site;

pub mod incoming_form1;
pub mod monitoring;
pub mod year;
