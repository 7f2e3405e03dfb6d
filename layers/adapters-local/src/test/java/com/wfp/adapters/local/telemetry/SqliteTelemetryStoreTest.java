package com.wfp.adapters.local.telemetry;

import com.wfp.platform.port.TelemetryStore;
import com.wfp.platform.port.TelemetryStoreContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteTelemetryStoreTest extends TelemetryStoreContract {

    @TempDir
    Path dir;

    @Override
    protected TelemetryStore newStore() {
        return new SqliteTelemetryStore(dir.resolve("telemetry.db"), Clock.systemUTC());
    }

    @Test
    void open_usesWalInItsOwnFile() {
        SqliteTelemetryStore sqlite = (SqliteTelemetryStore) store;
        assertThat(sqlite.file().getFileName().toString()).isEqualTo("telemetry.db");
        assertThat(dir.resolve("telemetry.db-wal")).exists();
    }

    @Test
    void matchExpression_quotesEveryWord_soNoInputIsReadAsSyntax() {
        assertThat(SqliteTelemetryStore.matchExpression("timed  out")).isEqualTo("\"timed\" \"out\"");
        assertThat(SqliteTelemetryStore.matchExpression("a\"b OR")).isEqualTo("\"ab\" \"OR\"");
        assertThat(SqliteTelemetryStore.matchExpression(" \" ")).isNull();
    }
}
