//! One module per evaluated stage.

pub mod timex;
