//! safestep: a terminal guide that takes a school or college e-safety group
//! through the seven-step model and records what the group decides.

pub mod cli;
pub mod content;
pub mod demo;
pub mod doc;
pub mod plain;
pub mod report;
pub mod rollup;
pub mod store;
pub mod text;
pub mod tui;
pub mod workshop;
