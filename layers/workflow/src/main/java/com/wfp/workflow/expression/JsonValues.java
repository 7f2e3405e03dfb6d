package com.wfp.workflow.expression;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between Jackson trees and the plain values JSONata works on ({@link Map}, {@link List},
 * {@link Number}, {@link String}, {@link Boolean}, null). Written as explicit switches over node
 * types, without reflection, because it sits on every execution's hot path.
 */
public final class JsonValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final double LONG_RANGE = 9.007199254740992E15; // 2^53: doubles above are not exact integers

    private JsonValues() {
    }

    /** A Jackson tree as plain values; a missing or null node becomes null. */
    public static Object toPlain(JsonNode node) {
        if (node == null) {
            return null;
        }
        return switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>(Math.max(4, node.size() * 2));
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    map.put(e.getKey(), toPlain(e.getValue()));
                }
                yield map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                for (JsonNode item : node) {
                    list.add(toPlain(item));
                }
                yield list;
            }
            case STRING -> node.textValue();
            case BOOLEAN -> node.booleanValue();
            case NUMBER -> plainNumber(node);
            case BINARY, POJO -> node.asText();
            case NULL, MISSING -> null;
        };
    }

    private static Object plainNumber(JsonNode node) {
        if (node.isInt()) {
            return node.intValue();
        }
        if (node.isLong()) {
            return node.longValue();
        }
        if (node.isBigInteger()) {
            // JSONata numbers are doubles; an integer beyond long range can only be approximated.
            return node.bigIntegerValue().doubleValue();
        }
        return node.doubleValue();
    }

    /** Plain values (as JSONata returns them) as a Jackson tree. Functions become null: they are not JSON. */
    public static JsonNode toJson(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return NODES.nullNode();
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Number n) {
            return number(n);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                object.set(String.valueOf(e.getKey()), toJson(e.getValue()));
            }
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            for (Object item : list) {
                array.add(toJson(item));
            }
            return array;
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof CharSequence cs) {
            return NODES.textNode(cs.toString());
        }
        return NODES.nullNode();
    }

    private static JsonNode number(Number n) {
        if (n instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (n instanceof Long l) {
            return l == l.intValue() ? NODES.numberNode(l.intValue()) : NODES.numberNode(l);
        }
        if (n instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (n instanceof BigInteger b) {
            return NODES.numberNode(b);
        }
        double d = n.doubleValue();
        // JSONata computes in doubles; 2 * 5 should read 10, not 10.0, as it would in JavaScript.
        if (d == Math.rint(d) && Math.abs(d) < LONG_RANGE && !(d == 0 && 1 / d < 0)) {
            long l = (long) d;
            return l == (int) l ? NODES.numberNode((int) l) : NODES.numberNode(l);
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return NODES.nullNode();
        }
        return NODES.numberNode(d);
    }

    /** Text of a value as a template renders it: strings as they are, everything else as JSON. */
    public static String toText(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return "";
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            return value.toString();
        }
        return toJson(value).toString();
    }

    /** Size of a plain value written as compact UTF-8 JSON, in bytes, computed without writing it. */
    public static long jsonSize(Object value) {
        if (value == null || value == Jsonata.NULL_VALUE) {
            return 4;
        }
        if (value instanceof String s) {
            return utf8Length(s) + 2;
        }
        if (value instanceof Boolean b) {
            return b ? 4 : 5;
        }
        if (value instanceof Integer || value instanceof Long) {
            return Long.toString(((Number) value).longValue()).length();
        }
        if (value instanceof Number n) {
            return toJson(n).toString().length();
        }
        if (value instanceof Map<?, ?> map) {
            long size = 2 + Math.max(0, map.size() - 1);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                size += utf8Length(String.valueOf(e.getKey())) + 3 + jsonSize(e.getValue());
            }
            return size;
        }
        if (value instanceof List<?> list) {
            long size = 2 + Math.max(0, list.size() - 1);
            for (Object item : list) {
                size += jsonSize(item);
            }
            return size;
        }
        if (value instanceof JsonNode node) {
            return node.toString().length();
        }
        return 4;
    }

    private static long utf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f' ? 2 : c < 0x20 ? 6 : 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
