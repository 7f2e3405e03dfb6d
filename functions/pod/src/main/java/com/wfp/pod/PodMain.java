package com.wfp.pod;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.wfp.workflow.engine.EngineSettings;
import com.wfp.workflow.engine.SecretProvider;
import com.wfp.workflow.engine.WorkflowEngine;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.secrets.EncryptedFileSecretProvider;
import com.wfp.workflow.secrets.SecretStoreKey;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Starts a pod: {@code java -jar wfp-pod.jar [--port=0] [--host=127.0.0.1] [--name=user] ...} with the pod token
 * in {@code WFP_POD_TOKEN} or {@code --token-file}. Prints one {@code {"event":"pod.ready","port":N,...}} line on
 * stdout once it serves; after that stdout carries only JSON log lines. SIGTERM drains and exits.
 * Exit code 2 means bad settings, 3 that the server could not start.
 */
public final class PodMain {

    private static final Logger LOG = LoggerFactory.getLogger(PodMain.class);

    /**
     * Comma-separated host names that {@code http.request} may reach on loopback or private addresses.
     * Set only by a platform started with {@code --allow-private-host}, for local development.
     */
    public static final String ALLOW_PRIVATE_HOSTS_PROPERTY = "wfp.pod.allowPrivateHosts";

    private PodMain() {
    }

    /** Production engine defaults, with the listed private hosts allowed (none when the list is null or blank). */
    static EngineSettings engineSettings(String allowedPrivateHosts) {
        if (allowedPrivateHosts == null || allowedPrivateHosts.isBlank()) {
            return EngineSettings.defaults();
        }
        Set<String> hosts = Arrays.stream(allowedPrivateHosts.split(",")).map(String::strip)
                .filter(h -> !h.isEmpty()).collect(Collectors.toSet());
        return EngineSettings.defaults().withAllowedPrivateHosts(hosts);
    }

    /** One error line (message and hint), which the platform quotes when the pod does not start; then exits. */
    private static void refuseToStart(DomainException e, int status) {
        LOG.atError().addKeyValue("code", e.code()).addKeyValue("hint", e.hint())
                .log("the pod cannot start: {}", e.getMessage());
        System.exit(status);
    }

    public static void main(String[] args) {
        // stdout belongs to the execution lines (StdoutLineSink writes the descriptor directly); any stray print goes
        // to stderr, with the diagnostic log.
        System.setOut(System.err);
        PodSettings settings;
        try {
            settings = PodSettings.fromArgsAndEnvironment(args, System.getenv());
        } catch (DomainException e) {
            refuseToStart(e, 2);
            return;
        }
        SecretProvider secrets;
        try {
            secrets = secrets(settings, System.getenv());
        } catch (DomainException e) {
            refuseToStart(e, 2);
            return;
        }
        WorkflowEngine engine = new WorkflowEngine(engineSettings(System.getProperty(ALLOW_PRIVATE_HOSTS_PROPERTY)),
                secrets);
        PodServer pod = new PodServer(settings, engine, new StdoutLineSink());
        try {
            pod.start();
        } catch (DomainException e) {
            refuseToStart(e, 3);
            return;
        }
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("pod-shutdown").unstarted(pod::stop));
        pod.awaitStopped();
    }

    /**
     * Where {@code $secret('name')} reads: the encrypted store file when one is configured (decrypted once, at
     * start-up, failing fast on a wrong key), then {@code WFP_SECRET_<NAME>} environment variables.
     */
    static SecretProvider secrets(PodSettings settings, Map<String, String> environment) {
        SecretProvider fromEnvironment = new EnvironmentSecretProvider(environment);
        if (settings.secretsFile() == null) {
            return fromEnvironment;
        }
        SecretProvider fromFile = EncryptedFileSecretProvider.open(settings.secretsFile(), settings.secretsKeyFile(),
                SecretStoreKey.DEFAULT_VARIABLE, environment);
        return name -> fromFile.secret(name).or(() -> fromEnvironment.secret(name));
    }
}
