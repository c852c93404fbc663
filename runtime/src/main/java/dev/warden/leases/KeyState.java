package dev.warden.leases;

/** The admin key's state as Warden last wrote it, before ({@code ..ING}) and after each call to Confluence. */
public enum KeyState {
    DISABLED, ENABLING, ENABLED, DISABLING
}
