package dev.bioprompt.methods.maple;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.bioprompt.api.method.MethodPlugin;
import dev.bioprompt.api.method.PromptMethod;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MaplePluginTest {

    @Test
    void serviceLoaderFindsThePluginAndItBindsItsMethodsByName() {
        List<MethodPlugin> plugins = ServiceLoader.load(MethodPlugin.class).stream().map(ServiceLoader.Provider::get)
                .toList();
        assertThat(plugins).hasSize(1).first().isInstanceOf(MaplePlugin.class);
        MethodPlugin plugin = plugins.get(0);
        assertThat(plugin.spiVersion()).isEqualTo(MethodPlugin.SPI_VERSION);
        Map<String, PromptMethod> methods = Guice.createInjector(plugin.module())
                .getInstance(Key.get(new TypeLiteral<Map<String, PromptMethod>>() { }));
        assertThat(methods).containsOnlyKeys("maple");
        methods.forEach((name, method) -> assertThat(method.name()).isEqualTo(name));
    }
}
