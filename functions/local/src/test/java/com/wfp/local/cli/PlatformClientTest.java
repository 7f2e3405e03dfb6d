package com.wfp.local.cli;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlatformClientTest {

    private static PlatformClient at(String url) {
        return PlatformClient.pinned(URI.create(url), "token", "00".repeat(32));
    }

    @Test
    void at_whenThePlatformIsAtTheRoot_addressesTheApiThere() {
        assertThat(at("https://localhost:8443").at("/api/v1/projects"))
                .isEqualTo(URI.create("https://localhost:8443/api/v1/projects"));
    }

    @Test
    void at_whenThePlatformIsBelowAStage_keepsTheStageInEveryPath() {
        assertThat(at("https://abc.execute-api.eu-west-1.amazonaws.com/prod").at("/api/v1/projects"))
                .isEqualTo(URI.create("https://abc.execute-api.eu-west-1.amazonaws.com/prod/api/v1/projects"));
        assertThat(at("https://abc.execute-api.eu-west-1.amazonaws.com/prod/").at("/api/v1/projects?x=1"))
                .isEqualTo(URI.create("https://abc.execute-api.eu-west-1.amazonaws.com/prod/api/v1/projects?x=1"));
    }

    @Test
    void at_whenGivenAWholeUrl_usesItAsItIs() {
        assertThat(at("https://abc.example/prod").at("https://abc.example/prod/api/v1/deployments/d1/events"))
                .isEqualTo(URI.create("https://abc.example/prod/api/v1/deployments/d1/events"));
    }

    @Test
    void at_whenGivenAUrlOfAnotherOrigin_refusesToSendTheTokenThere() {
        assertThatThrownBy(() -> at("https://abc.example/prod").at("https://elsewhere.example/api/v1/x"))
                .isInstanceOf(PlatformClient.ApiError.class).hasMessageContaining("another origin");
    }
}
