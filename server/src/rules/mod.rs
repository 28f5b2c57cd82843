//! The server's pure rules: what its data means and how requests read,
//! independent of HTTP and of any database, each tested on its own. The
//! handlers parse requests with them; every store backend follows them.

pub mod page;
pub mod parse;
pub mod recognition;
pub mod search;
pub mod search_key;
pub mod status;
pub mod ticket;
pub mod timeline;
pub mod writes;
