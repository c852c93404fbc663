package dev.warden.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import dev.warden.plugin.NearestName;

/**
 * The {@code WARDEN_*} environment variables Warden does not read, most likely typos ({@code WARDEN_HTTP_PROT}). They
 * are warnings, not errors: the environment is shared with the launcher, the commands that talk to a running Warden
 * and other tools, and a variable nobody reads does no harm once it is pointed out.
 */
final class UnknownVariables {

    /** Variables that are no setting: read by the launcher script, the commands, or the embedded simulator. */
    static final Set<String> NOT_SETTINGS = Set.of("WARDEN_CONFIG", "WARDEN_URL", "WARDEN_API_KEY", "WARDEN_JAVA_OPTS",
            "WARDEN_JIT", "WARDEN_SIMULATOR", "WARDEN_SIMULATOR_PORT");
    /** The most letters a known name may differ by to be offered, and no more than a third of the name's own. */
    private static final int NEAR = 3;

    private UnknownVariables() {
    }

    /**
     * One warning per unknown variable, sorted by name.
     *
     * @param known every setting and its variable
     * @param hooks the webhook names configured under {@code webhooks.<name>}, whose secrets are variables too
     */
    static List<String> of(Map<String, String> environment, Map<String, String> known, Set<String> hooks,
                           InstalledPlugins plugins) {
        Map<String, String> suggestions = new LinkedHashMap<>();
        known.forEach((key, variable) -> {
            suggestions.put(variable, variable + " (" + key + ")");
            suggestions.putIfAbsent(PluginsConfig.variable(key), variable + " (" + key + ")");
        });
        NOT_SETTINGS.forEach(variable -> suggestions.put(variable, variable));
        hooks.forEach(hook -> suggestions.put(WebhookSettings.secretVariable(hook), WebhookSettings.secretVariable(hook)
                + " (the secret of webhooks." + hook + ")"));
        List<Pattern> pluginVariables = pluginVariables(plugins, suggestions);
        List<String> warnings = new ArrayList<>();
        for (String name : new TreeSet<>(environment.keySet())) {
            if (!name.startsWith("WARDEN_") || known.containsValue(name) || NOT_SETTINGS.contains(name)
                    || hooks.stream().anyMatch(h -> WebhookSettings.secretVariable(h).equals(name))
                    || pluginVariables.stream().anyMatch(p -> p.matcher(name).matches())) {
                continue;
            }
            int most = Math.min(NEAR, (name.length() - "WARDEN_".length()) / 3);
            String near = NearestName.of(name, suggestions.keySet(), most);
            warnings.add("the environment variable " + name + " is not one Warden reads, so it is ignored"
                    + (near == null ? " (README, \"Configuration\", lists the variables)"
                    : "; did you mean " + suggestions.get(near) + "?"));
        }
        return warnings;
    }

    /**
     * What a plugin's settings and secrets may be set by: anything under {@code WARDEN_<ID>_} for a plugin that
     * declares no keys, else the variables of its declared keys (and, for a {@code xFile} key, of the secret x).
     */
    private static List<Pattern> pluginVariables(InstalledPlugins plugins, Map<String, String> suggestions) {
        List<Pattern> patterns = new ArrayList<>();
        for (String id : plugins.ids()) {
            List<String> declared = plugins.declared().get(id);
            if (declared == null) {
                patterns.add(Pattern.compile(Pattern.quote(PluginsConfig.variable(id) + "_") + ".*"));
                continue;
            }
            for (String key : declared) {
                List<String> forms = new ArrayList<>(List.of(key));
                if (key.endsWith("File")) {
                    forms.add(key.substring(0, key.length() - "File".length()));
                }
                for (String form : forms) {
                    String variable = PluginsConfig.variable(id + "." + form.replace("*", "ANY"));
                    patterns.add(Pattern.compile(Pattern.quote(variable).replace("_ANY_", "\\E_[A-Z0-9_]+_\\Q")));
                    if (!form.contains("*")) {
                        suggestions.putIfAbsent(variable, variable + " (" + id + "." + form + ")");
                    }
                }
            }
        }
        return patterns;
    }
}
