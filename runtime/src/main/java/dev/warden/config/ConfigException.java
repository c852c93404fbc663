package dev.warden.config;

/** A setting that is missing, unknown or malformed; the message names the setting and where it came from. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
