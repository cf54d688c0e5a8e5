//! Load: files → typed records that remember where they came from (file:line).

pub mod yaml;
