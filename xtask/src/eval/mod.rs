//! One module per evaluated stage.

pub mod quotes;
pub mod timex;
