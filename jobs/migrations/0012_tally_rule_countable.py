"""
The tally rule counts only countable postings: those with a role (the review queue's have
none, and a tally row needs one) that are not folded into another feed's posting of the
same job (`duplicate_of`). An update of `duplicate_of_id` now changes tallies too.

- PostgreSQL: the three statement-level functions of 0007 are replaced (the triggers that
  call them stay).
- SQLite: the row-level triggers are dropped and created again.
Then every tally is recounted.

The SQL below is a FROZEN COPY of what jobs/tallies.py generated when this migration was
written (`postgresql_statements()`, `sqlite_statements()`, `rebuild_statements()`);
tests/jobs/test_tallies.py checks that the installed triggers equal what jobs/tallies.py
generates today. Migrating back installs 0007's copy again.
"""

from importlib import import_module

from django.db import migrations

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
 'CAST(l.location_id AS TEXT)), lowered AS (UPDATE jobs_postingtally t SET count = t.count + d.n '
 'FROM deltas d WHERE d.n < 0 AND t.role_id = d.role_id AND t.dimension = d.dimension AND t.key = '
 'd.key) INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT role_id, dimension, '
 'key, n FROM deltas WHERE n > 0 ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = '
 "jobs_postingtally.count + EXCLUDED.count; ELSIF TG_OP = 'DELETE' THEN WITH changed AS (SELECT *, "
 "-1 AS delta FROM old_rows), deltas AS (SELECT c.role_id AS role_id, 'seniority' AS dimension, "
 "c.seniority AS key, SUM(c.delta) AS n FROM changed c WHERE c.status = 'open' AND c.role_id IS "
 'NOT NULL AND c.duplicate_of_id IS NULL GROUP BY c.role_id, c.seniority UNION ALL SELECT '
 "c.role_id AS role_id, 'remote' AS dimension, '' AS key, SUM(c.delta) AS n FROM changed c WHERE "
 "c.status = 'open' AND c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL AND c.workplace = "
 "'remote' GROUP BY c.role_id UNION ALL SELECT c.role_id AS role_id, 'technology' AS dimension, "
 'CAST(l.technology_id AS TEXT) AS key, SUM(c.delta) AS n FROM changed c JOIN '
 "jobs_jobposting_technologies l ON l.jobposting_id = c.id WHERE c.status = 'open' AND c.role_id "
 'IS NOT NULL AND c.duplicate_of_id IS NULL GROUP BY c.role_id, CAST(l.technology_id AS TEXT) '
 "UNION ALL SELECT c.role_id AS role_id, 'location' AS dimension, CAST(l.location_id AS TEXT) AS "
 'key, SUM(c.delta) AS n FROM changed c JOIN jobs_jobposting_locations l ON l.jobposting_id = c.id '
 "WHERE c.status = 'open' AND c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL AND c.workplace "
 "<> 'remote' GROUP BY c.role_id, CAST(l.location_id AS TEXT)), lowered AS (UPDATE "
 'jobs_postingtally t SET count = t.count + d.n FROM deltas d WHERE d.n < 0 AND t.role_id = '
 'd.role_id AND t.dimension = d.dimension AND t.key = d.key) INSERT INTO jobs_postingtally '
 '(role_id, dimension, key, count) SELECT role_id, dimension, key, n FROM deltas WHERE n > 0 ON '
 'CONFLICT (role_id, dimension, key) DO UPDATE SET count = jobs_postingtally.count + '
 "EXCLUDED.count; ELSIF TG_OP = 'UPDATE' THEN WITH changed AS (SELECT *, -1 AS delta FROM old_rows "
 "UNION ALL SELECT *, 1 FROM new_rows), deltas AS (SELECT c.role_id AS role_id, 'seniority' AS "
 "dimension, c.seniority AS key, SUM(c.delta) AS n FROM changed c WHERE c.status = 'open' AND "
 'c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL GROUP BY c.role_id, c.seniority UNION ALL '
 "SELECT c.role_id AS role_id, 'remote' AS dimension, '' AS key, SUM(c.delta) AS n FROM changed c "
 "WHERE c.status = 'open' AND c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL AND c.workplace "
 "= 'remote' GROUP BY c.role_id UNION ALL SELECT c.role_id AS role_id, 'technology' AS dimension, "
 'CAST(l.technology_id AS TEXT) AS key, SUM(c.delta) AS n FROM changed c JOIN '
 "jobs_jobposting_technologies l ON l.jobposting_id = c.id WHERE c.status = 'open' AND c.role_id "
 'IS NOT NULL AND c.duplicate_of_id IS NULL GROUP BY c.role_id, CAST(l.technology_id AS TEXT) '
 "UNION ALL SELECT c.role_id AS role_id, 'location' AS dimension, CAST(l.location_id AS TEXT) AS "
 'key, SUM(c.delta) AS n FROM changed c JOIN jobs_jobposting_locations l ON l.jobposting_id = c.id '
 "WHERE c.status = 'open' AND c.role_id IS NOT NULL AND c.duplicate_of_id IS NULL AND c.workplace "
 "<> 'remote' GROUP BY c.role_id, CAST(l.location_id AS TEXT)), lowered AS (UPDATE "
 'jobs_postingtally t SET count = t.count + d.n FROM deltas d WHERE d.n < 0 AND t.role_id = '
 'd.role_id AND t.dimension = d.dimension AND t.key = d.key) INSERT INTO jobs_postingtally '
 '(role_id, dimension, key, count) SELECT role_id, dimension, key, n FROM deltas WHERE n > 0 ON '
 'CONFLICT (role_id, dimension, key) DO UPDATE SET count = jobs_postingtally.count + '
 'EXCLUDED.count; END IF; RETURN NULL; END $$;',
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
 'IS NULL GROUP BY p.role_id, CAST(c.technology_id AS TEXT)), lowered AS (UPDATE jobs_postingtally '
 't SET count = t.count + d.n FROM deltas d WHERE d.n < 0 AND t.role_id = d.role_id AND '
 't.dimension = d.dimension AND t.key = d.key) INSERT INTO jobs_postingtally (role_id, dimension, '
 'key, count) SELECT role_id, dimension, key, n FROM deltas WHERE n > 0 ON CONFLICT (role_id, '
 'dimension, key) DO UPDATE SET count = jobs_postingtally.count + EXCLUDED.count; ELSIF TG_OP = '
 "'DELETE' THEN WITH changed AS (SELECT *, -1 AS delta FROM old_rows), deltas AS (SELECT p.role_id "
 "AS role_id, 'technology' AS dimension, CAST(c.technology_id AS TEXT) AS key, SUM(c.delta) AS n "
 "FROM changed c JOIN jobs_jobposting p ON p.id = c.jobposting_id WHERE p.status = 'open' AND "
 'p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(c.technology_id AS '
 'TEXT)), lowered AS (UPDATE jobs_postingtally t SET count = t.count + d.n FROM deltas d WHERE d.n '
 '< 0 AND t.role_id = d.role_id AND t.dimension = d.dimension AND t.key = d.key) INSERT INTO '
 'jobs_postingtally (role_id, dimension, key, count) SELECT role_id, dimension, key, n FROM deltas '
 'WHERE n > 0 ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = jobs_postingtally.count '
 "+ EXCLUDED.count; ELSIF TG_OP = 'UPDATE' THEN WITH changed AS (SELECT *, -1 AS delta FROM "
 'old_rows UNION ALL SELECT *, 1 FROM new_rows), deltas AS (SELECT p.role_id AS role_id, '
 "'technology' AS dimension, CAST(c.technology_id AS TEXT) AS key, SUM(c.delta) AS n FROM changed "
 "c JOIN jobs_jobposting p ON p.id = c.jobposting_id WHERE p.status = 'open' AND p.role_id IS NOT "
 'NULL AND p.duplicate_of_id IS NULL GROUP BY p.role_id, CAST(c.technology_id AS TEXT)), lowered '
 'AS (UPDATE jobs_postingtally t SET count = t.count + d.n FROM deltas d WHERE d.n < 0 AND '
 't.role_id = d.role_id AND t.dimension = d.dimension AND t.key = d.key) INSERT INTO '
 'jobs_postingtally (role_id, dimension, key, count) SELECT role_id, dimension, key, n FROM deltas '
 'WHERE n > 0 ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = jobs_postingtally.count '
 '+ EXCLUDED.count; END IF; RETURN NULL; END $$;',
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
 'jobs_jobposting_locations_tally_statement();']

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
 'DO UPDATE SET count = count + excluded.count; END',
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
 "OLD.duplicate_of_id IS NULL AND OLD.workplace <> 'remote'; END",
 'CREATE TRIGGER jobs_jobposting_tally_update AFTER UPDATE ON jobs_jobposting WHEN OLD.status IS '
 'NOT NEW.status OR OLD.role_id IS NOT NEW.role_id OR OLD.duplicate_of_id IS NOT '
 'NEW.duplicate_of_id OR OLD.seniority IS NOT NEW.seniority OR OLD.workplace IS NOT NEW.workplace '
 'BEGIN UPDATE jobs_postingtally SET count = count - 1 WHERE role_id = OLD.role_id AND dimension = '
 "'seniority' AND key = OLD.seniority AND OLD.status = 'open' AND OLD.role_id IS NOT NULL AND "
 'OLD.duplicate_of_id IS NULL; UPDATE jobs_postingtally SET count = count - 1 WHERE role_id = '
 "OLD.role_id AND dimension = 'remote' AND key = '' AND OLD.status = 'open' AND OLD.role_id IS NOT "
 "NULL AND OLD.duplicate_of_id IS NULL AND OLD.workplace = 'remote'; UPDATE jobs_postingtally SET "
 "count = count - 1 WHERE role_id = OLD.role_id AND dimension = 'technology' AND key IN (SELECT "
 'CAST(l.technology_id AS TEXT) FROM jobs_jobposting_technologies l WHERE l.jobposting_id = '
 "OLD.id) AND OLD.status = 'open' AND OLD.role_id IS NOT NULL AND OLD.duplicate_of_id IS NULL; "
 'UPDATE jobs_postingtally SET count = count - 1 WHERE role_id = OLD.role_id AND dimension = '
 "'location' AND key IN (SELECT CAST(l.location_id AS TEXT) FROM jobs_jobposting_locations l WHERE "
 "l.jobposting_id = OLD.id) AND OLD.status = 'open' AND OLD.role_id IS NOT NULL AND "
 "OLD.duplicate_of_id IS NULL AND OLD.workplace <> 'remote'; INSERT INTO jobs_postingtally "
 "(role_id, dimension, key, count) SELECT NEW.role_id, 'seniority', NEW.seniority, 1 WHERE "
 "NEW.status = 'open' AND NEW.role_id IS NOT NULL AND NEW.duplicate_of_id IS NULL ON CONFLICT "
 '(role_id, dimension, key) DO UPDATE SET count = count + excluded.count; INSERT INTO '
 "jobs_postingtally (role_id, dimension, key, count) SELECT NEW.role_id, 'remote', '', 1 WHERE "
 "NEW.status = 'open' AND NEW.role_id IS NOT NULL AND NEW.duplicate_of_id IS NULL AND "
 "NEW.workplace = 'remote' ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + "
 'excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT '
 "NEW.role_id, 'technology', CAST(l.technology_id AS TEXT), 1 FROM jobs_jobposting_technologies l "
 "WHERE l.jobposting_id = NEW.id AND NEW.status = 'open' AND NEW.role_id IS NOT NULL AND "
 'NEW.duplicate_of_id IS NULL ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + '
 'excluded.count; INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT '
 "NEW.role_id, 'location', CAST(l.location_id AS TEXT), 1 FROM jobs_jobposting_locations l WHERE "
 "l.jobposting_id = NEW.id AND NEW.status = 'open' AND NEW.role_id IS NOT NULL AND "
 "NEW.duplicate_of_id IS NULL AND NEW.workplace <> 'remote' ON CONFLICT (role_id, dimension, key) "
 'DO UPDATE SET count = count + excluded.count; END',
 'CREATE TRIGGER jobs_jobposting_technologies_tally_insert AFTER INSERT ON '
 'jobs_jobposting_technologies BEGIN INSERT INTO jobs_postingtally (role_id, dimension, key, '
 "count) SELECT p.role_id, 'technology', CAST(NEW.technology_id AS TEXT), 1 FROM jobs_jobposting p "
 "WHERE p.id = NEW.jobposting_id AND p.status = 'open' AND p.role_id IS NOT NULL AND "
 'p.duplicate_of_id IS NULL ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + '
 'excluded.count; END',
 'CREATE TRIGGER jobs_jobposting_technologies_tally_delete AFTER DELETE ON '
 'jobs_jobposting_technologies BEGIN UPDATE jobs_postingtally SET count = count - 1 WHERE role_id '
 "= (SELECT p.role_id FROM jobs_jobposting p WHERE p.id = OLD.jobposting_id AND p.status = 'open' "
 "AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL) AND dimension = 'technology' AND key = "
 'CAST(OLD.technology_id AS TEXT); END',
 'CREATE TRIGGER jobs_jobposting_technologies_tally_update AFTER UPDATE ON '
 'jobs_jobposting_technologies BEGIN UPDATE jobs_postingtally SET count = count - 1 WHERE role_id '
 "= (SELECT p.role_id FROM jobs_jobposting p WHERE p.id = OLD.jobposting_id AND p.status = 'open' "
 "AND p.role_id IS NOT NULL AND p.duplicate_of_id IS NULL) AND dimension = 'technology' AND key = "
 'CAST(OLD.technology_id AS TEXT); INSERT INTO jobs_postingtally (role_id, dimension, key, count) '
 "SELECT p.role_id, 'technology', CAST(NEW.technology_id AS TEXT), 1 FROM jobs_jobposting p WHERE "
 "p.id = NEW.jobposting_id AND p.status = 'open' AND p.role_id IS NOT NULL AND p.duplicate_of_id "
 'IS NULL ON CONFLICT (role_id, dimension, key) DO UPDATE SET count = count + excluded.count; END',
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
 'count + excluded.count; END']

REBUILD = ["INSERT INTO jobs_postingtally (role_id, dimension, key, count) SELECT p.role_id, 'seniority', "
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
 "IS NULL AND p.workplace <> 'remote' GROUP BY p.role_id, CAST(l.location_id AS TEXT)"]


def _install(schema_editor, frozen):
    if schema_editor.connection.vendor == "postgresql":
        # 0007 created the triggers; replacing the functions they call changes the rule.
        for statement in frozen.POSTGRESQL:
            if statement.startswith("CREATE OR REPLACE FUNCTION"):
                schema_editor.execute(statement)
    else:
        for name in import_module("jobs.migrations.0007_tally_rule").SQLITE_TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for statement in frozen.SQLITE:
            schema_editor.execute(statement)
    schema_editor.execute("DELETE FROM jobs_postingtally")
    for statement in frozen.REBUILD:
        schema_editor.execute(statement)


def forwards(apps, schema_editor):
    _install(schema_editor, import_module(__name__))


def backwards(apps, schema_editor):
    _install(schema_editor, import_module("jobs.migrations.0007_tally_rule"))


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0011_feeds_review_queue_duplicates"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
