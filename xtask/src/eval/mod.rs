//! One module per evaluated stage.

pub mod quotes;
pub mod speakers;
pub mod timex;
