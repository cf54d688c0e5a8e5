//! Model: typed records of the project, independent of the files they came from.

pub mod channel;
pub mod compliance;
pub mod contingent;
pub mod effectiveness;
pub mod form;
pub mod graduate;
pub mod measure;
pub mod monitoring;
pub mod opk;
pub mod ovz;
pub mod plan;
pub mod site;
pub mod specialty;
pub mod track;
pub mod vacancy;
pub mod year;
