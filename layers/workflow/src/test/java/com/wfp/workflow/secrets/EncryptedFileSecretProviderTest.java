package com.wfp.workflow.secrets;

import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EncryptedFileSecretProviderTest {

    @TempDir
    Path dir;

    @Test
    void open_whenSecretsWereSavedWithTheSameKey_readsThemBack() throws Exception {
        Path file = dir.resolve("secrets.json");
        SecretStoreKey key = SecretStoreKey.generateFile(dir.resolve("secrets.key"));
        SecretStoreFile.open(file, key).put("crm", "tok-123").put("db", "pw-456").save();
        SecretStoreFile.open(file, key).put("mail", "m-789").save();

        EncryptedFileSecretProvider provider = EncryptedFileSecretProvider.open(file, SecretStoreKey.fromFile(dir.resolve("secrets.key")));

        assertThat(provider.secret("crm")).contains("tok-123");
        assertThat(provider.secret("db")).contains("pw-456");
        assertThat(provider.secret("mail")).contains("m-789");
        assertThat(provider.secret("none")).isEmpty();
        assertThat(Files.readString(file)).doesNotContain("tok-123", "pw-456", "crm");
        assertThat(provider.toString()).doesNotContain("tok-123");
    }

    @Test
    void open_whenTheKeyIsWrong_stopsWithAMessageNamingTheKeySourceAndFile() {
        Path file = dir.resolve("secrets.json");
        SecretStoreFile.open(file, SecretStoreKey.fromEnvironment("K", Map.of("K", SecretStoreKey.generate()))).put("crm", "tok").save();
        SecretStoreKey other = SecretStoreKey.fromEnvironment("WFP_SECRETS_KEY", Map.of("WFP_SECRETS_KEY", SecretStoreKey.generate()));

        assertThatThrownBy(() -> EncryptedFileSecretProvider.open(file, other))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("secrets.key-mismatch");
                    assertThat(e.getMessage()).contains("WFP_SECRETS_KEY", file.getFileName().toString());
                    assertThat(e.hint()).isNotBlank();
                });
    }

    @Test
    void open_whenTheFileWasAltered_refusesIt() throws Exception {
        Path file = dir.resolve("secrets.json");
        SecretStoreKey key = SecretStoreKey.fromEnvironment("K", Map.of("K", SecretStoreKey.generate()));
        SecretStoreFile.open(file, key).put("crm", "tok").save();
        String text = Files.readString(file);
        int at = text.indexOf("\"data\":\"") + 8;
        char flipped = text.charAt(at) == 'A' ? 'B' : 'A';
        Files.writeString(file, text.substring(0, at) + flipped + text.substring(at + 1), StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EncryptedFileSecretProvider.open(file, key))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.code()).isEqualTo("secrets.key-mismatch"));
    }

    @Test
    void open_whenNoKeyIsConfigured_stopsStartUpNamingTheVariableAndTheKeyFile() {
        Path keyFile = dir.resolve("missing.key");

        assertThatThrownBy(() -> EncryptedFileSecretProvider.open(dir.resolve("secrets.json"), keyFile, "WFP_SECRETS_KEY", Map.of()))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("secrets.key-missing");
                    assertThat(e.getMessage()).contains("WFP_SECRETS_KEY", "missing.key");
                });
        assertThatThrownBy(() -> SecretStoreKey.fromFile(keyFile))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.getMessage()).contains("missing.key"));
    }

    @Test
    void locate_whenTheVariableHoldsAMalformedKey_saysWhatAKeyLooksLike() {
        assertThatThrownBy(() -> SecretStoreKey.locate(null, "WFP_SECRETS_KEY", Map.of("WFP_SECRETS_KEY", "c2hvcnQ=")))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("secrets.key-invalid");
                    assertThat(e.getMessage()).contains("WFP_SECRETS_KEY", "5 bytes");
                });
    }

    @Test
    void locate_whenBothAreAvailable_prefersTheEnvironmentVariable() {
        Path file = dir.resolve("secrets.json");
        String envKey = SecretStoreKey.generate();
        SecretStoreKey.generateFile(dir.resolve("file.key"));
        SecretStoreFile.open(file, SecretStoreKey.fromEnvironment("K", Map.of("K", envKey))).put("crm", "env-written").save();

        EncryptedFileSecretProvider provider = EncryptedFileSecretProvider.open(file, dir.resolve("file.key"), "K", Map.of("K", envKey));

        assertThat(provider.secret("crm")).contains("env-written");
    }

    @Test
    void open_whenTheFileDoesNotExistYet_isAnEmptyStore() {
        SecretStoreKey key = SecretStoreKey.fromEnvironment("K", Map.of("K", SecretStoreKey.generate()));
        assertThat(EncryptedFileSecretProvider.open(dir.resolve("none.json"), key).secret("crm")).isEmpty();
        assertThat(SecretStoreFile.open(dir.resolve("none.json"), key).names()).isEmpty();
    }
}
