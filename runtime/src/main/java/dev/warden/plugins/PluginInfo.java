package dev.warden.plugins;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One plugin as {@code GET /api/v1/plugins} and {@code warden plugins} show it.
 *
 * @param id the plugin's id, or for a file that could not be loaded, the file's name
 * @param state {@code STARTED}, {@code STOPPED}, {@code DISABLED} (not enabled in configuration) or {@code FAILED}
 * @param file the jar or zip in the plugins folder
 * @param error why it failed or is disabled, or null
 * @param extensions the extension points it implements, e.g. {@code Notifier}, while started
 * @param namespaces the rule namespaces it contributes, while started
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PluginInfo(String id, String version, String state, String description, String file, String error,
                         List<String> extensions, List<String> namespaces) {
}
