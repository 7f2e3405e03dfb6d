package com.wfp.platform.port;

import com.wfp.platform.identity.AccessTokenFormat;
import com.wfp.platform.identity.Membership;
import com.wfp.platform.identity.Person;
import com.wfp.platform.identity.PersonalAccessToken;
import com.wfp.platform.identity.Project;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.identity.Role;
import com.wfp.workflow.error.DomainException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The behaviour every {@link IdentityStore} must have. An adapter's test extends this class and
 * returns a fresh, empty store from {@link #newStore()}.
 */
public abstract class IdentityStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");
    protected static final ProjectRef SHOP = new ProjectRef("ada", "shop");

    protected IdentityStore store;

    /** A fresh, empty store. */
    protected abstract IdentityStore newStore();

    @BeforeEach
    void open() {
        store = newStore();
    }

    protected static PersonalAccessToken token(String id, String person, Instant createdAt) {
        return new PersonalAccessToken(id, person, "laptop", AccessTokenFormat.hash(AccessTokenFormat.generate()),
                createdAt, createdAt.plusSeconds(3600), null);
    }

    @Test
    void createPerson_thenPersonAndPeople_returnThemById() {
        store.createPerson(new Person("bob", "Bob B", T0));
        store.createPerson(new Person("ada", "Ada L", T0.plusSeconds(1)));

        assertThat(store.person("ada")).contains(new Person("ada", "Ada L", T0.plusSeconds(1)));
        assertThat(store.person("eve")).isEmpty();
        assertThat(store.people()).extracting(Person::id).containsExactly("ada", "bob");
    }

    @Test
    void createPerson_whenTheIdIsTaken_isRefusedAndKeepsTheFirst() {
        store.createPerson(new Person("ada", "first", T0));

        assertThatThrownBy(() -> store.createPerson(new Person("ada", "second", T0)))
                .isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(((DomainException) e).code()).isEqualTo("store.constraint"));
        assertThat(store.person("ada").orElseThrow().name()).isEqualTo("first");
    }

    @Test
    void createToken_thenByHashByIdAndList_returnItAsGiven() {
        PersonalAccessToken first = token("pat_AAAAAAAAAAAAAAA1", "ada", T0);
        PersonalAccessToken second = token("pat_AAAAAAAAAAAAAAA2", "ada", T0.plusSeconds(5));
        PersonalAccessToken bobs = token("pat_AAAAAAAAAAAAAAA3", "bob", T0);
        store.createToken(second);
        store.createToken(first);
        store.createToken(bobs);

        assertThat(store.tokenByHash(first.hash())).contains(first);
        assertThat(store.token(second.id())).contains(second);
        assertThat(store.tokenByHash("0".repeat(64))).isEmpty();
        assertThat(store.tokens("ada")).containsExactly(first, second);
        assertThat(store.tokens("eve")).isEmpty();
    }

    @Test
    void createToken_whenTheHashExists_isRefused() {
        PersonalAccessToken first = token("pat_AAAAAAAAAAAAAAA1", "ada", T0);
        store.createToken(first);
        PersonalAccessToken sameHash = new PersonalAccessToken("pat_AAAAAAAAAAAAAAA2", "bob", "x", first.hash(), T0,
                null, null);

        assertThatThrownBy(() -> store.createToken(sameHash)).isInstanceOf(DomainException.class);
        assertThat(store.tokenByHash(first.hash())).contains(first);
    }

    @Test
    void revokeToken_stampsItOnceAndKeepsTheFirstTime() {
        PersonalAccessToken token = token("pat_AAAAAAAAAAAAAAA1", "ada", T0);
        store.createToken(token);

        assertThat(store.revokeToken(token.id(), T0.plusSeconds(10))).contains(token.revoked(T0.plusSeconds(10)));
        assertThat(store.revokeToken(token.id(), T0.plusSeconds(20)).orElseThrow().revokedAt())
                .isEqualTo(T0.plusSeconds(10));
        assertThat(store.tokenByHash(token.hash()).orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(store.revokeToken("pat_AAAAAAAAAAAAAAA9", T0)).isEmpty();
    }

    @Test
    void createProject_thenProjectAndProjects_returnThemInOrder() {
        Project shop = new Project(SHOP, "ada", T0);
        Project blog = new Project(new ProjectRef("ada", "blog"), "admin", T0.plusSeconds(1));
        Project bobs = new Project(new ProjectRef("bob", "aaa"), "bob", T0);
        store.createProject(shop);
        store.createProject(bobs);
        store.createProject(blog);

        assertThat(store.project(SHOP)).contains(shop);
        assertThat(store.project(new ProjectRef("ada", "none"))).isEmpty();
        assertThat(store.projects()).containsExactly(blog, shop, bobs);
        assertThatThrownBy(() -> store.createProject(new Project(SHOP, "admin", T0)))
                .isInstanceOf(DomainException.class);
    }

    @Test
    void putMember_replacesTheRoleAndRemoveMemberEndsIt() {
        store.createProject(new Project(SHOP, "ada", T0));
        store.putMember(new Membership(SHOP, "dev", Role.DEVELOPER, "ada", T0));
        store.putMember(new Membership(SHOP, "carl", Role.VIEWER, "ada", T0));
        store.putMember(new Membership(SHOP, "dev", Role.MAINTAINER, "ada", T0.plusSeconds(1)));

        assertThat(store.members(SHOP)).containsExactly(
                new Membership(SHOP, "carl", Role.VIEWER, "ada", T0),
                new Membership(SHOP, "dev", Role.MAINTAINER, "ada", T0.plusSeconds(1)));
        assertThat(store.memberships("dev")).extracting(Membership::role).containsExactly(Role.MAINTAINER);

        assertThat(store.removeMember(SHOP, "dev")).isTrue();
        assertThat(store.removeMember(SHOP, "dev")).isFalse();
        assertThat(store.memberships("dev")).isEmpty();
        assertThat(store.members(SHOP)).extracting(Membership::person).containsExactly("carl");
    }

    @Test
    void memberships_listEveryProjectOfThePersonAndNoOther() {
        ProjectRef other = new ProjectRef("bob", "tools");
        store.putMember(new Membership(SHOP, "dev", Role.DEVELOPER, "ada", T0));
        store.putMember(new Membership(other, "dev", Role.VIEWER, "bob", T0));
        store.putMember(new Membership(other, "eve", Role.OWNER, "bob", T0));

        assertThat(store.memberships("dev")).extracting(Membership::project).containsExactly(SHOP, other);
        assertThat(store.members(other)).extracting(Membership::person).containsExactly("dev", "eve");
        assertThat(store.members(new ProjectRef("nobody", "none"))).isEmpty();
    }
}
