package com.wfp.platform.telemetry;

import com.wfp.platform.release.WorkflowRef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorFingerprintTest {

    private static final WorkflowRef ORDERS = new WorkflowRef("ada", "shop", "orders");

    @Test
    void of_theSameErrorWithOtherNumbersIdsAndQuotedValues_isTheSameGroup() {
        ErrorFingerprint a = ErrorFingerprint.of(ORDERS, "lookup", "http.status",
                "Order 17 for customer 'C-7' failed: request 3f2b8c1e-9d4a-4b6e-8f00-0a1b2c3d4e5f answered 404 after 12.5 ms");
        ErrorFingerprint b = ErrorFingerprint.of(ORDERS, "lookup", "http.status",
                "Order 4242 for customer \"X-99\" failed: request 00000000-1111-2222-3333-444444444444 answered 500 after 3 ms");

        assertThat(a).isEqualTo(b);
        assertThat(a.pattern()).isEqualTo("Order <n> for customer <v> failed: request <id> answered <n> after <n> ms");
        assertThat(a.value()).hasSize(20).matches("[0-9a-f]+");
    }

    @Test
    void of_anotherNodeCodeWorkflowOrWording_isAnotherGroup() {
        ErrorFingerprint base = ErrorFingerprint.of(ORDERS, "lookup", "http.status", "Order 17 not found");

        assertThat(ErrorFingerprint.of(ORDERS, "score", "http.status", "Order 17 not found")).isNotEqualTo(base);
        assertThat(ErrorFingerprint.of(ORDERS, "lookup", "http.timeout", "Order 17 not found")).isNotEqualTo(base);
        assertThat(ErrorFingerprint.of(new WorkflowRef("ada", "shop", "refunds"), "lookup", "http.status",
                "Order 17 not found")).isNotEqualTo(base);
        assertThat(ErrorFingerprint.of(ORDERS, "lookup", "http.status", "Order 17 rejected")).isNotEqualTo(base);
        assertThat(ErrorFingerprint.of(ORDERS, null, "http.status", "Order 17 not found")).isNotEqualTo(base);
    }

    @Test
    void normalise_keepsTheFirstLineAndHexIdsOut() {
        assertThat(ErrorFingerprint.normalise("Execution 5f0c2a9e81b34d7a6c1e0f92 failed\n\tat somewhere 12"))
                .isEqualTo("Execution <id> failed");
        assertThat(ErrorFingerprint.normalise(null)).isEmpty();
        assertThat(ErrorFingerprint.normalise("  spaced   out  ")).isEqualTo("spaced out");
    }
}
