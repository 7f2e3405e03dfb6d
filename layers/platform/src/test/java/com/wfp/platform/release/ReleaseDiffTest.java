package com.wfp.platform.release;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReleaseDiffTest {

    private static final String BEFORE = """
            {"format": 1, "id": "orders", "name": "Orders",
             "nodes": [
               {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey"}},
               {"id": "lookup", "type": "http.request", "config": {"method": "GET", "url": "https://crm.example.com/a", "timeoutMs": 3000}},
               {"id": "old", "type": "transform", "config": {"expression": "1"}},
               {"id": "ok", "type": "respond", "config": {"status": 200}}
             ],
             "edges": [{"from": "in", "to": "lookup"}, {"from": "lookup", "to": "old"}, {"from": "old", "to": "ok"}],
             "credentials": [{"name": "crm", "type": "bearer"}, {"name": "erp", "type": "basic"}],
             "settings": {"timeoutMs": 30000}}
            """;

    private static final String AFTER = """
            {"format": 1, "id": "orders", "name": "Orders v2",
             "nodes": [
               {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey"}},
               {"id": "lookup", "type": "http.request", "config": {"method": "GET", "url": "https://crm.example.com/b", "retry": {"maxAttempts": 2}}},
               {"id": "ok", "type": "fail", "config": {"status": 500}},
               {"id": "score", "type": "transform", "config": {"expression": "2"}}
             ],
             "edges": [{"from": "in", "to": "lookup"}, {"from": "lookup", "to": "score"}, {"from": "score", "to": "ok"},
                       {"from": "lookup", "to": "ok", "branch": "error"}],
             "credentials": [{"name": "crm", "type": "token"}, {"name": "billing", "type": "bearer"}],
             "settings": {"timeoutMs": 10000, "maxConcurrency": 4}}
            """;

    @Test
    void between_reportsNodeEdgeSettingAndCredentialChanges() {
        ReleaseDiff diff = ReleaseDiff.between(BEFORE, AFTER);

        assertThat(diff.nodesAdded()).containsExactly("score");
        assertThat(diff.nodesRemoved()).containsExactly("old");
        assertThat(diff.nodesChanged()).containsExactly(
                new ReleaseDiff.NodeChange("lookup", "http.request", "http.request", java.util.List.of("retry", "timeoutMs", "url")),
                new ReleaseDiff.NodeChange("ok", "respond", "fail", java.util.List.of("status")));
        assertThat(diff.edgesAdded()).extracting(Object::toString)
                .containsExactly("lookup -> score", "score -> ok", "lookup -> ok [error]");
        assertThat(diff.edgesRemoved()).extracting(Object::toString).containsExactly("lookup -> old", "old -> ok");
        assertThat(diff.settingsChanged()).containsExactly("maxConcurrency", "timeoutMs");
        assertThat(diff.credentialsAdded()).containsExactly("billing");
        assertThat(diff.credentialsRemoved()).containsExactly("erp");
        assertThat(diff.credentialsChanged()).containsExactly("crm");
        assertThat(diff.workflowFieldsChanged()).containsExactly("name");
        assertThat(diff.isEmpty()).isFalse();
    }

    @Test
    void between_whenOnlyFormattingAndKeyOrderDiffer_isEmpty() {
        String reordered = """
                {"settings": {"timeoutMs": 30000}, "name": "Orders", "id": "orders", "format": 1,
                 "credentials": [{"type": "bearer", "name": "crm"}, {"name": "erp", "type": "basic"}],
                 "edges": [{"to": "lookup", "from": "in"}, {"from": "lookup", "to": "old"}, {"from": "old", "to": "ok"}],
                 "nodes": [
                   {"type": "trigger.http", "id": "in", "config": {"auth": "apiKey", "method": "POST"}},
                   {"id": "lookup", "type": "http.request", "config": {"timeoutMs": 3000, "method": "GET", "url": "https://crm.example.com/a"}},
                   {"id": "old", "type": "transform", "config": {"expression": "1"}},
                   {"id": "ok", "type": "respond", "config": {"status": 200}}
                 ]}
                """;

        assertThat(ReleaseDiff.between(BEFORE, reordered).isEmpty()).isTrue();
        assertThat(ReleaseDiff.between(BEFORE, BEFORE).isEmpty()).isTrue();
    }

    @Test
    void between_whenADefinitionIsNotAnObject_failsWithABadRequest() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReleaseDiff.between("[]", BEFORE))
                .isInstanceOfSatisfying(com.wfp.workflow.error.DomainException.class,
                        e -> assertThat(e.code()).isEqualTo("diff.invalid-definition"));
    }
}
