package com.wfp.platform.port;

import com.wfp.platform.identity.Membership;
import com.wfp.platform.identity.Person;
import com.wfp.platform.identity.PersonalAccessToken;
import com.wfp.platform.identity.Project;
import com.wfp.platform.identity.ProjectRef;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where people, their personal access tokens, projects and memberships are kept. Tokens are kept
 * by their SHA-256 alone. Implementations translate their engine's failures into
 * {@code DomainException}s with the {@code store.*} codes.
 */
public interface IdentityStore {

    /**
     * Adds a person.
     *
     * @throws com.wfp.workflow.error.DomainException 409 {@code store.constraint} when the id is taken
     */
    void createPerson(Person person);

    /** The person with this id. */
    Optional<Person> person(String id);

    /** Every person, by id. */
    List<Person> people();

    /**
     * Stores a new token.
     *
     * @throws com.wfp.workflow.error.DomainException 409 {@code store.constraint} when its id or hash exists
     */
    void createToken(PersonalAccessToken token);

    /** The token whose secret hashes to {@code hash}, revoked and expired ones included. */
    Optional<PersonalAccessToken> tokenByHash(String hash);

    /** The token with this id. */
    Optional<PersonalAccessToken> token(String id);

    /** Every token of the person, oldest first. */
    List<PersonalAccessToken> tokens(String person);

    /**
     * Marks the token revoked at {@code at}; a token already revoked keeps its first revocation time.
     *
     * @return the token as now stored, or empty when there is none with this id
     */
    Optional<PersonalAccessToken> revokeToken(String id, Instant at);

    /**
     * Adds a project.
     *
     * @throws com.wfp.workflow.error.DomainException 409 {@code store.constraint} when it exists
     */
    void createProject(Project project);

    /** The project, when it was created. */
    Optional<Project> project(ProjectRef ref);

    /** Every project, by user then slug. */
    List<Project> projects();

    /** Gives the person the membership's role on its project, replacing any role they had there. */
    void putMember(Membership membership);

    /** Ends the person's membership of the project; false when they were not a member. */
    boolean removeMember(ProjectRef project, String person);

    /** The project's members, by person id. */
    List<Membership> members(ProjectRef project);

    /** Every membership the person holds, by project. */
    List<Membership> memberships(String person);
}
