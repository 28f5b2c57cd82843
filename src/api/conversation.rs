//! Calls scoped to one conversation: its summary, the records linked to it,
//! and the data that follows those links (recent cases; the timeline is in
//! `timeline.rs`).

use customer_summary_model::{Conversation, LinkSlot, LinkedCase, LinkedCustomer, RecentCases};
use gloo_net::http::Method;

use super::{ApiClient, ApiError};

impl ApiClient {
    pub async fn conversation(&self, id: i64) -> Result<Conversation, ApiError> {
        self.get(&format!("/conversations/{id}")).await
    }

    pub async fn linked_customer(&self, conversation: i64) -> Result<LinkedCustomer, ApiError> {
        self.get(&format!("/conversations/{conversation}/customer"))
            .await
    }

    pub async fn linked_case(&self, conversation: i64) -> Result<LinkedCase, ApiError> {
        self.get(&format!("/conversations/{conversation}/case"))
            .await
    }

    /// Unlinks the customer or the case from the conversation.
    pub async fn unlink(&self, conversation: i64, which: LinkSlot) -> Result<(), ApiError> {
        let path = format!("/conversations/{conversation}/{}", which.as_str());
        self.send(Method::DELETE, &path, None::<&()>, None).await
    }

    pub async fn recent_cases(
        &self,
        conversation: i64,
        limit: u32,
    ) -> Result<RecentCases, ApiError> {
        self.get(&format!(
            "/conversations/{conversation}/recent-cases?limit={limit}"
        ))
        .await
    }
}
