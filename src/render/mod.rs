//! Renderers: turn models into bytes. They compute nothing the models do
//! not already hold.

pub mod outline;
