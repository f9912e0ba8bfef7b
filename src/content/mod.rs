//! Content: what a brief is (`brief`), how its front matter is read (`front_matter`) and how the
//! `content/` folder is walked (`load`).

pub mod analysis;
pub mod brief;
pub mod front_matter;
pub mod load;

pub use brief::{Brief, Kind};
