//! Load: files → typed records that remember where they came from (file:line).

pub mod content;
pub mod effectiveness;
pub mod git;
pub mod measures;
pub mod monitoring;
pub mod opk;
pub mod ovz;
pub mod plan;
pub mod reference;
pub mod sniff;
pub mod table;
pub mod vacancies;
pub mod yaml;
pub mod year;
