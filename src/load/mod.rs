//! Load: files → typed records that remember where they came from (file:line).

pub mod content;
pub mod monitoring;
pub mod reference;
pub mod sniff;
pub mod table;
pub mod yaml;
