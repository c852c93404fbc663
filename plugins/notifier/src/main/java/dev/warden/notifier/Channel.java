package dev.warden.notifier;

import java.util.Map;

import dev.warden.plugin.HttpClientFactory.RetryObserver;

/** One configured channel. Implementations never put the channel's URL, password or key in a message. */
interface Channel {

    String name();

    /** {@code slack}, {@code webhook} or {@code email}. */
    String type();

    /**
     * Delivers one message, retrying as the host's policy allows and telling {@code observer} before each retry.
     *
     * @throws DeliveryException when every attempt failed or the failure is permanent
     */
    void deliver(String text, Map<String, Object> options, RetryObserver observer) throws DeliveryException;
}
