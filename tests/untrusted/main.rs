//! Specs written by someone else, run with the reader's rights: what a hostile spec can and
//! cannot do. One test binary; each module one part of the threat model.

mod common;
mod data;
mod escaping;
mod limits;
#[path = "../../src/tempdir.rs"]
mod tempdir;
