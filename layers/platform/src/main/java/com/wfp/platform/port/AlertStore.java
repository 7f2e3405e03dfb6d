package com.wfp.platform.port;

import com.wfp.platform.alert.Alert;
import com.wfp.platform.alert.AlertKind;
import com.wfp.platform.alert.AlertRules;
import com.wfp.platform.release.WorkflowRef;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Port: the workflows' alert rules and their alerts, fired and resolved (the pods' scheduled
 * health checks are {@link PodCheckStore}'s). Failures are
 * {@code DomainException}s ({@code store.unavailable} when it cannot be read or written).
 */
public interface AlertStore {

    /** The workflow's rules, or empty when none were ever set. */
    Optional<AlertRules> rules(WorkflowRef ref);

    /** Every workflow's rules. */
    List<AlertRules> allRules();

    /** Stores the workflow's rules, replacing any. */
    void saveRules(AlertRules rules);

    /** Stores the rules only when the workflow has none yet; true when it stored them. */
    boolean saveRulesIfAbsent(AlertRules rules);

    /**
     * Stores a new firing alert unless one of the same workflow and kind fires already.
     *
     * @param alert its id is ignored: the store gives one
     * @return the stored alert, or empty when one of that kind was firing (nothing is stored)
     */
    Optional<Alert> fire(Alert alert);

    /** Resolves the firing alert of that workflow and kind; empty when none was firing. */
    Optional<Alert> resolve(WorkflowRef ref, AlertKind kind, Instant at, String resolution);

    /** The firing alerts of every workflow. */
    List<Alert> firing();

    /** Alerts newest first, of one workflow or (null) of all, at most {@code limit}. */
    List<Alert> alerts(WorkflowRef ref, int limit);
}
