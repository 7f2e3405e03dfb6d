package com.wfp.handlers.http;

import com.wfp.platform.deployment.Deployment;
import com.wfp.platform.deployment.DeploymentId;
import com.wfp.platform.deployment.PublishCommand;
import com.wfp.platform.deployment.PublishService;
import com.wfp.platform.deployment.PublishStrategy;
import com.wfp.platform.port.DraftRunner;
import com.wfp.platform.port.InMemoryPodManager;
import com.wfp.platform.port.InMemoryReleaseStore;
import com.wfp.platform.port.RecordingEventBus;
import com.wfp.platform.release.DraftService;
import com.wfp.platform.release.ReleaseQueries;
import com.wfp.platform.release.WorkflowRef;
import com.wfp.workflow.validation.WorkflowValidator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The control services over the platform's in-memory port fakes, for handler tests: the real
 * publish, draft and release services, a release store and pods held in memory, and a draft
 * runner that records what it ran and answers with the input it got.
 */
public final class InMemoryPlatform implements AutoCloseable {

    public static final WorkflowRef GREETING = new WorkflowRef("ada", "shop", "greeting");

    public final InMemoryReleaseStore store = new InMemoryReleaseStore();
    public final InMemoryPodManager pods = new InMemoryPodManager();
    public final List<String> draftRuns = new ArrayList<>();
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    public final PublishService publishing = new PublishService(store, store, store, pods, new RecordingEventBus(),
            new WorkflowValidator()::validate, pods, Clock.systemUTC(), executor);
    public final ControlServices services = new ControlServices(publishing,
            new DraftService(store, store, store, this::runDraft, Clock.systemUTC()), new ReleaseQueries(store, store, store),
            new ProductionUrls(() -> "https://api.example.com"));

    private DraftRunner.Result runDraft(WorkflowRef ref, String definition, String input) {
        synchronized (draftRuns) {
            draftRuns.add(ref + " " + definition.length() + " " + input);
        }
        return new DraftRunner.Result(200, input, "{\"status\":\"SUCCEEDED\"}", "debug", 4242);
    }

    /** The greeting sample, or a variant whose greeting word differs. */
    public static String greeting(String word) {
        try {
            return Files.readString(Path.of(System.getProperty("basedir", "."))
                            .resolve("../../samples/workflows/valid/greeting.json"))
                    .replace("'Hello, '", "'" + word + ", '");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes a version and waits for it to finish. */
    public Deployment publish(String version, String definition) throws Exception {
        Deployment started = publishing.start(new PublishCommand(GREETING, definition, version, null,
                PublishStrategy.ALL, GREETING.user(), null));
        return awaitFinished(started.id());
    }

    public Deployment awaitFinished(DeploymentId id) throws Exception {
        return publishing.finished(id).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
