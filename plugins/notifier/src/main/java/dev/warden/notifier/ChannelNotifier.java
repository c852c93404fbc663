package dev.warden.notifier;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.pf4j.Extension;

import dev.warden.plugin.Notification;
import dev.warden.plugin.Notifier;
import dev.warden.plugin.PluginContext;
import dev.warden.plugin.RuleArguments;
import dev.warden.plugin.RuleCallException;

/** Routes a notification to its configured channel and reports retries in the calling run's log. */
@Extension
public class ChannelNotifier implements Notifier {

    private final PluginContext context;
    private final Channels channels;

    public ChannelNotifier(PluginContext context) {
        this.context = context;
        this.channels = Channels.from(context);
    }

    @Override
    public Set<String> channels() {
        return new LinkedHashSet<>(channels.all().keySet());
    }

    @Override
    public Set<String> channelTypes() {
        return Set.of("slack", "webhook", "email");
    }

    @Override
    public void send(Notification notification) {
        Channel channel = channels.get(notification.channel());
        if (channel == null) {
            String problem = channels.problem(notification.channel());
            throw new RuleCallException(404, "UNKNOWN_CHANNEL", problem != null ? problem
                    : "no notification channel is named '" + RuleArguments.cut(notification.channel()) + "'",
                    "configured channels: " + channels.describe());
        }
        RuleArguments args = new RuleArguments("notify.send", List.of());
        args.names(notification.options(), channel.options(), "channel '" + channel.name() + "' (" + channel.type()
                + ") ");
        channel.check(args, notification.options());
        try {
            channel.deliver(notification.text(), notification.options(), (attempt, reason, wait) ->
                    notification.log().warn("notify: channel '" + channel.name() + "' attempt " + attempt
                            + " failed (" + reason + "); retrying in " + wait.toMillis() + " ms"));
        } catch (DeliveryException e) {
            context.logger().warn("notification to channel '{}' failed: {}", channel.name(), e.getMessage());
            notification.log().write("ERROR", "notify: " + e.getMessage());
            throw new RuleCallException(e.status() == 0 ? 502 : e.status(), e.code(), e.getMessage(),
                    diagnosis(e.code(), channel));
        }
    }

    private static String diagnosis(String code, Channel sent) {
        String channel = sent.name();
        if (code.equals(DeliveryException.UNCONFIRMED) && !sent.type().equals("email")) {
            return "the message may have been delivered: the receiver had all of it but did not finish answering "
                    + "(outbound.requestTimeout, outbound.maxResponseBody); check the receiver's log before sending "
                    + "it again";
        }
        return switch (code) {
            case DeliveryException.BAD_ADDRESS -> "nothing was sent; give options.to as 'a@example.com', "
                    + "'a@example.com, b@example.com' or a list of such strings, without names or angle brackets";
            case DeliveryException.UNCONFIRMED -> "the message may have been delivered: the server received all of "
                    + "it but did not confirm it (raise notifier.channels." + channel + ".dataTimeout for a slow "
                    + "server); check the recipient's mailbox or the server's log before sending it again";
            default -> "the message was not delivered; check the receiver and the channel's settings "
                    + "(notifier.channels." + channel + ")";
        };
    }
}
