package dev.warden.simulator.internal.content;

import dev.warden.simulator.internal.directory.User;

/**
 * Confluence's page permissions as the simulator models them: read restrictions inherit down the page tree,
 * update restrictions apply to the page alone, and site admins get no bypass (that is what the admin key is for).
 */
public final class Access {
    private Access() {}

    public static boolean canView(ContentStore content, User user, Page page) {
        if (!page.read().admits(user)) {
            return false;
        }
        return content.ancestors(page).stream().allMatch(ancestor -> ancestor.read().admits(user));
    }

    public static boolean canEdit(ContentStore content, User user, Page page) {
        return canView(content, user, page) && page.update().admits(user);
    }
}
