//! One module per evaluated stage.

pub mod pubdate;
pub mod timex;
