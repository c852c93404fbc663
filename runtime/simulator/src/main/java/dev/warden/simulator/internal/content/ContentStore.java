package dev.warden.simulator.internal.content;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Spaces and pages. Not thread-safe: used under the simulator's lock. */
public final class ContentStore {
    private final Map<String, Space> spaces = new LinkedHashMap<>();
    private final Map<String, Page> pages = new LinkedHashMap<>();
    private long nextPageId = 1;
    private long nextLabelId = 1;

    public void addSpace(Space space) {
        spaces.put(space.id(), space);
    }

    public void addPage(Page page) {
        pages.put(page.id(), page);
        nextPageId = Math.max(nextPageId, page.numericId() + 1);
    }

    public void removePage(String id) {
        pages.remove(id);
    }

    public String newPageId() {
        return Long.toString(nextPageId++);
    }

    public Label newLabel(String name) {
        return new Label(Long.toString(nextLabelId++), name, "global");
    }

    public Collection<Space> spaces() {
        return spaces.values();
    }

    public Optional<Space> space(String id) {
        return Optional.ofNullable(spaces.get(id));
    }

    public Optional<Space> spaceByKey(String key) {
        return spaces.values().stream().filter(s -> s.key().equalsIgnoreCase(key)).findFirst();
    }

    public Collection<Page> pages() {
        return pages.values();
    }

    public Optional<Page> page(String id) {
        return Optional.ofNullable(pages.get(id));
    }

    /** The page's ancestors, nearest first. */
    public List<Page> ancestors(Page page) {
        List<Page> result = new ArrayList<>();
        String parentId = page.parentId();
        while (parentId != null && result.size() < 1000) {
            Page parent = pages.get(parentId);
            if (parent == null) {
                break;
            }
            result.add(parent);
            parentId = parent.parentId();
        }
        return result;
    }
}
