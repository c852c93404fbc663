package dev.warden.engine.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One worker thread's warm contexts, keyed by rule file, least recently used evicted (and closed) first.
 * Confined to its thread, so it needs no locking; the engine keeps one per thread.
 */
public final class ContextCache {

    private final LinkedHashMap<String, WarmContext> byFile;

    public ContextCache(int capacity) {
        this.byFile = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, WarmContext> eldest) {
                if (size() > capacity) {
                    eldest.getValue().close();
                    return true;
                }
                return false;
            }
        };
    }

    /** The warm context for this version of the file, or null (a stale version is closed and dropped). */
    public WarmContext get(String file, String version) {
        WarmContext warm = byFile.get(file);
        if (warm != null && !warm.fileVersion().equals(version)) {
            byFile.remove(file).close();
            return null;
        }
        return warm;
    }

    public void put(String file, WarmContext warm) {
        byFile.put(file, warm);
    }

    public void discard(String file) {
        WarmContext warm = byFile.remove(file);
        if (warm != null) {
            warm.close();
        }
    }

    public int size() {
        return byFile.size();
    }
}
