package com.wfp.platform.release;

import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseQueriesTest {

    private static final WorkflowRef REF = new WorkflowRef("ada", "shop", "greeting");

    private final InMemoryReleaseStore store = new InMemoryReleaseStore();
    private final ReleaseQueries queries = new ReleaseQueries(store, store, store);

    @Test
    void requireKnown_whenNeverSavedNorPublished_answers404NamingTheWorkflowAndHowToPublishIt() {
        assertThatThrownBy(() -> queries.requireKnown(new WorkflowRef("ada", "shop", "greetng")))
                .isInstanceOfSatisfying(DomainException.class, e -> {
                    assertThat(e.code()).isEqualTo("workflow.not-found");
                    assertThat(e.httpStatus()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("ada/shop/greetng");
                    assertThat(e.hint()).contains("--workflow ada/shop/greetng");
                });
    }

    @Test
    void requireKnown_whenOnlyADraftWasSaved_letsItThrough() {
        store.saveDraft(Draft.of(REF, "{}", "ada", Instant.parse("2026-12-06T10:00:00Z")));

        assertThatCode(() -> queries.requireKnown(REF)).doesNotThrowAnyException();
        assertThatThrownBy(() -> queries.requireKnown(new WorkflowRef("ada", "shop", "other")))
                .isInstanceOf(DomainException.class);
    }
}
