#!/usr/bin/env bash
# Copies the contacts of a SQLite search database (bench/contacts.py's,
# once a server has opened it and filled its search keys) into a seeded
# PostgreSQL database, so both backends are measured on the same rows.
#
#   bench/pg_contacts.sh SQLITE.db POSTGRES_URL
set -euo pipefail
sqlite=$1
url=$2
csv=$(mktemp -t cs-contacts.XXXXXX.csv)
trap 'rm -f "$csv"' EXIT
python3 - "$sqlite" >"$csv" <<'PY'
import csv, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
out = csv.writer(sys.stdout)
for row in db.execute(
        "SELECT id, first_name, last_name, full_name_key, last_name_key, job_title, account_id,"
        " email, mobile_phone, business_phone, city, country, active FROM contacts ORDER BY id"):
    out.writerow(["\\N" if v is None else v for v in row])
PY
psql -v ON_ERROR_STOP=1 -q "$url" <<SQL
CREATE TEMP TABLE incoming AS SELECT id, first_name, last_name, full_name_key, last_name_key,
    job_title, account_id, email, mobile_phone, business_phone, city, country, active
    FROM contacts WITH NO DATA;
\copy incoming (id, first_name, last_name, full_name_key, last_name_key, job_title, account_id, email, mobile_phone, business_phone, city, country, active) FROM '$csv' WITH (FORMAT csv, NULL '\N')
INSERT INTO contacts (id, first_name, last_name, full_name_key, last_name_key, job_title,
    account_id, email, mobile_phone, business_phone, city, country, active)
SELECT id, first_name, last_name, full_name_key, last_name_key, job_title, account_id, email,
    mobile_phone, business_phone, city, country, active FROM incoming
ON CONFLICT (id) DO NOTHING;
\o /dev/null
SELECT setval(pg_get_serial_sequence('contacts', 'id'), max(id)) FROM contacts;
ANALYZE;
SQL
