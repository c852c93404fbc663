package dev.warden.simulator.internal.content;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.directory.Group;
import dev.warden.simulator.internal.directory.User;

/** v1 user and group objects. */
public final class UserJson {
    private UserJson() {}

    /** The {@code user/current} shape of the API facts page. */
    public static ObjectNode current(User user) {
        return Json.object()
                .put("type", "known")
                .put("accountId", user.accountId())
                .put("accountType", "atlassian")
                .put("email", user.email())
                .put("publicName", user.displayName())
                .put("displayName", user.displayName())
                .put("isGuest", false);
    }

    static ObjectNode restricted(User user, String base) {
        ObjectNode json = Json.object()
                .put("type", "known")
                .put("accountId", user.accountId())
                .put("accountType", "atlassian")
                .put("email", user.email())
                .put("publicName", user.displayName())
                .put("displayName", user.displayName())
                .put("isExternalCollaborator", false);
        json.putObject("_links").put("self", base + "/rest/api/user?accountId=" + user.accountId());
        return json;
    }

    static ObjectNode group(Group group, String base) {
        ObjectNode json = Json.object().put("type", "group").put("name", group.name()).put("id", group.id());
        json.putObject("_links").put("self", base + "/rest/api/group/by-id?id=" + group.id());
        return json;
    }
}
