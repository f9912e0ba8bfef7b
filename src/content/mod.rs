//! Content: what a brief is (`brief`), how its front matter is read (`front_matter`), how the
//! `content/` folder is walked (`load`) and the files published beside the briefs (`assets`).

pub mod analysis;
pub mod assets;
pub mod brief;
pub mod front_matter;
pub mod load;

pub use brief::{Brief, Kind};
