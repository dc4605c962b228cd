//! One module per evaluated stage.

pub mod places;
pub mod timex;
