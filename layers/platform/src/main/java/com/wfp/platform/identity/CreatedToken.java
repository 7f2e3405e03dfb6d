package com.wfp.platform.identity;

/**
 * A token just made: the stored record and the token itself, which is shown this once.
 *
 * @param token  the stored record
 * @param secret the token; never stored, never logged
 */
public record CreatedToken(PersonalAccessToken token, String secret) {

    @Override
    public String toString() {
        return "CreatedToken[" + token.id() + "]";
    }
}
