//! redline: clause-by-clause comparison of versions of a legal text in
//! Akoma Ntoso, with the effect of each change on scope and safeguards.
//!
//! The pipeline, one module per stage:
//! `akn` (read) -> `align` -> `diff` (words) -> effects -> `Comparison` -> render.

pub mod akn;
pub mod align;
pub mod compare;
pub mod diff;
pub mod effects;
pub mod render;
