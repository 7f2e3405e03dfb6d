/**
 * Progressive rollouts: a plan of traffic steps for a candidate release, the guard it must stay
 * within, and the {@link com.wfp.platform.rollout.RolloutController} that moves it step by step
 * through {@link com.wfp.platform.traffic.TrafficService}; its state
 * ({@link com.wfp.platform.rollout.RolloutState}) is stored through the rollout store port.
 */
package com.wfp.platform.rollout;
