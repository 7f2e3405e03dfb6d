package com.wfp.platform.port;

import com.wfp.platform.identity.Membership;
import com.wfp.platform.identity.Person;
import com.wfp.platform.identity.PersonalAccessToken;
import com.wfp.platform.identity.Project;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.workflow.error.DomainException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An {@link IdentityStore} in memory, for domain tests. */
public final class InMemoryIdentityStore implements IdentityStore {

    private final Map<String, Person> people = new TreeMap<>();
    private final Map<String, PersonalAccessToken> tokens = new TreeMap<>();
    private final Map<String, Project> projects = new TreeMap<>();
    private final Map<String, Membership> members = new TreeMap<>();

    @Override
    public synchronized void createPerson(Person person) {
        if (people.putIfAbsent(person.id(), person) != null) {
            throw conflict("person " + person.id());
        }
    }

    @Override
    public synchronized Optional<Person> person(String id) {
        return Optional.ofNullable(people.get(id));
    }

    @Override
    public synchronized List<Person> people() {
        return List.copyOf(people.values());
    }

    @Override
    public synchronized void createToken(PersonalAccessToken token) {
        if (tokens.containsKey(token.id()) || tokens.values().stream().anyMatch(t -> t.hash().equals(token.hash()))) {
            throw conflict("token " + token.id());
        }
        tokens.put(token.id(), token);
    }

    @Override
    public synchronized Optional<PersonalAccessToken> tokenByHash(String hash) {
        return tokens.values().stream().filter(t -> t.hash().equals(hash)).findFirst();
    }

    @Override
    public synchronized Optional<PersonalAccessToken> token(String id) {
        return Optional.ofNullable(tokens.get(id));
    }

    @Override
    public synchronized List<PersonalAccessToken> tokens(String person) {
        return tokens.values().stream().filter(t -> t.person().equals(person))
                .sorted(Comparator.comparing(PersonalAccessToken::createdAt).thenComparing(PersonalAccessToken::id))
                .toList();
    }

    @Override
    public synchronized Optional<PersonalAccessToken> revokeToken(String id, Instant at) {
        return Optional.ofNullable(tokens.computeIfPresent(id, (k, t) -> t.revoked(at)));
    }

    @Override
    public synchronized void createProject(Project project) {
        if (projects.putIfAbsent(key(project.ref()), project) != null) {
            throw conflict("project " + project.ref());
        }
    }

    @Override
    public synchronized Optional<Project> project(ProjectRef ref) {
        return Optional.ofNullable(projects.get(key(ref)));
    }

    @Override
    public synchronized List<Project> projects() {
        return List.copyOf(projects.values());
    }

    @Override
    public synchronized void putMember(Membership membership) {
        members.put(key(membership.project()) + "\u0001" + membership.person(), membership);
    }

    @Override
    public synchronized boolean removeMember(ProjectRef project, String person) {
        return members.remove(key(project) + "\u0001" + person) != null;
    }

    @Override
    public synchronized List<Membership> members(ProjectRef project) {
        return members.values().stream().filter(m -> m.project().equals(project)).toList();
    }

    @Override
    public synchronized List<Membership> memberships(String person) {
        return new ArrayList<>(members.values().stream().filter(m -> m.person().equals(person)).toList());
    }

    private static String key(ProjectRef ref) {
        return ref.user() + "\u0000" + ref.project();
    }

    private static DomainException conflict(String what) {
        return new DomainException("store.constraint", 409, "The " + what + " exists already", "Use another id.");
    }
}
