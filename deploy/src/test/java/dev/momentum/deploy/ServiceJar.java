package dev.momentum.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * A service as built: every configuration property it knows (the configuration metadata of its own classes, from
 * {@code <service>/target/classes}, and of every library in {@code <service>/target/<service>.jar}, built by
 * {@code ./mvnw -pl deploy -am verify}) and its {@code application.yml}, plus the environment its image sets
 * ({@code ENV} in its Dockerfile).
 * {@link #settings(Map)} binds a deployment's environment over those the way Spring Boot does at start.
 */
final class ServiceJar {

    /** Environment variables that are not Spring properties, read by the JVM. */
    static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Spring maps environment variables (SPRING_KAFKA_BOOTSTRAP_SERVERS) only for a source with this name. */
    private static final String ENVIRONMENT = "deployment-systemEnvironment";
    private static final Map<String, ServiceJar> CACHE = new ConcurrentHashMap<>();

    private final String service;
    private final Set<ConfigurationPropertyName> properties = new HashSet<>();
    private final Set<ConfigurationPropertyName> maps = new HashSet<>();
    private final Set<String> removed = new HashSet<>();
    private byte[] applicationYml;
    private final Map<String, String> imageEnvironment = new LinkedHashMap<>();

    private ServiceJar(String service) {
        this.service = service;
    }

    static ServiceJar of(String service) {
        return CACHE.computeIfAbsent(service, ServiceJar::load);
    }

    private static ServiceJar load(String service) {
        Path jar = Manifests.PROJECT.resolve(service).resolve("target").resolve(service + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first, e.g. ./mvnw -pl deploy -am verify");
        }
        ServiceJar loaded = new ServiceJar(service);
        // the service's own classes as last compiled (fresher than the jar after `./mvnw test`); the libraries from the jar
        Path classes = Manifests.PROJECT.resolve(service).resolve("target").resolve("classes");
        Path ownYml = classes.resolve("application.yml");
        Path ownMetadata = classes.resolve("META-INF/spring-configuration-metadata.json");
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (name.equals("BOOT-INF/classes/application.yml") && !Files.exists(ownYml)) {
                    loaded.applicationYml = zip.readAllBytes();
                } else if (name.equals("BOOT-INF/classes/META-INF/spring-configuration-metadata.json") && !Files.exists(ownMetadata)) {
                    loaded.addMetadata(zip.readAllBytes());
                } else if (name.startsWith("BOOT-INF/lib/") && name.endsWith(".jar")) {
                    loaded.readLibrary(new ByteArrayInputStream(zip.readAllBytes()));
                }
            }
            if (Files.exists(ownYml)) {
                loaded.applicationYml = Files.readAllBytes(ownYml);
            }
            if (Files.exists(ownMetadata)) {
                loaded.addMetadata(Files.readAllBytes(ownMetadata));
            }
            Matcher env = Pattern.compile("(?m)^ENV\\s+([A-Z_][A-Z0-9_]*)=(\\S+)").matcher(
                    Files.readString(Manifests.PROJECT.resolve(service).resolve("Dockerfile")));
            while (env.find()) {
                loaded.imageEnvironment.put(env.group(1), env.group(2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (loaded.applicationYml == null || loaded.properties.isEmpty()) {
            throw new IllegalStateException(jar + " has no application.yml or no configuration metadata");
        }
        return loaded;
    }

    private void readLibrary(InputStream library) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(library)) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (entry.getName().equals("META-INF/spring-configuration-metadata.json")
                        || entry.getName().equals("META-INF/additional-spring-configuration-metadata.json")) {
                    addMetadata(zip.readAllBytes());
                }
            }
        }
    }

    private void addMetadata(byte[] json) throws IOException {
        for (JsonNode property : JSON.readTree(json).path("properties")) {
            String name = property.path("name").asText();
            ConfigurationPropertyName parsed = ConfigurationPropertyName.ofIfValid(name);
            if (parsed == null) {
                continue;
            }
            if (property.path("deprecation").path("level").asText().equals("error")) {
                removed.add(name);
                continue;
            }
            properties.add(parsed);
            if (property.path("type").asText().startsWith("java.util.Map")) {
                maps.add(parsed);
            }
        }
    }

    String service() {
        return service;
    }

    Map<String, String> imageEnvironment() {
        return imageEnvironment;
    }

    /**
     * Whether Spring Boot binds environment variable {@code variable} to a property this service knows: the
     * variable is the environment form (relaxed binding) of a known property, or of a key under a known map.
     */
    boolean knows(String variable) {
        if (JVM_VARIABLES.contains(variable)) {
            return true;
        }
        ConfigurationPropertySource source = ConfigurationPropertySource.from(
                new SystemEnvironmentPropertySource(ENVIRONMENT, Map.of(variable, "x")));
        return properties.stream().anyMatch(p -> source.getConfigurationProperty(p) != null)
                || maps.stream().anyMatch(p -> source.containsDescendantOf(p) == ConfigurationPropertyState.PRESENT);
    }

    /** The settings the service starts with under {@code environment} (plus its image's), as Spring Boot binds them. */
    Settings settings(Map<String, String> environment) {
        Map<String, Object> all = new HashMap<>(imageEnvironment);
        all.putAll(environment);
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new SystemEnvironmentPropertySource(ENVIRONMENT, all));
        try {
            List<PropertySource<?>> yaml = new YamlPropertySourceLoader()
                    .load("application.yml", new ByteArrayResource(applicationYml));
            yaml.forEach(sources::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Settings(new Binder(ConfigurationPropertySources.from(sources), new PropertySourcesPlaceholdersResolver(sources)));
    }

    /** The bound settings the manifests depend on, with Spring Boot's defaults. */
    record Settings(Binder binder) {

        int serverPort() {
            return binder.bind("server.port", Integer.class).orElse(8080);
        }

        int managementPort() {
            return binder.bind("management.server.port", Integer.class).orElse(serverPort());
        }

        String actuatorBasePath() {
            return binder.bind("management.endpoints.web.base-path", String.class).orElse("/actuator");
        }

        List<String> exposedEndpoints() {
            return binder.bind("management.endpoints.web.exposure.include", Bindable.listOf(String.class))
                    .orElse(new ArrayList<>(List.of("health")));
        }

        boolean healthProbes() {
            return binder.bind("management.endpoint.health.probes.enabled", Boolean.class).orElse(false);
        }

        String consoleLogFormat() {
            return binder.bind("logging.structured.format.console", String.class).orElse("");
        }

        String shutdown() {
            return binder.bind("server.shutdown", String.class).orElse("graceful");
        }

        java.time.Duration shutdownPhaseTimeout() {
            return binder.bind("spring.lifecycle.timeout-per-shutdown-phase", java.time.Duration.class)
                    .orElse(java.time.Duration.ofSeconds(30));
        }
    }

    Set<String> removedProperties() {
        return removed;
    }
}
