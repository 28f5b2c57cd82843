//! Widgets shared by the panels: the panel frame and its loading and error
//! states, label/value rows, case badges.

mod actor_name;
mod also_viewing;
mod badge;
mod combobox;
mod empty_state;
mod expandable_text;
mod field;
mod form;
mod icon;
mod link_notices;
mod loaded;
mod panel_error;
mod panel_frame;
mod relative_time;
mod skeleton;
mod tabs;
mod unlink_button;

pub use actor_name::{ActorName, LinkedBy};
pub use also_viewing::AlsoViewing;
pub use badge::{PriorityBadge, StatusBadge};
pub use combobox::SearchCombobox;
pub use empty_state::EmptyState;
pub use expandable_text::ExpandableText;
pub use field::{Field, FieldList};
pub use form::{field_error, optional, FormShell, FormState, LabelledInput, TextField};
pub use icon::{Icon, IconName};
pub use link_notices::LinkNotices;
pub use loaded::Loaded;
pub use panel_error::PanelError;
pub use panel_frame::PanelFrame;
pub use relative_time::RelativeTime;
pub use skeleton::Skeleton;
pub use tabs::{Tab, TabList, TabPanel};
pub use unlink_button::UnlinkButton;
