package com.wfp.workflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.wfp.workflow.expression.JsonValues;
import com.wfp.workflow.expression.Template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON value whose strings may embed {@code {{ }}} templates, compiled once: objects and arrays
 * are rendered member by member, a string that is exactly one {@code {{ expr }}} keeps the
 * expression's type, and values without templates are converted once and reused.
 */
sealed interface JsonTemplate {

    Object render(Execution execution);

    static JsonTemplate compile(JsonNode value) {
        if (value.isTextual() && Template.hasExpressions(value.textValue())) {
            return new Text(Template.parse(value.textValue()));
        }
        if (value.isObject() && containsTemplate(value)) {
            Map<String, JsonTemplate> members = new LinkedHashMap<>();
            value.properties().forEach(e -> members.put(e.getKey(), compile(e.getValue())));
            return new ObjectValue(members);
        }
        if (value.isArray() && containsTemplate(value)) {
            List<JsonTemplate> items = new ArrayList<>();
            value.forEach(item -> items.add(compile(item)));
            return new ArrayValue(items);
        }
        return new Constant(value);
    }

    private static boolean containsTemplate(JsonNode value) {
        if (value.isTextual()) {
            return Template.hasExpressions(value.textValue());
        }
        for (JsonNode child : value) {
            if (containsTemplate(child)) {
                return true;
            }
        }
        return false;
    }

    /** A value without templates. Rendered afresh each time so that no execution can change another's copy. */
    record Constant(JsonNode value) implements JsonTemplate {
        @Override
        public Object render(Execution execution) {
            return JsonValues.toPlain(value);
        }
    }

    record Text(Template template) implements JsonTemplate {
        @Override
        public Object render(Execution execution) {
            return execution.render(template);
        }
    }

    record ObjectValue(Map<String, JsonTemplate> members) implements JsonTemplate {
        @Override
        public Object render(Execution execution) {
            Map<String, Object> out = new LinkedHashMap<>();
            members.forEach((k, v) -> out.put(k, v.render(execution)));
            return out;
        }
    }

    record ArrayValue(List<JsonTemplate> items) implements JsonTemplate {
        @Override
        public Object render(Execution execution) {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(item -> out.add(item.render(execution)));
            return out;
        }
    }
}
