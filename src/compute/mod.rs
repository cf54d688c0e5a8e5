//! Compute: indicators derived from the model — each graduate's status on a date, monthly
//! series, counts per channel, contingent rows 01–05 with reconciliation, Ministry form 1.
//!
//! Every output is a plain `Serialize` struct with `Vec`s in a fixed order, so JSON and pages
//! are byte-for-byte reproducible.

pub mod contingent;
pub mod form1;
pub mod series;
pub mod status;
pub mod summary;

pub use contingent::{computed_contingent, reconciliation, ReconRow};
pub use form1::{form1, Form1, Form1Block, Form1Row};
pub use series::{counts_on, series, ChannelCount, Series, SeriesPoint};
pub use status::{risk_group, status_on, RiskMember, RiskReason, Status};
pub use summary::{summary, CohortSummary, MonitoringSummary};
