package dev.warden.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.config.OutboundConfig;
import dev.warden.config.PluginsConfig;
import dev.warden.outbound.DefaultHttpClientFactory;
import dev.warden.plugin.AdminKeyProvider;
import dev.warden.plugin.ComplianceClient;
import dev.warden.plugin.Notifier;
import dev.warden.plugin.RuleApiProvider;
import dev.warden.testing.PluginArtifacts;

/** The plugin host against the real plugin jars the build produced, copied into a temp plugins folder. */
class PluginHostTest {

    @TempDir
    Path dir;

    private PluginHost host(List<String> enabled, Map<String, String> sections) {
        PluginsConfig config = new PluginsConfig(enabled, sections, Map.of());
        OutboundConfig outbound = new OutboundConfig(Duration.ofSeconds(2), Duration.ofSeconds(5), null, 2,
                Duration.ofSeconds(5), OutboundConfig.DEFAULT_MAX_RESPONSE_BYTES);
        return PluginHost.start(dir, config, new DefaultHttpClientFactory(outbound, Clock.systemUTC()), null,
                Clock.systemUTC());
    }

    private static PluginInfo find(PluginHost host, String id) {
        return host.plugins().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void shippedPluginsLoadFromTheirBuiltJarsAndOfferTheirExtensionPoints() {
        PluginArtifacts.install(dir, "admin-key", "compliance", "notifier", "example");
        try (PluginHost host = host(List.of("admin-key", "compliance", "notifier", "example"), Map.of())) {
            assertThat(host.plugins()).extracting(PluginInfo::id, PluginInfo::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("admin-key", "STARTED"),
                    org.assertj.core.groups.Tuple.tuple("compliance", "STARTED"),
                    org.assertj.core.groups.Tuple.tuple("example", "STARTED"),
                    org.assertj.core.groups.Tuple.tuple("notifier", "STARTED"));
            assertThat(host.extensions(AdminKeyProvider.class)).hasSize(1);
            assertThat(host.extensions(ComplianceClient.class)).hasSize(1);
            assertThat(host.extensions(Notifier.class)).hasSize(1);
            assertThat(host.ruleApis(List.of()).current()).extracting(RuleApiProvider::namespace)
                    .containsExactlyInAnyOrder("adminKey", "compliance", "example", "notify");
            assertThat(find(host, "notifier").extensions()).contains("Notifier", "RuleApiProvider");
            assertThat(find(host, "notifier").file()).isEqualTo("warden-notifier-plugin.jar");
        }
    }

    @Test
    void eachPluginHasItsOwnClassLoaderAndItsShadedJacksonStaysInside() {
        PluginArtifacts.install(dir, "admin-key", "compliance");
        try (PluginHost host = host(List.of("admin-key", "compliance"), Map.of())) {
            ClassLoader adminKey = host.extensions(AdminKeyProvider.class).getFirst().getClass().getClassLoader();
            ClassLoader compliance = host.extensions(ComplianceClient.class).getFirst().getClass().getClassLoader();
            assertThat(adminKey).isNotSameAs(compliance).isNotSameAs(PluginHostTest.class.getClassLoader());
            assertThatThrownBy(() -> Class.forName("dev.warden.compliance.shaded.jackson.databind.ObjectMapper"))
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void aPluginThatIsNotEnabledIsListedAsDisabledAndContributesNothing() {
        PluginArtifacts.install(dir, "example", "notifier");
        try (PluginHost host = host(List.of("notifier"), Map.of())) {
            assertThat(find(host, "example").state()).isEqualTo("DISABLED");
            assertThat(find(host, "example").error()).contains("plugins.enabled", "enabled.txt");
            assertThat(host.ruleApis(List.of()).current()).extracting(RuleApiProvider::namespace)
                    .containsExactly("notify");
            assertThatThrownBy(() -> host.start("example")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not enabled");
        }
    }

    @Test
    void enabledTxtInThePluginsFolderEnablesPlugins() throws Exception {
        PluginArtifacts.install(dir, "example");
        Files.writeString(dir.resolve("enabled.txt"), "# plugins that run\nexample\n");
        try (PluginHost host = host(List.of(), Map.of())) {
            assertThat(find(host, "example").state()).isEqualTo("STARTED");
        }
    }

    @Test
    void aPluginThatThrowsInStartIsFailedAndTheOthersKeepWorking() throws Exception {
        PluginArtifacts.install(dir, "example");
        PluginArtifacts.throwingOnStart(dir, "broken", "the database is on fire");
        PluginArtifacts.notAPlugin(dir, "stray.jar");
        try (PluginHost host = host(List.of("example", "broken"), Map.of("example.greeting", "Hi"))) {
            PluginInfo broken = find(host, "broken");
            assertThat(broken.state()).isEqualTo("FAILED");
            assertThat(broken.error()).contains("IllegalStateException", "the database is on fire");
            PluginInfo stray = find(host, "stray.jar");
            assertThat(stray.state()).isEqualTo("FAILED");
            assertThat(stray.error()).startsWith("failed to load");
            assertThat(find(host, "example").state()).isEqualTo("STARTED");
            RuleApiProvider example = host.ruleApis(List.of()).current().getFirst();
            assertThat(example.functions().get("greet").call(null, List.of("Ada"))).isEqualTo("Hi, Ada!");
        }
    }

    @Test
    void stoppingAPluginRemovesItsNamespaceAndStartingItBringsItBack() {
        PluginArtifacts.install(dir, "example");
        try (PluginHost host = host(List.of("example"), Map.of())) {
            var apis = host.ruleApis(List.of());
            long before = apis.version();
            assertThat(host.stop("example").state()).isEqualTo("STOPPED");
            assertThat(apis.current()).isEmpty();
            assertThat(apis.version()).isGreaterThan(before);
            assertThat(host.start("example").state()).isEqualTo("STARTED");
            assertThat(apis.current()).extracting(RuleApiProvider::namespace).containsExactly("example");
            assertThatThrownBy(() -> host.stop("nope")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aPluginWhoseExtensionCannotBeConstructedIsFailedWithTheReason() {
        PluginArtifacts.install(dir, "example");
        PluginArtifacts.ruleApi(dir, "ctor", "ctor", false, "throw new IllegalStateException(\"no config\");");
        try (PluginHost host = host(List.of("example", "ctor"), Map.of())) {
            PluginInfo ctor = find(host, "ctor");
            assertThat(ctor.state()).isEqualTo("FAILED");
            assertThat(ctor.error()).contains("IllegalStateException: no config");
            assertThat(host.ruleApis(List.of()).current()).extracting(RuleApiProvider::namespace)
                    .containsExactly("example");
        }
    }

    @Test
    void ofTwoPluginsOfferingOneNamespaceTheFirstByIdHasItAcrossRestartsAndTheOtherSaysSo() throws Exception {
        PluginArtifacts.ruleApi(dir, "alpha", "shared", true, "");
        PluginArtifacts.ruleApi(dir, "beta", "shared", true, "");
        try (PluginHost host = host(List.of("beta", "alpha"), Map.of())) {
            var apis = host.ruleApis(List.of());
            assertThat(whoAnswers(apis.current(), "shared")).isEqualTo("alpha");
            host.stop("alpha");
            assertThat(whoAnswers(apis.current(), "shared")).isEqualTo("beta");
            host.start("alpha");
            assertThat(whoAnswers(apis.current(), "shared")).isEqualTo("alpha");
            assertThat(find(host, "alpha").namespaces()).containsExactly("shared");
            assertThat(find(host, "alpha").error()).isNull();
            PluginInfo beta = find(host, "beta");
            assertThat(beta.state()).isEqualTo("STARTED");
            assertThat(beta.namespaces()).isEmpty();
            assertThat(beta.error()).isEqualTo("offers the rule namespace 'shared', which is taken by plugin alpha; "
                    + "it is left out");
        }
    }

    @Test
    void aTopLevelNamespaceMayNotTakeTheNameOfAFieldOfCtx() {
        PluginArtifacts.ruleApi(dir, "eventful", "event", true, "");
        PluginArtifacts.ruleApi(dir, "nested", "run", false, "");
        try (PluginHost host = host(List.of("eventful", "nested"), Map.of())) {
            assertThat(host.ruleApis(List.of()).current()).extracting(RuleApiProvider::namespace)
                    .containsExactly("run");
            assertThat(find(host, "eventful").error()).contains("'event', which is a field of every rule's ctx");
        }
    }

    @Test
    void aPluginWhoseStartNeverReturnsIsFailedAndWardenStartsWithoutIt() {
        PluginArtifacts.install(dir, "example");
        PluginArtifacts.startingWith(dir, "stuck", "while (true) { java.util.concurrent.locks.LockSupport.park(); }");
        System.setProperty("warden.plugins.startLimitSeconds", "1");
        try (PluginHost host = host(List.of("stuck", "example"), Map.of())) {
            assertThat(find(host, "stuck").state()).isEqualTo("FAILED");
            assertThat(find(host, "stuck").error()).contains("did not return within 1s");
            assertThat(find(host, "example").state()).isEqualTo("STARTED");
        } finally {
            System.clearProperty("warden.plugins.startLimitSeconds");
        }
    }

    @Test
    void anEnabledIdWithNoInstalledPluginIsListedAsFailed() throws Exception {
        PluginArtifacts.install(dir, "notifier");
        Files.writeString(dir.resolve("enabled.txt"), "notifer\n");
        try (PluginHost host = host(List.of("notifier"), Map.of())) {
            PluginInfo typo = find(host, "notifer");
            assertThat(typo.state()).isEqualTo("FAILED");
            assertThat(typo.error()).contains("no plugin with this id", "installed: [notifier]");
            assertThat(find(host, "notifier").state()).isEqualTo("STARTED");
        }
    }

    private static Map<String, String> manifest(String... entries) {
        Map<String, String> manifest = new java.util.LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            manifest.put(entries[i], entries[i + 1]);
        }
        return manifest;
    }

    @Test
    void aPluginWhoseManifestIsWrongIsFailedNamingTheEntryAndTheOthersKeepWorking() {
        PluginArtifacts.install(dir, "example");
        PluginArtifacts.authored(dir, "badclass.jar", manifest("Plugin-Id", "badclass", "Plugin-Class", "ext.Nope",
                "Plugin-Version", "1.0.0"), "badclass", true, false);
        PluginArtifacts.authored(dir, "noversion.jar", manifest("Plugin-Id", "noversion", "Plugin-Class",
                "ext.ContextPlugin"), "noversion", true, false);
        try (PluginHost host = host(List.of("example", "badclass", "noversion"), Map.of())) {
            assertThat(find(host, "badclass").state()).isEqualTo("FAILED");
            assertThat(find(host, "badclass").error()).startsWith("its Plugin-Class ext.Nope is not in badclass.jar")
                    .contains("check the manifest entry Plugin-Class").doesNotContain("NullPointerException");
            assertThat(find(host, "noversion.jar").state()).isEqualTo("FAILED");
            assertThat(find(host, "noversion.jar").error()).contains("Field 'version' cannot be empty: a plugin's "
                    + "manifest needs Plugin-Id, Plugin-Class and Plugin-Version");
            assertThat(find(host, "example").state()).isEqualTo("STARTED");
        }
    }

    @Test
    void aSecondFileWithAnIdAlreadyLoadedIsFailedNamingTheFileThatHasIt() {
        PluginArtifacts.authored(dir, "a-first.jar", manifest("Plugin-Id", "twin", "Plugin-Class",
                "ext.ContextPlugin", "Plugin-Version", "1.0.0"), "twin", true, false);
        PluginArtifacts.authored(dir, "b-second.jar", manifest("Plugin-Id", "twin", "Plugin-Class",
                "ext.ContextPlugin", "Plugin-Version", "2.0.0"), "twin", true, false);
        try (PluginHost host = host(List.of("twin"), Map.of())) {
            assertThat(find(host, "twin").state()).isEqualTo("STARTED");
            assertThat(find(host, "twin").file()).isEqualTo("a-first.jar");
            assertThat(find(host, "b-second.jar").error()).isEqualTo("failed to load: its Plugin-Id 'twin' is the id "
                    + "of a-first.jar, loaded first (files load in name order); remove one of them, or give this one "
                    + "another Plugin-Id");
        }
    }

    @Test
    void aPluginThatBundlesItsOwnCopyOfThePluginApiIsFailedSayingToDeclareItProvided() {
        PluginArtifacts.authored(dir, "bundled.jar", manifest("Plugin-Id", "bundled", "Plugin-Class",
                "ext.ContextPlugin", "Plugin-Version", "1.0.0"), "bundled", true, true);
        try (PluginHost host = host(List.of("bundled"), Map.of())) {
            assertThat(find(host, "bundled").state()).isEqualTo("FAILED");
            assertThat(find(host, "bundled").error()).contains("takes a PluginContext from a copy of "
                    + "warden-plugin-api bundled in bundled.jar", "declare warden-plugin-api, pf4j and slf4j-api as "
                    + "provided").doesNotContain("NullPointerException");
        }
    }

    @Test
    void aStartedPluginWithoutAnExtensionIndexSaysItOffersNothingAndWhy() {
        PluginArtifacts.authored(dir, "noindex.jar", manifest("Plugin-Id", "noindex", "Plugin-Class",
                "ext.ContextPlugin", "Plugin-Version", "1.0.0"), "noindex", false, false);
        try (PluginHost host = host(List.of("noindex"), Map.of())) {
            PluginInfo plugin = find(host, "noindex");
            assertThat(plugin.state()).isEqualTo("STARTED");
            assertThat(plugin.error()).startsWith("started, but offers no extensions: noindex.jar has no "
                    + "META-INF/extensions.idx").contains("annotationProcessorPaths");
        }
    }

    private static Object whoAnswers(List<RuleApiProvider> providers, String namespace) throws Exception {
        RuleApiProvider provider = providers.stream().filter(p -> p.namespace().equals(namespace)).findFirst()
                .orElseThrow();
        return provider.functions().get("who").call(null, List.of());
    }
}
