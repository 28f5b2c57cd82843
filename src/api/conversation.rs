//! Calls about conversations: the inbox's list and accepting one; and those
//! scoped to one conversation: its summary, the records linked to it, and
//! the data that follows those links (recent cases; the timeline is in
//! `timeline.rs`).

use customer_summary_model::{
    Conversation, ConversationListItem, LinkSlot, LinkedCase, LinkedCustomer, RecentCases,
};
use gloo_net::http::Method;

use super::{ApiClient, ApiError, WriteHeaders};

impl ApiClient {
    /// The conversations waiting or active, by id. The server answers with
    /// an `ETag` and `Cache-Control: no-cache`, so the browser asks again
    /// with `If-None-Match` and an unchanged list costs a 304.
    pub async fn open_conversations(&self) -> Result<Vec<ConversationListItem>, ApiError> {
        self.get("/conversations?status=waiting,active").await
    }

    /// Accepts conversation `id` as the signed-in agent: 409 when another
    /// agent has it already, or it is closed.
    pub async fn accept(&self, id: i64) -> Result<Conversation, ApiError> {
        let path = format!("/conversations/{id}/accept");
        self.send(Method::POST, &path, None::<&()>, WriteHeaders::default())
            .await
    }

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

    /// Unlinks the customer or the case from the conversation, as it was
    /// at `version`.
    pub(super) async fn unlink(
        &self,
        conversation: i64,
        which: LinkSlot,
        version: i64,
    ) -> Result<(), ApiError> {
        let path = format!("/conversations/{conversation}/{}", which.as_str());
        self.send(
            Method::DELETE,
            &path,
            None::<&()>,
            WriteHeaders::seen(version),
        )
        .await
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
