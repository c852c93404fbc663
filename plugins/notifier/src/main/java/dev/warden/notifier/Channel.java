package dev.warden.notifier;

import java.util.List;
import java.util.Map;

import dev.warden.plugin.HttpClientFactory.RetryObserver;
import dev.warden.plugin.RuleArguments;

/** One configured channel. Implementations never put the channel's URL, password or key in a message. */
interface Channel {

    String name();

    /** {@code slack}, {@code webhook} or {@code email}. */
    String type();

    /** The names {@code notify.send}'s options may have for this channel; any other is refused. */
    List<String> options();

    /** Refuses an option of the wrong type through {@code args.bad}, before anything is sent. */
    default void check(RuleArguments args, Map<String, Object> options) {
    }

    /**
     * Delivers one message, retrying as the host's policy allows and telling {@code observer} before each retry.
     *
     * @throws DeliveryException when every attempt failed or the failure is permanent
     */
    void deliver(String text, Map<String, Object> options, RetryObserver observer) throws DeliveryException;
}
