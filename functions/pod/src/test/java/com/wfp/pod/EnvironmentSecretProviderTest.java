package com.wfp.pod;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvironmentSecretProviderTest {

    @Test
    void secret_readsUpperCasedVariableWithUnderscores() {
        EnvironmentSecretProvider secrets = new EnvironmentSecretProvider(Map.of("WFP_SECRET_CRM_API", "abc"));

        assertThat(secrets.secret("crm-api")).hasValue("abc");
        assertThat(secrets.secret("other")).isEmpty();
        assertThat(EnvironmentSecretProvider.variableFor("crm.api")).isEqualTo("WFP_SECRET_CRM_API");
    }
}
