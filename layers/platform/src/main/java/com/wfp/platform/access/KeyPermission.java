package com.wfp.platform.access;

/** What an API key may do within its scope. */
public enum KeyPermission {
    /** Call production URLs. */
    INVOKE,
    /** Read releases, traffic and history. */
    READ
}
