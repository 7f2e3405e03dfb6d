package com.wfp.handlers.datapath;

import com.wfp.handlers.http.PathText;
import com.wfp.handlers.http.ProductionUrls;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.error.DomainException;

import java.util.List;
import java.util.Map;

/**
 * Where a production call goes, read from its path: {@code /w/{user}/{project}/{workflow}}
 * (routed) or {@code .../v/{version}} (pinned). The route function and the authorizer read it
 * the same way.
 *
 * @param ref           the workflow
 * @param pinnedVersion the version of a pinned URL, or null
 */
public record ProductionPath(WorkflowRef ref, String pinnedVersion) {

    /**
     * Reads the path parameters when API Gateway filled them, else the path itself.
     *
     * @throws DomainException 404 when the path is not a production URL
     */
    public static ProductionPath of(String path, Map<String, String> parameters) {
        String text = path == null ? "" : path;
        if (parameters != null && parameters.containsKey("user") && parameters.containsKey("workflow")) {
            return new ProductionPath(workflowRef(parameters.get("user"), parameters.get("project"),
                    parameters.get("workflow"), text), parameters.get("version"));
        }
        List<String> segments = segments(text);
        return new ProductionPath(workflowRef(segments.get(0), segments.get(1), segments.get(2), text),
                segments.size() == 5 ? segments.get(4) : null);
    }

    /** The path's segments after {@code /w/}: three for a routed URL, five ({@code .../v/{version}}) for a pinned one. */
    private static List<String> segments(String path) {
        if (path.startsWith(ProductionUrls.DATA_PREFIX)) {
            List<String> segments = List.of(path.substring(ProductionUrls.DATA_PREFIX.length()).split("/", -1));
            boolean routed = segments.size() == 3;
            boolean pinned = segments.size() == 5 && segments.get(3).equals("v");
            if ((routed || pinned) && segments.stream().noneMatch(String::isEmpty)) {
                return segments;
            }
        }
        throw DomainException.notFound("route.not-found", "Nothing is served at " + PathText.abbreviated(path),
                "Production URLs are /w/{user}/{project}/{workflow}, or .../v/{version} for one release.");
    }

    private static WorkflowRef workflowRef(String user, String project, String workflow, String path) {
        try {
            return new WorkflowRef(user, project, workflow);
        } catch (DomainException invalid) {
            throw DomainException.notFound("workflow.not-found", "No workflow at " + PathText.abbreviated(path) + ": " + invalid.getMessage(),
                    invalid.hint());
        }
    }
}
