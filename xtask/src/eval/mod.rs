//! One module per evaluated stage.

pub mod dedup;
pub mod extract;
pub mod pubdate;
pub mod timex;
