//! Views: what the templates and formats read of the model, as values made once per build.
//! A brief's view (`brief`) and record (`record`), the site-wide globals (`globals`) and the
//! cache that shares them between pages (`views`). Views read the model and the briefs'
//! rendered Markdown; they know nothing of templates or files.

pub mod brief;
pub mod globals;
pub mod labels;
pub mod languages;
pub mod record;
pub mod views;

pub use brief::{brief_value, permalink};
pub use globals::{GENERATOR, globals};
pub use record::record;
pub use views::Views;
