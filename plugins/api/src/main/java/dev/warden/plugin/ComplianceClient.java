package dev.warden.plugin;

import java.util.List;
import java.util.Optional;

import org.pf4j.ExtensionPoint;

/**
 * The Compliance for Confluence API: page classification and detections. Every call is made with one API key whose
 * scopes and limits decide what it may do; a refusal is a {@link RuleCallException} whose diagnosis names the missing
 * scope or limit. Thread-safe.
 */
public interface ComplianceClient extends ExtensionPoint {

    /**
     * The page's classification, or empty when the page has none. A page that is unknown or not visible to the key's
     * user is a {@link RuleCallException} with code {@code NOT_FOUND}; an answer that did not come from the API (a
     * wrong {@code compliance.url}) one with code {@code COMPLIANCE_URL}.
     */
    Optional<Classification> classification(String pageId);

    /**
     * Sets the page's level.
     *
     * @param level a level id, or a level name (resolved through {@link #levels()}, which needs classification manage)
     */
    Classification classify(String pageId, String level);

    /** The site's classification levels, lowest first. Needs the classification manage scope. */
    List<ComplianceLevel> levels();

    /** Detections of sensitive data, of one page, or of every page the key may see when {@code pageId} is null. */
    List<Detection> detections(String pageId);

    /** Replaces the detected text in the page (a new page version). */
    Detection redact(String detectionId);

    /** Marks the detection as a false positive. */
    Detection exclude(String detectionId);

    /** A page's classification. */
    record Classification(String pageId, String spaceId, String levelId, String levelName, String classifierId,
                          String classificationDate) {
    }

    /** A classification level. */
    record ComplianceLevel(String id, String name, String description, String color, int order) {
    }

    /** A detection of sensitive data in a page; {@code status} is OPEN, REDACTED or EXCLUDED. */
    record Detection(String id, String pageId, String spaceId, String type, String match, String status,
                     String detectedAt) {
    }
}
