//! `vypusk serve`: build, serve on 127.0.0.1, rebuild on change and reload the page.

use super::ProjectArgs;
use std::path::Path;

pub fn run(_args: &ProjectArgs, _port: u16, _output: Option<&Path>) -> i32 {
    eprintln!("vypusk: команда serve пока не готова");
    super::EXIT_FATAL
}
