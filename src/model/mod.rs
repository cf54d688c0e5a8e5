//! Model: typed records of the project, independent of the files they came from.

pub mod site;
