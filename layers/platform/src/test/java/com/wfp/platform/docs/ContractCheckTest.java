package com.wfp.platform.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wfp.workflow.model.Workflow;
import com.wfp.workflow.model.WorkflowParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContractCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String LIVE = """
            {"type":"object","required":["name"],
             "properties":{"name":{"type":"string"},"age":{"type":"integer"},
                           "tier":{"type":"string","enum":["gold","silver"]},
                           "tags":{"type":"array","items":{"type":"string"}}}}""";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            same schema                    | {"type":"object","required":["name"],"properties":{"name":{"type":"string"},"age":{"type":"integer"},"tier":{"type":"string","enum":["gold","silver"]},"tags":{"type":"array","items":{"type":"string"}}}}
            new optional field             | {"type":"object","required":["name"],"properties":{"name":{"type":"string"},"age":{"type":"integer"},"tier":{"type":"string","enum":["gold","silver"]},"tags":{"type":"array","items":{"type":"string"}},"note":{"type":"string"}}}
            required dropped               | {"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer"},"tier":{"type":"string","enum":["gold","silver"]},"tags":{"type":"array","items":{"type":"string"}}}}
            integer widened to number      | {"type":"object","required":["name"],"properties":{"name":{"type":"string"},"age":{"type":"number"},"tier":{"type":"string","enum":["gold","silver"]},"tags":{"type":"array","items":{"type":"string"}}}}
            enum widened                   | {"type":"object","required":["name"],"properties":{"name":{"type":"string"},"age":{"type":"integer"},"tier":{"type":"string","enum":["gold","silver","bronze"]},"tags":{"type":"array","items":{"type":"string"}}}}
            type widened to a union        | {"type":"object","required":["name"],"properties":{"name":{"type":["string","null"]},"age":{"type":"integer"},"tier":{"type":"string","enum":["gold","silver"]},"tags":{"type":"array","items":{"type":"string"}}}}
            """)
    void inputBreaks_whenTheNewSchemaAcceptsEverythingTheLiveOneDid_findsNone(String name, String candidate) throws Exception {
        assertThat(ContractCheck.inputBreaks(JSON.readTree(LIVE), JSON.readTree(candidate))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            removed field           | removed-field  | /age       | {"type":"object","required":["name"],"properties":{"name":{"type":"string"},"tier":{"type":"string","enum":["gold","silver"]},"tags":{"type":"array","items":{"type":"string"}}}}
            newly required field    | newly-required | /age       | {"type":"object","required":["name","age"],"properties":{"name":{"type":"string"},"age":{"type":"integer"},"tier":{"type":"string","enum":["gold","silver"]},"tags":{"type":"array","items":{"type":"string"}}}}
            number narrowed         | narrowed-type  | /name      | {"type":"object","required":["name"],"properties":{"name":{"type":"integer"},"age":{"type":"integer"},"tier":{"type":"string","enum":["gold","silver"]},"tags":{"type":"array","items":{"type":"string"}}}}
            enum narrowed           | narrowed-enum  | /tier      | {"type":"object","required":["name"],"properties":{"name":{"type":"string"},"age":{"type":"integer"},"tier":{"type":"string","enum":["gold"]},"tags":{"type":"array","items":{"type":"string"}}}}
            array items narrowed    | narrowed-type  | /tags/items | {"type":"object","required":["name"],"properties":{"name":{"type":"string"},"age":{"type":"integer"},"tier":{"type":"string","enum":["gold","silver"]},"tags":{"type":"array","items":{"type":"integer"}}}}
            """)
    void inputBreaks_whenTheNewSchemaRefusesWhatTheLiveOneAccepted_namesTheBreak(String name, String kind, String path,
                                                                              String candidate) throws Exception {
        List<ContractCheck.ContractBreak> breaks = ContractCheck.inputBreaks(JSON.readTree(LIVE), JSON.readTree(candidate));

        assertThat(breaks).extracting(ContractCheck.ContractBreak::kind, ContractCheck.ContractBreak::path)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(kind, path));
    }

    @Test
    void inputBreaks_whenASchemaAppearsWhereThereWasNone_reportsTheNarrowedType() throws Exception {
        JsonNode candidate = JSON.readTree("{\"type\":\"object\"}");

        assertThat(ContractCheck.inputBreaks(null, candidate)).extracting(ContractCheck.ContractBreak::kind)
                .containsExactly("narrowed-type");
    }

    @Test
    void between_whenARespondStatusDisappears_reportsTheRemovedStatus() {
        Workflow live = workflow(LIVE, "{ \"id\": \"gone\", \"type\": \"respond\", \"config\": { \"status\": 404 } },");
        Workflow candidate = workflow(LIVE, "");

        assertThat(ContractCheck.between(live, candidate)).extracting(ContractCheck.ContractBreak::kind,
                ContractCheck.ContractBreak::path).containsExactly(org.assertj.core.groups.Tuple.tuple("removed-status", "404"));
        assertThat(ContractCheck.between(candidate, live)).isEmpty();
    }

    private static Workflow workflow(String schema, String extraNode) {
        return new WorkflowParser().parse("""
                {"format":1,"id":"w","nodes":[
                  {"id":"in","type":"trigger.http","config":{"method":"POST","inputSchema":%s}},
                  %s
                  {"id":"ok","type":"respond","config":{"status":200,"body":"input"}}],
                 "edges":[{"from":"in","to":"ok"}]}""".formatted(schema, extraNode));
    }
}
