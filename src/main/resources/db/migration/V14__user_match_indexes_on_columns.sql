-- SQLite: the two indexes identity matching reads by mail and by mailNickname hold the columns themselves, compared
-- ignoring case (NOCASE folds the ASCII letters, as SQLite's lower() does), instead of lower() of them. A statement
-- that writes a table with an index on an expression might fail part-way (evaluating the expression might), so SQLite
-- first copies every page such a statement changes to a temporary statement journal, to undo it with; without these
-- two, the run's inserts of new users keep no journal (DirectoryWriter.insertNew). PostgreSQL keeps its indexes on
-- lower(): it keeps no such journal. (Every line is one that ${sqliteOnly} makes a comment on PostgreSQL.)

${sqliteOnly}DROP INDEX edu_users_by_mail;
${sqliteOnly}DROP INDEX edu_users_by_mail_nickname;
${sqliteOnly}CREATE INDEX edu_users_by_mail ON edu_users (tenant_no, mail COLLATE NOCASE);
${sqliteOnly}CREATE INDEX edu_users_by_mail_nickname ON edu_users (tenant_no, mail_nickname COLLATE NOCASE);
