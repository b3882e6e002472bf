//! Why a file could not be read, and where.

use std::fmt;

/// A file that cannot be read as Akoma Ntoso. Its `Display` names the file
/// and, where one exists, the line and column: `draft.xml:12:5: ...`.
#[derive(Debug, thiserror::Error)]
pub struct ReadError {
    /// The path or name of the input.
    pub source_name: String,
    /// 1-based line and column (in characters), where one exists.
    pub position: Option<(u32, u32)>,
    pub kind: ReadErrorKind,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => {
                write!(f, "{}:{line}:{column}: {}", self.source_name, self.kind)
            }
            None => write!(f, "{}: {}", self.source_name, self.kind),
        }
    }
}

/// What was wrong with the input.
#[derive(Debug, thiserror::Error)]
pub enum ReadErrorKind {
    #[error("cannot read the file: {0}")]
    Io(#[source] std::io::Error),
    #[error("the file is empty: expected an Akoma Ntoso XML document")]
    Empty,
    #[error("{0}")]
    Encoding(String),
    #[error("malformed XML: {0}")]
    Syntax(String),
    #[error("the file ends inside <{element}> (opened at {line}:{column}): it looks truncated")]
    Truncated {
        element: String,
        line: u32,
        column: u32,
    },
    #[error("no root element: expected <akomaNtoso>")]
    NoRoot,
    #[error("text outside the root element: expected an XML document")]
    TextOutsideRoot,
    #[error("a second root element <{0}>: an XML document has exactly one")]
    SecondRoot(String),
    #[error("not an Akoma Ntoso document: the root element is <{0}>, expected <akomaNtoso>")]
    NotAkomaNtoso(String),
    #[error(
        "the entity &{0}; is not predefined: redline never expands entities declared in a DTD"
    )]
    UndefinedEntity(String),
    #[error("elements nested more than {0} deep: refusing a document no legal text needs")]
    TooDeep(usize),
}

impl ReadError {
    pub(crate) fn new(
        source_name: &str,
        position: Option<(u32, u32)>,
        kind: ReadErrorKind,
    ) -> Self {
        ReadError {
            source_name: source_name.to_string(),
            position,
            kind,
        }
    }
}
