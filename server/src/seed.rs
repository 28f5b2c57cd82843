//! Demo data, which the store writes into an empty database (its bulk
//! path).
//!
//! The data is deterministic (a fixed-seed PRNG) and its times are offsets
//! back from an anchor, the moment of seeding rounded down to the minute,
//! so the demo always looks current. Fixtures that tests and demos rely on:
//!
//! - **Conversation 1** (printed on start): live chat, active, linked to
//!   **contact 1** (Zoë Lefèvre, of account 1 Contoso Pharmaceuticals) and
//!   to her active **case 1**. Six pre-chat answers (Name, Email, Phone,
//!   CaseNumber, a multi-line question, a consent), seven self-service steps
//!   of all four kinds with both custom-action codes (192350100 and
//!   192350003), three displayable and two hidden context variables.
//! - **Contact 1**: cases 1 to 8 (four active), a timeline of exactly
//!   10,000 items over three years; case 1 has 25 timeline items.
//! - **Conversation 2**: voice call, waiting, nothing linked, no pre-chat,
//!   self service or context, unauthenticated.
//! - **Conversation 3**: chat linked to account 3; ten pre-chat questions,
//!   100 displayable context variables (number 8 is 4,000 characters),
//!   a self-service step with unknown code 192350999 and a page visited at
//!   `javascript:alert(1)`.
//! - **Conversation 4**: e-mail linked to contact 4, whose timeline has
//!   exactly 10 items.
//! - **Conversations 5 to 8**: unlinked; pre-chat answers match exactly one
//!   active contact with exactly one active case (5, 6), two active
//!   namesakes, contacts 150 and 151 (7), or nobody (8).
//! - Conversations 9 to 30 are drawn; 2, 5, 6, 7 and 9 are waiting.

use customer_summary_model::Millis;

use crate::rng::Rng;
use crate::store::Dataset;

mod build;
mod cases;
mod conversations;
mod fixtures;
mod people;
mod timeline;
mod units;
mod words;

pub(crate) use words::AGENTS;

use units::MINUTE;

/// The demo data as of now: deterministic, its times offsets back from
/// now rounded down to the minute.
pub fn demo() -> Dataset {
    generate(anchor())
}

/// Now, rounded down to the minute.
fn anchor() -> Millis {
    let now = crate::clock::now();
    now - now % MINUTE
}

fn generate(anchor: Millis) -> Dataset {
    let mut rng = Rng::new(0x5EED_C0FF_EE15_2026);
    let people = people::generate(&mut rng);
    let cases = cases::generate(&mut rng, anchor, &people);
    let timeline = timeline::generate(&mut rng, anchor, &people, &cases);
    let conversations = conversations::generate(&mut rng, anchor, &people, &cases);
    Dataset {
        accounts: people.accounts,
        contacts: people.contacts,
        cases,
        timeline,
        conversations,
    }
}
