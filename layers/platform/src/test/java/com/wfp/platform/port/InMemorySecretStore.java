package com.wfp.platform.port;

import com.wfp.platform.secrets.StoredSecret;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** The {@link SecretStore} fake: a sorted map by user, project and name. */
public final class InMemorySecretStore implements SecretStore {

    private final Map<String, StoredSecret> secrets = new ConcurrentSkipListMap<>();

    private static String key(String user, String project, String name) {
        return user + "/" + project + "\n" + name;
    }

    @Override
    public void put(StoredSecret secret) {
        secrets.put(key(secret.user(), secret.project(), secret.name()), secret);
    }

    @Override
    public Optional<StoredSecret> find(String user, String project, String name) {
        return Optional.ofNullable(secrets.get(key(user, project, name)));
    }

    @Override
    public List<StoredSecret> list(String user, String project) {
        return secrets.values().stream().filter(s -> s.user().equals(user) && s.project().equals(project)).toList();
    }

    @Override
    public boolean delete(String user, String project, String name) {
        return secrets.remove(key(user, project, name)) != null;
    }
}
