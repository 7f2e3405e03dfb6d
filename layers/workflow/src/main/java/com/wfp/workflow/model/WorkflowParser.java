package com.wfp.workflow.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a format-1 workflow document into a {@link Workflow}. Thread-safe and reusable.
 *
 * <p>Limits are enforced by the JSON reader itself (Jackson's stream constraints) and by counting
 * before building, so a huge or deeply nested document fails fast. Problems that leave a usable
 * model (a bad slug, a missing config field, an unknown node type) are left to the validator.
 */
public final class WorkflowParser {

    private final WorkflowLimits limits;
    private final ObjectMapper mapper;

    public WorkflowParser() {
        this(WorkflowLimits.DEFAULT);
    }

    public WorkflowParser(WorkflowLimits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNameLength(limits.maxStringLength())
                        .maxDocumentLength(limits.maxDocumentBytes())
                        .maxNumberLength(100)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        // Content after the document ("{...} ]") is a syntax error, not something to ignore.
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public WorkflowLimits limits() {
        return limits;
    }

    /** Parses UTF-8 bytes. */
    public Workflow parse(byte[] document) {
        if (document.length > limits.maxDocumentBytes()) {
            throw tooLarge(document.length);
        }
        return parseTree(readTree(decodeUtf8(document)));
    }

    /** Parses a document already held as text. */
    public Workflow parse(String document) {
        // A char is at most 3 UTF-8 bytes; only count exactly when the cheap bound is inconclusive.
        if ((long) document.length() * 3 > limits.maxDocumentBytes()) {
            byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > limits.maxDocumentBytes()) {
                throw tooLarge(bytes.length);
            }
        }
        return parseTree(readTree(document));
    }

    /** Reads JSON text into a tree under the same limits, for callers that need the raw document. */
    public JsonNode readTree(String document) {
        try {
            JsonNode tree = mapper.readTree(document);
            if (tree == null || tree.isMissingNode()) {
                throw WorkflowParseException.syntax("the document is empty", 1, 1, null);
            }
            return tree;
        } catch (StreamConstraintsException e) {
            throw limitFromJackson(e);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            int column = at == null ? 1 : Math.max(1, at.getColumnNr());
            throw WorkflowParseException.syntax(e.getOriginalMessage(), line, column, e);
        }
    }

    /** Builds the model from a tree that has already been read. */
    public Workflow parseTree(JsonNode tree) {
        if (!tree.isObject()) {
            throw WorkflowParseException.structure("$", "The workflow must be a JSON object, found " + kind(tree),
                    "Send an object such as {\"format\": 1, \"id\": \"my-flow\", \"nodes\": [...], \"edges\": [...]}.");
        }
        ObjectNode root = ((ObjectNode) tree).deepCopy();

        JsonNode format = root.get("format");
        if (format == null) {
            throw WorkflowParseException.structure("$.format", "The field \"format\" is missing",
                    "Add \"format\": 1 at the top of the document.");
        }
        // canConvertToInt first: asInt() truncates, which would read 4294967297 as 1.
        if (!format.isIntegralNumber() || !format.canConvertToInt() || format.intValue() != Workflow.FORMAT) {
            throw WorkflowParseException.structure("$.format", "Unsupported format " + format,
                    "This platform reads format 1; set \"format\": 1.");
        }
        String id = requiredString(root, "id", "$.id", "Add \"id\": a slug such as \"order-intake\".");
        String name = optionalString(root, "name", "$.name");
        String description = optionalString(root, "description", "$.description");

        JsonNode nodesNode = root.get("nodes");
        if (nodesNode == null || !nodesNode.isArray()) {
            throw WorkflowParseException.structure("$.nodes",
                    nodesNode == null ? "The field \"nodes\" is missing" : "\"nodes\" must be an array, found " + kind(nodesNode),
                    "Add \"nodes\": [ ... ] with at least a trigger.http node.");
        }
        if (nodesNode.size() > limits.maxNodes()) {
            throw WorkflowParseException.limit("nodes",
                    "The workflow has " + nodesNode.size() + " nodes; the limit is " + limits.maxNodes(),
                    "Split the workflow into smaller workflows of at most " + limits.maxNodes() + " nodes.", "$.nodes");
        }
        List<Node> nodes = new ArrayList<>(nodesNode.size());
        for (int i = 0; i < nodesNode.size(); i++) {
            nodes.add(node(nodesNode.get(i), i));
        }

        JsonNode edgesNode = root.get("edges");
        List<Edge> edges = new ArrayList<>();
        if (edgesNode != null && !edgesNode.isNull()) {
            if (!edgesNode.isArray()) {
                throw WorkflowParseException.structure("$.edges", "\"edges\" must be an array, found " + kind(edgesNode),
                        "Write edges as [{\"from\": \"a\", \"to\": \"b\"}, ...].");
            }
            if (edgesNode.size() > limits.maxEdges()) {
                throw WorkflowParseException.limit("edges",
                        "The workflow has " + edgesNode.size() + " edges; the limit is " + limits.maxEdges(),
                        "Reduce the number of edges to at most " + limits.maxEdges() + ".", "$.edges");
            }
            for (int i = 0; i < edgesNode.size(); i++) {
                edges.add(edge(edgesNode.get(i), i));
            }
        }

        JsonNode credentialsNode = root.get("credentials");
        List<Credential> credentials = new ArrayList<>();
        if (credentialsNode != null && !credentialsNode.isNull()) {
            if (!credentialsNode.isArray()) {
                throw WorkflowParseException.structure("$.credentials",
                        "\"credentials\" must be an array, found " + kind(credentialsNode),
                        "Declare credentials as [{\"name\": \"crm\", \"type\": \"bearer\"}].");
            }
            for (int i = 0; i < credentialsNode.size(); i++) {
                credentials.add(credential(credentialsNode.get(i), i));
            }
        }

        JsonNode settingsNode = root.get("settings");
        ObjectNode settings;
        if (settingsNode == null || settingsNode.isNull()) {
            settings = JsonNodeFactory.instance.objectNode();
        } else if (settingsNode.isObject()) {
            settings = (ObjectNode) settingsNode;
        } else {
            throw WorkflowParseException.structure("$.settings", "\"settings\" must be an object, found " + kind(settingsNode),
                    "Write settings as {\"timeoutMs\": 30000}.");
        }
        return new Workflow(Workflow.FORMAT, id, name, description, nodes, edges, credentials, settings, root);
    }

    private static Node node(JsonNode n, int index) {
        String path = "$.nodes[" + index + "]";
        if (!n.isObject()) {
            throw WorkflowParseException.structure(path, "A node must be an object, found " + kind(n),
                    "Write each node as {\"id\": \"...\", \"type\": \"...\", \"config\": {...}}.");
        }
        String id = requiredString(n, "id", path + ".id", "Give the node an \"id\" (a slug such as \"lookup\").");
        String type = requiredString(n, "type", path + ".type",
                "Give the node a \"type\", for example \"transform\" or \"respond\".");
        JsonNode config = n.get("config");
        ObjectNode configObject;
        if (config == null || config.isNull()) {
            configObject = JsonNodeFactory.instance.objectNode();
        } else if (config.isObject()) {
            configObject = (ObjectNode) config;
        } else {
            throw WorkflowParseException.structure(path + ".config", "\"config\" must be an object, found " + kind(config),
                    "Write the node's settings as an object: \"config\": { ... }.");
        }
        return new Node(id, type, configObject, index);
    }

    private static Edge edge(JsonNode e, int index) {
        String path = "$.edges[" + index + "]";
        if (!e.isObject()) {
            throw WorkflowParseException.structure(path, "An edge must be an object, found " + kind(e),
                    "Write each edge as {\"from\": \"a\", \"to\": \"b\"} with an optional \"branch\".");
        }
        String from = requiredString(e, "from", path + ".from", "Name the source node's id in \"from\".");
        String to = requiredString(e, "to", path + ".to", "Name the target node's id in \"to\".");
        String branch = optionalString(e, "branch", path + ".branch");
        return new Edge(from, to, branch, index);
    }

    private static Credential credential(JsonNode c, int index) {
        String path = "$.credentials[" + index + "]";
        if (!c.isObject()) {
            throw WorkflowParseException.structure(path, "A credential must be an object, found " + kind(c),
                    "Declare a credential as {\"name\": \"crm\", \"type\": \"bearer\"}.");
        }
        String name = requiredString(c, "name", path + ".name", "Give the credential a \"name\" to use in $secret('name').");
        String type = optionalString(c, "type", path + ".type");
        return new Credential(name, type, index);
    }

    private static String requiredString(JsonNode parent, String field, String path, String hint) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            throw WorkflowParseException.structure(path, "The field \"" + field + "\" is missing", hint);
        }
        if (!value.isTextual()) {
            throw WorkflowParseException.structure(path, "\"" + field + "\" must be a string, found " + kind(value), hint);
        }
        return value.textValue();
    }

    private static String optionalString(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw WorkflowParseException.structure(path, "\"" + field + "\" must be a string, found " + kind(value),
                    "Write \"" + field + "\" as a JSON string.");
        }
        return value.textValue();
    }

    static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().name().toLowerCase();
        };
    }

    private WorkflowParseException tooLarge(long size) {
        return WorkflowParseException.limit("document-size",
                "The document is " + size + " bytes; the limit is " + limits.maxDocumentBytes() + " bytes (1 MiB)",
                "Move large data out of the workflow (fetch it with http.request) or split the workflow.", "$");
    }

    private WorkflowParseException limitFromJackson(StreamConstraintsException e) {
        String msg = String.valueOf(e.getOriginalMessage());
        if (msg.contains("nesting depth")) {
            return WorkflowParseException.limit("depth",
                    "The document nests deeper than " + limits.maxDepth() + " levels",
                    "Flatten the nested objects or arrays to at most " + limits.maxDepth() + " levels.", null);
        }
        if (msg.contains("String value length") || msg.contains("Name length")) {
            return WorkflowParseException.limit("string-length",
                    "A string in the document is longer than " + limits.maxStringLength() + " characters",
                    "Shorten the string or move the data out of the workflow.", null);
        }
        if (msg.contains("Number value length")) {
            return WorkflowParseException.limit("number-length", "A number in the document has too many digits",
                    "Write numbers with at most 100 digits.", null);
        }
        return WorkflowParseException.limit("document-size",
                "The document is larger than " + limits.maxDocumentBytes() + " bytes (1 MiB)",
                "Move large data out of the workflow or split the workflow.", null);
    }

    private static String decodeUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            String text = decoder.decode(in).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw WorkflowParseException.encoding(
                    "The document is not valid UTF-8 (bad byte sequence near byte offset " + in.position() + ")", e);
        }
    }
}
