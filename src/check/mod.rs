//! Check: rules over the model → findings. Each rule is a small named unit with its own id.

pub mod outputs;
pub mod rules;
pub mod site;

pub mod incoming;
pub mod monitoring;
pub mod opk;
pub mod year;
