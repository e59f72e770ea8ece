/// The province's tables in PostgreSQL, as numbered migrations that `spotcheck db migrate` runs in
/// order, each once, each in its own transaction (recorded in `spotcheck.migration`).
///
/// Who may see what is the database's business, not only the code's (docs/PROVINCE.md):
/// - everything lives in the schema `spotcheck`, owned by the role that migrates (an administrator);
/// - offices' sessions connect as login roles that are members of `spotcheck_app`, which owns nothing
///   and bypasses nothing;
/// - every office-owned table has row-level security, forced (so that not even its owner is exempt);
/// - the office a session acts for is set per transaction (`set_config('spotcheck.office', …, true)`),
///   and counts only when `spotcheck.office_login` allows that login to act for it: a crafted
///   `set_config` for another office leaves a session seeing nothing at all;
/// - a session reads its own office's rows and those of the offices below it (a city reads its
///   districts); registries (targets) also those of the offices above it (a district sees the city's);
///   draws also those above (a district's draw excludes what the city drew this year, 001 §11);
/// - it writes only its own office's rows, and the audit trail only by appending;
/// - the administrator who migrates owns the tables and has a policy of its own on each (all rows):
///   it adds offices and allows logins, and is the role for `db import`, backups and restores.
enum ProvinceSchema {
    struct Migration {
        let version: Int
        let name: String
        let statements: [String]
    }

    /// Office-owned tables: forced row-level security, the same policies.
    static let officeTables = ["audit", "audit_head", "draw", "drawn_target", "result", "target"]

    static let migrations: [Migration] = [
        Migration(version: 1, name: "offices, registries, draws, results, audit trail", statements: first),
        Migration(version: 2, name: "audit appends and result recordings in the engine", statements: second),
        Migration(version: 3, name: "draws recorded in the engine, one at a time per year, against the draws above", statements: third),
    ]

    /// Creates the application's group role when it does not exist (roles belong to the cluster, not
    /// the database, so a second database on the same server shares it).
    static let appRole = """
        DO $$ BEGIN
          IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'spotcheck_app') THEN
            CREATE ROLE spotcheck_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
          END IF;
        END $$
        """

    static let first: [String] =
        [
            appRole,
            "GRANT USAGE ON SCHEMA spotcheck TO spotcheck_app",
            """
            CREATE TABLE spotcheck.office (
              id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$'),
              name text NOT NULL CHECK (name <> ''),
              parent text REFERENCES spotcheck.office (id),
              level text NOT NULL CHECK (level IN ('省', '市', '区县')),
              fonds text NOT NULL CHECK (fonds <> ''),
              prefix text NOT NULL CHECK (prefix <> ''),
              created_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            // Every office with each office above it and itself (depth 0): what the policies ask.
            """
            CREATE TABLE spotcheck.office_tree (
              ancestor text NOT NULL REFERENCES spotcheck.office (id),
              descendant text NOT NULL REFERENCES spotcheck.office (id),
              depth integer NOT NULL,
              PRIMARY KEY (ancestor, descendant)
            )
            """,
            "CREATE INDEX office_tree_descendant ON spotcheck.office_tree (descendant, ancestor)",
            // Which office each login role acts for: one office per login, so that no session can move from
            // one office to another by a crafted set_config. Not readable by the application.
            """
            CREATE TABLE spotcheck.office_login (
              login name PRIMARY KEY,
              office text NOT NULL REFERENCES spotcheck.office (id)
            )
            """,
            // The office the session acts for: the transaction's setting, when its login may act for it.
            """
            CREATE FUNCTION spotcheck.current_office() RETURNS text
              LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, spotcheck AS $$
                SELECT l.office FROM spotcheck.office_login l
                WHERE l.login = session_user AND l.office = nullif(current_setting('spotcheck.office', true), '')
              $$
            """,
            "REVOKE ALL ON FUNCTION spotcheck.current_office() FROM PUBLIC",
            "GRANT EXECUTE ON FUNCTION spotcheck.current_office() TO spotcheck_app",
            // Offices whose rows the session reads: its own and those below it; for the shared registry and
            // the draws also those above it. Arrays, asked once per query: the policies wrap each call in a
            // subquery (an InitPlan), so a scan of 300,000 rows tests array membership, not a function per row,
            // and an index on `office` still serves `office = ANY (…)`.
            """
            CREATE FUNCTION spotcheck.readable_offices() RETURNS text[]
              LANGUAGE sql STABLE SET search_path = pg_catalog, spotcheck AS $$
                SELECT coalesce(array_agg(t.descendant), '{}') FROM spotcheck.office_tree t WHERE t.ancestor = spotcheck.current_office()
              $$
            """,
            """
            CREATE FUNCTION spotcheck.shared_offices() RETURNS text[]
              LANGUAGE sql STABLE SET search_path = pg_catalog, spotcheck AS $$
                SELECT spotcheck.readable_offices()
                  || coalesce((SELECT array_agg(t.ancestor) FROM spotcheck.office_tree t WHERE t.descendant = spotcheck.current_office()), '{}')
              $$
            """,
            "GRANT SELECT ON spotcheck.office, spotcheck.office_tree TO spotcheck_app",
            """
            CREATE TABLE spotcheck.target (
              office text NOT NULL REFERENCES spotcheck.office (id),
              credit_code text NOT NULL,
              name text NOT NULL,
              type text NOT NULL,
              district text NOT NULL,
              address text NOT NULL,
              legal_representative text NOT NULL,
              risk_grade text NOT NULL,
              blacklisted boolean NOT NULL,
              abnormal boolean NOT NULL,
              dishonest boolean NOT NULL,
              serious_violation boolean NOT NULL,
              status text NOT NULL,
              PRIMARY KEY (office, credit_code)
            )
            """,
            """
            CREATE TABLE spotcheck.draw (
              office text NOT NULL REFERENCES spotcheck.office (id),
              task text NOT NULL,
              year integer NOT NULL,
              seed text NOT NULL,
              record_sha256 text NOT NULL,
              drawn_by text NOT NULL,
              drawn_at timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (office, task)
            )
            """,
            """
            CREATE TABLE spotcheck.drawn_target (
              office text NOT NULL,
              task text NOT NULL,
              year integer NOT NULL,
              credit_code text NOT NULL,
              PRIMARY KEY (office, task, credit_code),
              FOREIGN KEY (office, task) REFERENCES spotcheck.draw (office, task)
            )
            """,
            "CREATE INDEX drawn_target_year ON spotcheck.drawn_target (year, office)",
            """
            CREATE TABLE spotcheck.result (
              office text NOT NULL REFERENCES spotcheck.office (id),
              visit text NOT NULL,
              version integer NOT NULL CHECK (version > 0),
              body text NOT NULL,
              recorded_by text NOT NULL,
              recorded_at timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (office, visit, version)
            )
            """,
            // Each office's own chain (the embedded workspace's format, Store.AuditEntry), and its head:
            // the row every append locks, so that appends from any number of connections queue per office.
            """
            CREATE TABLE spotcheck.audit (
              office text NOT NULL REFERENCES spotcheck.office (id),
              sequence bigint NOT NULL CHECK (sequence > 0),
              at text NOT NULL,
              actor text NOT NULL,
              action text NOT NULL,
              entity text NOT NULL,
              entity_id text NOT NULL,
              before text,
              after text,
              previous_hash text NOT NULL,
              hash text NOT NULL,
              PRIMARY KEY (office, sequence)
            )
            """,
            """
            CREATE TABLE spotcheck.audit_head (
              office text PRIMARY KEY REFERENCES spotcheck.office (id),
              sequence bigint NOT NULL,
              hash text NOT NULL
            )
            """,
            "GRANT SELECT, INSERT, UPDATE, DELETE ON spotcheck.target TO spotcheck_app",
            "GRANT SELECT, INSERT ON spotcheck.draw, spotcheck.drawn_target, spotcheck.result TO spotcheck_app",
            // The trail and its head only through spotcheck.lock_head and spotcheck.append_audit (migration 2).
            "GRANT SELECT ON spotcheck.audit, spotcheck.audit_head TO spotcheck_app",
        ] + officeTables.flatMap(policies)

    /// The trail's head and its appends as the engine's own functions — the application role cannot insert
    /// into `audit` or update `audit_head` itself, so no bug or crafted statement can fork or rewind an
    /// office's chain — and a result recorded in one statement (one round trip instead of eight).
    /// `lock_head` and `append_audit` run as the owner (`SECURITY DEFINER`) and check first that the session
    /// acts for the office; `record_result` runs as the caller, so every policy applies to its row. The
    /// entry's hash is Store.AuditEntry's own (SHA-256 over the fields joined by U+001F, an absent
    /// before/after as U+0000), which `verifyAudit` recomputes in Swift.
    static let second: [String] = [
        // The office's head, locked for the rest of the transaction: how every change of an office starts.
        """
        CREATE FUNCTION spotcheck.lock_head(p_office text) RETURNS TABLE (sequence bigint, hash text)
          LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, spotcheck AS $$
        BEGIN
          IF p_office IS DISTINCT FROM spotcheck.current_office() THEN
            RAISE EXCEPTION 'this session does not act for office %', p_office USING ERRCODE = '42501';
          END IF;
          RETURN QUERY SELECT h.sequence, h.hash FROM spotcheck.audit_head h WHERE h.office = p_office FOR UPDATE;
        END $$
        """,
        // The one way an entry enters the trail: linked to the head, hashed, the head moved, for the session's
        // own office only.
        """
        CREATE FUNCTION spotcheck.append_audit(
          p_office text, p_at text, p_actor text, p_action text, p_entity text, p_entity_id text, p_before text, p_after text
        ) RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, spotcheck AS $$
        DECLARE
          head_sequence bigint;
          head_hash text;
          next_hash text;
        BEGIN
          IF p_office IS DISTINCT FROM spotcheck.current_office() THEN
            RAISE EXCEPTION 'this session does not act for office %', p_office USING ERRCODE = '42501';
          END IF;
          SELECT h.sequence, h.hash INTO head_sequence, head_hash FROM spotcheck.audit_head h WHERE h.office = p_office FOR UPDATE;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'office % has no audit head', p_office USING ERRCODE = '42501';
          END IF;
          next_hash := encode(sha256(
              convert_to(concat_ws(E'\\x1f', (head_sequence + 1)::text, p_at, p_actor, p_action, p_entity, p_entity_id) || E'\\x1f', 'UTF8')
              || coalesce(convert_to(p_before, 'UTF8'), decode('00', 'hex')) || decode('1f', 'hex')
              || coalesce(convert_to(p_after, 'UTF8'), decode('00', 'hex')) || decode('1f', 'hex')
              || convert_to(head_hash, 'UTF8')), 'hex');
          INSERT INTO spotcheck.audit (office, sequence, at, actor, action, entity, entity_id, before, after, previous_hash, hash)
          VALUES (p_office, head_sequence + 1, p_at, p_actor, p_action, p_entity, p_entity_id, p_before, p_after, head_hash, next_hash);
          UPDATE spotcheck.audit_head SET sequence = head_sequence + 1, hash = next_hash WHERE office = p_office;
          RETURN head_sequence + 1;
        END $$
        """,
        """
        CREATE FUNCTION spotcheck.record_result(
          p_office text, p_visit text, p_body text, p_actor text, p_at text, p_first_action text, p_later_action text, p_after text
        ) RETURNS integer LANGUAGE plpgsql SET search_path = pg_catalog, spotcheck AS $$
        DECLARE
          next_version integer;
        BEGIN
          PERFORM set_config('spotcheck.office', p_office, true);
          -- The office's changes take turns: its head first, as every other change of the office.
          PERFORM spotcheck.lock_head(p_office);
          SELECT coalesce(max(version), 0) + 1 INTO next_version FROM spotcheck.result WHERE office = p_office AND visit = p_visit;
          INSERT INTO spotcheck.result (office, visit, version, body, recorded_by) VALUES (p_office, p_visit, next_version, p_body, p_actor);
          PERFORM spotcheck.append_audit(
            p_office, p_at, p_actor, CASE WHEN next_version = 1 THEN p_first_action ELSE p_later_action END, 'result', p_visit, NULL,
            replace(p_after, '"version":0', '"version":' || next_version));
          RETURN next_version;
        END $$
        """,
        "REVOKE ALL ON FUNCTION spotcheck.lock_head(text) FROM PUBLIC",
        "REVOKE ALL ON FUNCTION spotcheck.append_audit(text, text, text, text, text, text, text, text) FROM PUBLIC",
        "REVOKE ALL ON FUNCTION spotcheck.record_result(text, text, text, text, text, text, text, text) FROM PUBLIC",
        "GRANT EXECUTE ON FUNCTION spotcheck.lock_head(text) TO spotcheck_app",
        "GRANT EXECUTE ON FUNCTION spotcheck.append_audit(text, text, text, text, text, text, text, text) TO spotcheck_app",
        "GRANT EXECUTE ON FUNCTION spotcheck.record_result(text, text, text, text, text, text, text, text) TO spotcheck_app",
    ]

    /// A draw recorded by the engine only (the application role can no longer insert into `draw` or
    /// `drawn_target`), so that every draw is checked, whatever client records it: the year's draws are
    /// recorded one at a time in the whole database (a transaction-scoped advisory lock per year) and,
    /// under that lock, the targets drawn are checked against what the offices above drew that year
    /// (001 §11) — a district's draw is made from a read in an earlier transaction, and a city may have
    /// recorded a draw since. `record_draw` returns those targets (`code（office task）`) and writes
    /// nothing when there are any; else it records the draw and returns an empty array.
    static let third: [String] = [
        """
        CREATE FUNCTION spotcheck.record_draw(
          p_office text, p_task text, p_year integer, p_seed text, p_record_sha256 text, p_actor text, p_drawn text[]
        ) RETURNS text[] LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, spotcheck AS $$
        DECLARE
          taken text[];
        BEGIN
          IF p_office IS DISTINCT FROM spotcheck.current_office() THEN
            RAISE EXCEPTION 'this session does not act for office %', p_office USING ERRCODE = '42501';
          END IF;
          PERFORM pg_advisory_xact_lock(hashtext('spotcheck.draw'), p_year);
          SELECT array_agg(d.credit_code || '（' || o.name || ' ' || d.task || '）' ORDER BY d.credit_code, o.name, d.task) INTO taken
          FROM spotcheck.drawn_target d JOIN spotcheck.office o ON o.id = d.office
          WHERE d.year = p_year AND d.credit_code = ANY (p_drawn)
            AND d.office IN (SELECT t.ancestor FROM spotcheck.office_tree t WHERE t.descendant = p_office AND t.depth > 0);
          IF taken IS NOT NULL THEN
            RETURN taken;
          END IF;
          INSERT INTO spotcheck.draw (office, task, year, seed, record_sha256, drawn_by) VALUES (p_office, p_task, p_year, p_seed, p_record_sha256, p_actor);
          INSERT INTO spotcheck.drawn_target (office, task, year, credit_code) SELECT p_office, p_task, p_year, code FROM unnest(p_drawn) AS code;
          RETURN '{}'::text[];
        END $$
        """,
        "REVOKE INSERT, UPDATE, DELETE ON spotcheck.draw, spotcheck.drawn_target FROM spotcheck_app",
        "REVOKE ALL ON FUNCTION spotcheck.record_draw(text, text, integer, text, text, text, text[]) FROM PUBLIC",
        "GRANT EXECUTE ON FUNCTION spotcheck.record_draw(text, text, integer, text, text, text, text[]) TO spotcheck_app",
    ]

    /// Row-level security on one office-owned table: read as the module comment says, write own rows only.
    static func policies(_ table: String) -> [String] {
        let read = "office = ANY ((SELECT spotcheck.\(["target", "draw", "drawn_target"].contains(table) ? "shared" : "readable")_offices())::text[])"
        let own = "office = (SELECT spotcheck.current_office())"
        return [
            "ALTER TABLE spotcheck.\(table) ENABLE ROW LEVEL SECURITY",
            "ALTER TABLE spotcheck.\(table) FORCE ROW LEVEL SECURITY",
            "CREATE POLICY \(table)_read ON spotcheck.\(table) FOR SELECT USING (\(read))",
            "CREATE POLICY \(table)_insert ON spotcheck.\(table) FOR INSERT WITH CHECK (\(own))",
            "CREATE POLICY \(table)_update ON spotcheck.\(table) FOR UPDATE USING (\(own)) WITH CHECK (\(own))",
            "CREATE POLICY \(table)_delete ON spotcheck.\(table) FOR DELETE USING (\(own))",
            // The administrator who migrates (the owner) sees and writes every row — said here, in a policy
            // anyone can read in pg_policies, rather than by the owner's silent exemption that FORCE removes.
            "CREATE POLICY \(table)_owner ON spotcheck.\(table) TO CURRENT_USER USING (true) WITH CHECK (true)",
        ]
    }
}
