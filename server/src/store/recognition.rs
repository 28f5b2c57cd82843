//! Recognition: linking the customer the pre-chat answers name, once per
//! conversation, as `rules::recognition` decides.

use customer_summary_model::Recognition;

use super::Store;
use crate::error::ApiResult;

impl Store {
    /// Recognises conversation `id`'s customer unless that was done
    /// before, or the conversation already links one (`already_linked`),
    /// and reports the stored outcome; 404 if it does not exist. At most
    /// once per conversation, atomically (guarantee 4): `linked_now` is
    /// true only for the call that linked.
    pub async fn recognize(&self, id: i64) -> ApiResult<Recognition> {
        dispatch!(self, store => store.recognize(id).await)
    }
}
