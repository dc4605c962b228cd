//! One module per evaluated stage.

pub mod dedup;
pub mod events;
pub mod extract;
pub mod places;
pub mod pubdate;
pub mod quotes;
pub mod speakers;
pub mod stories;
pub mod timex;
