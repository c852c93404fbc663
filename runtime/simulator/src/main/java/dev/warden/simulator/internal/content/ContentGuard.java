package dev.warden.simulator.internal.content;

import dev.warden.simulator.internal.Errors;
import dev.warden.simulator.internal.SimulatedSite;
import dev.warden.simulator.internal.auth.Caller;
import dev.warden.simulator.internal.directory.User;
import java.util.Comparator;
import java.util.List;

/**
 * One caller's view of the content: what they may see and edit, with the admin key taken into account, and the
 * audit trail of everything touched through the key.
 */
public final class ContentGuard {
    private final SimulatedSite site;
    private final Caller caller;

    public ContentGuard(SimulatedSite site, Caller caller) {
        this.site = site;
        this.caller = caller;
    }

    /** A current page the caller may see; otherwise the family's 404, so restricted pages stay invisible. */
    public Page page(String id) {
        return site.content().page(id)
                .filter(Page::isCurrent)
                .filter(this::mayView)
                .orElseThrow(() -> Errors.contentNotFound(caller.family(), id));
    }

    public boolean mayView(Page page) {
        return caller.withAdminKey() || Access.canView(site.content(), caller.user(), page);
    }

    public boolean mayEdit(Page page) {
        return caller.withAdminKey() || Access.canEdit(site.content(), caller.user(), page);
    }

    /** Pages the caller may see, of any status, in id order. */
    public List<Page> visiblePages() {
        return site.content().pages().stream()
                .filter(this::mayView)
                .sorted(Comparator.comparingLong(Page::numericId))
                .toList();
    }

    public void viewed(Page page) {
        touched(page, "viewed");
    }

    public void viewed(List<Page> pages) {
        pages.forEach(this::viewed);
    }

    /** Records use of the admin key; the key's holder is audited even when the page was not restricted. */
    public void touched(Page page, String action) {
        if (!caller.withAdminKey()) {
            return;
        }
        String ownerEmail = site.directory().byAccountId(page.ownerId()).map(User::email).orElse(null);
        site.audit().contentThroughAdminKey(caller.user(), caller.remoteAddress(), caller.now(), page, action,
                ownerEmail);
    }

    public Caller caller() {
        return caller;
    }

    public SimulatedSite site() {
        return site;
    }
}
