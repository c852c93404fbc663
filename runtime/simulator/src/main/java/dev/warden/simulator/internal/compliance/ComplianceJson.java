package dev.warden.simulator.internal.compliance;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.simulator.internal.Json;
import dev.warden.simulator.internal.Timestamps;
import dev.warden.simulator.internal.content.Page;

/** Compliance response objects: classification instances, levels and detections. */
final class ComplianceJson {
    private ComplianceJson() {}

    static ObjectNode instance(Page page, Classification classification, Level level) {
        return Json.object()
                .put("pageId", page.id())
                .put("spaceId", page.spaceId())
                .put("ownerId", page.ownerId())
                .put("levelId", classification.levelId())
                .putNull("subLevelId")
                .put("classifierId", classification.classifierId())
                .put("classificationDate", Timestamps.format(classification.classifiedAt()))
                .put("levelName", level == null ? null : level.name());
    }

    static ObjectNode level(Level level) {
        return Json.object()
                .put("id", level.id())
                .put("name", level.name())
                .put("description", level.description())
                .put("color", level.color())
                .put("order", level.rank())
                .put("status", "PUBLISHED");
    }

    static ObjectNode detection(Detection detection, Page page) {
        return Json.object()
                .put("id", detection.id())
                .put("pageId", detection.pageId())
                .put("spaceId", page.spaceId())
                .put("type", detection.type())
                .put("match", detection.match())
                .put("status", detection.status())
                .put("detectedAt", Timestamps.format(detection.detectedAt()));
    }
}
