package com.wfp.pod;

import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PodErrorsTest {

    @Test
    void toResponse_domainException_keepsCodeStatusAndHint() {
        ErrorResponse response = PodErrors.toResponse(DomainException.conflict("release.immutable", "changed", "use a new id"));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.code()).isEqualTo("release.immutable");
        assertThat(response.message()).isEqualTo("changed");
        assertThat(response.hint()).isEqualTo("use a new id");
        assertThat(response.headers()).isEmpty();
        assertThat(response.internal()).isFalse();
    }

    @Test
    void toResponse_retryLater_addsRetryAfter() {
        ErrorResponse response = PodErrors.toResponse(new RetryLaterException("pod.overloaded", 429, "busy", "retry", 3));

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.headers()).containsEntry("Retry-After", "3");
    }

    @Test
    void toResponse_unauthorized_asksForBearer() {
        ErrorResponse response = PodErrors.toResponse(new DomainException("pod.unauthorized", 401, "no token", "send it"));

        assertThat(response.headers()).containsEntry("WWW-Authenticate", "Bearer");
    }

    @Test
    void toResponse_unexpectedException_is500WithoutInternals() {
        ErrorResponse response = PodErrors.toResponse(new NullPointerException("secret internal detail"));

        assertThat(response.status()).isEqualTo(500);
        assertThat(response.code()).isEqualTo("pod.internal");
        assertThat(response.message()).doesNotContain("secret internal detail");
        assertThat(response.hint()).isNotBlank();
        assertThat(response.internal()).isTrue();
    }
}
