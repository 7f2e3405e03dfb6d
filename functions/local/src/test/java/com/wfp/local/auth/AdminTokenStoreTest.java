package com.wfp.local.auth;

import com.wfp.local.files.OwnerOnlyFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class AdminTokenStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void loadOrCreate_onFirstStart_stores32RandomBytesAsBase64UrlOwnerOnly() {
        AdminToken token = new AdminTokenStore(dataDir).loadOrCreate();

        assertThat(token.value()).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(token.value())).hasSize(32);
        assertThat(token.file()).isEqualTo(dataDir.resolve(AdminTokenStore.FILE_NAME));
        assertThat(token.file()).content().isEqualToIgnoringWhitespace(token.value());
        assertThat(OwnerOnlyFiles.permissions(token.file())).isEqualTo("rw-------");
    }

    @Test
    void loadOrCreate_onLaterStarts_returnsTheStoredToken() {
        AdminToken first = new AdminTokenStore(dataDir).loadOrCreate();

        AdminToken second = new AdminTokenStore(dataDir).loadOrCreate();

        assertThat(second.value()).isEqualTo(first.value());
    }

    @Test
    void loadOrCreate_inTwoDataDirectories_generatesDifferentTokens(@TempDir Path other) {
        assertThat(new AdminTokenStore(dataDir).loadOrCreate().value())
                .isNotEqualTo(new AdminTokenStore(other).loadOrCreate().value());
    }

    @Test
    void acceptsAuthorization_onlyForTheBearerTokenItself() {
        AdminToken token = new AdminToken("s3cret-token", dataDir.resolve("admin-token"));

        assertThat(token.acceptsAuthorization("Bearer s3cret-token")).isTrue();
        assertThat(token.acceptsAuthorization("bearer s3cret-token ")).isTrue();
        assertThat(token.acceptsAuthorization("Bearer s3cret-token2")).isFalse();
        assertThat(token.acceptsAuthorization("Bearer s3cret-toke")).isFalse();
        assertThat(token.acceptsAuthorization("Basic s3cret-token")).isFalse();
        assertThat(token.acceptsAuthorization("s3cret-token")).isFalse();
        assertThat(token.acceptsAuthorization("")).isFalse();
        assertThat(token.acceptsAuthorization(null)).isFalse();
        assertThat(token.toString()).doesNotContain("s3cret");
    }
}
