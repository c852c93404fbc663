package dev.warden.plugin;

import java.util.Set;

import org.pf4j.ExtensionPoint;

/**
 * Sends notifications to named channels configured by the operator (e.g. {@code ops} as a Slack webhook). A plugin
 * may serve several channel types; the host routes a notification to the notifier that serves its channel.
 * Thread-safe.
 */
public interface Notifier extends ExtensionPoint {

    /** The channel names this notifier serves. */
    Set<String> channels();

    /** The channel types it understands, e.g. {@code slack}, {@code webhook}, {@code email}. */
    default Set<String> channelTypes() {
        return Set.of();
    }

    /**
     * Sends, retrying failed attempts with backoff and noting each retry in the notification's run log.
     *
     * @throws RuleCallException when the channel is unknown or every attempt failed
     */
    void send(Notification notification);
}
