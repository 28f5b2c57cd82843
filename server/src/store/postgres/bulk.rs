//! The bulk path of the PostgreSQL store: a [`Dataset`] written into an
//! empty database in one transaction, a few hundred rows per INSERT, with
//! its search keys; then each identity sequence moved past the ids given.
//! Servers starting at once on one empty database take turns on an
//! advisory lock, so one of them writes it.

use sqlx::query_builder::Separated;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder};

use crate::rules::search_key::{full_name_key, search_key, words};
use crate::store::{Dataset, SeedConversation};

/// Rows per INSERT statement: few round trips, well under PostgreSQL's
/// limit of 65,535 bound parameters.
const BATCH: usize = 500;

/// Writes `dataset()` if the database holds no customers, cases or
/// conversations yet.
pub(super) async fn insert_if_empty(
    db: &PgPool,
    dataset: fn() -> Dataset,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    // Any constant shared by every server opening this database.
    sqlx::query("SELECT pg_advisory_xact_lock(7301)")
        .execute(&mut *tx)
        .await?;
    let empty: bool = sqlx::query_scalar(
        "SELECT NOT EXISTS (SELECT 1 FROM contacts) AND NOT EXISTS (SELECT 1 FROM accounts)
            AND NOT EXISTS (SELECT 1 FROM cases) AND NOT EXISTS (SELECT 1 FROM conversations)",
    )
    .fetch_one(&mut *tx)
    .await?;
    if !empty {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let data = dataset();
    insert(&mut tx, &data).await?;
    for table in [
        "accounts",
        "contacts",
        "cases",
        "timeline_items",
        "conversations",
        "journey_items",
    ] {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}
             HAVING max(id) IS NOT NULL"
        ))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    tracing::info!(elapsed = ?started.elapsed(), "seeded the demo data");
    Ok(())
}

async fn insert(tx: &mut PgConnection, data: &Dataset) -> Result<(), sqlx::Error> {
    // Accounts and contacts reference each other: check both at commit.
    sqlx::query("SET CONSTRAINTS ALL DEFERRED")
        .execute(&mut *tx)
        .await?;
    insert_rows(
        tx,
        "INSERT INTO accounts (id, name, name_key, account_number, email, main_phone, city,
            country, primary_contact_id, active) ",
        &data.accounts,
        |mut row, a| {
            row.push_bind(a.id)
                .push_bind(&a.name)
                .push_bind(search_key(&a.name))
                .push_bind(&a.account_number)
                .push_bind(&a.email)
                .push_bind(&a.main_phone)
                .push_bind(&a.city)
                .push_bind(&a.country)
                .push_bind(a.primary_contact_id)
                .push_bind(a.active);
        },
    )
    .await?;
    insert_rows(
        tx,
        "INSERT INTO contacts (id, first_name, last_name, full_name_key, last_name_key,
            job_title, account_id, email, mobile_phone, business_phone, city, country, active) ",
        &data.contacts,
        |mut row, c| {
            row.push_bind(c.id)
                .push_bind(&c.first_name)
                .push_bind(&c.last_name)
                .push_bind(full_name_key(c.first_name.as_deref(), &c.last_name))
                .push_bind(search_key(&c.last_name))
                .push_bind(&c.job_title)
                .push_bind(c.account_id)
                .push_bind(&c.email)
                .push_bind(&c.mobile_phone)
                .push_bind(&c.business_phone)
                .push_bind(&c.city)
                .push_bind(&c.country)
                .push_bind(c.active);
        },
    )
    .await?;
    insert_rows(
        tx,
        "INSERT INTO cases (id, ticket_number, title, title_key, title_words, description,
            priority, status, product, owner_id, owner, created_by_id, created_by, customer_kind,
            customer_id, created_at, modified_at) ",
        &data.cases,
        |mut row, k| {
            row.push_bind(k.id)
                .push_bind(&k.ticket_number)
                .push_bind(&k.title)
                .push_bind(search_key(&k.title))
                .push_bind(words(&k.title))
                .push_bind(&k.description)
                .push_bind(k.priority.as_str())
                .push_bind(k.status.as_str())
                .push_bind(&k.product)
                .push_bind(&k.owner.id)
                .push_bind(&k.owner.name)
                .push_bind(&k.created_by.id)
                .push_bind(&k.created_by.name)
                .push_bind(k.customer.kind.as_str())
                .push_bind(k.customer.id)
                .push_bind(k.created_at)
                .push_bind(k.modified_at);
        },
    )
    .await?;
    insert_rows(
        tx,
        "INSERT INTO timeline_items (id, record_kind, record_id, kind, title, body, author_id,
            author, at) ",
        &data.timeline,
        |mut row, e| {
            row.push_bind(e.item.id)
                .push_bind(e.record_kind.as_str())
                .push_bind(e.record_id)
                .push_bind(e.item.kind.as_str())
                .push_bind(&e.item.title)
                .push_bind(&e.item.body)
                .push_bind(&e.item.author.id)
                .push_bind(&e.item.author.name)
                .push_bind(e.item.at);
        },
    )
    .await?;
    insert_conversations(tx, &data.conversations).await
}

async fn insert_conversations(
    tx: &mut PgConnection,
    conversations: &[SeedConversation],
) -> Result<(), sqlx::Error> {
    insert_rows(
        tx,
        "INSERT INTO conversations (id, title, channel, status, queue, started_at,
            wait_started_at, accepted_at, customer_kind, customer_id, case_id,
            visitor_authenticated, visitor_browser, visitor_os, visitor_location,
            visitor_language) ",
        conversations,
        |mut row, seed| {
            let c = &seed.conversation;
            row.push_bind(c.id)
                .push_bind(&c.title)
                .push_bind(c.channel.as_str())
                .push_bind(c.status.as_str())
                .push_bind(&c.queue)
                .push_bind(c.started_at)
                .push_bind(c.wait_started_at)
                .push_bind(c.accepted_at)
                .push_bind(c.links.customer.map(|r| r.kind.as_str()))
                .push_bind(c.links.customer.map(|r| r.id))
                .push_bind(c.links.case_id)
                .push_bind(c.visitor.authenticated)
                .push_bind(&c.visitor.browser)
                .push_bind(&c.visitor.os)
                .push_bind(&c.visitor.location)
                .push_bind(&c.visitor.language);
        },
    )
    .await?;
    let skills: Vec<(i64, usize, &String)> = conversations
        .iter()
        .flat_map(|s| positioned(s.conversation.id, &s.conversation.skills))
        .collect();
    insert_rows(
        tx,
        "INSERT INTO conversation_skills (conversation_id, position, name) ",
        &skills,
        |mut row, &(id, position, name)| {
            row.push_bind(id)
                .push_bind(i64::try_from(position).unwrap_or(i64::MAX))
                .push_bind(name);
        },
    )
    .await?;
    let answers: Vec<_> = conversations
        .iter()
        .flat_map(|s| positioned(s.conversation.id, &s.conversation.pre_chat))
        .collect();
    insert_rows(
        tx,
        "INSERT INTO prechat_answers (conversation_id, position, question, answer, kind) ",
        &answers,
        |mut row, &(id, position, a)| {
            row.push_bind(id)
                .push_bind(i64::try_from(position).unwrap_or(i64::MAX))
                .push_bind(&a.question)
                .push_bind(&a.answer)
                .push_bind(a.kind.as_str());
        },
    )
    .await?;
    let journeys: Vec<_> = conversations
        .iter()
        .flat_map(|s| positioned(s.conversation.id, &s.conversation.self_service))
        .collect();
    insert_rows(
        tx,
        "INSERT INTO journey_items (conversation_id, type_code, title, url, at) ",
        &journeys,
        |mut row, &(id, _, j)| {
            row.push_bind(id)
                .push_bind(j.type_code)
                .push_bind(&j.title)
                .push_bind(&j.url)
                .push_bind(j.at);
        },
    )
    .await?;
    // Shown and hidden variables share one sequence of positions.
    let context: Vec<_> = conversations
        .iter()
        .flat_map(|s| {
            let shown = s.conversation.context.iter().map(|item| (item, true));
            let hidden = s.hidden_context.iter().map(|item| (item, false));
            let all: Vec<_> = shown.chain(hidden).collect();
            positioned(s.conversation.id, &all)
                .map(|(id, position, &(item, displayable))| (id, position, item, displayable))
                .collect::<Vec<_>>()
        })
        .collect();
    insert_rows(
        tx,
        "INSERT INTO context_items (conversation_id, position, name, value, displayable) ",
        &context,
        |mut row, &(id, position, item, displayable)| {
            row.push_bind(id)
                .push_bind(i64::try_from(position).unwrap_or(i64::MAX))
                .push_bind(&item.name)
                .push_bind(&item.value)
                .push_bind(displayable);
        },
    )
    .await
}

/// `items` tagged with their conversation and their position from 1.
fn positioned<T>(id: i64, items: &[T]) -> impl Iterator<Item = (i64, usize, &T)> {
    items
        .iter()
        .zip(1..)
        .map(move |(item, position)| (id, position, item))
}

/// Inserts `rows` in batches: `head` is `INSERT INTO t (columns) ` and
/// `bind` pushes one row's values.
async fn insert_rows<'a, T>(
    tx: &mut PgConnection,
    head: &str,
    rows: &'a [T],
    bind: impl Fn(Separated<'_, 'a, Postgres, &'static str>, &'a T),
) -> Result<(), sqlx::Error> {
    for batch in rows.chunks(BATCH) {
        let mut sql = QueryBuilder::new(head);
        sql.push_values(batch, &bind);
        sql.build().execute(&mut *tx).await?;
    }
    Ok(())
}
