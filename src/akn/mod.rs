//! Reading Akoma Ntoso: files in, [`Document`]s out.
//!
//! Owns the model of a version (identification and the tree of provisions)
//! and everything needed to build it from XML. Knows nothing of alignment,
//! diffing or rendering.

mod attributes;
mod error;
mod ids;
pub mod label;
mod model;
mod read;
pub mod text;

pub use error::{ReadError, ReadErrorKind};
pub use model::{
    Document, Extra, Ids, Meta, Note, Part, Profile, Provision, ProvisionId, Reference, Text,
    Warning,
};
pub use read::{read, read_bytes, read_owned, MAX_DEPTH};
