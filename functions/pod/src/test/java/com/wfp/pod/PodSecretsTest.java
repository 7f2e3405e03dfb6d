package com.wfp.pod;

import com.wfp.workflow.engine.SecretProvider;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.secrets.SecretStoreFile;
import com.wfp.workflow.secrets.SecretStoreKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PodSecretsTest {

    private static final String TOKEN = "0123456789abcdef0123";

    @Test
    void secrets_withStoreFile_readTheFileThenTheEnvironment(@TempDir Path dir) {
        String key = SecretStoreKey.generate();
        Path store = dir.resolve("secrets.enc");
        Map<String, String> environment = Map.of("WFP_POD_TOKEN", TOKEN, "WFP_SECRETS_KEY", key,
                "WFP_SECRET_CRM", "from-environment", "WFP_SECRET_MAIL", "mail-from-environment");
        SecretStoreFile.open(store, SecretStoreKey.locate(null, SecretStoreKey.DEFAULT_VARIABLE, environment))
                .put("crm", "from-file").save();
        PodSettings settings = PodSettings.fromArgsAndEnvironment(new String[]{"--secrets-file=" + store}, environment);

        SecretProvider secrets = PodMain.secrets(settings, environment);

        assertThat(secrets.secret("crm")).hasValue("from-file");
        assertThat(secrets.secret("mail")).hasValue("mail-from-environment");
        assertThat(secrets.secret("absent")).isEmpty();
    }

    @Test
    void secrets_withStoreFileButNoKey_failsAtStartNamingTheKey(@TempDir Path dir) {
        Map<String, String> environment = Map.of("WFP_POD_TOKEN", TOKEN);
        PodSettings settings = PodSettings.fromArgsAndEnvironment(
                new String[]{"--secrets-file=" + dir.resolve("secrets.enc")}, environment);

        assertThatThrownBy(() -> PodMain.secrets(settings, environment))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.getMessage()).contains("WFP_SECRETS_KEY"));
    }

    @Test
    void secrets_withoutStoreFile_readTheEnvironment() {
        Map<String, String> environment = Map.of("WFP_POD_TOKEN", TOKEN, "WFP_SECRET_CRM", "env-value");
        PodSettings settings = PodSettings.fromArgsAndEnvironment(new String[0], environment);

        assertThat(PodMain.secrets(settings, environment).secret("crm")).hasValue("env-value");
    }
}
