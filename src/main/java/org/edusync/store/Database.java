package org.edusync.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The one database of a server: SQLite (embedded default) or PostgreSQL (shared by several instances).
 * Opening it runs the migrations, so every instance starts on the current schema.
 */
public final class Database implements AutoCloseable {
    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(Dialect dialect, HikariDataSource dataSource) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** SQLite in {@code <dataDir>/edusync.db} when {@code jdbcUrl} is null, else the PostgreSQL it names. */
    public static Database open(Path dataDir, String jdbcUrl) {
        Dialect dialect;
        HikariConfig config = new HikariConfig();
        config.setPoolName("edusync");
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            dialect = Dialect.SQLITE;
            createDirectories(dataDir);
            config.setJdbcUrl("jdbc:sqlite:" + dataDir.resolve("edusync.db").toAbsolutePath());
            // WAL lets readers run beside the one writer; busy_timeout makes writers queue instead of failing.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "30000");
            config.addDataSourceProperty("foreign_keys", "true");
            // A transaction takes the write lock when it begins: one that read first and then wrote would fail with
            // SQLITE_BUSY_SNAPSHOT (not retried by busy_timeout) whenever another connection wrote in between.
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.setMaximumPoolSize(8);
        } else if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            dialect = Dialect.POSTGRES;
            config.setJdbcUrl(jdbcUrl);
            config.setMaximumPoolSize(16);
        } else {
            throw new IllegalArgumentException(
                    "Unsupported database URL '" + jdbcUrl + "': use jdbc:postgresql://host/db, or leave --db out for SQLite");
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dialect, dataSource);
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot create the data folder " + dir.toAbsolutePath(), e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    public enum Dialect {
        SQLITE, POSTGRES;

        /**
         * A text column in code-point order, the order SQLite uses by default: PostgreSQL would otherwise sort
         * by its locale, and the same {@code $orderby} would page differently on the two stores.
         */
        public String codePointOrder(String column) {
            return this == POSTGRES ? column + " COLLATE \"C\"" : column;
        }
    }
}
