"""
The market insight's tallies (jobs/tallies.py): open postings per company, per pay currency
and per skill (postings naming any of a skill's technologies), and countable postings per
day and per technology and day whatever their status (trends); indexes for pay
percentiles and for a role's postings of one day.

- PostgreSQL: the three statement-level functions are replaced (the triggers that call
  them stay).
- SQLite: the row-level triggers are dropped and created again (their UPDATE trigger now
  also watches company, currency, pay and posting date).
- Both: new triggers on a skill's technologies (roles_skill_technologies) recount the
  rows of the skills whose links changed.
Then every tally is recounted.

The SQL below is a FROZEN COPY of what jobs/tallies.py generated when this migration was
written (`postgresql_statements()`, `sqlite_statements()`, `rebuild_statements(vendor)`);
tests/jobs/test_tallies.py checks that the installed triggers equal what jobs/tallies.py
generates today. Migrating back installs 0012's copy again.
"""

from importlib import import_module

from django.db import migrations, models

POSTGRESQL = ['CREATE OR REPLACE FUNCTION jobs_jobposting_tally_statement() RETURNS trigger LANGUAGE plpgsql AS '
 "$$ BEGIN IF TG_OP = 'INSERT' THEN WITH changed AS (SELECT *, 1 AS delta FROM new_rows), deltas "
 "AS (SELECT c.role_id AS role_id, 'seniority' AS dimension, c.seniority AS key, SUM(c.delta) AS n "
 "FROM changed c WHERE c.status = 'open' AND c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL "
 "GROUP BY c.role_id, c.seniority UNION ALL SELECT c.role_id AS role_id, 'remote' AS dimension, '' "
 "AS key, SUM(c.delta) AS n FROM changed c WHERE c.status = 'open' AND c.role_id IS NOT NULL AND "
 "c.duplicate_of_id IS NULL AND c.workplace = 'remote' GROUP BY c.role_id UNION ALL SELECT "
 "c.role_id AS role_id, 'technology' AS dimension, CAST(l.technology_id AS TEXT) AS key, "
 'SUM(c.delta) AS n FROM changed c JOIN jobs_jobposting_technologies l ON l.jobposting_id = c.id '
 "WHERE c.status = 'open' AND c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL GROUP BY "
 "c.role_id, CAST(l.technology_id AS TEXT) UNION ALL SELECT c.role_id AS role_id, 'location' AS "
 'dimension, CAST(l.location_id AS TEXT) AS key, SUM(c.delta) AS n FROM changed c JOIN '
 "jobs_jobposting_locations l ON l.jobposting_id = c.id WHERE c.status = 'open' AND c.role_id IS "
 "NOT NULL AND c.duplicate_of_id IS NULL AND c.workplace <> 'remote' GROUP BY c.role_id, "
 "CAST(l.location_id AS TEXT) UNION ALL SELECT c.role_id AS role_id, 'company' AS dimension, "
 "CAST(c.company_id AS TEXT) AS key, SUM(c.delta) AS n FROM changed c WHERE c.status = 'open' AND "
 'c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL GROUP BY c.role_id, CAST(c.company_id AS '
 "TEXT) UNION ALL SELECT c.role_id AS role_id, 'currency' AS dimension, c.salary_currency AS key, "
 "SUM(c.delta) AS n FROM changed c WHERE c.status = 'open' AND c.role_id IS NOT NULL AND "
 'c.duplicate_of_id IS NULL AND c.pay_yearly IS NOT NULL GROUP BY c.role_id, c.salary_currency '
 "UNION ALL SELECT c.role_id AS role_id, 'skill' AS dimension, CAST(l.skill_id AS TEXT) AS key, "
 'SUM(c.delta) AS n FROM changed c JOIN LATERAL (SELECT DISTINCT st.skill_id FROM '
 'jobs_jobposting_technologies l JOIN roles_skill_technologies st ON st.technology_id = '
 "l.technology_id WHERE l.jobposting_id = c.id) l ON TRUE WHERE c.status = 'open' AND c.role_id IS "
 'NOT NULL AND c.duplicate_of_id IS NULL GROUP BY c.role_id, CAST(l.skill_id AS TEXT) UNION ALL '
 "SELECT c.role_id AS role_id, 'posted' AS dimension, to_char(c.posted_at AT TIME ZONE 'UTC', "
 "'YYYY-MM-DD') AS key, SUM(c.delta) AS n FROM changed c WHERE c.role_id IS NOT NULL AND "
 "c.duplicate_of_id IS NULL GROUP BY c.role_id, to_char(c.posted_at AT TIME ZONE 'UTC', "
 "'YYYY-MM-DD') UNION ALL SELECT c.role_id AS role_id, 'tech_posted' AS dimension, "
 "CAST(l.technology_id AS TEXT) || '|' || to_char(c.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "
 'key, SUM(c.delta) AS n FROM changed c JOIN jobs_jobposting_technologies l ON l.jobposting_id = '
 'c.id WHERE c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL GROUP BY c.role_id, '
 "CAST(l.technology_id AS TEXT) || '|' || to_char(c.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')), "
 'lowered AS (UPDATE jobs_postingtally t SET count = t.count + d.n FROM deltas d WHERE d.n < 0 AND '
 't.role_id = d.role_id AND t.dimension = d.dimension AND t.key = d.key) INSERT INTO '
 'jobs_postingtally (role_id, dimension, key, count) SELECT role_id, dimension, key, n FROM deltas '
 'WHERE n > 0 ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = jobs_postingtally.count '
 "+ EXCLUDED.count; ELSIF TG_OP = 'DELETE' THEN WITH changed AS (SELECT *, -1 AS delta FROM "
 "old_rows), deltas AS (SELECT c.role_id AS role_id, 'seniority' AS dimension, c.seniority AS key, "
 "SUM(c.delta) AS n FROM changed c WHERE c.status = 'open' AND c.role_id IS NOT NULL AND "
 'c.duplicate_of_id IS NULL GROUP BY c.role_id, c.seniority UNION ALL SELECT c.role_id AS role_id, '
 "'remote' AS dimension, '' AS key, SUM(c.delta) AS n FROM changed c WHERE c.status = 'open' AND "
 "c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL AND c.workplace = 'remote' GROUP BY "
 "c.role_id UNION ALL SELECT c.role_id AS role_id, 'technology' AS dimension, CAST(l.technology_id "
 'AS TEXT) AS key, SUM(c.delta) AS n FROM changed c JOIN jobs_jobposting_technologies l ON '
 "l.jobposting_id = c.id WHERE c.status = 'open' AND c.role_id IS NOT NULL AND c.duplicate_of_id "
 'IS NULL GROUP BY c.role_id, CAST(l.technology_id AS TEXT) UNION ALL SELECT c.role_id AS role_id, '
 "'location' AS dimension, CAST(l.location_id AS TEXT) AS key, SUM(c.delta) AS n FROM changed c "
 "JOIN jobs_jobposting_locations l ON l.jobposting_id = c.id WHERE c.status = 'open' AND c.role_id "
 "IS NOT NULL AND c.duplicate_of_id IS NULL AND c.workplace <> 'remote' GROUP BY c.role_id, "
 "CAST(l.location_id AS TEXT) UNION ALL SELECT c.role_id AS role_id, 'company' AS dimension, "
 "CAST(c.company_id AS TEXT) AS key, SUM(c.delta) AS n FROM changed c WHERE c.status = 'open' AND "
 'c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL GROUP BY c.role_id, CAST(c.company_id AS '
 "TEXT) UNION ALL SELECT c.role_id AS role_id, 'currency' AS dimension, c.salary_currency AS key, "
 "SUM(c.delta) AS n FROM changed c WHERE c.status = 'open' AND c.role_id IS NOT NULL AND "
 'c.duplicate_of_id IS NULL AND c.pay_yearly IS NOT NULL GROUP BY c.role_id, c.salary_currency '
 "UNION ALL SELECT c.role_id AS role_id, 'skill' AS dimension, CAST(l.skill_id AS TEXT) AS key, "
 'SUM(c.delta) AS n FROM changed c JOIN LATERAL (SELECT DISTINCT st.skill_id FROM '
 'jobs_jobposting_technologies l JOIN roles_skill_technologies st ON st.technology_id = '
 "l.technology_id WHERE l.jobposting_id = c.id) l ON TRUE WHERE c.status = 'open' AND c.role_id IS "
 'NOT NULL AND c.duplicate_of_id IS NULL GROUP BY c.role_id, CAST(l.skill_id AS TEXT) UNION ALL '
 "SELECT c.role_id AS role_id, 'posted' AS dimension, to_char(c.posted_at AT TIME ZONE 'UTC', "
 "'YYYY-MM-DD') AS key, SUM(c.delta) AS n FROM changed c WHERE c.role_id IS NOT NULL AND "
 "c.duplicate_of_id IS NULL GROUP BY c.role_id, to_char(c.posted_at AT TIME ZONE 'UTC', "
 "'YYYY-MM-DD') UNION ALL SELECT c.role_id AS role_id, 'tech_posted' AS dimension, "
 "CAST(l.technology_id AS TEXT) || '|' || to_char(c.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS "
 'key, SUM(c.delta) AS n FROM changed c JOIN jobs_jobposting_technologies l ON l.jobposting_id = '
 'c.id WHERE c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL GROUP BY c.role_id, '
 "CAST(l.technology_id AS TEXT) || '|' || to_char(c.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')), "
 'lowered AS (UPDATE jobs_postingtally t SET count = t.count + d.n FROM deltas d WHERE d.n < 0 AND '
 't.role_id = d.role_id AND t.dimension = d.dimension AND t.key = d.key) INSERT INTO '
 'jobs_postingtally (role_id, dimension, key, count) SELECT role_id, dimension, key, n FROM deltas '
 'WHERE n > 0 ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = jobs_postingtally.count '
 "+ EXCLUDED.count; ELSIF TG_OP = 'UPDATE' THEN WITH changed AS (SELECT *, -1 AS delta FROM "
 'old_rows UNION ALL SELECT *, 1 FROM new_rows), deltas AS (SELECT c.role_id AS role_id, '
 "'seniority' AS dimension, c.seniority AS key, SUM(c.delta) AS n FROM changed c WHERE c.status = "
 "'open' AND c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL GROUP BY c.role_id, c.seniority "
 "UNION ALL SELECT c.role_id AS role_id, 'remote' AS dimension, '' AS key, SUM(c.delta) AS n FROM "
 "changed c WHERE c.status = 'open' AND c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL AND "
 "c.workplace = 'remote' GROUP BY c.role_id UNION ALL SELECT c.role_id AS role_id, 'technology' AS "
 'dimension, CAST(l.technology_id AS TEXT) AS key, SUM(c.delta) AS n FROM changed c JOIN '
 "jobs_jobposting_technologies l ON l.jobposting_id = c.id WHERE c.status = 'open' AND c.role_id "
 'IS NOT NULL AND c.duplicate_of_id IS NULL GROUP BY c.role_id, CAST(l.technology_id AS TEXT) '
 "UNION ALL SELECT c.role_id AS role_id, 'location' AS dimension, CAST(l.location_id AS TEXT) AS "
 'key, SUM(c.delta) AS n FROM changed c JOIN jobs_jobposting_locations l ON l.jobposting_id = c.id '
 "WHERE c.status = 'open' AND c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL AND c.workplace "
 "<> 'remote' GROUP BY c.role_id, CAST(l.location_id AS TEXT) UNION ALL SELECT c.role_id AS "
 "role_id, 'company' AS dimension, CAST(c.company_id AS TEXT) AS key, SUM(c.delta) AS n FROM "
 "changed c WHERE c.status = 'open' AND c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL GROUP "
 "BY c.role_id, CAST(c.company_id AS TEXT) UNION ALL SELECT c.role_id AS role_id, 'currency' AS "
 "dimension, c.salary_currency AS key, SUM(c.delta) AS n FROM changed c WHERE c.status = 'open' "
 'AND c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL AND c.pay_yearly IS NOT NULL GROUP BY '
 "c.role_id, c.salary_currency UNION ALL SELECT c.role_id AS role_id, 'skill' AS dimension, "
 'CAST(l.skill_id AS TEXT) AS key, SUM(c.delta) AS n FROM changed c JOIN LATERAL (SELECT DISTINCT '
 'st.skill_id FROM jobs_jobposting_technologies l JOIN roles_skill_technologies st ON '
 'st.technology_id = l.technology_id WHERE l.jobposting_id = c.id) l ON TRUE WHERE c.status = '
 "'open' AND c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL GROUP BY c.role_id, "
 "CAST(l.skill_id AS TEXT) UNION ALL SELECT c.role_id AS role_id, 'posted' AS dimension, "
 "to_char(c.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS key, SUM(c.delta) AS n FROM changed c "
 'WHERE c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL GROUP BY c.role_id, '
 "to_char(c.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') UNION ALL SELECT c.role_id AS role_id, "
 "'tech_posted' AS dimension, CAST(l.technology_id AS TEXT) || '|' || to_char(c.posted_at AT TIME "
 "ZONE 'UTC', 'YYYY-MM-DD') AS key, SUM(c.delta) AS n FROM changed c JOIN "
 'jobs_jobposting_technologies l ON l.jobposting_id = c.id WHERE c.role_id IS NOT NULL AND '
 "c.duplicate_of_id IS NULL GROUP BY c.role_id, CAST(l.technology_id AS TEXT) || '|' || "
 "to_char(c.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')), lowered AS (UPDATE jobs_postingtally t "
 'SET count = t.count + d.n FROM deltas d WHERE d.n < 0 AND t.role_id = d.role_id AND t.dimension '
 '= d.dimension AND t.key = d.key) INSERT INTO jobs_postingtally (role_id, dimension, key, count) '
 'SELECT role_id, dimension, key, n FROM deltas WHERE n > 0 ON CONFLICT (role_id, dimension, key) '
 'DO UPDATE SET count = jobs_postingtally.count + EXCLUDED.count; END IF; RETURN NULL; END $$;',
 'CREATE TRIGGER jobs_jobposting_tally_insert AFTER INSERT ON jobs_jobposting REFERENCING NEW '
 'TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION jobs_jobposting_tally_statement();',
 'CREATE TRIGGER jobs_jobposting_tally_delete AFTER DELETE ON jobs_jobposting REFERENCING OLD '
 'TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION jobs_jobposting_tally_statement();',
 'CREATE TRIGGER jobs_jobposting_tally_update AFTER UPDATE ON jobs_jobposting REFERENCING OLD '
 'TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'jobs_jobposting_tally_statement();',
 'CREATE OR REPLACE FUNCTION jobs_jobposting_technologies_tally_statement() RETURNS trigger '
 "LANGUAGE plpgsql AS $$ BEGIN IF TG_OP = 'INSERT' THEN WITH changed AS (SELECT *, 1 AS delta FROM "
 "new_rows), deltas AS (SELECT p.role_id AS role_id, 'technology' AS dimension, "
 'CAST(c.technology_id AS TEXT) AS key, SUM(c.delta) AS n FROM changed c JOIN jobs_jobposting p ON '
 "p.id = c.jobposting_id WHERE p.status = 'open' AND p.role_id IS NOT NULL AND p.duplicate_of_id "
 'IS NULL GROUP BY p.role_id, CAST(c.technology_id AS TEXT) UNION ALL SELECT p.role_id AS role_id, '
 "'skill' AS dimension, CAST(p.skill_id AS TEXT) AS key, SUM(p.d) AS n FROM (SELECT a.role_id, "
 'a.status, a.duplicate_of_id, a.skill_id, (CASE WHEN a.after > 0 THEN 1 ELSE 0 END) - (CASE WHEN '
 'a.after - a.net > 0 THEN 1 ELSE 0 END) AS d FROM (SELECT p.role_id, p.status, p.duplicate_of_id, '
 'st.skill_id, SUM(c.delta) AS net, (SELECT COUNT(*) FROM jobs_jobposting_technologies l2 JOIN '
 'roles_skill_technologies s2 ON s2.technology_id = l2.technology_id WHERE l2.jobposting_id = '
 'c.jobposting_id AND s2.skill_id = st.skill_id) AS after FROM changed c JOIN '
 'roles_skill_technologies st ON st.technology_id = c.technology_id JOIN jobs_jobposting p ON p.id '
 '= c.jobposting_id GROUP BY c.jobposting_id, st.skill_id, p.role_id, p.status, p.duplicate_of_id) '
 "a) p WHERE p.status = 'open' AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL GROUP BY "
 "p.role_id, CAST(p.skill_id AS TEXT) UNION ALL SELECT p.role_id AS role_id, 'tech_posted' AS "
 "dimension, CAST(c.technology_id AS TEXT) || '|' || to_char(p.posted_at AT TIME ZONE 'UTC', "
 "'YYYY-MM-DD') AS key, SUM(c.delta) AS n FROM changed c JOIN jobs_jobposting p ON p.id = "
 'c.jobposting_id WHERE p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL GROUP BY p.role_id, '
 "CAST(c.technology_id AS TEXT) || '|' || to_char(p.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')), "
 'lowered AS (UPDATE jobs_postingtally t SET count = t.count + d.n FROM deltas d WHERE d.n < 0 AND '
 't.role_id = d.role_id AND t.dimension = d.dimension AND t.key = d.key) INSERT INTO '
 'jobs_postingtally (role_id, dimension, key, count) SELECT role_id, dimension, key, n FROM deltas '
 'WHERE n > 0 ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = jobs_postingtally.count '
 "+ EXCLUDED.count; ELSIF TG_OP = 'DELETE' THEN WITH changed AS (SELECT *, -1 AS delta FROM "
 "old_rows), deltas AS (SELECT p.role_id AS role_id, 'technology' AS dimension, "
 'CAST(c.technology_id AS TEXT) AS key, SUM(c.delta) AS n FROM changed c JOIN jobs_jobposting p ON '
 "p.id = c.jobposting_id WHERE p.status = 'open' AND p.role_id IS NOT NULL AND p.duplicate_of_id "
 'IS NULL GROUP BY p.role_id, CAST(c.technology_id AS TEXT) UNION ALL SELECT p.role_id AS role_id, '
 "'skill' AS dimension, CAST(p.skill_id AS TEXT) AS key, SUM(p.d) AS n FROM (SELECT a.role_id, "
 'a.status, a.duplicate_of_id, a.skill_id, (CASE WHEN a.after > 0 THEN 1 ELSE 0 END) - (CASE WHEN '
 'a.after - a.net > 0 THEN 1 ELSE 0 END) AS d FROM (SELECT p.role_id, p.status, p.duplicate_of_id, '
 'st.skill_id, SUM(c.delta) AS net, (SELECT COUNT(*) FROM jobs_jobposting_technologies l2 JOIN '
 'roles_skill_technologies s2 ON s2.technology_id = l2.technology_id WHERE l2.jobposting_id = '
 'c.jobposting_id AND s2.skill_id = st.skill_id) AS after FROM changed c JOIN '
 'roles_skill_technologies st ON st.technology_id = c.technology_id JOIN jobs_jobposting p ON p.id '
 '= c.jobposting_id GROUP BY c.jobposting_id, st.skill_id, p.role_id, p.status, p.duplicate_of_id) '
 "a) p WHERE p.status = 'open' AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL GROUP BY "
 "p.role_id, CAST(p.skill_id AS TEXT) UNION ALL SELECT p.role_id AS role_id, 'tech_posted' AS "
 "dimension, CAST(c.technology_id AS TEXT) || '|' || to_char(p.posted_at AT TIME ZONE 'UTC', "
 "'YYYY-MM-DD') AS key, SUM(c.delta) AS n FROM changed c JOIN jobs_jobposting p ON p.id = "
 'c.jobposting_id WHERE p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL GROUP BY p.role_id, '
 "CAST(c.technology_id AS TEXT) || '|' || to_char(p.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')), "
 'lowered AS (UPDATE jobs_postingtally t SET count = t.count + d.n FROM deltas d WHERE d.n < 0 AND '
 't.role_id = d.role_id AND t.dimension = d.dimension AND t.key = d.key) INSERT INTO '
 'jobs_postingtally (role_id, dimension, key, count) SELECT role_id, dimension, key, n FROM deltas '
 'WHERE n > 0 ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = jobs_postingtally.count '
 "+ EXCLUDED.count; ELSIF TG_OP = 'UPDATE' THEN WITH changed AS (SELECT *, -1 AS delta FROM "
 'old_rows UNION ALL SELECT *, 1 FROM new_rows), deltas AS (SELECT p.role_id AS role_id, '
 "'technology' AS dimension, CAST(c.technology_id AS TEXT) AS key, SUM(c.delta) AS n FROM changed "
 "c JOIN jobs_jobposting p ON p.id = c.jobposting_id WHERE p.status = 'open' AND p.role_id IS NOT "
 'NULL AND p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(c.technology_id AS TEXT) UNION ALL '
 "SELECT p.role_id AS role_id, 'skill' AS dimension, CAST(p.skill_id AS TEXT) AS key, SUM(p.d) AS "
 'n FROM (SELECT a.role_id, a.status, a.duplicate_of_id, a.skill_id, (CASE WHEN a.after > 0 THEN 1 '
 'ELSE 0 END) - (CASE WHEN a.after - a.net > 0 THEN 1 ELSE 0 END) AS d FROM (SELECT p.role_id, '
 'p.status, p.duplicate_of_id, st.skill_id, SUM(c.delta) AS net, (SELECT COUNT(*) FROM '
 'jobs_jobposting_technologies l2 JOIN roles_skill_technologies s2 ON s2.technology_id = '
 'l2.technology_id WHERE l2.jobposting_id = c.jobposting_id AND s2.skill_id = st.skill_id) AS '
 'after FROM changed c JOIN roles_skill_technologies st ON st.technology_id = c.technology_id JOIN '
 'jobs_jobposting p ON p.id = c.jobposting_id GROUP BY c.jobposting_id, st.skill_id, p.role_id, '
 "p.status, p.duplicate_of_id) a) p WHERE p.status = 'open' AND p.role_id IS NOT NULL AND "
 'p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(p.skill_id AS TEXT) UNION ALL SELECT '
 "p.role_id AS role_id, 'tech_posted' AS dimension, CAST(c.technology_id AS TEXT) || '|' || "
 "to_char(p.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS key, SUM(c.delta) AS n FROM changed c "
 'JOIN jobs_jobposting p ON p.id = c.jobposting_id WHERE p.role_id IS NOT NULL AND '
 "p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(c.technology_id AS TEXT) || '|' || "
 "to_char(p.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')), lowered AS (UPDATE jobs_postingtally t "
 'SET count = t.count + d.n FROM deltas d WHERE d.n < 0 AND t.role_id = d.role_id AND t.dimension '
 '= d.dimension AND t.key = d.key) INSERT INTO jobs_postingtally (role_id, dimension, key, count) '
 'SELECT role_id, dimension, key, n FROM deltas WHERE n > 0 ON CONFLICT (role_id, dimension, key) '
 'DO UPDATE SET count = jobs_postingtally.count + EXCLUDED.count; END IF; RETURN NULL; END $$;',
 'CREATE TRIGGER jobs_jobposting_technologies_tally_insert AFTER INSERT ON '
 'jobs_jobposting_technologies REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE '
 'FUNCTION jobs_jobposting_technologies_tally_statement();',
 'CREATE TRIGGER jobs_jobposting_technologies_tally_delete AFTER DELETE ON '
 'jobs_jobposting_technologies REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE '
 'FUNCTION jobs_jobposting_technologies_tally_statement();',
 'CREATE TRIGGER jobs_jobposting_technologies_tally_update AFTER UPDATE ON '
 'jobs_jobposting_technologies REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH '
 'STATEMENT EXECUTE FUNCTION jobs_jobposting_technologies_tally_statement();',
 'CREATE OR REPLACE FUNCTION jobs_jobposting_locations_tally_statement() RETURNS trigger LANGUAGE '
 "plpgsql AS $$ BEGIN IF TG_OP = 'INSERT' THEN WITH changed AS (SELECT *, 1 AS delta FROM "
 "new_rows), deltas AS (SELECT p.role_id AS role_id, 'location' AS dimension, CAST(c.location_id "
 'AS TEXT) AS key, SUM(c.delta) AS n FROM changed c JOIN jobs_jobposting p ON p.id = '
 "c.jobposting_id WHERE p.status = 'open' AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL "
 "AND p.workplace <> 'remote' GROUP BY p.role_id, CAST(c.location_id AS TEXT)), lowered AS (UPDATE "
 'jobs_postingtally t SET count = t.count + d.n FROM deltas d WHERE d.n < 0 AND t.role_id = '
 'd.role_id AND t.dimension = d.dimension AND t.key = d.key) INSERT INTO jobs_postingtally '
 '(role_id, dimension, key, count) SELECT role_id, dimension, key, n FROM deltas WHERE n > 0 ON '
 'CONFLICT (role_id, dimension, key) DO UPDATE SET count = jobs_postingtally.count + '
 "EXCLUDED.count; ELSIF TG_OP = 'DELETE' THEN WITH changed AS (SELECT *, -1 AS delta FROM "
 "old_rows), deltas AS (SELECT p.role_id AS role_id, 'location' AS dimension, CAST(c.location_id "
 'AS TEXT) AS key, SUM(c.delta) AS n FROM changed c JOIN jobs_jobposting p ON p.id = '
 "c.jobposting_id WHERE p.status = 'open' AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL "
 "AND p.workplace <> 'remote' GROUP BY p.role_id, CAST(c.location_id AS TEXT)), lowered AS (UPDATE "
 'jobs_postingtally t SET count = t.count + d.n FROM deltas d WHERE d.n < 0 AND t.role_id = '
 'd.role_id AND t.dimension = d.dimension AND t.key = d.key) INSERT INTO jobs_postingtally '
 '(role_id, dimension, key, count) SELECT role_id, dimension, key, n FROM deltas WHERE n > 0 ON '
 'CONFLICT (role_id, dimension, key) DO UPDATE SET count = jobs_postingtally.count + '
 "EXCLUDED.count; ELSIF TG_OP = 'UPDATE' THEN WITH changed AS (SELECT *, -1 AS delta FROM old_rows "
 "UNION ALL SELECT *, 1 FROM new_rows), deltas AS (SELECT p.role_id AS role_id, 'location' AS "
 'dimension, CAST(c.location_id AS TEXT) AS key, SUM(c.delta) AS n FROM changed c JOIN '
 "jobs_jobposting p ON p.id = c.jobposting_id WHERE p.status = 'open' AND p.role_id IS NOT NULL "
 "AND p.duplicate_of_id IS NULL AND p.workplace <> 'remote' GROUP BY p.role_id, CAST(c.location_id "
 'AS TEXT)), lowered AS (UPDATE jobs_postingtally t SET count = t.count + d.n FROM deltas d WHERE '
 'd.n < 0 AND t.role_id = d.role_id AND t.dimension = d.dimension AND t.key = d.key) INSERT INTO '
 'jobs_postingtally (role_id, dimension, key, count) SELECT role_id, dimension, key, n FROM deltas '
 'WHERE n > 0 ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = jobs_postingtally.count '
 '+ EXCLUDED.count; END IF; RETURN NULL; END $$;',
 'CREATE TRIGGER jobs_jobposting_locations_tally_insert AFTER INSERT ON jobs_jobposting_locations '
 'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'jobs_jobposting_locations_tally_statement();',
 'CREATE TRIGGER jobs_jobposting_locations_tally_delete AFTER DELETE ON jobs_jobposting_locations '
 'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'jobs_jobposting_locations_tally_statement();',
 'CREATE TRIGGER jobs_jobposting_locations_tally_update AFTER UPDATE ON jobs_jobposting_locations '
 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'jobs_jobposting_locations_tally_statement();',
 'CREATE OR REPLACE FUNCTION roles_skill_technologies_tally_statement() RETURNS trigger LANGUAGE '
 "plpgsql AS $$ BEGIN IF TG_OP = 'INSERT' THEN DELETE FROM jobs_postingtally WHERE dimension = "
 "'skill' AND key IN (SELECT CAST(s.skill_id AS TEXT) FROM (SELECT skill_id FROM new_rows) s); "
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'skill', "
 'CAST(l.skill_id AS TEXT), COUNT(*) FROM jobs_jobposting p JOIN (SELECT DISTINCT l.jobposting_id, '
 'st.skill_id FROM jobs_jobposting_technologies l JOIN roles_skill_technologies st ON '
 'st.technology_id = l.technology_id WHERE st.skill_id IN (SELECT skill_id FROM (SELECT skill_id '
 "FROM new_rows) s)) l ON l.jobposting_id = p.id WHERE p.status = 'open' AND p.role_id IS NOT NULL "
 'AND p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(l.skill_id AS TEXT); ELSIF TG_OP = '
 "'DELETE' THEN DELETE FROM jobs_postingtally WHERE dimension = 'skill' AND key IN (SELECT "
 'CAST(s.skill_id AS TEXT) FROM (SELECT skill_id FROM old_rows) s); INSERT INTO jobs_postingtally '
 "(role_id, dimension, key, count) SELECT p.role_id, 'skill', CAST(l.skill_id AS TEXT), COUNT(*) "
 'FROM jobs_jobposting p JOIN (SELECT DISTINCT l.jobposting_id, st.skill_id FROM '
 'jobs_jobposting_technologies l JOIN roles_skill_technologies st ON st.technology_id = '
 'l.technology_id WHERE st.skill_id IN (SELECT skill_id FROM (SELECT skill_id FROM old_rows) s)) l '
 "ON l.jobposting_id = p.id WHERE p.status = 'open' AND p.role_id IS NOT NULL AND "
 "p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(l.skill_id AS TEXT); ELSIF TG_OP = 'UPDATE' "
 "THEN DELETE FROM jobs_postingtally WHERE dimension = 'skill' AND key IN (SELECT CAST(s.skill_id "
 'AS TEXT) FROM (SELECT skill_id FROM old_rows UNION SELECT skill_id FROM new_rows) s); INSERT '
 "INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'skill', "
 'CAST(l.skill_id AS TEXT), COUNT(*) FROM jobs_jobposting p JOIN (SELECT DISTINCT l.jobposting_id, '
 'st.skill_id FROM jobs_jobposting_technologies l JOIN roles_skill_technologies st ON '
 'st.technology_id = l.technology_id WHERE st.skill_id IN (SELECT skill_id FROM (SELECT skill_id '
 'FROM old_rows UNION SELECT skill_id FROM new_rows) s)) l ON l.jobposting_id = p.id WHERE '
 "p.status = 'open' AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL GROUP BY p.role_id, "
 'CAST(l.skill_id AS TEXT); END IF; RETURN NULL; END $$;',
 'CREATE TRIGGER roles_skill_technologies_tally_insert AFTER INSERT ON roles_skill_technologies '
 'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'roles_skill_technologies_tally_statement();',
 'CREATE TRIGGER roles_skill_technologies_tally_delete AFTER DELETE ON roles_skill_technologies '
 'REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'roles_skill_technologies_tally_statement();',
 'CREATE TRIGGER roles_skill_technologies_tally_update AFTER UPDATE ON roles_skill_technologies '
 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION '
 'roles_skill_technologies_tally_statement();']

SQLITE = ['CREATE TRIGGER jobs_jobposting_tally_insert AFTER INSERT ON jobs_jobposting BEGIN INSERT INTO '
 "jobs_postingtally (role_id, dimension, key, count) SELECT NEW.role_id, 'seniority', "
 "NEW.seniority, 1 WHERE NEW.status = 'open' AND NEW.role_id IS NOT NULL AND NEW.duplicate_of_id "
 'IS NULL ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + excluded.count; '
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT NEW.role_id, 'remote', '', "
 "1 WHERE NEW.status = 'open' AND NEW.role_id IS NOT NULL AND NEW.duplicate_of_id IS NULL AND "
 "NEW.workplace = 'remote' ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + "
 'excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT '
 "NEW.role_id, 'technology', CAST(l.technology_id AS TEXT), 1 FROM jobs_jobposting_technologies l "
 "WHERE l.jobposting_id = NEW.id AND NEW.status = 'open' AND NEW.role_id IS NOT NULL AND "
 'NEW.duplicate_of_id IS NULL ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + '
 'excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT '
 "NEW.role_id, 'location', CAST(l.location_id AS TEXT), 1 FROM jobs_jobposting_locations l WHERE "
 "l.jobposting_id = NEW.id AND NEW.status = 'open' AND NEW.role_id IS NOT NULL AND "
 "NEW.duplicate_of_id IS NULL AND NEW.workplace <> 'remote' ON CONFLICT (role_id, dimension, key) "
 'DO UPDATE SET count = count + excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, '
 "key, count) SELECT NEW.role_id, 'company', CAST(NEW.company_id AS TEXT), 1 WHERE NEW.status = "
 "'open' AND NEW.role_id IS NOT NULL AND NEW.duplicate_of_id IS NULL ON CONFLICT (role_id, "
 'dimension, key) DO UPDATE SET count = count + excluded.count; INSERT INTO jobs_postingtally '
 "(role_id, dimension, key, count) SELECT NEW.role_id, 'currency', NEW.salary_currency, 1 WHERE "
 "NEW.status = 'open' AND NEW.role_id IS NOT NULL AND NEW.duplicate_of_id IS NULL AND "
 'NEW.pay_yearly IS NOT NULL ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + '
 'excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT '
 "NEW.role_id, 'skill', CAST(l.skill_id AS TEXT), 1 FROM (SELECT DISTINCT st.skill_id FROM "
 'jobs_jobposting_technologies l JOIN roles_skill_technologies st ON st.technology_id = '
 "l.technology_id WHERE l.jobposting_id = NEW.id) l WHERE 1 = 1 AND NEW.status = 'open' AND "
 'NEW.role_id IS NOT NULL AND NEW.duplicate_of_id IS NULL ON CONFLICT (role_id, dimension, key) DO '
 'UPDATE SET count = count + excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, '
 "key, count) SELECT NEW.role_id, 'posted', substr(NEW.posted_at, 1, 10), 1 WHERE NEW.role_id IS "
 'NOT NULL AND NEW.duplicate_of_id IS NULL ON CONFLICT (role_id, dimension, key) DO UPDATE SET '
 'count = count + excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, key, count) '
 "SELECT NEW.role_id, 'tech_posted', CAST(l.technology_id AS TEXT) || '|' || substr(NEW.posted_at, "
 '1, 10), 1 FROM jobs_jobposting_technologies l WHERE l.jobposting_id = NEW.id AND NEW.role_id IS '
 'NOT NULL AND NEW.duplicate_of_id IS NULL ON CONFLICT (role_id, dimension, key) DO UPDATE SET '
 'count = count + excluded.count; END',
 'CREATE TRIGGER jobs_jobposting_tally_delete AFTER DELETE ON jobs_jobposting BEGIN UPDATE '
 "jobs_postingtally SET count = count - 1 WHERE role_id = OLD.role_id AND dimension = 'seniority' "
 "AND key = OLD.seniority AND OLD.status = 'open' AND OLD.role_id IS NOT NULL AND "
 'OLD.duplicate_of_id IS NULL; UPDATE jobs_postingtally SET count = count - 1 WHERE role_id = '
 "OLD.role_id AND dimension = 'remote' AND key = '' AND OLD.status = 'open' AND OLD.role_id IS NOT "
 "NULL AND OLD.duplicate_of_id IS NULL AND OLD.workplace = 'remote'; UPDATE jobs_postingtally SET "
 "count = count - 1 WHERE role_id = OLD.role_id AND dimension = 'technology' AND key IN (SELECT "
 'CAST(l.technology_id AS TEXT) FROM jobs_jobposting_technologies l WHERE l.jobposting_id = '
 "OLD.id) AND OLD.status = 'open' AND OLD.role_id IS NOT NULL AND OLD.duplicate_of_id IS NULL; "
 'UPDATE jobs_postingtally SET count = count - 1 WHERE role_id = OLD.role_id AND dimension = '
 "'location' AND key IN (SELECT CAST(l.location_id AS TEXT) FROM jobs_jobposting_locations l WHERE "
 "l.jobposting_id = OLD.id) AND OLD.status = 'open' AND OLD.role_id IS NOT NULL AND "
 "OLD.duplicate_of_id IS NULL AND OLD.workplace <> 'remote'; UPDATE jobs_postingtally SET count = "
 "count - 1 WHERE role_id = OLD.role_id AND dimension = 'company' AND key = CAST(OLD.company_id AS "
 "TEXT) AND OLD.status = 'open' AND OLD.role_id IS NOT NULL AND OLD.duplicate_of_id IS NULL; "
 'UPDATE jobs_postingtally SET count = count - 1 WHERE role_id = OLD.role_id AND dimension = '
 "'currency' AND key = OLD.salary_currency AND OLD.status = 'open' AND OLD.role_id IS NOT NULL AND "
 'OLD.duplicate_of_id IS NULL AND OLD.pay_yearly IS NOT NULL; UPDATE jobs_postingtally SET count = '
 "count - 1 WHERE role_id = OLD.role_id AND dimension = 'skill' AND key IN (SELECT CAST(l.skill_id "
 'AS TEXT) FROM (SELECT DISTINCT st.skill_id FROM jobs_jobposting_technologies l JOIN '
 'roles_skill_technologies st ON st.technology_id = l.technology_id WHERE l.jobposting_id = '
 "OLD.id) l WHERE 1 = 1) AND OLD.status = 'open' AND OLD.role_id IS NOT NULL AND "
 'OLD.duplicate_of_id IS NULL; UPDATE jobs_postingtally SET count = count - 1 WHERE role_id = '
 "OLD.role_id AND dimension = 'posted' AND key = substr(OLD.posted_at, 1, 10) AND OLD.role_id IS "
 'NOT NULL AND OLD.duplicate_of_id IS NULL; UPDATE jobs_postingtally SET count = count - 1 WHERE '
 "role_id = OLD.role_id AND dimension = 'tech_posted' AND key IN (SELECT CAST(l.technology_id AS "
 "TEXT) || '|' || substr(OLD.posted_at, 1, 10) FROM jobs_jobposting_technologies l WHERE "
 'l.jobposting_id = OLD.id) AND OLD.role_id IS NOT NULL AND OLD.duplicate_of_id IS NULL; END',
 'CREATE TRIGGER jobs_jobposting_tally_update AFTER UPDATE ON jobs_jobposting WHEN OLD.status IS '
 'NOT NEW.status OR OLD.role_id IS NOT NEW.role_id OR OLD.duplicate_of_id IS NOT '
 'NEW.duplicate_of_id OR OLD.seniority IS NOT NEW.seniority OR OLD.workplace IS NOT NEW.workplace '
 'OR OLD.company_id IS NOT NEW.company_id OR OLD.salary_currency IS NOT NEW.salary_currency OR '
 'OLD.pay_yearly IS NOT NEW.pay_yearly OR OLD.posted_at IS NOT NEW.posted_at BEGIN UPDATE '
 "jobs_postingtally SET count = count - 1 WHERE role_id = OLD.role_id AND dimension = 'seniority' "
 "AND key = OLD.seniority AND OLD.status = 'open' AND OLD.role_id IS NOT NULL AND "
 'OLD.duplicate_of_id IS NULL; UPDATE jobs_postingtally SET count = count - 1 WHERE role_id = '
 "OLD.role_id AND dimension = 'remote' AND key = '' AND OLD.status = 'open' AND OLD.role_id IS NOT "
 "NULL AND OLD.duplicate_of_id IS NULL AND OLD.workplace = 'remote'; UPDATE jobs_postingtally SET "
 "count = count - 1 WHERE role_id = OLD.role_id AND dimension = 'technology' AND key IN (SELECT "
 'CAST(l.technology_id AS TEXT) FROM jobs_jobposting_technologies l WHERE l.jobposting_id = '
 "OLD.id) AND OLD.status = 'open' AND OLD.role_id IS NOT NULL AND OLD.duplicate_of_id IS NULL; "
 'UPDATE jobs_postingtally SET count = count - 1 WHERE role_id = OLD.role_id AND dimension = '
 "'location' AND key IN (SELECT CAST(l.location_id AS TEXT) FROM jobs_jobposting_locations l WHERE "
 "l.jobposting_id = OLD.id) AND OLD.status = 'open' AND OLD.role_id IS NOT NULL AND "
 "OLD.duplicate_of_id IS NULL AND OLD.workplace <> 'remote'; UPDATE jobs_postingtally SET count = "
 "count - 1 WHERE role_id = OLD.role_id AND dimension = 'company' AND key = CAST(OLD.company_id AS "
 "TEXT) AND OLD.status = 'open' AND OLD.role_id IS NOT NULL AND OLD.duplicate_of_id IS NULL; "
 'UPDATE jobs_postingtally SET count = count - 1 WHERE role_id = OLD.role_id AND dimension = '
 "'currency' AND key = OLD.salary_currency AND OLD.status = 'open' AND OLD.role_id IS NOT NULL AND "
 'OLD.duplicate_of_id IS NULL AND OLD.pay_yearly IS NOT NULL; UPDATE jobs_postingtally SET count = '
 "count - 1 WHERE role_id = OLD.role_id AND dimension = 'skill' AND key IN (SELECT CAST(l.skill_id "
 'AS TEXT) FROM (SELECT DISTINCT st.skill_id FROM jobs_jobposting_technologies l JOIN '
 'roles_skill_technologies st ON st.technology_id = l.technology_id WHERE l.jobposting_id = '
 "OLD.id) l WHERE 1 = 1) AND OLD.status = 'open' AND OLD.role_id IS NOT NULL AND "
 'OLD.duplicate_of_id IS NULL; UPDATE jobs_postingtally SET count = count - 1 WHERE role_id = '
 "OLD.role_id AND dimension = 'posted' AND key = substr(OLD.posted_at, 1, 10) AND OLD.role_id IS "
 'NOT NULL AND OLD.duplicate_of_id IS NULL; UPDATE jobs_postingtally SET count = count - 1 WHERE '
 "role_id = OLD.role_id AND dimension = 'tech_posted' AND key IN (SELECT CAST(l.technology_id AS "
 "TEXT) || '|' || substr(OLD.posted_at, 1, 10) FROM jobs_jobposting_technologies l WHERE "
 'l.jobposting_id = OLD.id) AND OLD.role_id IS NOT NULL AND OLD.duplicate_of_id IS NULL; INSERT '
 "INTO jobs_postingtally (role_id, dimension, key, count) SELECT NEW.role_id, 'seniority', "
 "NEW.seniority, 1 WHERE NEW.status = 'open' AND NEW.role_id IS NOT NULL AND NEW.duplicate_of_id "
 'IS NULL ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + excluded.count; '
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT NEW.role_id, 'remote', '', "
 "1 WHERE NEW.status = 'open' AND NEW.role_id IS NOT NULL AND NEW.duplicate_of_id IS NULL AND "
 "NEW.workplace = 'remote' ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + "
 'excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT '
 "NEW.role_id, 'technology', CAST(l.technology_id AS TEXT), 1 FROM jobs_jobposting_technologies l "
 "WHERE l.jobposting_id = NEW.id AND NEW.status = 'open' AND NEW.role_id IS NOT NULL AND "
 'NEW.duplicate_of_id IS NULL ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + '
 'excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT '
 "NEW.role_id, 'location', CAST(l.location_id AS TEXT), 1 FROM jobs_jobposting_locations l WHERE "
 "l.jobposting_id = NEW.id AND NEW.status = 'open' AND NEW.role_id IS NOT NULL AND "
 "NEW.duplicate_of_id IS NULL AND NEW.workplace <> 'remote' ON CONFLICT (role_id, dimension, key) "
 'DO UPDATE SET count = count + excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, '
 "key, count) SELECT NEW.role_id, 'company', CAST(NEW.company_id AS TEXT), 1 WHERE NEW.status = "
 "'open' AND NEW.role_id IS NOT NULL AND NEW.duplicate_of_id IS NULL ON CONFLICT (role_id, "
 'dimension, key) DO UPDATE SET count = count + excluded.count; INSERT INTO jobs_postingtally '
 "(role_id, dimension, key, count) SELECT NEW.role_id, 'currency', NEW.salary_currency, 1 WHERE "
 "NEW.status = 'open' AND NEW.role_id IS NOT NULL AND NEW.duplicate_of_id IS NULL AND "
 'NEW.pay_yearly IS NOT NULL ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + '
 'excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT '
 "NEW.role_id, 'skill', CAST(l.skill_id AS TEXT), 1 FROM (SELECT DISTINCT st.skill_id FROM "
 'jobs_jobposting_technologies l JOIN roles_skill_technologies st ON st.technology_id = '
 "l.technology_id WHERE l.jobposting_id = NEW.id) l WHERE 1 = 1 AND NEW.status = 'open' AND "
 'NEW.role_id IS NOT NULL AND NEW.duplicate_of_id IS NULL ON CONFLICT (role_id, dimension, key) DO '
 'UPDATE SET count = count + excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, '
 "key, count) SELECT NEW.role_id, 'posted', substr(NEW.posted_at, 1, 10), 1 WHERE NEW.role_id IS "
 'NOT NULL AND NEW.duplicate_of_id IS NULL ON CONFLICT (role_id, dimension, key) DO UPDATE SET '
 'count = count + excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, key, count) '
 "SELECT NEW.role_id, 'tech_posted', CAST(l.technology_id AS TEXT) || '|' || substr(NEW.posted_at, "
 '1, 10), 1 FROM jobs_jobposting_technologies l WHERE l.jobposting_id = NEW.id AND NEW.role_id IS '
 'NOT NULL AND NEW.duplicate_of_id IS NULL ON CONFLICT (role_id, dimension, key) DO UPDATE SET '
 'count = count + excluded.count; END',
 'CREATE TRIGGER jobs_jobposting_technologies_tally_insert AFTER INSERT ON '
 'jobs_jobposting_technologies BEGIN INSERT INTO jobs_postingtally (role_id, dimension, key, '
 "count) SELECT p.role_id, 'technology', CAST(NEW.technology_id AS TEXT), 1 FROM jobs_jobposting p "
 "WHERE p.id = NEW.jobposting_id AND p.status = 'open' AND p.role_id IS NOT NULL AND "
 'p.duplicate_of_id IS NULL ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + '
 'excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, '
 "'skill', CAST(st.skill_id AS TEXT), 1 FROM roles_skill_technologies st JOIN jobs_jobposting p ON "
 "p.id = NEW.jobposting_id WHERE st.technology_id = NEW.technology_id AND p.status = 'open' AND "
 'p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL AND (SELECT COUNT(*) FROM '
 'jobs_jobposting_technologies l2 JOIN roles_skill_technologies s2 ON s2.technology_id = '
 'l2.technology_id WHERE l2.jobposting_id = NEW.jobposting_id AND s2.skill_id = st.skill_id) = 1 '
 'ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + excluded.count; INSERT INTO '
 "jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'tech_posted', "
 "CAST(NEW.technology_id AS TEXT) || '|' || substr(p.posted_at, 1, 10), 1 FROM jobs_jobposting p "
 'WHERE p.id = NEW.jobposting_id AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL ON '
 'CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + excluded.count; END',
 'CREATE TRIGGER jobs_jobposting_technologies_tally_delete AFTER DELETE ON '
 'jobs_jobposting_technologies BEGIN UPDATE jobs_postingtally SET count = count - 1 WHERE role_id '
 "= (SELECT p.role_id FROM jobs_jobposting p WHERE p.id = OLD.jobposting_id AND p.status = 'open' "
 "AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL) AND dimension = 'technology' AND key = "
 'CAST(OLD.technology_id AS TEXT); UPDATE jobs_postingtally SET count = count - 1 WHERE role_id = '
 "(SELECT p.role_id FROM jobs_jobposting p WHERE p.id = OLD.jobposting_id AND p.status = 'open' "
 "AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL) AND dimension = 'skill' AND key IN "
 '(SELECT CAST(st.skill_id AS TEXT) FROM roles_skill_technologies st WHERE st.technology_id = '
 'OLD.technology_id AND (SELECT COUNT(*) FROM jobs_jobposting_technologies l2 JOIN '
 'roles_skill_technologies s2 ON s2.technology_id = l2.technology_id WHERE l2.jobposting_id = '
 'OLD.jobposting_id AND s2.skill_id = st.skill_id) = 0); UPDATE jobs_postingtally SET count = '
 'count - 1 WHERE role_id = (SELECT p.role_id FROM jobs_jobposting p WHERE p.id = '
 'OLD.jobposting_id AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL) AND dimension = '
 "'tech_posted' AND key = (SELECT CAST(OLD.technology_id AS TEXT) || '|' || substr(p.posted_at, 1, "
 '10) FROM jobs_jobposting p WHERE p.id = OLD.jobposting_id AND p.role_id IS NOT NULL AND '
 'p.duplicate_of_id IS NULL); END',
 'CREATE TRIGGER jobs_jobposting_technologies_tally_update AFTER UPDATE ON '
 'jobs_jobposting_technologies BEGIN UPDATE jobs_postingtally SET count = count - 1 WHERE role_id '
 "= (SELECT p.role_id FROM jobs_jobposting p WHERE p.id = OLD.jobposting_id AND p.status = 'open' "
 "AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL) AND dimension = 'technology' AND key = "
 'CAST(OLD.technology_id AS TEXT); UPDATE jobs_postingtally SET count = count - 1 WHERE role_id = '
 "(SELECT p.role_id FROM jobs_jobposting p WHERE p.id = OLD.jobposting_id AND p.status = 'open' "
 "AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL) AND dimension = 'skill' AND key IN "
 '(SELECT CAST(st.skill_id AS TEXT) FROM roles_skill_technologies st WHERE st.technology_id = '
 'OLD.technology_id AND (SELECT COUNT(*) FROM jobs_jobposting_technologies l2 JOIN '
 'roles_skill_technologies s2 ON s2.technology_id = l2.technology_id WHERE l2.jobposting_id = '
 'OLD.jobposting_id AND s2.skill_id = st.skill_id AND l2.id <> NEW.id) = 0); UPDATE '
 'jobs_postingtally SET count = count - 1 WHERE role_id = (SELECT p.role_id FROM jobs_jobposting p '
 'WHERE p.id = OLD.jobposting_id AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL) AND '
 "dimension = 'tech_posted' AND key = (SELECT CAST(OLD.technology_id AS TEXT) || '|' || "
 'substr(p.posted_at, 1, 10) FROM jobs_jobposting p WHERE p.id = OLD.jobposting_id AND p.role_id '
 'IS NOT NULL AND p.duplicate_of_id IS NULL); INSERT INTO jobs_postingtally (role_id, dimension, '
 "key, count) SELECT p.role_id, 'technology', CAST(NEW.technology_id AS TEXT), 1 FROM "
 "jobs_jobposting p WHERE p.id = NEW.jobposting_id AND p.status = 'open' AND p.role_id IS NOT NULL "
 'AND p.duplicate_of_id IS NULL ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count '
 '+ excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT '
 "p.role_id, 'skill', CAST(st.skill_id AS TEXT), 1 FROM roles_skill_technologies st JOIN "
 'jobs_jobposting p ON p.id = NEW.jobposting_id WHERE st.technology_id = NEW.technology_id AND '
 "p.status = 'open' AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL AND (SELECT COUNT(*) "
 'FROM jobs_jobposting_technologies l2 JOIN roles_skill_technologies s2 ON s2.technology_id = '
 'l2.technology_id WHERE l2.jobposting_id = NEW.jobposting_id AND s2.skill_id = st.skill_id) = 1 '
 'ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + excluded.count; INSERT INTO '
 "jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'tech_posted', "
 "CAST(NEW.technology_id AS TEXT) || '|' || substr(p.posted_at, 1, 10), 1 FROM jobs_jobposting p "
 'WHERE p.id = NEW.jobposting_id AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL ON '
 'CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + excluded.count; END',
 'CREATE TRIGGER jobs_jobposting_locations_tally_insert AFTER INSERT ON jobs_jobposting_locations '
 'BEGIN INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, '
 "'location', CAST(NEW.location_id AS TEXT), 1 FROM jobs_jobposting p WHERE p.id = "
 "NEW.jobposting_id AND p.status = 'open' AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL "
 "AND p.workplace <> 'remote' ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + "
 'excluded.count; END',
 'CREATE TRIGGER jobs_jobposting_locations_tally_delete AFTER DELETE ON jobs_jobposting_locations '
 'BEGIN UPDATE jobs_postingtally SET count = count - 1 WHERE role_id = (SELECT p.role_id FROM '
 "jobs_jobposting p WHERE p.id = OLD.jobposting_id AND p.status = 'open' AND p.role_id IS NOT NULL "
 "AND p.duplicate_of_id IS NULL AND p.workplace <> 'remote') AND dimension = 'location' AND key = "
 'CAST(OLD.location_id AS TEXT); END',
 'CREATE TRIGGER jobs_jobposting_locations_tally_update AFTER UPDATE ON jobs_jobposting_locations '
 'BEGIN UPDATE jobs_postingtally SET count = count - 1 WHERE role_id = (SELECT p.role_id FROM '
 "jobs_jobposting p WHERE p.id = OLD.jobposting_id AND p.status = 'open' AND p.role_id IS NOT NULL "
 "AND p.duplicate_of_id IS NULL AND p.workplace <> 'remote') AND dimension = 'location' AND key = "
 'CAST(OLD.location_id AS TEXT); INSERT INTO jobs_postingtally (role_id, dimension, key, count) '
 "SELECT p.role_id, 'location', CAST(NEW.location_id AS TEXT), 1 FROM jobs_jobposting p WHERE p.id "
 "= NEW.jobposting_id AND p.status = 'open' AND p.role_id IS NOT NULL AND p.duplicate_of_id IS "
 "NULL AND p.workplace <> 'remote' ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = "
 'count + excluded.count; END',
 'CREATE TRIGGER roles_skill_technologies_tally_insert AFTER INSERT ON roles_skill_technologies '
 "BEGIN DELETE FROM jobs_postingtally WHERE dimension = 'skill' AND key IN (SELECT CAST(s.skill_id "
 'AS TEXT) FROM (SELECT NEW.skill_id AS skill_id) s); INSERT INTO jobs_postingtally (role_id, '
 "dimension, key, count) SELECT p.role_id, 'skill', CAST(l.skill_id AS TEXT), COUNT(*) FROM "
 'jobs_jobposting p JOIN (SELECT DISTINCT l.jobposting_id, st.skill_id FROM '
 'jobs_jobposting_technologies l JOIN roles_skill_technologies st ON st.technology_id = '
 'l.technology_id WHERE st.skill_id IN (SELECT skill_id FROM (SELECT NEW.skill_id AS skill_id) s)) '
 "l ON l.jobposting_id = p.id WHERE p.status = 'open' AND p.role_id IS NOT NULL AND "
 'p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(l.skill_id AS TEXT); END',
 'CREATE TRIGGER roles_skill_technologies_tally_delete AFTER DELETE ON roles_skill_technologies '
 "BEGIN DELETE FROM jobs_postingtally WHERE dimension = 'skill' AND key IN (SELECT CAST(s.skill_id "
 'AS TEXT) FROM (SELECT OLD.skill_id AS skill_id) s); INSERT INTO jobs_postingtally (role_id, '
 "dimension, key, count) SELECT p.role_id, 'skill', CAST(l.skill_id AS TEXT), COUNT(*) FROM "
 'jobs_jobposting p JOIN (SELECT DISTINCT l.jobposting_id, st.skill_id FROM '
 'jobs_jobposting_technologies l JOIN roles_skill_technologies st ON st.technology_id = '
 'l.technology_id WHERE st.skill_id IN (SELECT skill_id FROM (SELECT OLD.skill_id AS skill_id) s)) '
 "l ON l.jobposting_id = p.id WHERE p.status = 'open' AND p.role_id IS NOT NULL AND "
 'p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(l.skill_id AS TEXT); END',
 'CREATE TRIGGER roles_skill_technologies_tally_update AFTER UPDATE ON roles_skill_technologies '
 "BEGIN DELETE FROM jobs_postingtally WHERE dimension = 'skill' AND key IN (SELECT CAST(s.skill_id "
 'AS TEXT) FROM (SELECT OLD.skill_id AS skill_id UNION SELECT NEW.skill_id) s); INSERT INTO '
 "jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'skill', CAST(l.skill_id AS "
 'TEXT), COUNT(*) FROM jobs_jobposting p JOIN (SELECT DISTINCT l.jobposting_id, st.skill_id FROM '
 'jobs_jobposting_technologies l JOIN roles_skill_technologies st ON st.technology_id = '
 'l.technology_id WHERE st.skill_id IN (SELECT skill_id FROM (SELECT OLD.skill_id AS skill_id '
 "UNION SELECT NEW.skill_id) s)) l ON l.jobposting_id = p.id WHERE p.status = 'open' AND p.role_id "
 'IS NOT NULL AND p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(l.skill_id AS TEXT); END']

REBUILD_POSTGRESQL = ["INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'seniority', "
 "p.seniority, COUNT(*) FROM jobs_jobposting p WHERE p.status = 'open' AND p.role_id IS NOT NULL "
 'AND p.duplicate_of_id IS NULL GROUP BY p.role_id, p.seniority',
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'remote', '', "
 "COUNT(*) FROM jobs_jobposting p WHERE p.status = 'open' AND p.role_id IS NOT NULL AND "
 "p.duplicate_of_id IS NULL AND p.workplace = 'remote' GROUP BY p.role_id",
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'technology', "
 'CAST(l.technology_id AS TEXT), COUNT(*) FROM jobs_jobposting p JOIN jobs_jobposting_technologies '
 "l ON l.jobposting_id = p.id WHERE p.status = 'open' AND p.role_id IS NOT NULL AND "
 'p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(l.technology_id AS TEXT)',
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'location', "
 'CAST(l.location_id AS TEXT), COUNT(*) FROM jobs_jobposting p JOIN jobs_jobposting_locations l ON '
 "l.jobposting_id = p.id WHERE p.status = 'open' AND p.role_id IS NOT NULL AND p.duplicate_of_id "
 "IS NULL AND p.workplace <> 'remote' GROUP BY p.role_id, CAST(l.location_id AS TEXT)",
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'company', "
 "CAST(p.company_id AS TEXT), COUNT(*) FROM jobs_jobposting p WHERE p.status = 'open' AND "
 'p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(p.company_id AS '
 'TEXT)',
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'currency', "
 "p.salary_currency, COUNT(*) FROM jobs_jobposting p WHERE p.status = 'open' AND p.role_id IS NOT "
 'NULL AND p.duplicate_of_id IS NULL AND p.pay_yearly IS NOT NULL GROUP BY p.role_id, '
 'p.salary_currency',
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'skill', "
 'CAST(l.skill_id AS TEXT), COUNT(*) FROM jobs_jobposting p JOIN (SELECT DISTINCT l.jobposting_id, '
 'st.skill_id FROM jobs_jobposting_technologies l JOIN roles_skill_technologies st ON '
 "st.technology_id = l.technology_id) l ON l.jobposting_id = p.id WHERE p.status = 'open' AND "
 'p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(l.skill_id AS TEXT)',
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'posted', "
 "to_char(p.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), COUNT(*) FROM jobs_jobposting p WHERE "
 'p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL GROUP BY p.role_id, to_char(p.posted_at AT '
 "TIME ZONE 'UTC', 'YYYY-MM-DD')",
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'tech_posted', "
 "CAST(l.technology_id AS TEXT) || '|' || to_char(p.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), "
 'COUNT(*) FROM jobs_jobposting p JOIN jobs_jobposting_technologies l ON l.jobposting_id = p.id '
 'WHERE p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL GROUP BY p.role_id, '
 "CAST(l.technology_id AS TEXT) || '|' || to_char(p.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"]

REBUILD_SQLITE = ["INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'seniority', "
 "p.seniority, COUNT(*) FROM jobs_jobposting p WHERE p.status = 'open' AND p.role_id IS NOT NULL "
 'AND p.duplicate_of_id IS NULL GROUP BY p.role_id, p.seniority',
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'remote', '', "
 "COUNT(*) FROM jobs_jobposting p WHERE p.status = 'open' AND p.role_id IS NOT NULL AND "
 "p.duplicate_of_id IS NULL AND p.workplace = 'remote' GROUP BY p.role_id",
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'technology', "
 'CAST(l.technology_id AS TEXT), COUNT(*) FROM jobs_jobposting p JOIN jobs_jobposting_technologies '
 "l ON l.jobposting_id = p.id WHERE p.status = 'open' AND p.role_id IS NOT NULL AND "
 'p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(l.technology_id AS TEXT)',
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'location', "
 'CAST(l.location_id AS TEXT), COUNT(*) FROM jobs_jobposting p JOIN jobs_jobposting_locations l ON '
 "l.jobposting_id = p.id WHERE p.status = 'open' AND p.role_id IS NOT NULL AND p.duplicate_of_id "
 "IS NULL AND p.workplace <> 'remote' GROUP BY p.role_id, CAST(l.location_id AS TEXT)",
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'company', "
 "CAST(p.company_id AS TEXT), COUNT(*) FROM jobs_jobposting p WHERE p.status = 'open' AND "
 'p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(p.company_id AS '
 'TEXT)',
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'currency', "
 "p.salary_currency, COUNT(*) FROM jobs_jobposting p WHERE p.status = 'open' AND p.role_id IS NOT "
 'NULL AND p.duplicate_of_id IS NULL AND p.pay_yearly IS NOT NULL GROUP BY p.role_id, '
 'p.salary_currency',
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'skill', "
 'CAST(l.skill_id AS TEXT), COUNT(*) FROM jobs_jobposting p JOIN (SELECT DISTINCT l.jobposting_id, '
 'st.skill_id FROM jobs_jobposting_technologies l JOIN roles_skill_technologies st ON '
 "st.technology_id = l.technology_id) l ON l.jobposting_id = p.id WHERE p.status = 'open' AND "
 'p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(l.skill_id AS TEXT)',
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'posted', "
 'substr(p.posted_at, 1, 10), COUNT(*) FROM jobs_jobposting p WHERE p.role_id IS NOT NULL AND '
 'p.duplicate_of_id IS NULL GROUP BY p.role_id, substr(p.posted_at, 1, 10)',
 "INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'tech_posted', "
 "CAST(l.technology_id AS TEXT) || '|' || substr(p.posted_at, 1, 10), COUNT(*) FROM "
 'jobs_jobposting p JOIN jobs_jobposting_technologies l ON l.jobposting_id = p.id WHERE p.role_id '
 'IS NOT NULL AND p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(l.technology_id AS TEXT) || '
 "'|' || substr(p.posted_at, 1, 10)"]


SKILL_LINKS = "roles_skill_technologies"
SKILL_LINK_TRIGGERS = [f"{SKILL_LINKS}_tally_{event}" for event in ("insert", "delete", "update")]


def _install(schema_editor, functions, triggers, rebuild, *, skill_links):
    if schema_editor.connection.vendor == "postgresql":
        # 0007 created the posting and link triggers: replacing the functions they call
        # changes the rule. The skill links' triggers are this migration's own.
        for name in SKILL_LINK_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {SKILL_LINKS}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {SKILL_LINKS}_tally_statement()")
        for statement in functions:
            if statement.startswith("CREATE OR REPLACE FUNCTION") or (
                skill_links and f" ON {SKILL_LINKS} " in statement
            ):
                schema_editor.execute(statement)
    else:
        names = import_module("jobs.migrations.0007_tally_rule").SQLITE_TRIGGERS
        for name in [*names, *SKILL_LINK_TRIGGERS]:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for statement in triggers:
            schema_editor.execute(statement)
    schema_editor.execute("DELETE FROM jobs_postingtally")
    for statement in rebuild:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    rebuild = REBUILD_POSTGRESQL if vendor == "postgresql" else REBUILD_SQLITE
    _install(schema_editor, POSTGRESQL, SQLITE, rebuild, skill_links=True)


def backwards(apps, schema_editor):
    before = import_module("jobs.migrations.0012_tally_rule_countable")
    _install(schema_editor, before.POSTGRESQL, before.SQLITE, before.REBUILD, skill_links=False)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0014_posting_search_document"),
        ("roles", "0004_editors_edit_new_guide_parts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="postingtally",
            name="dimension",
            field=models.CharField(
                choices=[
                    ("seniority", "Seniority"),
                    ("technology", "Technology"),
                    ("location", "Location"),
                    ("remote", "Remote"),
                    ("company", "Company"),
                    ("currency", "Currency"),
                    ("skill", "Skill"),
                    ("posted", "Posted"),
                    ("tech_posted", "Tech Posted"),
                ],
                max_length=12,
            ),
        ),
        migrations.AddIndex(
            model_name="jobposting",
            index=models.Index(
                condition=models.Q(
                    ("duplicate_of__isnull", True),
                    ("pay_yearly__isnull", False),
                    ("role__isnull", False),
                    ("status", "open"),
                ),
                fields=["role", "salary_currency", "seniority", "pay_yearly", "expires_at"],
                name="jobs_posting_pay_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="jobposting",
            index=models.Index(
                condition=models.Q(("duplicate_of__isnull", True), ("role__isnull", False)),
                fields=["role", "posted_at", "id"],
                name="jobs_posting_role_posted_idx",
            ),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
