package dev.warden.simulator.internal.auth;

/** The granular scopes a scoped token needs for each endpoint group; the README has the table. */
public final class Scopes {
    public static final String READ_PAGE = "read:page:confluence";
    public static final String WRITE_PAGE = "write:page:confluence";
    public static final String DELETE_PAGE = "delete:page:confluence";
    public static final String READ_SPACE = "read:space:confluence";
    public static final String READ_LABEL = "read:label:confluence";
    public static final String READ_RESTRICTION = "read:content.restriction:confluence";
    public static final String WRITE_RESTRICTION = "write:content.restriction:confluence";
    public static final String SEARCH = "search:confluence";
    public static final String READ_USER = "read:user:confluence";
    public static final String READ_AUDIT = "read:audit-log:confluence";
    public static final String READ_CONFIGURATION = "read:configuration:confluence";
    public static final String WRITE_CONFIGURATION = "write:configuration:confluence";

    private Scopes() {}
}
