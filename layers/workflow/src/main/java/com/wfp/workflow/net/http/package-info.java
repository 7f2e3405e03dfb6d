/**
 * The outbound HTTP client of workflows, guarded against server-side request forgery: every host
 * is resolved once through a {@link com.wfp.workflow.net.http.Resolver}, every address is
 * classified with {@link com.wfp.workflow.net.HostAddresses}, and the connection goes to an
 * address that passed, on plain JDK sockets (TLS with SNI and host name verification on top).
 */
package com.wfp.workflow.net.http;
