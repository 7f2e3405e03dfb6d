package com.wfp.adapters.aws.pod;

import com.wfp.platform.port.PodEndpoint;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudMapPodEndpointsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void apply_whenGivenAUser_buildsItsPodAddressAndItsOwnToken() {
        CloudMapPodEndpoints endpoints = new CloudMapPodEndpoints("http://pod-{user}.wfp.internal:8080",
                new PodTokens(SECRET));

        PodEndpoint ada = endpoints.apply("ada");
        PodEndpoint bob = endpoints.apply("bob");

        assertThat(ada.baseUrl().toString()).isEqualTo("http://pod-ada.wfp.internal:8080");
        assertThat(ada.token()).hasSize(64).isNotEqualTo(bob.token());
        assertThat(endpoints.apply("ada").token()).isEqualTo(ada.token());
    }

    @Test
    void tokenOf_whenTheSecretChanges_changesEveryToken() {
        assertThat(new PodTokens(SECRET).tokenOf("ada"))
                .isNotEqualTo(new PodTokens(SECRET.replace('0', 'x')).tokenOf("ada"));
    }

    @Test
    void new_whenTheTemplateHasNoUserPlaceholder_saysHowToWriteIt() {
        assertThatThrownBy(() -> new CloudMapPodEndpoints("http://pods.wfp.internal:8080", new PodTokens(SECRET)))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("config.invalid-pod-url");
                    assertThat(e.hint()).contains("{user}");
                });
    }

    @Test
    void new_whenTheSecretIsShort_refusesIt() {
        assertThatThrownBy(() -> new PodTokens("short"))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.hint()).contains("openssl rand"));
    }
}
