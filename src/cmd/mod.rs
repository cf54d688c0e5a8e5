//! Command line: one module per subcommand.

use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "vypusk",
    version,
    about = "vypusk builds a college career centre's web section and reports"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the project
    Check,
}

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    let _cli = Cli::parse();
    0
}
