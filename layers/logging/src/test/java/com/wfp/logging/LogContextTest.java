package com.wfp.logging;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import static org.assertj.core.api.Assertions.assertThat;

class LogContextTest {

    @Test
    void with_whenNestedWithTheSameId_keepsItUntilTheOuterScopeCloses() {
        try (LogContext.Scope outer = LogContext.requestId("req-1")) {
            try (LogContext.Scope inner = LogContext.requestId("req-1")) {
                assertThat(MDC.get(LogContext.REQUEST_ID)).isEqualTo("req-1");
            }
            assertThat(MDC.get(LogContext.REQUEST_ID)).isEqualTo("req-1");
        }
        assertThat(MDC.get(LogContext.REQUEST_ID)).isNull();
    }

    @Test
    void with_whenNestedWithAnotherId_restoresTheOuterIdOnClose() {
        try (LogContext.Scope outer = LogContext.requestId("req-1")) {
            try (LogContext.Scope inner = LogContext.requestId("req-2")) {
                assertThat(MDC.get(LogContext.REQUEST_ID)).isEqualTo("req-2");
            }
            assertThat(MDC.get(LogContext.REQUEST_ID)).isEqualTo("req-1");
            try (LogContext.Scope cleared = LogContext.with(LogContext.REQUEST_ID, null)) {
                assertThat(MDC.get(LogContext.REQUEST_ID)).isNull();
            }
            assertThat(MDC.get(LogContext.REQUEST_ID)).isEqualTo("req-1");
        }
        assertThat(MDC.get(LogContext.REQUEST_ID)).isNull();
    }
}
