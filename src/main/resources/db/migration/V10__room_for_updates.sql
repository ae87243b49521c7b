-- PostgreSQL: room on each page of the tables a delta updates in place, so that the new version of a row whose indexed
-- columns stay (a changed name, grade or term; a baseline entry's new hash) goes on the same page as a heap-only tuple
-- and none of the table's indexes takes a new entry (edu_users has seven). PostgreSQL fills pages completely by
-- default, and every such update then writes an entry into every index of the table. A user row is about 1.3 KB and a
-- class about 0.8 KB: a fifth of an 8 KB page holds the next version of one or two of them. A baseline entry is about
-- 150 bytes, and a delta rewrites the entries of the classes whose links changed, a fifth of them at tier L: a quarter
-- of a page holds a dozen. Pages written from now on keep that room; existing pages get it when the table is next
-- rewritten (VACUUM FULL). SQLite has no such setting and needs none (${postgresOnly} makes these comments there).
${postgresOnly}ALTER TABLE edu_users SET (fillfactor = 80);
${postgresOnly}ALTER TABLE edu_classes SET (fillfactor = 80);
${postgresOnly}ALTER TABLE edu_schools SET (fillfactor = 80);
${postgresOnly}ALTER TABLE sync_baseline SET (fillfactor = 75);
