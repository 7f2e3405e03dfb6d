package com.wfp.platform.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Set;

/**
 * Ready-to-run calls of one release in curl, JavaScript (fetch), Python (requests) and Java
 * (HttpClient), as the {@code x-codeSamples} extension of an operation. Each reads the key from
 * {@code WFP_API_KEY}, prints {@code X-Workflow-Version}, waits {@code Retry-After} on 429/503
 * once, and prints an error's code and execution id.
 */
final class CodeSamples {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> BODYLESS = Set.of("GET", "DELETE", "HEAD", "OPTIONS");

    private CodeSamples() {
    }

    static ArrayNode of(ReleaseApiDocument.TriggerShape trigger, String routedUrl, String pinnedUrl, String version) {
        String method = trigger.method();
        boolean body = !BODYLESS.contains(method);
        String example = trigger.example() == null ? "{}" : trigger.example().toString();
        boolean key = !trigger.auth().equals("none");
        ArrayNode samples = JSON.arrayNode();
        samples.addObject().put("lang", "Shell").put("label", "curl")
                .put("source", curl(method, body, example, key, routedUrl, pinnedUrl));
        samples.addObject().put("lang", "JavaScript").put("label", "fetch")
                .put("source", javascript(method, body, example, key, routedUrl, pinnedUrl));
        samples.addObject().put("lang", "Python").put("label", "requests")
                .put("source", python(method, body, example, key, routedUrl, pinnedUrl));
        samples.addObject().put("lang", "Java").put("label", "HttpClient")
                .put("source", java(method, body, example, key, routedUrl, pinnedUrl));
        return samples;
    }

    private static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static String curl(String method, boolean body, String example, boolean key, String routed, String pinned) {
        StringBuilder common = new StringBuilder();
        common.append("curl -sS -D - -X ").append(method);
        if (key) {
            common.append(" -H \"X-Api-Key: $WFP_API_KEY\"");
        }
        if (body) {
            common.append(" -H 'Content-Type: application/json' --data ").append(shellQuote(example));
        }
        return "# routed: answered by the release the traffic weights pick; the X-Workflow-Version header names it\n"
                + "# on 429 or 503 wait Retry-After seconds and try again; error bodies carry error.executionId\n"
                + common + " " + shellQuote(routed) + "\n"
                + "# pinned to one release\n"
                + common + " " + shellQuote(pinned) + "\n";
    }

    private static String javascript(String method, boolean body, String example, boolean key, String routed, String pinned) {
        return "// Node 18+ or a browser. The key comes from WFP_API_KEY.\n"
                + "const ROUTED = " + JSON.textNode(routed) + ";\n"
                + "const PINNED = " + JSON.textNode(pinned) + ";\n"
                + "async function call(url) {\n"
                + "  for (let attempt = 1; ; attempt++) {\n"
                + "    const response = await fetch(url, {\n"
                + "      method: " + JSON.textNode(method) + ",\n"
                + "      headers: {" + (key ? " 'X-Api-Key': process.env.WFP_API_KEY," : "")
                + (body ? " 'Content-Type': 'application/json'" : "") + " },\n"
                + (body ? "      body: JSON.stringify(" + example + "),\n" : "")
                + "    });\n"
                + "    if ((response.status === 429 || response.status === 503) && attempt < 3) {\n"
                + "      const wait = Number(response.headers.get('Retry-After') ?? '1');\n"
                + "      console.log(response.status, 'retrying after', wait, 's');\n"
                + "      await new Promise((resolve) => setTimeout(resolve, wait * 1000));\n"
                + "      continue;\n"
                + "    }\n"
                + "    const answer = await response.json().catch(() => null);\n"
                + "    console.log(response.status, 'served by', response.headers.get('X-Workflow-Version'));\n"
                + "    if (!response.ok) {\n"
                + "      console.log('error', answer?.error?.code, 'execution', answer?.error?.executionId);\n"
                + "    } else {\n"
                + "      console.log(JSON.stringify(answer));\n"
                + "    }\n"
                + "    return response.status;\n"
                + "  }\n"
                + "}\n"
                + "await call(ROUTED);\n"
                + "await call(PINNED);\n";
    }

    private static String python(String method, boolean body, String example, boolean key, String routed, String pinned) {
        return "# pip install requests. The key comes from WFP_API_KEY.\n"
                + "import json, os, time\n"
                + "import requests\n\n"
                + "ROUTED = " + JSON.textNode(routed) + "\n"
                + "PINNED = " + JSON.textNode(pinned) + "\n\n"
                + "def call(url):\n"
                + "    for attempt in range(1, 4):\n"
                + "        response = requests.request(" + JSON.textNode(method) + ", url, timeout=35,\n"
                + "            headers={" + (key ? "'X-Api-Key': os.environ['WFP_API_KEY']" : "") + "}"
                + (body ? ", json=json.loads(" + pythonString(example) + ")" : "") + ")\n"
                + "        if response.status_code in (429, 503) and attempt < 3:\n"
                + "            wait = int(response.headers.get('Retry-After', '1'))\n"
                + "            print(response.status_code, 'retrying after', wait, 's')\n"
                + "            time.sleep(wait)\n"
                + "            continue\n"
                + "        print(response.status_code, 'served by', response.headers.get('X-Workflow-Version'))\n"
                + "        if response.ok:\n"
                + "            print(json.dumps(response.json()))\n"
                + "        else:\n"
                + "            error = response.json().get('error', {})\n"
                + "            print('error', error.get('code'), 'execution', error.get('executionId'))\n"
                + "        return response.status_code\n\n"
                + "call(ROUTED)\n"
                + "call(PINNED)\n";
    }

    private static String pythonString(String text) {
        return JSON.textNode(text).toString();
    }

    private static String java(String method, boolean body, String example, boolean key, String routed, String pinned) {
        return "// Java 11+: java Call.java. The key comes from WFP_API_KEY.\n"
                + "import java.net.URI;\n"
                + "import java.net.http.HttpClient;\n"
                + "import java.net.http.HttpRequest;\n"
                + "import java.net.http.HttpResponse;\n"
                + "import java.time.Duration;\n\n"
                + "public class Call {\n"
                + "    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();\n\n"
                + "    public static void main(String[] args) throws Exception {\n"
                + "        call(" + JSON.textNode(routed) + ");\n"
                + "        call(" + JSON.textNode(pinned) + ");\n"
                + "    }\n\n"
                + "    static int call(String url) throws Exception {\n"
                + "        for (int attempt = 1; ; attempt++) {\n"
                + "            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(35))\n"
                + (key ? "                    .header(\"X-Api-Key\", System.getenv(\"WFP_API_KEY\"))\n" : "")
                + (body ? "                    .header(\"Content-Type\", \"application/json\")\n" : "")
                + "                    .method(" + JSON.textNode(method) + ", "
                + (body ? "HttpRequest.BodyPublishers.ofString(" + JSON.textNode(example) + ")" : "HttpRequest.BodyPublishers.noBody()")
                + ");\n"
                + "            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());\n"
                + "            if ((response.statusCode() == 429 || response.statusCode() == 503) && attempt < 3) {\n"
                + "                long wait = Long.parseLong(response.headers().firstValue(\"Retry-After\").orElse(\"1\"));\n"
                + "                System.out.println(response.statusCode() + \" retrying after \" + wait + \" s\");\n"
                + "                Thread.sleep(1000L * wait);\n"
                + "                continue;\n"
                + "            }\n"
                + "            System.out.println(response.statusCode() + \" served by \" + response.headers().firstValue(\"X-Workflow-Version\").orElse(\"-\"));\n"
                + "            System.out.println(response.body()); // an error body carries error.code and error.executionId\n"
                + "            return response.statusCode();\n"
                + "        }\n"
                + "    }\n"
                + "}\n";
    }
}
