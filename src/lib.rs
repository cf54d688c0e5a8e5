//! vypusk — builds the web section «Содействие трудоустройству выпускников» of a vocational
//! college and its print-ready reports from YAML, CSV and Markdown.
//!
//! The modules follow the data flow: [`load`] → [`model`] → [`check`] → [`compute`] →
//! [`render`] → [`write`], driven by [`pipeline`]; [`cmd`] holds one file per subcommand;
//! [`region`] runs the pipeline over many colleges and adds the regional overview and forms.

pub mod check;
pub mod cmd;
pub mod compute;
pub mod config;
pub mod diag;
pub mod format;
pub mod link;
pub mod load;
pub mod model;
pub mod page_edit;
pub mod pipeline;
pub mod region;
pub mod render;
pub mod write;
