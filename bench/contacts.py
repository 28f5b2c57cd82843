#!/usr/bin/env python3
"""Copies a seeded Customer Summary database and tops its contacts up to a
given count, for the search benchmark; writes the search queries used.

    python3 bench/contacts.py SEEDED.db OUT.db COUNT [QUERIES.json]

The copy is made with SQLite's online backup (safe while a server has the
source open). Only base columns are inserted: `full_name` and
`mobile_digits` are generated and the indexes follow, as in the seed. The
added contacts are deterministic (fixed-seed PRNG): names drawn half from
the seeded names and half made of syllables, unique e-mail addresses and
phone numbers on their own domain and prefix, none equal to a pre-chat
answer (so auto-recognition on open finds what it found before). The
seeded database itself is never modified.
"""

import json
import random
import sqlite3
import sys

SYLLABLES = [
    "ka", "lo", "mi", "ra", "ten", "vor", "sel", "an", "del", "bri", "tor", "nu",
    "ma", "ri", "son", "ber", "gar", "li", "ne", "sto", "ve", "quin", "ha", "do",
]
BATCH = 5000


def synthetic_name(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def ascii_local(text):
    return "".join(c for c in text.lower() if c.isascii() and c.isalnum()) or "x"


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    source, target, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    queries_path = sys.argv[4] if len(sys.argv) == 5 else None

    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.execute("PRAGMA journal_mode=WAL")

    rng = random.Random(20260520)
    firsts = [r[0] for r in dst.execute(
        "SELECT DISTINCT first_name FROM contacts WHERE first_name IS NOT NULL ORDER BY 1")]
    lasts = [r[0] for r in dst.execute("SELECT DISTINCT last_name FROM contacts ORDER BY 1")]
    places = list(dst.execute("SELECT DISTINCT city, country FROM contacts ORDER BY 1, 2"))
    accounts = [r[0] for r in dst.execute("SELECT id FROM accounts ORDER BY id")]
    answers = {r[0].strip().lower() for r in dst.execute(
        "SELECT answer FROM prechat_answers WHERE answer IS NOT NULL")}
    (existing, max_id) = dst.execute("SELECT count(*), coalesce(max(id), 0) FROM contacts").fetchone()

    rows = []
    next_id = max_id + 1
    while existing + len(rows) < count:
        cid = next_id
        next_id += 1
        first = rng.choice(firsts) if rng.random() < 0.5 else synthetic_name(rng)
        last = rng.choice(lasts) if rng.random() < 0.5 else synthetic_name(rng)
        if f"{first} {last}".lower() in answers or last.lower() in answers:
            continue
        city, country = rng.choice(places)
        account = rng.choice(accounts) if rng.random() < 0.8 else None
        rows.append((
            cid, first, last, "Buyer" if account else None, account,
            f"{ascii_local(first)}.{ascii_local(last)}.{cid}@bench.example",
            f"+1 555 {cid:07d}",
            f"+1 556 {cid:07d}" if account else None,
            city, country, 0 if cid % 20 == 0 else 1,
        ))
    with dst:
        for start in range(0, len(rows), BATCH):
            dst.executemany(
                "INSERT INTO contacts (id, first_name, last_name, job_title, account_id, email,"
                " mobile_phone, business_phone, city, country, active)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows[start:start + BATCH],
            )
    total = dst.execute("SELECT count(*) FROM contacts").fetchone()[0]

    if queries_path:
        # What agents type, taken from the seeded contacts and accounts, so
        # every database of the benchmark answers the same queries: name
        # prefixes of 2, 3 and 4+ characters, full names, e-mail and phone
        # prefixes, account names.
        sample = list(dst.execute(
            "SELECT first_name, last_name, email, mobile_phone FROM contacts"
            " WHERE id <= ? AND first_name IS NOT NULL AND active = 1 ORDER BY id", (max_id,)))
        picked = random.Random(7).sample(sample, 8)
        api = []
        for first, last, email, mobile in picked:
            api += [last[:2], last[:3], last, f"{first} {last}", first[:4], email[:5],
                    "".join(c for c in mobile if c.isdigit())[:6]]
        api += [r[0][:4] for r in dst.execute("SELECT name FROM accounts ORDER BY id LIMIT 4")]
        api = [q for q in api if len(q.strip()) >= 2]
        # The combobox test types two letters: the most common way a search starts.
        ui = sorted({last[:2].lower() for _, last, _, _ in picked
                     if last[:2].isascii() and last[:2].isalpha()})
        with open(queries_path, "w", encoding="utf-8") as out:
            json.dump({"api": api, "ui": ui}, out, ensure_ascii=False, indent=1)

    dst.close()
    print(json.dumps({"database": target, "contacts": total, "added": len(rows)}))


if __name__ == "__main__":
    main()
