package com.wfp.platform.identity;

import com.wfp.platform.port.IdentityStore;
import com.wfp.workflow.error.DomainException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * People, their personal access tokens, projects and members. Whether the caller may call an
 * operation at all is the route's permission, checked by {@link AccessControl} before; what is
 * checked here is what depends on the rows themselves (a person's own tokens, the owner's place).
 */
public final class IdentityService {

    /** Longest token lifetime a caller may ask for. */
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofDays(366);

    private final IdentityStore store;
    private final AccessControl access;
    private final Clock clock;

    public IdentityService(IdentityStore store, AccessControl access, Clock clock) {
        this.store = store;
        this.access = access;
        this.clock = clock;
    }

    /**
     * Adds a person.
     *
     * @throws DomainException 409 {@code identity.person-exists}
     */
    public Person createPerson(String id, String name) {
        Person person = new Person(id, name, clock.instant());
        if (store.person(person.id()).isPresent()) {
            throw DomainException.conflict("identity.person-exists", "A person '" + id + "' exists already",
                    "Pick another id, or give the existing person a token with wfp tokens create --person " + id + ".");
        }
        store.createPerson(person);
        return person;
    }

    /** Every person. */
    public List<Person> people() {
        return store.people();
    }

    /**
     * Makes a personal access token for {@code person}: the caller's own, or anyone's when the
     * caller is the admin.
     *
     * @param expiresIn how long it works, null for {@link #MAX_TOKEN_LIFETIME}
     */
    public CreatedToken createToken(Principal caller, String person, String name, Duration expiresIn) {
        String owner = person == null || person.isBlank() ? caller.id() : person.strip();
        if (!caller.isAdmin() && !owner.equals(caller.id())) {
            throw new DomainException("auth.forbidden", 403, "A person makes tokens for themselves only",
                    "Leave out the person, or ask the administrator.");
        }
        if (caller.kind() != Principal.Kind.PERSON && (person == null || person.isBlank())) {
            throw DomainException.badRequest("identity.person-required", "The administrator makes tokens for a person",
                    "Name the person: {\"person\": \"ada\"} (wfp tokens create --person ada).");
        }
        store.person(owner).orElseThrow(() -> unknownPerson(owner));
        if (name == null || name.isBlank() || name.length() > 100) {
            throw DomainException.badRequest("identity.invalid-token-name", "A token needs a name of 1 to 100 characters",
                    "Name it after where it is used, such as 'laptop'.");
        }
        Duration lifetime = expiresIn == null ? MAX_TOKEN_LIFETIME : expiresIn;
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_TOKEN_LIFETIME) > 0) {
            throw DomainException.badRequest("identity.invalid-expiry", "A token lives between a second and 366 days",
                    "Give expires such as 30d, 12h or 90m.");
        }
        String secret = AccessTokenFormat.generate();
        Instant now = clock.instant();
        PersonalAccessToken token = new PersonalAccessToken(AccessTokenFormat.newId(), owner, name.strip(),
                AccessTokenFormat.hash(secret), now, now.plus(lifetime), null);
        store.createToken(token);
        return new CreatedToken(token, secret);
    }

    /** The person's tokens; a person reads only their own. */
    public List<PersonalAccessToken> tokens(Principal caller, String person) {
        String owner = person == null || person.isBlank() ? caller.id() : person.strip();
        if (!caller.isAdmin() && !owner.equals(caller.id())) {
            throw new DomainException("auth.forbidden", 403, "A person lists their own tokens only",
                    "Leave out the person.");
        }
        return store.tokens(owner);
    }

    /**
     * Revokes a token: the caller's own, or any when the caller is the admin.
     *
     * @throws DomainException 404 {@code identity.token-unknown} for a token that is not the caller's
     */
    public PersonalAccessToken revokeToken(Principal caller, String id) {
        Optional<PersonalAccessToken> token = store.token(id)
                .filter(t -> caller.isAdmin() || t.person().equals(caller.id()));
        if (token.isEmpty()) {
            throw DomainException.notFound("identity.token-unknown", "You have no token " + id,
                    "List your tokens with wfp tokens list.");
        }
        return store.revokeToken(id, clock.instant()).orElseThrow();
    }

    /**
     * Creates a project: a person creates under their own id; the admin under anyone's.
     *
     * @throws DomainException 409 {@code identity.project-exists}
     */
    public Project createProject(Principal caller, ProjectRef ref) {
        if (!caller.isAdmin() && !ref.user().equals(caller.id())) {
            throw new DomainException("auth.forbidden", 403, "A person creates projects under their own id ("
                    + caller.id() + "/...) only", "Create " + caller.id() + "/" + ref.project() + " instead.");
        }
        if (store.project(ref).isPresent()) {
            throw DomainException.conflict("identity.project-exists", "The project " + ref + " exists already",
                    "Pick another name, or see it with wfp projects.");
        }
        Project project = new Project(ref, caller.id(), clock.instant());
        store.createProject(project);
        return project;
    }

    /** A project and the caller's role on it. */
    public record ProjectView(Project project, Role role) {
    }

    /** The projects the caller can read, each with the caller's role: never another's row. */
    public List<ProjectView> projects(Principal caller) {
        List<ProjectView> views = new ArrayList<>();
        Map<ProjectRef, Role> visible = access.projectsAllowing(caller, Permission.READ);
        for (Project project : store.projects()) {
            Role role = visible.get(project.ref());
            if (role != null) {
                views.add(new ProjectView(project, role));
            }
        }
        return views;
    }

    /**
     * Gives a person a role on a project, replacing the one they had.
     *
     * @throws DomainException 404 for an unknown project or person; 400 {@code identity.owner-fixed} for the owner
     */
    public Membership putMember(Principal caller, ProjectRef ref, String person, Role role) {
        requireProject(ref);
        store.person(person).orElseThrow(() -> unknownPerson(person));
        if (person.equals(ref.user())) {
            throw DomainException.badRequest("identity.owner-fixed", person + " owns " + ref + "; the owner's role does not change",
                    "Give roles to other people.");
        }
        Membership membership = new Membership(ref, person, role, caller.id(), clock.instant());
        store.putMember(membership);
        return membership;
    }

    /** Ends a person's membership. */
    public void removeMember(ProjectRef ref, String person) {
        requireProject(ref);
        if (person.equals(ref.user())) {
            throw DomainException.badRequest("identity.owner-fixed", person + " owns " + ref + " and stays its owner",
                    "Remove other members.");
        }
        if (!store.removeMember(ref, person)) {
            throw DomainException.notFound("identity.member-unknown", person + " is not a member of " + ref,
                    "List the members with wfp members list --project " + ref + ".");
        }
    }

    /** The project's owner first, then its members. */
    public List<Membership> members(ProjectRef ref) {
        Project project = requireProject(ref);
        List<Membership> members = new ArrayList<>();
        members.add(new Membership(ref, project.owner(), Role.OWNER, project.createdBy(), project.createdAt()));
        members.addAll(store.members(ref));
        return members;
    }

    /**
     * The first start's owner: creates the person and the project when the platform has no
     * people yet, with a first token.
     *
     * @return the token made, or empty when the platform had people already
     */
    public Optional<CreatedToken> bootstrap(String person, ProjectRef project) {
        if (!store.people().isEmpty()) {
            return Optional.empty();
        }
        store.createPerson(new Person(person, person, clock.instant()));
        if (store.project(project).isEmpty()) {
            store.createProject(new Project(project, Principal.ADMIN_ID, clock.instant()));
        }
        return Optional.of(createToken(Principal.admin(), person, "first start", null));
    }

    private Project requireProject(ProjectRef ref) {
        return store.project(ref).orElseThrow(() -> DomainException.notFound("identity.project-unknown",
                "There is no project " + ref, "Create it first with wfp projects create " + ref.project() + "."));
    }

    private static DomainException unknownPerson(String id) {
        return DomainException.notFound("identity.person-unknown", "There is no person '" + id + "'",
                "The administrator adds people with wfp people add " + id + ".");
    }
}
