package com.wfp.adapters.aws.store;

import com.wfp.platform.identity.Membership;
import com.wfp.platform.identity.Person;
import com.wfp.platform.identity.PersonalAccessToken;
import com.wfp.platform.identity.Project;
import com.wfp.platform.identity.ProjectRef;
import com.wfp.platform.identity.Role;
import com.wfp.platform.port.IdentityStore;
import com.wfp.workflow.error.DomainException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@link IdentityStore} in the platform's DynamoDB table (the release store's, see
 * {@link DynamoDbReleaseStore#createTable}). People are items of partition {@code PEOPLE} and
 * projects of {@code PROJECTS}, sorted by id (few of each, read whole). A token is three items
 * written in one transaction, as API keys are: itself under {@code PAT#<sha256>}, a pointer from
 * its id and a row in its person's list. A membership is two items written and removed together:
 * one in its project's partition and one in its person's.
 */
public final class DynamoDbIdentityStore implements IdentityStore {

    /** Fixed width, so that times sort as strings. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String PEOPLE = "PEOPLE";
    private static final String PROJECTS = "PROJECTS";
    private static final String TOKEN = "PAT";

    private final DynamoDbClient dynamo;
    private final String table;
    private final StoreErrors errors;

    /** Identity items in an existing table made by {@link DynamoDbReleaseStore#createTable}. */
    public DynamoDbIdentityStore(DynamoDbClient dynamo, String tableName) {
        if (dynamo == null || tableName == null || tableName.isBlank()) {
            throw new IllegalArgumentException("A DynamoDB client and a table name are required");
        }
        this.dynamo = dynamo;
        this.table = tableName;
        this.errors = new StoreErrors(tableName);
    }

    @Override
    public void createPerson(Person person) {
        Map<String, AttributeValue> item = new HashMap<>(StoreKeys.key(PEOPLE, person.id()));
        item.put("name", AttributeValue.fromS(person.name()));
        item.put("created_at", AttributeValue.fromS(TIME.format(person.createdAt())));
        putNew(item, "person " + person.id());
    }

    @Override
    public Optional<Person> person(String id) {
        return Optional.ofNullable(get(PEOPLE, id, "read person " + id)).map(this::person);
    }

    @Override
    public List<Person> people() {
        return query(PEOPLE, this::person, "list the people");
    }

    @Override
    public void createToken(PersonalAccessToken token) {
        Map<String, AttributeValue> item = new HashMap<>(StoreKeys.key("PAT#" + token.hash(), TOKEN));
        item.put("id", AttributeValue.fromS(token.id()));
        item.put("person", AttributeValue.fromS(token.person()));
        item.put("name", AttributeValue.fromS(token.name()));
        item.put("hash", AttributeValue.fromS(token.hash()));
        item.put("created_at", AttributeValue.fromS(TIME.format(token.createdAt())));
        putIfPresent(item, "expires_at", token.expiresAt());
        putIfPresent(item, "revoked_at", token.revokedAt());
        Map<String, AttributeValue> pointer = new HashMap<>(StoreKeys.key("PATID#" + token.id(), TOKEN));
        pointer.put("hash", AttributeValue.fromS(token.hash()));
        Map<String, AttributeValue> row = new HashMap<>(StoreKeys.key("PATS#" + token.person(),
                TIME.format(token.createdAt()) + "#" + token.id()));
        row.put("hash", AttributeValue.fromS(token.hash()));
        transact("create token " + token.id(), putNewItem(item), putNewItem(pointer), putNewItem(row));
    }

    @Override
    public Optional<PersonalAccessToken> tokenByHash(String hash) {
        return Optional.ofNullable(get("PAT#" + hash, TOKEN, "read a token")).map(this::token);
    }

    @Override
    public Optional<PersonalAccessToken> token(String id) {
        return hashOf(id).flatMap(this::tokenByHash);
    }

    @Override
    public List<PersonalAccessToken> tokens(String person) {
        List<PersonalAccessToken> tokens = new ArrayList<>();
        for (String hash : query("PATS#" + person, row -> row.get("hash").s(), "list the tokens of " + person)) {
            tokenByHash(hash).ifPresent(tokens::add);
        }
        return tokens;
    }

    @Override
    public Optional<PersonalAccessToken> revokeToken(String id, Instant at) {
        Optional<String> hash = hashOf(id);
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(token(dynamo.updateItem(b -> b.tableName(table)
                    .key(StoreKeys.key("PAT#" + hash.get(), TOKEN))
                    .updateExpression("SET revoked_at = if_not_exists(revoked_at, :at)")
                    .conditionExpression("attribute_exists(" + StoreKeys.PK + ")")
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(TIME.format(at))))
                    .returnValues(ReturnValue.ALL_NEW)).attributes()));
        } catch (ConditionalCheckFailedException gone) {
            return Optional.empty();
        } catch (SdkException e) {
            throw errors.translate("revoke token " + id, e);
        }
    }

    @Override
    public void createProject(Project project) {
        Map<String, AttributeValue> item = new HashMap<>(StoreKeys.key(PROJECTS, projectKey(project.ref())));
        item.put("user_slug", AttributeValue.fromS(project.ref().user()));
        item.put("project_slug", AttributeValue.fromS(project.ref().project()));
        item.put("created_by", AttributeValue.fromS(project.createdBy()));
        item.put("created_at", AttributeValue.fromS(TIME.format(project.createdAt())));
        putNew(item, "project " + project.ref());
    }

    @Override
    public Optional<Project> project(ProjectRef ref) {
        return Optional.ofNullable(get(PROJECTS, projectKey(ref), "read project " + ref)).map(this::project);
    }

    @Override
    public List<Project> projects() {
        return query(PROJECTS, this::project, "list the projects");
    }

    @Override
    public void putMember(Membership m) {
        Map<String, AttributeValue> attributes = new HashMap<>();
        attributes.put("user_slug", AttributeValue.fromS(m.project().user()));
        attributes.put("project_slug", AttributeValue.fromS(m.project().project()));
        attributes.put("person", AttributeValue.fromS(m.person()));
        attributes.put("role", AttributeValue.fromS(m.role().name()));
        attributes.put("added_by", AttributeValue.fromS(m.addedBy()));
        attributes.put("added_at", AttributeValue.fromS(TIME.format(m.addedAt())));
        Map<String, AttributeValue> byProject = new HashMap<>(attributes);
        byProject.putAll(StoreKeys.key(membersPartition(m.project()), m.person()));
        Map<String, AttributeValue> byPerson = new HashMap<>(attributes);
        byPerson.putAll(StoreKeys.key("MEMBERSHIPS#" + m.person(), projectKey(m.project())));
        transact("add " + m.person() + " to " + m.project(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(byProject).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(table).item(byPerson).build()).build());
    }

    @Override
    public boolean removeMember(ProjectRef project, String person) {
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                            .key(StoreKeys.key(membersPartition(project), person))
                            .conditionExpression("attribute_exists(" + StoreKeys.PK + ")").build()).build(),
                    TransactWriteItem.builder().delete(Delete.builder().tableName(table)
                            .key(StoreKeys.key("MEMBERSHIPS#" + person, projectKey(project))).build()).build()));
            return true;
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e)) {
                return false;
            }
            throw errors.translate("remove " + person + " from " + project, e);
        } catch (SdkException e) {
            throw errors.translate("remove " + person + " from " + project, e);
        }
    }

    @Override
    public List<Membership> members(ProjectRef project) {
        return query(membersPartition(project), this::membership, "list the members of " + project);
    }

    @Override
    public List<Membership> memberships(String person) {
        return query("MEMBERSHIPS#" + person, this::membership, "list the memberships of " + person);
    }

    private static String projectKey(ProjectRef ref) {
        return ref.user() + "#" + ref.project();
    }

    private static String membersPartition(ProjectRef ref) {
        return "MEMBERS#" + projectKey(ref);
    }

    private Optional<String> hashOf(String id) {
        return Optional.ofNullable(get("PATID#" + id, TOKEN, "read token " + id)).map(item -> item.get("hash").s());
    }

    private void putNew(Map<String, AttributeValue> item, String what) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(" + StoreKeys.PK + ")"));
        } catch (ConditionalCheckFailedException e) {
            throw exists(what, e);
        } catch (SdkException e) {
            throw errors.translate("create " + what, e);
        }
    }

    private TransactWriteItem putNewItem(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(" + StoreKeys.PK + ")").build()).build();
    }

    private void transact(String action, TransactWriteItem... items) {
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
        } catch (TransactionCanceledException e) {
            if (conditionFailed(e)) {
                throw exists(action, e);
            }
            throw errors.translate(action, e);
        } catch (SdkException e) {
            throw errors.translate(action, e);
        }
    }

    private static boolean conditionFailed(TransactionCanceledException e) {
        return e.cancellationReasons().stream().map(CancellationReason::code).anyMatch("ConditionalCheckFailed"::equals);
    }

    private static DomainException exists(String what, Exception e) {
        return new DomainException("store.constraint", 409, "Could not " + what + ": it exists already",
                "Use another id.", e);
    }

    private Map<String, AttributeValue> get(String partition, String sort, String action) {
        try {
            var answer = dynamo.getItem(b -> b.tableName(table).key(StoreKeys.key(partition, sort)).consistentRead(true));
            return answer.hasItem() && !answer.item().isEmpty() ? answer.item() : null;
        } catch (SdkException e) {
            throw errors.translate(action, e);
        }
    }

    private <T> List<T> query(String partition, Function<Map<String, AttributeValue>, T> read, String action) {
        List<T> rows = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        try {
            do {
                Map<String, AttributeValue> from = start;
                var page = dynamo.query(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression(StoreKeys.PK + " = :p")
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(partition)))
                        .exclusiveStartKey(from));
                page.items().forEach(item -> rows.add(read.apply(item)));
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null);
        } catch (SdkException e) {
            throw errors.translate(action, e);
        }
        return rows;
    }

    private Person person(Map<String, AttributeValue> item) {
        return readable(() -> new Person(item.get(StoreKeys.SK).s(), item.get("name").s(),
                Instant.parse(item.get("created_at").s())));
    }

    private PersonalAccessToken token(Map<String, AttributeValue> item) {
        return readable(() -> new PersonalAccessToken(item.get("id").s(), item.get("person").s(), item.get("name").s(),
                item.get("hash").s(), Instant.parse(item.get("created_at").s()), instant(item, "expires_at"),
                instant(item, "revoked_at")));
    }

    private Project project(Map<String, AttributeValue> item) {
        return readable(() -> new Project(new ProjectRef(item.get("user_slug").s(), item.get("project_slug").s()),
                item.get("created_by").s(), Instant.parse(item.get("created_at").s())));
    }

    private Membership membership(Map<String, AttributeValue> item) {
        return readable(() -> new Membership(new ProjectRef(item.get("user_slug").s(), item.get("project_slug").s()),
                item.get("person").s(), Role.valueOf(item.get("role").s()), item.get("added_by").s(),
                Instant.parse(item.get("added_at").s())));
    }

    private <T> T readable(java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (RuntimeException e) {
            throw new DomainException("store.corrupt", 500, "An identity item in table '" + table
                    + "' cannot be read: " + e.getMessage(), "Restore the table from a backup.", e);
        }
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(TIME.format(value)));
        }
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : Instant.parse(value.s());
    }
}
