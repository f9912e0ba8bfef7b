//! Rendering: the Tera wrapper with theme fallback (`templates`), the list of output pages
//! (`pages`) and the data each template receives (`context`).

pub mod context;
pub mod pages;
pub mod svg;
pub mod templates;

pub use pages::Page;
pub use templates::Templates;
