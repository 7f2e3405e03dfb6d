package com.wfp.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.assertions.Template;

import java.util.List;
import java.util.Map;

/** Reading synthesized templates as plain maps, so assertions say what they check in Java. */
final class Templates {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Templates() {
    }

    /** Logical id to resource, of one type. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(Template template, String type) {
        return (Map<String, Map<String, Object>>) (Map<String, ?>) template.findResources(type);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> resource) {
        Object properties = resource.get("Properties");
        return properties == null ? Map.of() : (Map<String, Object>) properties;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** A function's environment variables; none when it has no environment (the console function). */
    static Map<String, Object> variables(Map<String, Object> functionProperties) {
        Object environment = functionProperties.get("Environment");
        return environment == null ? Map.of() : map(map(environment).get("Variables"));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }

    /** The value as JSON text, for checking which resources an intrinsic refers to. */
    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The logical id a {@code {"Ref": id}} or {@code {"Fn::GetAtt": [id, ...]}} points at. */
    static String referenced(Object intrinsic) {
        Map<String, Object> reference = map(intrinsic);
        if (reference.containsKey("Ref")) {
            return (String) reference.get("Ref");
        }
        return (String) list(reference.get("Fn::GetAtt")).get(0);
    }
}
