/**
 * Secret stores behind {@link com.wfp.workflow.engine.SecretProvider}: the local AES-256-GCM
 * file ({@link com.wfp.workflow.secrets.SecretStoreFile} to write it,
 * {@link com.wfp.workflow.secrets.EncryptedFileSecretProvider} to read it), whose key
 * ({@link com.wfp.workflow.secrets.SecretStoreKey}) lives in a separate key file or in the
 * {@code WFP_SECRETS_KEY} environment variable.
 */
package com.wfp.workflow.secrets;
