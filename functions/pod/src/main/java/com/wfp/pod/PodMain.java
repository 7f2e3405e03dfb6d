package com.wfp.pod;

import com.wfp.workflow.engine.EngineSettings;
import com.wfp.workflow.engine.SecretProvider;
import com.wfp.workflow.engine.WorkflowEngine;
import com.wfp.workflow.error.DomainException;
import com.wfp.workflow.secrets.EncryptedFileSecretProvider;
import com.wfp.workflow.secrets.SecretStoreKey;

import java.util.Map;

/**
 * Starts a pod: {@code java -jar wfp-pod.jar [--port=0] [--host=127.0.0.1] [--name=user] ...} with the pod token
 * in {@code WFP_POD_TOKEN} or {@code --token-file}. Prints one {@code {"event":"pod.ready","port":N,...}} line on
 * stdout once it serves; after that stdout carries only JSON log lines. SIGTERM drains and exits.
 * Exit code 2 means bad settings, 3 that the server could not start.
 */
public final class PodMain {

    private PodMain() {
    }

    public static void main(String[] args) {
        // stdout belongs to the JSON log (StdoutLineSink writes the descriptor directly); any stray print goes to stderr.
        System.setOut(System.err);
        PodSettings settings;
        try {
            settings = PodSettings.fromArgsAndEnvironment(args, System.getenv());
        } catch (DomainException e) {
            System.err.println(e.getMessage() + "\n" + e.hint());
            System.exit(2);
            return;
        }
        SecretProvider secrets;
        try {
            secrets = secrets(settings, System.getenv());
        } catch (DomainException e) {
            System.err.println(e.getMessage() + "\n" + e.hint());
            System.exit(2);
            return;
        }
        WorkflowEngine engine = new WorkflowEngine(EngineSettings.defaults(), secrets);
        PodServer pod = new PodServer(settings, engine, new StdoutLineSink());
        try {
            pod.start();
        } catch (DomainException e) {
            System.err.println(e.getMessage() + "\n" + e.hint());
            System.exit(3);
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
