//! One module per evaluated stage.

pub mod extract;
pub mod timex;
