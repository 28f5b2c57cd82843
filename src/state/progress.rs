//! Which of the page's panels have settled (shown their data or their
//! error) since it opened, so that whoever opened the page hears when all
//! of them have: the switch between conversations shows the next page then.

use leptos::prelude::*;

/// The panels of one page that have settled, and who to tell once all have.
#[derive(Clone, Copy)]
pub struct PanelProgress {
    settled: StoredValue<Vec<&'static str>>,
    panels: usize,
    on_settled: Option<Callback<()>>,
}

impl PanelProgress {
    /// Provides the progress of a page of `panels` panels; `on_settled`
    /// runs once, when the last of them first settles.
    pub fn provide(panels: usize, on_settled: Option<Callback<()>>) {
        provide_context(PanelProgress {
            settled: StoredValue::new(Vec::with_capacity(panels)),
            panels,
            on_settled,
        });
    }

    /// Panel `name` shows its data or its error; later loads change nothing.
    pub fn settled(&self, name: &'static str) {
        let Some(all) = self.settled.try_update_value(|settled| {
            if settled.contains(&name) {
                return false;
            }
            settled.push(name);
            settled.len() == self.panels
        }) else {
            return; // the page is gone
        };
        if let (true, Some(on_settled)) = (all, self.on_settled) {
            on_settled.run(());
        }
    }
}
