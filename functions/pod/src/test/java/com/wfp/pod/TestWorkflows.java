package com.wfp.pod;

/** Workflow documents and release envelopes the pod tests load. */
final class TestWorkflows {

    private TestWorkflows() {
    }

    /** trigger.http -> transform (greets input.name) -> respond 200 with the transform's output. */
    static String greeter(String workflowId) {
        return """
                {"format": 1, "id": "%s", "name": "Greeter",
                 "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey"}},
                   {"id": "shape", "type": "transform", "config": {"expression": "{ 'greeting': 'hello ' & input.name }"}},
                   {"id": "out", "type": "respond", "config": {"status": 200, "body": "nodes.shape"}}
                 ],
                 "edges": [{"from": "in", "to": "shape"}, {"from": "shape", "to": "out"}]}
                """.formatted(workflowId);
    }

    /** trigger.http -> transform echoing what the workflow sees of the request -> respond 200. */
    static String requestEcho(String workflowId) {
        return """
                {"format": 1, "id": "%s",
                 "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey"}},
                   {"id": "shape", "type": "transform", "config": {"expression":
                     "{ 'q': request.query.q, 'custom': request.headers.`x-custom`, 'auth': request.headers.authorization, 'internal': request.headers.`x-wfp-path`, 'host': request.headers.host, 'path': request.path, 'method': request.method }"}},
                   {"id": "out", "type": "respond", "config": {"status": 200, "body": "nodes.shape"}}
                 ],
                 "edges": [{"from": "in", "to": "shape"}, {"from": "shape", "to": "out"}]}
                """.formatted(workflowId);
    }

    /** trigger.http -> delay(ms) -> respond 200 {"slept": true}. */
    static String sleeper(String workflowId, int delayMs) {
        return """
                {"format": 1, "id": "%s",
                 "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey"}},
                   {"id": "wait", "type": "delay", "config": {"ms": %d}},
                   {"id": "out", "type": "respond", "config": {"status": 200, "body": "{ 'slept': true }"}}
                 ],
                 "edges": [{"from": "in", "to": "wait"}, {"from": "wait", "to": "out"}]}
                """.formatted(workflowId, delayMs);
    }

    /** trigger.http -> transform running {@code expression} -> respond 200 with its result. */
    static String transforming(String workflowId, String expression) {
        return """
                {"format": 1, "id": "%s",
                 "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey"}},
                   {"id": "shape", "type": "transform", "config": {"expression": "%s"}},
                   {"id": "out", "type": "respond", "config": {"status": 200, "body": "nodes.shape"}}
                 ],
                 "edges": [{"from": "in", "to": "shape"}, {"from": "shape", "to": "out"}]}
                """.formatted(workflowId, expression);
    }

    /** trigger.http -> fail 502. */
    static String failing(String workflowId) {
        return """
                {"format": 1, "id": "%s",
                 "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey"}},
                   {"id": "boom", "type": "fail", "config": {"status": 502, "message": "upstream said no"}}
                 ],
                 "edges": [{"from": "in", "to": "boom"}]}
                """.formatted(workflowId);
    }

    /** A document the engine must refuse to prepare: its transform expression does not parse. */
    static String unrunnable(String workflowId) {
        return """
                {"format": 1, "id": "%s",
                 "nodes": [
                   {"id": "in", "type": "trigger.http", "config": {"method": "POST", "auth": "apiKey"}},
                   {"id": "shape", "type": "transform", "config": {"expression": "{ 'a': input.name "}},
                   {"id": "out", "type": "respond", "config": {"status": 200, "body": "nodes.shape"}}
                 ],
                 "edges": [{"from": "in", "to": "shape"}, {"from": "shape", "to": "out"}]}
                """.formatted(workflowId);
    }

    /** The body of PUT /releases/{id}. */
    static String release(String workflowId, String version, String definition) {
        return """
                {"workflowId": "%s", "version": "%s", "definition": %s}
                """.formatted(workflowId, version, definition);
    }
}
