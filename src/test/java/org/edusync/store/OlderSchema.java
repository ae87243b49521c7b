package org.edusync.store;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/** A database as an earlier version of edusync left it, for tests of the migrations after: migrated up to a version only. */
public final class OlderSchema {
    private OlderSchema() {
    }

    /**
     * The database {@code Database.open(dir, jdbcUrl)} opens (SQLite's file in {@code dir} when {@code jdbcUrl} is
     * null), its tables as migration {@code version} left them.
     */
    public static DataSource at(String version, Path dir, String jdbcUrl) {
        DataSource dataSource;
        Database.Dialect dialect;
        if (jdbcUrl == null) {
            SQLiteDataSource sqlite = new SQLiteDataSource();
            sqlite.setUrl("jdbc:sqlite:" + dir.resolve("edusync.db").toAbsolutePath());
            dataSource = sqlite;
            dialect = Database.Dialect.SQLITE;
        } else {
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(jdbcUrl);
            dataSource = postgres;
            dialect = Database.Dialect.POSTGRES;
        }
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                .placeholders(dialect.migrationPlaceholders()).target(version).load().migrate();
        return dataSource;
    }
}
