package dev.warden.simulator.internal.search;

import dev.warden.simulator.internal.content.Page;
import dev.warden.simulator.internal.content.Space;
import java.util.List;

/** What a CQL clause can look at: the page, its space and its ancestors' ids. */
record SearchItem(Page page, Space space, List<String> ancestorIds) {}
