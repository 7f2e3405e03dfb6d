package com.wfp.adapters.local.identity;

import com.wfp.adapters.local.sqlite.SqliteDatabase;
import com.wfp.platform.identity.Person;
import com.wfp.platform.identity.PersonalAccessToken;
import com.wfp.platform.port.IdentityStore;
import com.wfp.platform.port.IdentityStoreContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteIdentityStoreTest extends IdentityStoreContract {

    @TempDir
    Path dir;

    private final List<SqliteDatabase> opened = new ArrayList<>();

    @Override
    protected IdentityStore newStore() {
        SqliteDatabase db = new SqliteDatabase(dir.resolve("wfp.db"), Clock.systemUTC());
        opened.add(db);
        return new SqliteIdentityStore(db);
    }

    @AfterEach
    void close() {
        opened.forEach(SqliteDatabase::close);
    }

    @Test
    void reopen_keepsPeopleAndTokens() {
        store.createPerson(new Person("ada", "Ada", T0));
        PersonalAccessToken token = token("pat_AAAAAAAAAAAAAAA1", "ada", T0);
        store.createToken(token);

        IdentityStore again = newStore();
        assertThat(again.person("ada")).isPresent();
        assertThat(again.tokenByHash(token.hash())).contains(token);
    }

    @Test
    void deleteOfAToken_isRefusedByTheDatabase() {
        PersonalAccessToken token = token("pat_AAAAAAAAAAAAAAA1", "ada", T0);
        store.createToken(token);

        assertThatThrownBy(() -> opened.getFirst().write(c -> c.createStatement().executeUpdate("DELETE FROM access_tokens")))
                .hasMessageContaining("never deleted");
        assertThat(store.token(token.id())).isPresent();
    }

    @Test
    void databaseFile_holdsTheTokensHashNeverTheToken() throws Exception {
        String secret = com.wfp.platform.identity.AccessTokenFormat.generate();
        store.createToken(new PersonalAccessToken("pat_AAAAAAAAAAAAAAA1", "ada", "laptop",
                com.wfp.platform.identity.AccessTokenFormat.hash(secret), T0, null, null));
        opened.forEach(SqliteDatabase::close);
        opened.clear();

        String bytes = new String(Files.readAllBytes(dir.resolve("wfp.db")), java.nio.charset.StandardCharsets.ISO_8859_1)
                + (Files.exists(dir.resolve("wfp.db-wal"))
                ? new String(Files.readAllBytes(dir.resolve("wfp.db-wal")), java.nio.charset.StandardCharsets.ISO_8859_1) : "");
        assertThat(bytes).doesNotContain(secret).doesNotContain(secret.substring(8));
        store = newStore();
    }
}
